"""Hand-ins made in a moment, and nbgrader's autograde with the role repair, for the collect and grading tests.

A hand-in here is the release notebook with answers inside: each exercise's worked
example (so every check passes), and the participant ID and save time the test
needs; no widget runs. ``autograde`` runs nbgrader's own autograde on what is
filed in ``submitted/``, with :func:`workbooks.cell_roles.repair_roles` first, as
``workbooks.grading.RestoreAnswers`` is to run it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from course_support import REPO
from workbooks.answers import Answers
from workbooks.notebook_copy import embed
from workbooks.sessions import get

NOW = datetime.now(UTC).replace(microsecond=0)


def ago(**delta: float) -> str:
    """A plausible save time: now less ``delta`` (a save time must not be in the future)."""
    return (NOW - timedelta(**delta)).isoformat()


def answers(session: str, participant: str, saved_at: object) -> Answers:
    spec = get(session)
    found = Answers.empty(spec)
    for exercise in spec.exercises:
        found.models[exercise.name].load(dict(exercise.example))
    found.participant_id = participant
    found.saved_at = saved_at  # type: ignore[assignment]  (a test may write any JSON value)
    return found


def notebook(session: str, participant: str, saved_at: object, release: Path = REPO / "release") -> dict:
    """The release notebook with the answers inside, as "Download my work" gives it (as JSON)."""
    data = json.loads((release / session / f"{session}.ipynb").read_text(encoding="utf-8"))
    return embed(data, answers(session, participant, saved_at), "All exercises started.")


def as_bytes(data: object) -> bytes:
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def answers_file(session: str, participant: str, saved_at: object) -> bytes:
    return as_bytes(answers(session, participant, saved_at).to_dict())


def autograde(course, session: str, participant: str, repair: bool = True) -> dict:
    """nbgrader's autograde of ``submitted/<participant>/<session>``: the course's own steps (whose
    RestoreAnswers repairs the graded cells first), or (``repair=False``) nbgrader's default sanitize
    steps alone, which the course's add to."""
    from nbgrader.converters import Autograde

    if repair:
        api = course.api()
    else:
        stock = Autograde.class_traits()["sanitize_preprocessors"].default()
        api = course.api(Autograde={"sanitize_preprocessors": stock})
    return api.autograde(session, participant, force=True, create=True)


def points(course, session: str, participant: str) -> float:
    """The autograded points nbgrader recorded."""
    with course.gradebook() as gradebook:
        graded = gradebook.find_submission_notebook(session, session, participant)
        return sum(g.auto_score or 0 for g in graded.grades if g.cell.cell_type == "code")
