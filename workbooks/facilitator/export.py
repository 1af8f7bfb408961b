"""``workbooks export``: grades as CSV, and one feedback page and one strategy pack per participant.

Writes, under ``export/`` (or ``--output``):

- ``nbgrader_grades.csv``: nbgrader's own export (one row per participant and session);
- ``grades.csv``: one row per participant and session, with autograded and reflection points apart;
- ``grades_by_participant.csv``: one row per participant, a column pair per session;
- ``feedback/<participant>.html``: a self-contained page to send each participant;
- ``strategy-packs/<participant>.html`` and ``.md``: their strategy pack, from every session they handed in
  (``workbooks/strategy_pack.py``), to send them too.

The feedback pages show a participant's own points, answers and the facilitator's
comments, in the words of ``locales/*.json``; never mark schemes, tests or
anyone else's work.
"""

from __future__ import annotations

import csv
import re
from html import escape
from pathlib import Path

from .. import messages
from ..kinds import render
from ..models import AnswerError
from ..sessions import get
from ..static import OK_COLOUR, OK_TEXT_COLOUR, PROBLEM_TEXT_COLOUR, one_level_down
from ..strategy_pack import pack_html, pack_markdown
from .course import Course, add_session_option
from .progress import Progress, Summary
from .results import AUTO, GRADED, NOT_GRADED, NOT_SUBMITTED, Cohort, Participant, Remark, SessionResult, load, number
from .safe import csv_cell, csv_row
from .safe_html import csp_meta

HELP = "write grades (CSV) and a feedback page for every participant"
DESCRIPTION = """\
Write the cohort's grades and feedback from nbgrader's gradebook and the graded notebooks.

  export/nbgrader_grades.csv         nbgrader's own grade export
  export/grades.csv                  one row per participant and session: autograded
                                     points, reflection points, total and status
  export/grades_by_participant.csv   one row per participant
  export/feedback/<id>.html          one page per participant, to send them

Run it after `workbooks grade` and after grading the reflections in the formgrader.
The gradebook is only read, never changed."""

CSV, HTML, MARKDOWN = ".csv", ".html", ".md"
GRADE_COLUMNS = ["participant_id", "first_name", "last_name", "session", "autograded_points",
                 "autograded_max", "reflection_points", "reflection_max", "reflections_graded",
                 "reflections_total", "total_points", "total_max", "status", "notes"]


def add_arguments(parser) -> None:
    add_session_option(parser, "include")
    parser.add_argument("--output", type=Path, default=None, metavar="DIR",
                        help="where to write (default: export/ in the course folder)")


def run(course: Course, args, progress: Progress) -> Summary:
    output = (args.output or course.export).resolve()
    cohort = load(course, args.session)
    summary = Summary("Export: grades, feedback pages and strategy packs")
    output.mkdir(parents=True, exist_ok=True)

    nbgrader_csv = output / ("nbgrader_grades" + CSV)
    if nbgrader_export(course, nbgrader_csv, cohort.sessions):
        summary.outputs.append(nbgrader_csv)
    else:
        summary.lines.append("No gradebook yet, so nbgrader's export was skipped (run `workbooks grade` first).")
    summary.outputs.append(write_grades(output / ("grades" + CSV), cohort))
    summary.outputs.append(write_wide(output / ("grades_by_participant" + CSV), cohort))

    folder = output / "feedback"
    folder.mkdir(exist_ok=True)
    packs = output / "strategy-packs"
    packs.mkdir(exist_ok=True)
    senders = [p for p in cohort.participants if p.submitted_any]
    for participant in progress.over(senders, "Feedback pages and strategy packs", lambda p: p.id):
        (folder / (participant.id + HTML)).write_text(feedback_page(participant, cohort.sessions), encoding="utf-8")
        summary.count("feedback pages")
        graded = [r.answers for r in participant.sessions.values() if r.answers is not None]
        if graded:
            (packs / (participant.id + HTML)).write_text(pack_html(graded), encoding="utf-8")
            (packs / (participant.id + MARKDOWN)).write_text(pack_markdown(graded), encoding="utf-8")
            summary.count("strategy packs")
    if senders:
        summary.outputs += [folder, packs]
    for result in cohort.results():
        summary.count(result.status)
    idle = [p.id for p in cohort.participants if not p.submitted_any]
    if idle:
        summary.lines.append(f"No feedback page for participants with nothing handed in: {', '.join(idle)}")
    summary.lines += cohort.all_problems()
    return summary


# ---------------------------------------------------------------- CSV

def nbgrader_export(course: Course, path: Path, sessions: list[str]) -> bool:
    """nbgrader's CSV export of the gradebook, as ``nbgrader export --to`` writes it."""
    if course.gradebook_file is not None and not course.gradebook_file.exists():
        return False
    from nbgrader.plugins import CsvExportPlugin

    plugin = CsvExportPlugin(config=course.config(), to=str(path), assignment=list(sessions))
    with course.gradebook() as gradebook:
        plugin.export(gradebook)
    neutralise_csv(path)
    return True


def neutralise_csv(path: Path) -> None:
    """Rewrite a CSV file that another program wrote so that no cell starts a spreadsheet formula.

    nbgrader writes its export unquoted, in the locale's encoding, one line per row;
    it is read and written back the same way, each cell through ``csv_cell``. (A
    comma in a roster name already splits a cell in nbgrader's file; that stays so,
    but every piece is neutralised.)
    """
    with path.open(newline="", encoding="locale") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", newline="", encoding="locale") as handle:
        csv.writer(handle, lineterminator="\n").writerows([csv_cell(cell) for cell in row] for row in rows)


def grade_row(participant: Participant, result: SessionResult) -> dict[str, str]:
    return {
        "participant_id": participant.id, "first_name": participant.first_name,
        "last_name": participant.last_name, "session": result.session,
        "autograded_points": number(result.auto_points), "autograded_max": number(result.auto_max),
        "reflection_points": number(result.reflection_points), "reflection_max": number(result.reflection_max),
        "reflections_graded": str(result.reflections_graded) if result.in_gradebook else "",
        "reflections_total": str(len(result.reflection_parts)),
        "total_points": number(result.total), "total_max": number(result.total_max),
        "status": result.status, "notes": "; ".join(result.problems),
    }


def write_grades(path: Path, cohort: Cohort) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=GRADE_COLUMNS)
        writer.writeheader()
        for participant in cohort.participants:
            for session in cohort.sessions:
                writer.writerow(csv_row(grade_row(participant, participant.sessions[session])))
    return path


def write_wide(path: Path, cohort: Cohort) -> Path:
    """One row per participant: total and status per session, and how many sessions are complete."""
    columns = ["participant_id", "first_name", "last_name"]
    for session in cohort.sessions:
        columns += [f"{session}_total", f"{session}_max", f"{session}_status"]
    columns += ["sessions_complete"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for p in cohort.participants:
            row = {"participant_id": p.id, "first_name": p.first_name, "last_name": p.last_name,
                   "sessions_complete": str(sum(r.complete for r in p.sessions.values()))}
            for session, result in p.sessions.items():
                row.update({f"{session}_total": number(result.total), f"{session}_max": number(result.total_max),
                            f"{session}_status": result.status})
            writer.writerow(csv_row(row))
    return path


# ---------------------------------------------------------------- feedback page

def session_number(session: str) -> str:
    digits = re.findall(r"\d+", session)
    return digits[-1] if digits else session


def declared_title(session: str) -> str | None:
    """The session's title, or None for a session of the gradebook that this course does not declare."""
    try:
        return get(session).title
    except AnswerError:
        return None


def session_title(session: str) -> str:
    """"Session 2: Community of practice basics", in the participant's language."""
    number_ = session_number(session)
    title = declared_title(session)
    if title is None:
        return messages.text("feedback.session_heading", number=number_)
    return messages.text("feedback.session_heading_titled", number=number_, title=title)


def part_label(exercise: str, prompt: str, fallback: str) -> str:
    if prompt:
        try:
            return messages.text("feedback.part_reflection", prompt=messages.text(f"{exercise}.prompt.{prompt}"))
        except KeyError:
            return fallback
    if exercise:
        return messages.text(f"{exercise}.title")
    return fallback


def _points_table(result: SessionResult) -> str:
    caption = messages.text("feedback.points_caption", number=session_number(result.session))
    head = "".join(f'<th scope="col">{escape(messages.text(k))}</th>' for k in
                   ("feedback.column_part", "feedback.column_how", "feedback.column_points", "feedback.column_out_of"))
    rows = []
    for part in result.parts:
        label = part_label(part.exercise, part.prompt, part.grade_id)
        how = messages.text("feedback.how_auto" if part.kind == AUTO else "feedback.how_reflection")
        points = number(part.points) if part.graded or part.kind == AUTO else ""
        shown = escape(points) if points else f"<em>{escape(messages.text('feedback.not_graded_yet'))}</em>"
        rows.append(f'<tr><th scope="row">{escape(label)}</th><td>{escape(how)}</td>'
                    f'<td class="num">{shown}</td><td class="num">{escape(number(part.max_points))}</td></tr>')
    return (f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _points_summary(result: SessionResult) -> str:
    if result.status == GRADED:
        text = messages.text("feedback.summary_graded", points=number(result.total), out_of=number(result.total_max),
                             auto=number(result.auto_points), auto_max=number(result.auto_max),
                             reflections=number(result.reflection_points or 0),
                             reflection_max=number(result.reflection_max))
    else:
        text = messages.text("feedback.summary_awaiting", auto=number(result.auto_points),
                             auto_max=number(result.auto_max), graded=result.reflections_graded,
                             count=len(result.reflection_parts))
    parts = [f"<p>{escape(text)}</p>"]
    if result.complete:
        parts.append(f'<p class="complete">&#10003; {escape(messages.text("feedback.complete"))}</p>')
    return "".join(parts)


def _answers_html(result: SessionResult) -> str:
    if result.answers is None:
        return f'<p class="problem">&#9888; {escape(messages.text("feedback.answers_unreadable"))}</p>'
    blocks = []
    for exercise in result.answers.spec.exercises:
        if exercise.ungraded:  # closing feedback: read only without names
            continue
        name = exercise.name
        body = render(result.answers.models[name])
        if exercise.prompts:  # its prompts sit one level below the exercise title
            body = one_level_down(body)
        blocks.append(f'<section class="exercise"><h4>{escape(messages.text(f"{name}.title"))}</h4>{body}</section>')
    return "".join(blocks)


def _comments_html(comments: list[Remark]) -> str:
    if not comments:
        return f"<p>{escape(messages.text('feedback.no_comments'))}</p>"
    items = []
    for remark in comments:
        label = part_label(remark.exercise, remark.prompt, messages.text("feedback.comment_general"))
        text = "".join(f"<p>{escape(line)}</p>" for line in remark.text.splitlines() if line.strip())
        items.append(f"<dt>{escape(label)}</dt><dd>{text}</dd>")
    return f"<dl>{''.join(items)}</dl>"


def _session_html(result: SessionResult) -> str:
    anchor = f"feedback-{result.session}"
    parts = [f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{escape(session_title(result.session))}</h2>']
    if result.status == NOT_SUBMITTED:
        parts.append(f"<p>{escape(messages.text('feedback.not_submitted'))}</p>")
    elif result.status == NOT_GRADED:
        parts.append(f"<p>{escape(messages.text('feedback.not_graded'))}</p>")
    else:
        parts += [f"<h3>{escape(messages.text('feedback.points_heading'))}</h3>", _points_summary(result),
                  _points_table(result),
                  f"<h3>{escape(messages.text('feedback.answers_heading'))}</h3>", _answers_html(result),
                  f"<h3>{escape(messages.text('feedback.comments_heading'))}</h3>", _comments_html(result.comments)]
    parts.append("</section>")
    return "".join(parts)


STYLE = f"""
body {{ font-family: system-ui, sans-serif; line-height: 1.5; max-width: 60rem; margin: 0 auto; padding: 1rem;
       color: #1a1a1a; background: #fff; }}
table {{ border-collapse: collapse; margin: 0.5rem 0 1rem; }}
caption {{ text-align: left; font-weight: 600; padding: 0.25rem 0; }}
th, td {{ border: 1px solid #767676; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }}
td.num {{ text-align: right; }}
section.exercise {{ border-top: 1px solid #ccc; margin-top: 1rem; }}
/* the exercise title is already the heading: its table captions stay for screen readers only */
section.exercise caption {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
.complete {{ color: {OK_TEXT_COLOUR}; font-weight: 600; }}
.problem {{ color: {PROBLEM_TEXT_COLOUR}; font-weight: 600; }}
dt {{ font-weight: 600; }}
a:focus, a:hover {{ outline: 3px solid {OK_COLOUR}; }}
"""


def feedback_page(participant: Participant, sessions: list[str]) -> str:
    """One participant's feedback: a whole web page with no scripts and no outside files.

    Everything a participant wrote is escaped; the policy that forbids any script is a second line of defence.
    """
    title = messages.text("feedback.page_title")
    results = [participant.sessions[s] for s in sessions]
    nav = "".join(f'<li><a href="#feedback-{r.session}">{escape(session_title(r.session))}</a></li>' for r in results)
    body = "".join(_session_html(r) for r in results)
    return (f'<!DOCTYPE html>\n<html lang="{escape(messages.language())}">\n<head><meta charset="utf-8">'
            f"{csp_meta()}"
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body><main>"
            f"<h1>{escape(title)}</h1>"
            f"<p>{escape(messages.text('feedback.for_participant', name=participant.name or participant.id))}</p>"
            f"<p>{escape(messages.text('feedback.intro'))}</p>"
            f'<nav aria-label="{escape(messages.text("feedback.sessions_nav"))}"><ul>{nav}</ul></nav>'
            f"{body}</main>\n<footer><p>{escape(messages.text('feedback.footer'))}</p></footer>\n</body>\n</html>\n")
