"""Each session's plan as facilitators and participants meet it: the facilitator's plan fills the hour and runs
the exercises the workbook places in the call, with one main activity in breakout rooms; participants read a short
paragraph on how the session runs (no facilitator's timings or notes), a marked "After the session" part, exercise
headings that match the exercises' titles, and the wrap-up before the hand-in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workbooks import messages, sessions
from workbooks.facilitation import get_plan

REPO = Path(__file__).resolve().parents[1]
SESSION_IDS = sessions.session_ids()
# The sessions planned as one main activity in the call and the rest after it (sessions 1 and 2 are revised
# separately; add them here once they have an "After the session" part).
PLANNED = ("session3", "session4", "session5", "session6")
AFTER = "after_the_session"
NUMBERED = re.compile(r"Exercise (\d+): (.+)")


def cells(session_id: str, folder: str = "source") -> list[dict]:
    path = REPO / folder / session_id / f"{session_id}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def ids(session_id: str) -> list[str]:
    return [c["id"] for c in cells(session_id)]


def cell_text(session_id: str, cell_id: str) -> str:
    return next(text(c) for c in cells(session_id) if c["id"] == cell_id)


def numbered_exercises(session_id: str) -> list[tuple[int, str, str]]:
    """(number, title after "Exercise N: ", exercise name) of every exercise whose title is numbered."""
    found = []
    for exercise in sessions.get(session_id).exercises:
        match = NUMBERED.fullmatch(messages.text(f"{exercise.name}.title"))
        if match:
            found.append((int(match[1]), match[2], exercise.name))
    return found


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_the_call_fills_one_hour_and_leaves_time_for_open_discussion(session_id):
    plan = get_plan(session_id)
    assert sum(block.minutes for block in plan.blocks) == 60, plan.timer_presets()
    assert plan.discussion == (20, 30)


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_the_call_has_one_main_activity_quiet_notes_then_breakout_rooms_then_a_share(session_id):
    plan = get_plan(session_id)
    (main,) = plan.main_activity
    assert plan.steps(main) == ("alone", "rooms", "share")


@pytest.mark.parametrize("session_id", PLANNED)
def test_the_exercises_done_in_the_call_are_the_ones_the_plan_runs(session_id):
    """Every exercise above "After the session" is run in the call, and every other one is left for after it."""
    order = ids(session_id)
    after = order.index(AFTER)
    in_call = {name for _, _, name in numbered_exercises(session_id) if order.index(f"{name}_intro") < after}
    assert in_call and set(get_plan(session_id).exercises) == in_call


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_the_plan_runs_exercises_in_the_order_the_workbook_shows_them(session_id):
    declared = sessions.get(session_id).names
    ran = get_plan(session_id).exercises
    assert list(ran) == sorted(ran, key=declared.index)


@pytest.mark.parametrize("folder", ["source", "release"])
@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_participants_read_how_the_session_runs_and_no_facilitators_notes(session_id, folder):
    notebook = cells(session_id, folder)
    assert not [c["id"] for c in notebook if "facilitator" in c["id"] or "Facilitator notes" in text(c)]
    overview = next(text(c) for c in notebook if c["id"] == "overview")
    assert "**Objectives**" in overview and "**How this session runs**" in overview
    for facilitators_words in ("**Timings**", "| Part | Minutes |", "**Roll call**", "Keep a timer"):
        assert facilitators_words not in overview
    runs = overview.split("**How this session runs**", 1)[1]
    for promise in ("about an hour", "20 to 30 minutes of open discussion", "quiet notes", "breakout group",
                    "whole group", "**Before you go**", "after the call"):
        assert promise in runs, promise


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
