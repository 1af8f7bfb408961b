"""What holds for every session's declaration, its notebook, its texts and the lists derived from it."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from workbooks import messages, sessions
from workbooks.answers import Answers, parse
from workbooks.cells import grade_id, nbgrader_meta
from workbooks.exercises import CLOSING_FEEDBACK, SHARING, Exercise, Session
from workbooks.kinds.form import Form, prompts_answered
from workbooks.kinds.reflections import Reflections
from workbooks.kinds.table import enough_rows
from workbooks.kinds.timeline import Timeline

REPO = Path(__file__).resolve().parents[1]
SESSIONS = sessions.all_sessions()
IDS = [s.id for s in SESSIONS]


@pytest.fixture(params=SESSIONS, ids=IDS)
def spec(request):
    return request.param


def notebook(session_id: str) -> nbformat.NotebookNode:
    return nbformat.read(REPO / "source" / session_id / f"{session_id}.ipynb", as_version=4)


# ---------------------------------------------------------------- the course's lists

def test_the_course_is_the_sessions_in_source_and_nbgrader_config():
    assert IDS == sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())
    config = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "SESSIONS = session_ids()" in config and '"session1"' not in config


README_ROW = re.compile(r"^\| (\d+) \| (\d+) points \((\d+) exercises[^)]*\) \| (\d+) × (\d+) points \|$", re.M)


def test_the_readme_points_table_says_what_the_declarations_say():
    rows = {f"session{n}": (int(p), int(e), int(k), int(each))
            for n, p, e, k, each in README_ROW.findall((REPO / "README.md").read_text(encoding="utf-8"))}
    declared = {}
    for spec in SESSIONS:
        by_hand = [e for e in spec.exercises if e.task_ids]
        declared[spec.id] = (spec.points, sum(1 for e in spec.exercises if e.points),
                             sum(len(e.task_ids) for e in by_hand), by_hand[0].hand_graded)
    assert rows == declared


# ---------------------------------------------------------------- each declaration

def test_exercise_names_are_unique_across_sessions_except_the_shared_ungraded_parts():
    """One name, one set of texts: a name in several sessions must be the same ungraded exercise there."""
    graded = [name for spec in SESSIONS for name in spec.graded]
    assert len(graded) == len(set(graded))
    assert all(CLOSING_FEEDBACK in spec.ungraded for spec in SESSIONS)
    assert {name for spec in SESSIONS for name in spec.ungraded} == {CLOSING_FEEDBACK, SHARING}


def test_each_session_ends_with_its_ungraded_parts_and_grades_everything_else(spec):
    """The closing feedback, then (where the session has work to show the cohort) the choice of what to share."""
    ending = (CLOSING_FEEDBACK, SHARING) if SHARING in spec.names else (CLOSING_FEEDBACK,)
    assert spec.names[-len(ending):] == ending and spec.ungraded == ending
    assert spec.graded == spec.names[:-len(ending)]
    assert all(spec.exercise(name).check is None for name in ending)


@pytest.mark.parametrize("declare", [
    lambda: Exercise("vision", Form, {"prompts": ("what",)}),                             # neither checked nor ungraded
    lambda: Exercise("vision", Form, {"prompts": ("what",)}, check=prompts_answered(1), ungraded=True),  # both
    lambda: Exercise("notes", Reflections, {"prompts": ("a",)}, ungraded=True, points=2),  # ungraded, yet points
    lambda: Exercise("roadmap", Timeline, {"columns": ("date",), "key": "date"}, check=enough_rows(1),
                     hand_graded=3),                                                      # by hand, but no prompts
    lambda: Session("session4", SESSIONS[-1].exercises + SESSIONS[-1].exercises[:1]),    # declared twice
])
def test_a_declaration_that_cannot_be_graded_as_written_is_refused(declare):
    with pytest.raises(ValueError):
        declare()


def test_every_exercise_has_a_title_and_help_text(spec):
    for name in spec.names:
        assert messages.text(f"{name}.title") and messages.text(f"{name}.help")
    assert spec.title


def test_grade_ids_say_which_exercise_and_prompt_they_belong_to(spec):
    for exercise in spec.exercises:
        if exercise.check_id:
            cell = spec.grade_cell(exercise.check_id)
            assert cell and (cell.exercise, cell.prompt, cell.points) == (exercise.name, "", exercise.points)
        for gid, prompt in exercise.task_ids.items():
            cell = spec.grade_cell(gid)
            assert cell and (cell.exercise, cell.prompt, cell.by_hand) == (exercise.name, prompt, True)
    assert spec.grade_cell("workbook_setup") is None and spec.grade_cell("nonsense_check") is None


def test_the_notebook_carries_the_declared_points_and_task_cells(spec):
    graded = {grade_id(c): nbgrader_meta(c) for c in notebook(spec.id).cells
              if nbgrader_meta(c).get("grade") or nbgrader_meta(c).get("task")}
    assert {gid: meta["points"] for gid, meta in graded.items()} == {c.grade_id: c.points for c in spec.grade_cells}


def test_task_cells_tell_participants_the_declared_points(spec):
    for cell in notebook(spec.id).cells:
        meta = nbgrader_meta(cell)
        if meta.get("task"):
            assert f"({meta['points']} points)" in cell.source, grade_id(cell)


# ---------------------------------------------------------------- the worked examples

def test_every_worked_example_passes_its_check_and_a_blank_one_does_not(spec):
    full, blank = Answers.empty(spec), Answers.empty(spec)
    for exercise in spec.exercises:
        full.models[exercise.name].load(copy.deepcopy(exercise.example))
    for name in spec.graded:
        assert full.check(name).passed, name
        assert not blank.check(name).passed, name


def test_the_worked_examples_round_trip_through_an_answers_document(spec):
    full = Answers.empty(spec)
    for exercise in spec.exercises:
        full.models[exercise.name].load(copy.deepcopy(exercise.example))
    again = parse(spec, full.to_dict())
    assert again.problems == []
    assert again.to_dict()["exercises"] == {e.name: e.example for e in spec.exercises}


def test_new_models_are_fresh_each_time(spec):
    first, second = spec.new_models(), spec.new_models()
    assert all(first[name] is not second[name] for name in spec.names)


def test_new_models_share_no_answers():
    first, second = sessions.get("session4").new_models(), sessions.get("session4").new_models()
    first["core_values"].choose(0, "joy")
    assert second["core_values"].is_empty()
    assert all(first[n] is not second[n] for n in first)


# ---------------------------------------------------------------- optional exercises

def test_the_optional_stakeholder_map_keeps_its_check_button_but_no_graded_cell():
    spec = sessions.get("session2")
    stakeholder_map = spec.exercise("stakeholder_map")
    assert stakeholder_map.check_id is None and stakeholder_map.points == 0
    assert "stakeholder_map" in spec.graded  # so its view shows Check my work
    assert all(cell.exercise != "stakeholder_map" for cell in spec.grade_cells)
    assert "stakeholder_map_check" not in {grade_id(c) for c in notebook(spec.id).cells}
    assert "(optional)" in messages.text("stakeholder_map.title")


def test_complete_work_without_the_optional_map_earns_every_autograded_point():
    spec = sessions.get("session2")
    answers = Answers.empty(spec)
    for exercise in spec.exercises:
        if exercise.name != "stakeholder_map":
            answers.models[exercise.name].load(copy.deepcopy(exercise.example))
    earned = sum(cell.points for cell in spec.grade_cells if not cell.by_hand and answers.check(cell.exercise).passed)
    assert earned == spec.points > 0
    assert not answers.check("stakeholder_map").passed  # Check my work still says the map is not done
