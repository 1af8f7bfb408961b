"""Each session's plan as facilitators and participants read it in the notebook: a timings table that adds up to
one hour, the exercises done in the call named in it, a marked "After the session" part, exercise headings that
match the exercises' titles, and the wrap-up before the hand-in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workbooks import messages, sessions

REPO = Path(__file__).resolve().parents[1]
SESSION_IDS = sessions.session_ids()
# The sessions planned as one main activity in the call and the rest after it (sessions 1 and 2 are revised
# separately; add them here once they have an "After the session" part).
PLANNED = ("session3", "session4", "session5", "session6")
AFTER = "after_the_session"
ROW = re.compile(r"^\| (.+?) \| (.+?) \|$", re.MULTILINE)
NAMED = re.compile(r"\bexercises? (\d+)(?: and (\d+))?", re.IGNORECASE)
NUMBERED = re.compile(r"Exercise (\d+): (.+)")


def cells(session_id: str) -> list[dict]:
    path = REPO / "source" / session_id / f"{session_id}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def ids(session_id: str) -> list[str]:
    return [c["id"] for c in cells(session_id)]


def cell_text(session_id: str, cell_id: str) -> str:
    return next(text(c) for c in cells(session_id) if c["id"] == cell_id)


def timings(session_id: str) -> list[tuple[str, str]]:
    """The rows of the overview's timings table, without its header."""
    rows = ROW.findall(cell_text(session_id, "overview"))
    assert rows[0] == ("Part", "Minutes")
    return rows[1:]


def numbered_exercises(session_id: str) -> list[tuple[int, str, str]]:
    """(number, title after "Exercise N: ", exercise name) of every exercise whose title is numbered."""
    found = []
    for exercise in sessions.get(session_id).exercises:
        match = NUMBERED.fullmatch(messages.text(f"{exercise.name}.title"))
        if match:
            found.append((int(match[1]), match[2], exercise.name))
    return found


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_the_timings_add_up_to_one_hour_and_leave_time_for_open_discussion(session_id):
    rows = timings(session_id)
    parts = [label for label, _ in rows]
    total = parts.index("**Lesson total**")
    assert rows[total][1] == "**60**"
    assert sum(int(minutes) for _, minutes in rows[:total]) == 60, rows[:total]
    assert rows[total + 1][0].startswith("Open discussion") and rows[total + 1][1] == "20 to 30"


@pytest.mark.parametrize("session_id", PLANNED)
def test_the_exercises_done_in_the_call_are_the_ones_the_timings_name(session_id):
    """One main activity in the call, named in the timings; every other exercise below "After the session"."""
    order = ids(session_id)
    after = order.index(AFTER)
    in_call = {n for n, _, name in numbered_exercises(session_id) if order.index(f"{name}_intro") < after}
    named = {int(n) for label, _ in timings(session_id) for pair in NAMED.findall(label) for n in pair if n}
    assert in_call and named == in_call
    assert len({label for label, _ in timings(session_id) if label.startswith("Main activity")}) == 3


@pytest.mark.parametrize("session_id", PLANNED)
def test_the_after_the_session_part_is_marked_and_says_when_it_is_done(session_id):
    heading = cell_text(session_id, AFTER)
    assert heading.startswith("## After the session\n")
    assert "done after the call" in heading
    order = ids(session_id)
    graded_after = [name for _, _, name in numbered_exercises(session_id)
                    if order.index(f"{name}_intro") > order.index(AFTER)]
    assert graded_after, "nothing is left for after the call"
    assert order.index(AFTER) < order.index("closing_feedback_intro") < order.index("hand_in_intro")


@pytest.mark.parametrize("session_id", PLANNED)
def test_each_exercise_heading_matches_its_title(session_id):
    exercises = numbered_exercises(session_id)
    assert len(exercises) >= 3
    for number, title, name in exercises:
        first_line = cell_text(session_id, f"{name}_intro").split("\n", 1)[0]
        assert first_line == f"## {number}. {title}", name


@pytest.mark.parametrize("session_id", PLANNED)
def test_the_key_points_and_further_reading_come_before_the_hand_in(session_id):
    order = ids(session_id)
    last_exercise = max(order.index(f"{name}_intro") for _, _, name in numbered_exercises(session_id))
    assert last_exercise < order.index("key_points") < order.index("further_reading") < order.index("hand_in_intro")
