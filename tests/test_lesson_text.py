"""What the lesson text promises and how it reads: timings add up, promises between sessions are kept."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from workbooks import sessions

REPO = Path(__file__).resolve().parents[1]
IDS = [s.id for s in sessions.all_sessions()]


def cells(session_id: str, folder: str = "source") -> dict[str, str]:
    """A notebook's cells, by id: their text."""
    notebook = nbformat.read(REPO / folder / session_id / f"{session_id}.ipynb", as_version=4)
    return {cell.id: cell.source for cell in notebook.cells}


def overview(session_id: str) -> str:
    return cells(session_id)["overview"]


ROW = re.compile(r"^\| (?P<part>[^|]+?) \| (?P<minutes>[^|]+?) \|$", re.M)


def timings(session_id: str) -> list[tuple[str, str]]:
    """The rows of the overview's timing table, below its header, as (part, minutes)."""
    rows = [(m["part"], m["minutes"]) for m in ROW.finditer(overview(session_id))]
    start = rows.index(("Part", "Minutes"))
    return [row for row in rows[start + 1:] if not set(row[0]) <= set("-")]


# ---------------------------------------------------------------- timings

@pytest.mark.parametrize("session_id", IDS)
def test_the_timing_table_adds_up_to_an_hour_then_20_to_30_minutes_of_open_discussion(session_id):
    rows = timings(session_id)
    total = rows.index(("**Lesson total**", "**60**"))
    assert sum(int(minutes) for _, minutes in rows[:total]) == 60, rows[:total]
    after = rows[total + 1:]
    assert len(after) == 1 and after[0][0].startswith("Open discussion") and after[0][1] == "20 to 30", after


def test_session_1_gives_its_skills_lesson_a_slot_before_the_rating():
    parts = [part for part, _ in timings("session1")]
    assert parts.index("Short lesson: the skills behind community work") == parts.index(
        "Exercise 4: Rate your skills") - 1


def test_session_2_sets_aside_the_ten_minutes_session_1_promises_for_origin_stories():
    assert "about ten minutes of the open discussion in Session 2" in cells("session1")["facilitator_notes"]
    open_discussion = timings("session2")[-1][0]
    assert "10 minutes" in open_discussion and "origin stories" in open_discussion
    notes = cells("session2")["facilitator-notes"]
    assert "ten minutes" in notes and "origin stories" in notes and "Session 1 assignment" in notes
