"""The closing part of a facilitator's kit: what the cohort wrote in a session's "Before you go" boxes.

The same anonymised summary as the cohort dashboard (``workbooks report``): answers
grouped and sorted per question, no names or IDs, and nothing shown when fewer
than three participants gave feedback. It reads the course folder the kit sits in,
once participants' hand-ins are collected and graded.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path

from ..facilitator.course import Course, CourseError
from ..facilitator.dashboard import MIN_GROUP, feedback_answers, feedback_html
from ..facilitator.results import load

log = logging.getLogger(__name__)


def closing_feedback_html(session_id: str, start: Path | None = None) -> str:
    """The cohort's closing feedback for one session, or a sentence saying why there is none to show."""
    try:
        course = Course.find(start)
    except CourseError:
        return _note("This kit is not inside a course folder, so there is no cohort feedback to show. Open it "
                     "from your copy of the course (make facilitate).")
    try:
        cohort = load(course, [session_id])
        found = [(count, prompts) for session, count, prompts in feedback_answers(cohort) if session == session_id]
    except Exception:  # a damaged course folder must not break the kit during a call
        log.debug("reading the cohort's closing feedback failed", exc_info=True)  # the sentence says what to run
        return _note("The cohort's feedback could not be read. Run workbooks report in the course folder to see "
                     "what is wrong.")
    contributors, prompts = found[0] if found else (0, {})
    if contributors == 0:
        return _note("No closing feedback for this session has been collected yet. After the call, once people "
                     "have handed in, run workbooks collect and workbooks grade, then run this cell again.")
    if contributors < MIN_GROUP:
        people = "participant has" if contributors == 1 else "participants have"
        return _note(f"Hidden: {contributors} {people} given feedback so far. It is shown from {MIN_GROUP} on, so "
                     "that no one's answers can be picked out.")
    return ('<section class="workbooks-closing" aria-label="The cohort\'s closing feedback">'
            + feedback_html(contributors, prompts, "h4") + "</section>")


def _note(text: str) -> str:
    return f"<p><em>{escape(text)}</em></p>"


def cohort_closing_feedback(session_id: str) -> None:
    """Shows the cohort's closing feedback for a session, below the kit's closing questions."""
    from IPython.display import HTML, display

    display(HTML(closing_feedback_html(session_id)))
