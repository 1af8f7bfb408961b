"""``workbooks release``: make the participants' version of every session, and check it leaks nothing.

First the source notebook's derived cells (setup, answer, check, closing
feedback, hand-in, and the grading metadata of task cells) are brought in step
with the session's declaration (``workbooks.cells.sync``). Then nbgrader's
generate_assignment writes into a scratch folder. Only when
every notebook there passes the leak check does it replace ``release/``; with
``--to-exchange`` the checked release is then published to the nbgrader
exchange (JupyterHub route).
"""

from __future__ import annotations

import filecmp
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..cells import cell_source, grade_id, sync
from ..models import AnswerError
from ..notebook_copy import METADATA_KEY
from ..sessions import get
from .course import Course, add_session_option, nbgrader_problem
from .progress import Progress, Summary

HELP = "make the participants' notebooks (release/) and refuse if they would leak answers"
DESCRIPTION = """\
Bring each source notebook's exercise cells in step with the session's
declaration in workbooks/sessions/, then generate every session's release
version with nbgrader, check it, and only then update release/.

The check refuses a release that still holds solutions, hidden tests, mark
schemes, outputs, saved answers or widget state, or any file that is not a
release notebook. With --to-exchange the checked release is also published to
nbgrader's exchange for a JupyterHub cohort (participants then fetch it from
Nbgrader > Assignment List in JupyterLab).
"""

# nbgrader's markers, as the course uses them (nbgrader_config.py keeps the defaults).
REGIONS = {
    "a solution": ("BEGIN SOLUTION", "END SOLUTION"),
    "a hidden test": ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
    "a mark scheme": ("BEGIN MARK SCHEME", "END MARK SCHEME"),
}
SHORTEST_TELLING_LINE = 8  # shorter lines ("- 0", "```") say nothing about the answer
SHIPPABLE = {".ipynb", ".png", ".jpg", ".jpeg", ".gif", ".svg"}  # what a release folder may hold


@dataclass(frozen=True)
class Leak:
    file: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


def add_arguments(parser) -> None:
    add_session_option(parser, "release")
    parser.add_argument("--to-exchange", action="store_true",
                        help="also publish to nbgrader's exchange (set it with --exchange or Exchange.root)")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8")).get("cells", [])


def secret_lines(source_notebook: Path) -> dict[str, set[str]]:
    """The telling lines inside each kind of marked region of the instructor's notebook."""
    found: dict[str, set[str]] = {what: set() for what in REGIONS}
    for cell in _cells(source_notebook):
        inside = None
        for line in cell_source(cell).splitlines():
            text = line.strip()
            for what, (begin, end) in REGIONS.items():
                if begin in text:
                    inside = what
                elif end in text:
                    inside = None
            if inside and len(text) >= SHORTEST_TELLING_LINE and not any(
                    marker in text for pair in REGIONS.values() for marker in pair):
                found[inside].add(text)
    return found


def leaks(source_folder: Path, release_folder: Path) -> list[Leak]:
    """Everything in ``release_folder`` that a participant must not get."""
    problems: list[Leak] = []
    session = source_folder.name
    for path in sorted(release_folder.rglob("*")):
        name = str(path.relative_to(release_folder.parent))
        if path.is_dir():
            continue
        if path.suffix.lower() not in SHIPPABLE:
            problems.append(Leak(name, "a file that is not a notebook or an image (answers, grades, notes?)"))
            continue
        if path.suffix != ".ipynb":
            continue
        source_notebook = source_folder / path.name
        secrets = secret_lines(source_notebook) if source_notebook.is_file() else {}
        notebook = json.loads(path.read_text(encoding="utf-8"))
        metadata = notebook.get("metadata", {})
        if metadata.get(METADATA_KEY, {}).get("answers"):
            problems.append(Leak(name, "saved answers in the notebook's metadata"))
        if "widgets" in metadata:
            problems.append(Leak(name, "stored widget state"))
        for number, cell in enumerate(notebook.get("cells", []), start=1):
            text = cell_source(cell)
            where = grade_id(cell) or f"cell {number}"
            if cell.get("outputs"):
                problems.append(Leak(name, f"{where} has outputs"))
            for what, (begin, _) in REGIONS.items():
                if begin in text:
                    problems.append(Leak(name, f"{where} still has the marker of {what} ({begin})"))
            lines = {line.strip() for line in text.splitlines()}
            for what, secret in secrets.items():
                shown = sorted(lines & secret)
                if shown:
                    problems.append(Leak(name, f"{where} shows {what}: {shown[0][:80]!r}"))
    if not (release_folder / f"{session}.ipynb").is_file():
        problems.append(Leak(f"{session}/{session}.ipynb", "the release notebook is missing"))
    return problems


def _same_tree(one: Path, other: Path) -> bool:
    if not one.is_dir():
        return False
    compared = filecmp.dircmp(one, other)
    return not (compared.left_only or compared.right_only or compared.diff_files or compared.funny_files) and all(
        _same_tree(one / sub, other / sub) for sub in compared.common_dirs)


def sync_source(course: Course, session: str, summary: Summary) -> None:
    """Bring the session's source notebook in step with its declaration; the file is rewritten only if needed."""
    import nbformat

    try:
        spec = get(session)
    except AnswerError:
        summary.lines.append(f"{session}: not declared in workbooks/sessions/, so its cells were left as they are")
        return
    path = course.source / session / spec.notebook
    try:
        notebook = nbformat.read(path, as_version=4)
        changes = sync(notebook, spec)
    except (OSError, ValueError) as problem:  # SyncProblem, or a source notebook that is not a notebook
        summary.lines.append(f"REFUSED {path.relative_to(course.root)}: {problem}")
        summary.failed = True
        return
    if changes:
        notebook = nbformat.from_dict(notebook)
        nbformat.validate(notebook)
        nbformat.write(notebook, path)
        summary.count("source cells brought in step", len(changes))
        summary.lines.append(f"{path.relative_to(course.root)}: {'; '.join(changes)}")


def run(course: Course, args, progress: Progress) -> Summary:
    sessions = course.pick_sessions(args.session)
    summary = Summary("Release")
    for session in sessions:
        sync_source(course, session, summary)
    if summary.failed:
        summary.lines.append("Nothing was generated. Fix the source notebooks and run again.")
        return summary
    with tempfile.TemporaryDirectory(prefix="wbk-release-") as scratch:
        api = course.api(CourseDirectory={"release_directory": scratch})
        checked = []
        for session in progress.over(sessions, "Generating"):
            result = api.generate_assignment(session, force=True, create=True)
            if not result.get("success"):
                summary.lines.append(f"{session}: nbgrader could not generate it: {nbgrader_problem(result)}")
                summary.failed = True
                continue
            found = leaks(course.source / session, Path(scratch) / session)
            if found:
                summary.failed = True
                summary.lines += [f"REFUSED {leak}" for leak in found]
            else:
                checked.append(session)
        if summary.failed:
            summary.lines.append("release/ was left as it was. Fix the source notebooks and run again.")
            return summary
        for session in checked:
            target = course.release / session
            if _same_tree(target, Path(scratch) / session):
                summary.count("unchanged")
                continue
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(Path(scratch) / session, target)
            summary.count("updated")
    if args.to_exchange:
        _publish(course, sessions, summary, progress)
    summary.outputs.append(course.release)
    return summary


def _publish(course: Course, sessions: list[str], summary: Summary, progress: Progress) -> None:
    api = course.api()
    summary.lines.append(f"Exchange: {api.exchange_root or '(not set)'}")
    for session in progress.over(sessions, "Publishing"):
        result = api.release_assignment(session)
        if result.get("success"):
            summary.count("published")
        else:
            summary.lines.append(f"{session}: not published: {nbgrader_problem(result)}")
            summary.failed = True
