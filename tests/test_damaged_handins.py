"""Damaged hand-ins: collect says what is wrong and what it or grading does about it, and that is what happens.

nbgrader reads UTF-8 JSON that nbformat accepts, and writes UTF-8. Collect converts
what it safely can (UTF-16, a byte-order mark, lone surrogates), files the answers
of a notebook nbformat refuses, and holds what it cannot file; graded cells that
lost their roles are filed with a note, and grading repairs them
(:mod:`workbooks.cell_roles`). The slow test collects each kind and grades what was
filed with nbgrader.
"""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Callable

import pytest

from course_support import AUTOGRADED_POINTS, REPO, make_course, workbooks_cli
from handin_support import NOW, ago, answers, as_bytes, notebook, points
from workbooks.cells import grade_id
from workbooks.facilitator.bundles import HELD, Found
from workbooks.facilitator.course import Course
from workbooks.facilitator.diagnose import notebook_problems, unreadable_for_nbgrader
from workbooks.facilitator.identify import Context, Identified, Problem, identify_safely, read_contents
from workbooks.notebook_copy import embedded
from workbooks.sessions import get

SESSION = "session2"
SPEC = get(SESSION)


def download(participant: str = "alice") -> dict:
    return notebook(SESSION, participant, ago(hours=2))


def text(participant: str) -> str:
    return json.dumps(download(participant), indent=1, ensure_ascii=False)


def with_surrogate(participant: str) -> bytes:
    """A reflection ending in a lone surrogate, as a JSON escape ("\\ud800"): valid JSON, invalid text."""
    data = download(participant)
    for copy_of_answers in _answer_copies(data):
        boxes = copy_of_answers["exercises"]["reflections"]["answers"]
        boxes[next(iter(boxes))] += "\ud800"
    return json.dumps(data, indent=1).encode("ascii")  # ensure_ascii writes the escape


def _answer_copies(data: dict) -> list[dict]:
    from workbooks.answers import MIME_TYPE

    return [o["data"][MIME_TYPE] for c in data["cells"] for o in c.get("outputs", [])
            if MIME_TYPE in o.get("data", {})]


def without(key: str) -> Callable[[str], bytes]:
    def make(participant: str) -> bytes:
        data = download(participant)
        del data[key]
        return as_bytes(data)
    return make


def cell_without_source(participant: str) -> bytes:
    data = download(participant)
    del data["cells"][0]["source"]
    return as_bytes(data)


def graded_cells(change: Callable[[list], None]) -> Callable[[str], bytes]:
    def make(participant: str) -> bytes:
        data = download(participant)
        change(data["cells"])
        return as_bytes(data)
    return make


def cell(cells: list, gid: str) -> dict:
    return next(c for c in cells if grade_id(c) == gid)


def pasted(cells: list) -> None:
    cells.insert(12, {**copy.deepcopy(cell(cells, "stakeholders_check")), "id": "pasted"})


def renamed(cells: list) -> None:
    cell(cells, "stakeholders_check")["metadata"]["nbgrader"]["grade_id"] = "my_check"


def deleted(cells: list) -> None:
    cells.remove(cell(cells, "stakeholders_check"))


def role_changed(cells: list) -> None:
    cell(cells, "stakeholders_check")["metadata"]["nbgrader"]["grade"] = False


# kind: (the hand-in of a participant, what the report says about it)
Made = dict[str, tuple[Callable[[str], bytes], str]]
CONVERTED: Made = {
    "UTF-16 text": (lambda p: text(p).encode("utf-16"), "it was UTF-16 text"),
    "UTF-16 without a byte-order mark": (lambda p: text(p).encode("utf-16-le"), "it was UTF-16 text"),
    "UTF-8 with a byte-order mark": (lambda p: b"\xef\xbb\xbf" + text(p).encode("utf-8"), "byte-order mark (BOM)"),
    "a lone surrogate in the answers": (with_surrogate, "1 character that is not valid text"),
}
REFUSED_FORMAT: Made = {
    "no nbformat version": (without("nbformat"), "its format version is null, not 4"),
    "no nbformat_minor": (without("nbformat_minor"), "'nbformat_minor' is a required property"),
    "a cell without its text": (cell_without_source, "'source' is a required property"),
}
CELLS: Made = {
    "duplicated": (graded_cells(pasted), "cell 13 is a copy of stakeholders_check"),
    "renamed": (graded_cells(renamed), "marked as graded cell \"my_check\", which session2 does not have"),
    "deleted": (graded_cells(deleted), "deleted (stakeholders_check)"),
    "role changed": (graded_cells(role_changed), "stakeholders_check, should be an autograded check"),
}
EVERY: Made = {**CONVERTED, **REFUSED_FORMAT, **CELLS}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    return Course.find(make_course(tmp_path_factory.mktemp("damaged") / "course"))


@pytest.fixture
def read(course, tmp_path):
    def reading(content: bytes, name: str = "alice__session2.ipynb") -> Identified | Problem:
        path = tmp_path / name
        path.write_bytes(content)
        found = Found(name, name, path, len(content), 1_800_000_000)
        return identify_safely(found, Context.build(course, course.sessions, None))
    return reading


# -- what collect reads, converts and says -------------------------------------------------------

@pytest.mark.parametrize("kind", CONVERTED)
def test_text_nbgrader_cannot_read_is_filed_as_a_converted_utf8_copy(read, kind):
    make, said = CONVERTED[kind]
    result = read(make("alice"))

    assert isinstance(result, Identified), result
    assert (result.participant, result.kind) == ("alice", "notebook")
    note = next(n for n in result.notes if said in n)
    assert "nbgrader cannot read" in note and "converted UTF-8 copy was filed" in note
    filed = result.content
    assert filed is not None and not filed.startswith(b"\xef\xbb\xbf")
    decoded = filed.decode("utf-8")  # strictly, as nbgrader reads it
    assert not any("\ud800" <= character <= "\udfff" for character in decoded)
    saved = embedded(SPEC, json.loads(decoded))[0]
    assert saved.participant_id == "alice" and not saved.problems
    if "surrogate" in kind:
        assert "\ufffd" in decoded and "U+FFFD" in note
    else:
        assert json.loads(decoded) == download("alice")


@pytest.mark.parametrize("kind", REFUSED_FORMAT)
def test_a_notebook_nbformat_refuses_is_filed_as_its_answers(read, kind):
    make, said = REFUSED_FORMAT[kind]
    result = read(make("alice"))

    assert isinstance(result, Identified), result
    assert (result.participant, result.kind) == ("alice", "answers")
    note = next(n for n in result.notes if "not a valid Jupyter notebook" in n)
    assert said in note and "answers saved inside it were filed as an answers file" in note
    filed = json.loads(result.content or b"")
    assert filed["participant_id"] == "alice" and filed["exercises"] == answers(SESSION, "alice", "").to_dict()[
        "exercises"]


def test_a_notebook_nbformat_refuses_with_no_answers_inside_is_held(read):
    blank = json.loads((REPO / "release" / SESSION / f"{SESSION}.ipynb").read_text(encoding="utf-8"))
    del blank["nbformat_minor"]
    result = read(as_bytes(blank))
    assert isinstance(result, Problem) and result.status == HELD
    assert "not a valid Jupyter notebook" in result.reason and "download their work again" in result.reason


def test_text_that_is_not_utf8_or_utf16_is_explained(read):
    result = read(text("alice").replace("Community", "Communit\u00e9").encode("latin-1", "replace"))
    assert isinstance(result, Problem) and "not UTF-8" in result.reason


@pytest.mark.parametrize("kind", CELLS)
def test_graded_cells_that_lost_their_roles_are_filed_with_what_grading_repairs(read, kind):
    make, said = CELLS[kind]
    result = read(make("alice"))
    assert isinstance(result, Identified) and result.content is None, "filed as handed in"
    note = " ".join(result.notes)
    assert said in note
    assert "grading" in note or "autograde puts the original cells back" in note


def test_the_exchange_route_says_grading_cannot_read_what_collect_would_convert(course):
    context = Context.build(course, course.sessions, None)
    for make, said in (CONVERTED["UTF-16 text"], REFUSED_FORMAT["a cell without its text"]):
        reason = read_contents(make("alice"), context)
        assert isinstance(reason, str) and said in reason


# -- the same reasons, for workbooks grade --------------------------------------------------------------

def test_notebook_problems_is_empty_for_a_sound_notebook(tmp_path):
    path = tmp_path / "session2.ipynb"
    path.write_bytes(as_bytes(download()))
    assert notebook_problems(path, SESSION) == []


@pytest.mark.parametrize("kind", EVERY)
def test_notebook_problems_gives_grade_the_reason(tmp_path, kind):
    make, said = EVERY[kind]
    path = tmp_path / "session2.ipynb"
    path.write_bytes(make("alice"))
    found = notebook_problems(path, SESSION)
    assert found, kind
    text = " ".join(found)
    if kind in CELLS:
        assert "grading" in text and "stakeholders_check" in text
    else:
        assert said in text and ("workbooks collect" in text)


def test_notebook_problems_for_files_that_are_not_notebooks(tmp_path):
    for content, said in ((b"", "empty file"), (b"{ cut", "not readable JSON"), (b"[1]", "no cells")):
        path = tmp_path / "session2.ipynb"
        path.write_bytes(content)
        assert said in " ".join(notebook_problems(path, SESSION))


# -- what collect says is what grading does -----------------------------------------------------------

@pytest.mark.slow
def test_everything_collect_files_from_damaged_hand_ins_grades_in_full(tmp_path):
    from test_collect import collect, filed, put, snapshot

    root = make_course(tmp_path / "course")
    inbox = tmp_path / "inbox"
    participants = {f"p{number}": kind for number, kind in enumerate(EVERY)}
    for participant, kind in participants.items():
        put(inbox, f"{participant}__{SESSION}.ipynb", EVERY[kind][0](participant))
    before = snapshot(inbox)

    rows, _ = collect(root, str(inbox), "--session", SESSION)

    course = Course.find(root)
    graded = workbooks_cli(root, "grade", "--session", SESSION)
    assert graded.returncode == 0, graded.stderr
    with (root / "reports" / "grade.csv").open(encoding="utf-8") as handle:
        grade_rows = {row["participant"]: row for row in csv.DictReader(handle)}
    for participant, kind in participants.items():
        row = rows[f"{participant}__{SESSION}.ipynb"]
        assert row["status"] == "filed-with-note" and EVERY[kind][1] in row["reason"], row
        assert grade_rows[participant]["status"].startswith("graded"), (kind, grade_rows[participant])
        if kind in CELLS:  # grading says what it put right, as collect said it would
            assert grade_rows[participant]["reason"], (kind, grade_rows[participant])
        assert points(course, SESSION, participant) == AUTOGRADED_POINTS[SESSION], kind
        if kind in REFUSED_FORMAT:  # its answers, beside a blank notebook
            assert filed(root, participant, SESSION) == (root / "release" / SESSION / f"{SESSION}.ipynb").read_bytes()
    again, _ = collect(root, str(inbox), "--session", SESSION)
    for participant, kind in participants.items():
        assert "unchanged" in again[f"{participant}__{SESSION}.ipynb"]["reason"], kind
    assert snapshot(inbox) == before


@pytest.mark.slow
def test_a_filed_notebook_grading_cannot_read_is_replaced_however_new(tmp_path):
    """As nbgrader's exchange files it: UTF-16, with a submission time later than the answers' save time."""
    from test_collect import collect, filed, put

    root = make_course(tmp_path / "course")
    utf16 = CONVERTED["UTF-16 text"][0]("alice")
    earlier = root / "submitted" / "alice" / SESSION
    earlier.mkdir(parents=True)
    (earlier / f"{SESSION}.ipynb").write_bytes(utf16)
    (earlier / "timestamp.txt").write_text(f"{NOW:%Y-%m-%d %H:%M:%S}.000000 UTC")
    put(tmp_path / "inbox", f"alice__{SESSION}.ipynb", utf16)

    rows, _ = collect(root, str(tmp_path / "inbox"), "--session", SESSION)

    row = rows[f"alice__{SESSION}.ipynb"]
    assert row["status"] == "filed-with-note", row
    assert "replaces the submission filed earlier, which grading could not read (it was UTF-16 text" in row["reason"]
    assert unreadable_for_nbgrader(filed(root, "alice", SESSION)) == ""
