"""``workbooks export``, ``report`` and ``badges`` on a really graded cohort.

One course is graded with nbgrader's own API (autograde, generate_feedback), and
reflections are scored through the gradebook as a facilitator would in the
formgrader. The cohort (ids end in 17 so they are easy to search for):

- ada17: everything done; session 2 reflections graded 3, 2, 1 with a comment (complete);
  session 4 done, reflections not graded yet
- ben17: the blank release notebook for session 2
- cy17: sessions 2 and 4 done; one session 2 reflection graded; session 4 reflections scored but
  flagged for review again
- dee17: sessions 2 and 4 done with answers of her own; session 2 reflections graded 3, 3, 0
- eve17: handed in session 2, never graded (no gradebook rows)
- fay17: a damaged graded notebook and no gradebook rows
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from html import unescape
from pathlib import Path

import pytest

from course_support import blank_notebook, hand_in, make_course, workbooks_cli
from scripted_participant import ENTERED, FEEDBACK
from workbooks import messages
from workbooks.answers import newest, now
from workbooks.facilitator import cli, results
from workbooks.facilitator.course import Course, CourseError
from workbooks.facilitator.progress import Progress
from workbooks.notebook_copy import embed, embedded
from workbooks.sessions import get, session_ids

pytestmark = pytest.mark.slow

IDS = ["ada17", "ben17", "cy17", "dee17", "eve17", "fay17"]
COMMENT = "Clear purpose. Next time, name one outcome you could measure."
DEE_ONLY = "Parents group"  # a stakeholder only dee17 placed
AUTO2 = get("session2").points  # session 2's autograded points (its optional map has none)
MAX2 = AUTO2 + 9               # and its three reflections, 3 points each


def as_participant(content: bytes, session: str, participant: str, change=None) -> bytes:
    """The same hand-in, as if ``participant`` had entered it (optionally with changed answers)."""
    notebook = json.loads(content)
    answers = newest(embedded(get(session), notebook))
    answers.participant_id, answers.saved_at = participant, now()
    if change:
        change(answers.models)
    embed(notebook, answers, "answers")
    return json.dumps(notebook).encode()


def dee_map(models) -> None:
    chart = models["stakeholder_map"]
    chart.place("Local council", 2, 2)   # monitor
    chart.place(DEE_ONLY, 2, 8)          # inform regularly, twice
    chart.place("School garden club", 3, 9)


def dee_values(models) -> None:
    models["core_values"].slots = ["generosity", "kindness", "trust"]


GRADEBOOK_AFTER_GRADING: list[str] = []


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def submit(root: Path, participant: str, session: str, content: bytes) -> None:
    folder = root / "submitted" / participant / session
    folder.mkdir(parents=True)
    (folder / f"{session}.ipynb").write_bytes(content)


def grade_by_hand(course: Course, session: str, participant: str, scores: dict[str, float],
                  comments: dict[str, str] | None = None, confirmed: bool = True) -> None:
    """What the formgrader does when a facilitator types a score or a comment.

    ``confirmed=False`` leaves the scores flagged for review, as nbgrader does when
    a notebook with manual scores is autograded again.
    """
    with course.gradebook() as gradebook:
        for cell, score in scores.items():
            grade = gradebook.find_grade(cell, session, session, participant)
            grade.manual_score, grade.needs_manual_grade = score, not confirmed
        for cell, text in (comments or {}).items():
            gradebook.find_comment(cell, session, session, participant).manual_comment = text
        gradebook.db.commit()


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    root = make_course(tmp_path_factory.mktemp("course"))
    desk = tmp_path_factory.mktemp("desk")
    course = Course(root)
    api = course.api()
    handed = {s: hand_in(desk, root / "release", s, "ada17")[1] for s in ("session2", "session4")}
    submit(root, "ada17", "session2", handed["session2"])
    submit(root, "ada17", "session4", handed["session4"])
    submit(root, "ben17", "session2", blank_notebook(root / "release", "session2"))
    for session in ("session2", "session4"):
        submit(root, "cy17", session, as_participant(handed[session], session, "cy17"))
    submit(root, "dee17", "session2", as_participant(handed["session2"], "session2", "dee17", dee_map))
    submit(root, "dee17", "session4", as_participant(handed["session4"], "session4", "dee17", dee_values))
    for session in ("session2", "session4"):
        assert api.generate_assignment(session)["success"]
        for participant in sorted(p.name for p in (root / "submitted").iterdir()):
            if (root / "submitted" / participant / session).is_dir():
                outcome = api.autograde(session, participant)
                assert outcome["success"], outcome["log"][-2000:]
                assert api.generate_feedback(session, participant)["success"]

    with course.gradebook() as gradebook:
        gradebook.update_or_create_student("ada17", first_name="Ada", last_name="Lovelace", email="ada@example.org")
    grade_by_hand(course, "session2", "ada17",
                  {"reflection_purpose": 3, "reflection_stakeholders": 2, "reflection_participation": 1},
                  {"reflection_purpose": COMMENT})
    grade_by_hand(course, "session2", "cy17", {"reflection_purpose": 2})
    grade_by_hand(course, "session4", "cy17", {"reflection_alignment": 3, "reflection_contributor": 3,
                                               "reflection_conversation": 3}, confirmed=False)
    grade_by_hand(course, "session2", "dee17",
                  {"reflection_purpose": 3, "reflection_stakeholders": 3, "reflection_participation": 0})

    # Handed in but never graded; and a graded notebook that got damaged.
    submit(root, "eve17", "session2", handed["session2"])
    submit(root, "fay17", "session2", blank_notebook(root / "release", "session2"))
    (root / "autograded" / "fay17" / "session2").mkdir(parents=True)
    (root / "autograded" / "fay17" / "session2" / "session2.ipynb").write_text("{ not a notebook")
    GRADEBOOK_AFTER_GRADING.append(sha256(root / "gradebook.db"))
    return root


def run_step(root: Path, *argv: str):
    """A step in-process, with the real argument parser."""
    args = cli.build_parser().parse_args([*argv, "--course", str(root)])
    return args.module.run(Course.find(root), args, Progress(enabled=False))


# ---------------------------------------------------------------- results.py

def test_results_read_scores_answers_comments_and_problems(graded):
    cohort = results.load(Course(graded))
    assert [p.id for p in cohort.participants] == IDS
    people = {p.id: p for p in cohort.participants}
    assert people["ada17"].name == "Ada Lovelace" and people["ada17"].email == "ada@example.org"

    ada = people["ada17"].sessions["session2"]
    assert (ada.auto_points, ada.auto_max, ada.reflection_points, ada.reflection_max) == (AUTO2, AUTO2, 6, 9)
    assert ada.status == results.GRADED and ada.complete and not ada.problems
    assert [c.text for c in ada.comments] == [COMMENT] and ada.comments[0].prompt == "purpose"
    assert ada.answers.models["stakeholders"].rows[0]["contributor"] == "Allotment committee"

    ben = people["ben17"].sessions["session2"]
    assert (ben.auto_points, ben.reflection_points, ben.status) == (0, None, results.AWAITING)
    assert ben.answers is not None and ben.answers.models["stakeholder_map"].is_empty()

    cy = people["cy17"].sessions["session2"]
    assert (cy.auto_points, cy.reflection_points, cy.reflections_graded) == (AUTO2, 2, 1)
    assert cy.status == results.AWAITING and not cy.complete
    flagged = people["cy17"].sessions["session4"]  # scored, then flagged for review again
    assert flagged.auto_points == 12 and flagged.reflection_points is None
    assert flagged.status == results.AWAITING and not flagged.complete

    dee = people["dee17"].sessions["session2"]
    assert dee.status == results.GRADED and dee.reflection_points == 6 and not dee.complete  # one reflection got 0
    assert people["dee17"].sessions["session4"].answers.models["core_values"].chosen() == [
        "generosity", "kindness", "trust"]

    eve = people["eve17"].sessions["session2"]
    assert eve.status == results.NOT_GRADED and eve.auto_points is None
    assert any("gradebook" in p for p in eve.problems)
    fay = people["fay17"].sessions["session2"]
    assert fay.answers is None and any("could not be read" in p for p in fay.problems)
    assert people["ada17"].sessions["session1"].status == results.NOT_SUBMITTED


# ---------------------------------------------------------------- export

@pytest.fixture(scope="module")
def exported(graded):
    result = workbooks_cli(graded, "export", "--quiet")
    assert result.returncode == 0, result.stderr + result.stdout
    return graded / "export", result.stdout


def grade_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {(r["participant_id"], r["session"]): r for r in csv.DictReader(handle)}


def test_grades_csv_has_one_row_per_participant_and_session(exported):
    folder, stdout = exported
    rows = grade_rows(folder / "grades.csv")
    assert len(rows) == len(IDS) * len(session_ids())
    picked = ("autograded_points", "autograded_max", "reflection_points", "reflection_max",
              "reflections_graded", "total_points", "total_max", "status")
    assert [rows["ada17", "session2"][k] for k in picked] == [str(AUTO2), str(AUTO2), "6", "9", "3", str(AUTO2 + 6),
                                                              str(MAX2), "graded"]
    assert rows["ada17", "session2"]["first_name"] == "Ada"
    assert [rows["ben17", "session2"][k] for k in picked] == ["0", str(AUTO2), "", "9", "0", "0", str(MAX2),
                                                              "awaiting reflection grading"]
    assert [rows["cy17", "session2"][k] for k in picked] == [str(AUTO2), str(AUTO2), "2", "9", "1", str(AUTO2 + 2),
                                                             str(MAX2), "awaiting reflection grading"]
    assert [rows["ada17", "session1"][k] for k in picked] == ["", "12", "", "9", "", "", "21", "not submitted"]
    assert rows["eve17", "session2"]["status"] == "submitted, not graded yet"
    assert "could not be read" in rows["fay17", "session2"]["notes"]
    assert "fay17, session2: the graded notebook could not be read" in stdout

    wide = {r["participant_id"]: r for r in csv.DictReader((folder / "grades_by_participant.csv").open())}
    assert wide["ada17"]["session2_total"] == str(AUTO2 + 6) and wide["ada17"]["sessions_complete"] == "1"


def test_nbgrader_export_is_written_too(exported):
    folder, _ = exported
    with (folder / "nbgrader_grades.csv").open() as handle:
        rows = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(handle)}
    assert float(rows["ada17", "session2"]["score"]) == AUTO2 + 6
    assert float(rows["ada17", "session2"]["max_score"]) == MAX2
    assert rows["ada17", "session2"]["email"] == "ada@example.org"


def test_feedback_page_shows_their_own_answers_scores_and_comments(exported):
    folder, _ = exported
    page = (folder / "feedback" / "ada17.html").read_text(encoding="utf-8")
    for entered in ENTERED["session2"] + ENTERED["session4"]:
        assert entered in page, entered
    assert COMMENT in page
    assert messages.text("feedback.summary_graded", points=AUTO2 + 6, out_of=MAX2, auto=AUTO2, auto_max=AUTO2,
                         reflections=6, reflection_max=9) in page
    assert messages.text("feedback.complete") in page
    assert messages.text("feedback.not_submitted") in page  # sessions 1 and 3
    assert "Ada Lovelace" in page
    # Nobody else's work or name, and nothing for graders' eyes only.
    for other in IDS[1:]:
        assert other not in page
    assert DEE_ONLY not in page
    for text in FEEDBACK.values():  # their closing feedback is read only without names
        assert text not in page
    assert DEE_ONLY in (folder / "feedback" / "dee17.html").read_text(encoding="utf-8")
    for secret in ("mark scheme", "BEGIN", "check(", "assert "):
        assert secret.lower() not in page.lower()


def test_feedback_pages_for_blank_and_partly_graded_participants(exported):
    folder, _ = exported
    ben = (folder / "feedback" / "ben17.html").read_text(encoding="utf-8")
    assert messages.text("feedback.summary_awaiting", auto=0, auto_max=AUTO2, graded=0, count=3) in ben
    assert "Allotment committee" not in ben
    cy = (folder / "feedback" / "cy17.html").read_text(encoding="utf-8")
    assert messages.text("feedback.summary_awaiting", auto=AUTO2, auto_max=AUTO2, graded=1, count=3) in cy
    assert cy.count(messages.text("feedback.not_graded_yet")) == 2 + 3  # session 2 and session 4
    fay = (folder / "feedback" / "fay17.html").read_text(encoding="utf-8")
    assert messages.text("feedback.not_graded") in fay


def test_feedback_page_is_accessible_and_self_contained(exported):
    folder, _ = exported
    page = (folder / "feedback" / "ada17.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="en">', page)
    assert "<script" not in page and not re.search(r'(src|href)="https?://', page)
    levels = [int(h) for h in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert page.count("<table") == page.count("<caption>") > 5
    svg = re.search(r"<svg[^>]*>", page).group(0)
    assert 'role="img"' in svg and "<title" in page and "<desc" in page


def test_export_one_session_in_process(graded, tmp_path):
    summary = run_step(graded, "export", "--session", "session4", "--output", str(tmp_path))
    rows = grade_rows(tmp_path / "grades.csv")
    assert {s for _, s in rows} == {"session4"}
    assert rows["dee17", "session4"]["autograded_points"] == "12"
    assert "session2" not in (tmp_path / "nbgrader_grades.csv").read_text()
    page = (tmp_path / "feedback" / "ada17.html").read_text(encoding="utf-8")
    assert "Allotment committee" not in page and ENTERED["session4"][0] in page
    assert summary.counts["feedback pages"] == 3  # ada, cy, dee handed in session 4
    assert summary.counts["strategy packs"] == 3
    pack = (tmp_path / "strategy-packs" / "ada17.html").read_text(encoding="utf-8")
    assert ENTERED["session4"][1] in pack and "<script" not in pack  # the vision, in the charter
    assert ENTERED["session4"][1] in (tmp_path / "strategy-packs" / "ada17.md").read_text(encoding="utf-8")
    with pytest.raises(CourseError, match="session9"):
        run_step(graded, "export", "--session", "session9", "--output", str(tmp_path))


# ---------------------------------------------------------------- report

@pytest.fixture(scope="module")
def report(graded):
    result = workbooks_cli(graded, "report", "--quiet")
    assert result.returncode == 0, result.stderr + result.stdout
    return (graded / "reports" / "dashboard.html").read_text(encoding="utf-8")


def without_scripts(page: str) -> str:
    return re.sub(r"<script\b.*?</script>", "", page, flags=re.S)


def table_after(page: str, caption: str) -> str:
    start = page.index(f"<caption>{caption}")
    return page[start:page.index("</table>", start)]


def cells(table: str) -> list[list[str]]:
    rows = re.findall(r"<tr.*?</tr>", table, flags=re.S)
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S) for row in rows]


def test_dashboard_counts_quadrants_and_values(report):
    quadrants = cells(table_after(report, "Stakeholders placed in each quadrant"))
    placed = {row[0]: (row[1], row[2]) for row in quadrants[1:]}  # stakeholders, participants
    assert placed == {messages.text("quadrant.manage_closely"): ("3", "3"),
                      messages.text("quadrant.keep_satisfied"): ("2", "2"),
                      messages.text("quadrant.inform_regularly"): ("2", "1"),
                      messages.text("quadrant.monitor"): ("1", "1")}
    values = {row[0]: row[1] for row in cells(table_after(report, "How many participants chose each value"))[1:]}
    option = lambda v: messages.text(f"core_values.option.{v}")  # noqa: E731
    assert values == {option("generosity"): "3", option("care"): "2", option("learning"): "2",
                      option("kindness"): "1", option("trust"): "1"}
    assert "From 3 participants' maps, 8 stakeholders were placed" in unescape(report)
    canvas = {row[0]: row[2] for row in cells(table_after(report, "Charter sections filled in"))[1:]}
    assert canvas[messages.text("core_values.title")] == "100%" and len(canvas) == 8


def test_dashboard_completion_table_and_small_cohort_caution(report):
    completion = table_after(report, "Status of every participant in every session")
    assert "ada17 (Ada Lovelace)" in completion and f"graded, complete ({AUTO2 + 6} of {MAX2})" in completion
    assert "submitted, not graded yet" in completion and "could not be read" in completion
    # Session 3: nobody; session 2 reflections: only two fully graded participants.
    assert "Hidden: 0 participants contributed to the pathway numbers" in report
    assert "session2 reflections" in report and "Spread hidden" in report


def test_dashboard_shows_closing_feedback_without_names(report):
    closing = report[report.index('id="closing"'):report.index('id="reflections"')]
    for text in FEEDBACK.values():  # the same feedback from ada17, cy17 and dee17; none from ben17
        assert f"<li>{text} (3)</li>" in closing
    assert "3 participants gave feedback" in closing
    assert "Hidden: 0 participants contributed to the session3 closing feedback" in closing


def test_dashboard_aggregates_name_nobody(report):
    aggregates = without_scripts(report.split('<div id="aggregates">', 1)[1])
    for name in IDS + ["Ada", "Lovelace", "ada@example.org"]:
        assert name not in aggregates
    assert report.index('<div id="aggregates">') > report.index("Status of every participant")


def test_dashboard_opens_offline_with_a_text_alternative_for_every_chart(report):
    assert '<html lang="en">' in report
    assert not re.search(r"<script[^>]+src=", report)
    assert not re.search(r"<link[^>]+href=\"https?://", report)
    assert report.count("plotly.js v") == 1 and "Plotly.newPlot" in report  # the library once, inline
    figures = re.findall(r"<figure>.*?</figure>", report, flags=re.S)
    assert len(figures) >= 4
    for figure in figures:
        assert re.search(r'role="img" aria-label="[^"]{20,}"', figure) and "<figcaption>" in figure
    for after in re.split(r"</figure>", report)[1:]:  # a table follows each chart in its section
        assert after.index("<table") < min(after.find(m) if m in after else len(after) for m in ("<figure", "<h"))
    used = set(re.findall(r"#[0-9A-F]{6}", without_scripts(report).split('<div id="aggregates">')[1]))
    from workbooks.kinds.power_interest_map import QUADRANT_COLOURS
    from workbooks.static import OKABE_ITO
    assert used <= set(OKABE_ITO) | set(QUADRANT_COLOURS.values())


# ---------------------------------------------------------------- badges

@pytest.fixture(scope="module")
def badged(graded):
    result = workbooks_cli(graded, "badges", "--quiet", "--issuer-name", "Garden Network Academy",
                           "--issuer-url", "https://academy.example.org")
    assert result.returncode == 0, result.stderr + result.stdout
    return graded / "badges", result.stdout


def test_only_complete_sessions_get_a_badge(badged):
    folder, stdout = badged
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.json"))
    assert files == ["ada17/session2.json"]
    assert "1 badges" in stdout and "signed (eddsa-rdfc-2022)" in stdout
    waiting = stdout.split("Not yet graded", 1)[1].splitlines()[0]
    for entry in ("ada17 (session4)", "ben17 (session2)", "cy17 (session2)", "cy17 (session4)",
                  "dee17 (session4)"):
        assert entry in waiting
    assert "dee17 (session2)" not in stdout  # graded, but one reflection scored 0


def test_badge_is_an_open_badges_3_credential(badged):
    folder, _ = badged
    credential = json.loads((folder / "ada17" / "session2.json").read_text(encoding="utf-8"))
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", credential["id"])
    issuer = credential["issuer"]
    assert re.fullmatch(r"did:key:z6Mk\w+", issuer["id"])  # the facilitator's key
    assert issuer == {"id": issuer["id"], "type": ["Profile"],
                      "name": "Garden Network Academy", "url": "https://academy.example.org"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", credential["validFrom"])
    [proof] = credential["proof"]  # signed: tests/test_badge_signing.py checks the signature
    assert proof["cryptosuite"] == "eddsa-rdfc-2022" and proof["verificationMethod"].startswith(issuer["id"] + "#")
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    [identity] = subject["identifier"]
    assert identity["type"] == "IdentityObject" and identity["hashed"] is True
    assert identity["identityType"] == "emailAddress"
    expected = hashlib.sha256(("ada@example.org" + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    for plain in ("ada17", "lovelace", "ada@example.org"):
        assert plain not in json.dumps(credential).lower()  # hashed, never in plain text
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"] and achievement["id"].startswith("urn:uuid:")
    assert achievement["name"] == credential["name"] == messages.text(
        "badge.name", number=2, title=messages.text("session2.title"))
    assert f"{AUTO2} points" in achievement["criteria"]["narrative"] and achievement["description"]


def test_running_badges_again_keeps_the_same_credential(badged, graded):
    folder, _ = badged
    before = (folder / "ada17" / "session2.json").read_text(encoding="utf-8")
    run_step(graded, "badges", "--issuer-name", "Garden Network Academy", "--issuer-url", "https://academy.example.org")
    assert (folder / "ada17" / "session2.json").read_text(encoding="utf-8") == before


def test_badges_without_an_issuer_url(graded, tmp_path):
    summary = run_step(graded, "badges", "--output", str(tmp_path), "--session", "session2")
    credential = json.loads((tmp_path / "ada17" / "session2.json").read_text(encoding="utf-8"))
    assert credential["issuer"]["id"].startswith("did:key:") and "url" not in credential["issuer"]
    assert credential["issuer"]["name"] == messages.text("badge.issuer_default")
    assert summary.counts == {"badges": 1, "not yet graded": 2}


# ---------------------------------------------------------------- read-only

def test_last_no_step_ever_changed_the_gradebook(graded, tmp_path):
    """Runs last: every test above read the gradebook; all three steps once more here."""
    results.load(Course(graded))
    for step, target in (("export", "e"), ("report", "d.html"), ("badges", "b")):
        run_step(graded, step, "--output", str(tmp_path / target))
    assert sha256(graded / "gradebook.db") == GRADEBOOK_AFTER_GRADING[0]
