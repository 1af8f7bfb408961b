"""The notebook cells derived from the declarations: ``workbooks.cells.sync`` keeps them in step, idempotently."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from workbooks import sessions
from workbooks import workbook as workbook_module
from workbooks.cells import HAND_IN_ID, SETUP_GRADE_ID, SyncProblem, derived_cells, grade_id, nbgrader_meta, sync

REPO = Path(__file__).resolve().parents[1]
SESSION_IDS = sessions.session_ids()


def source(session_id: str) -> nbformat.NotebookNode:
    return nbformat.read(REPO / "source" / session_id / f"{session_id}.ipynb", as_version=4)


def cell(notebook, wanted: str):
    return next(c for c in notebook.cells if grade_id(c) == wanted)


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_the_source_notebooks_are_in_step_and_a_sync_leaves_their_bytes_alone(session_id):
    path = REPO / "source" / session_id / f"{session_id}.ipynb"
    notebook = source(session_id)
    assert sync(notebook, sessions.get(session_id)) == []
    assert nbformat.writes(nbformat.from_dict(notebook)) + "\n" == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_participants_see_no_code_and_can_neither_change_nor_delete_a_code_cell(session_id):
    released = nbformat.read(REPO / "release" / session_id / f"{session_id}.ipynb", as_version=4)
    code = [c for c in released.cells if c.cell_type == "code"]
    assert code
    for c in code:
        assert c.metadata.get("jupyter", {}).get("source_hidden") is True, c.id
        assert c.metadata.get("editable") is False and c.metadata.get("deletable") is False, c.id


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_any_released_code_cell_run_first_shows_its_part_without_an_error(session_id, tmp_path, monkeypatch, capsys):
    """A participant may run any cell before the setup cell: each opens the workbook itself. Its hidden
    code's first line is a comment in plain words, which JupyterLab shows in place of the code."""
    released = nbformat.read(REPO / "release" / session_id / f"{session_id}.ipynb", as_version=4)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    for c in released.cells:
        if c.cell_type != "code":
            continue
        assert c.source.startswith("# ") and "workbook." not in c.source, c.id
        workbook_module._opened.clear()  # a fresh kernel: nothing opened yet
        exec(compile(c.source, c.id, "exec"), {})
        shown = capsys.readouterr()
        assert "Error" not in shown.out + shown.err, (c.id, shown)


def test_a_sync_hides_a_code_cell_someone_showed_again():
    notebook = source("session2")
    setup = cell(notebook, SETUP_GRADE_ID)
    setup.metadata["jupyter"] = {"source_hidden": False}
    setup.metadata["editable"] = True
    assert sorted(sync(notebook, sessions.get("session2"))) == [f"{SETUP_GRADE_ID}: editable",
                                                                 f"{SETUP_GRADE_ID}: jupyter"]
    assert setup.metadata["jupyter"] == {"source_hidden": True} and setup.metadata["editable"] is False


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_every_declared_cell_is_in_the_notebook_in_declared_order(session_id):
    notebook = source(session_id)
    ids = [grade_id(c) for c in notebook.cells]
    positions = [ids.index(d.id) for d in derived_cells(sessions.get(session_id))]
    assert positions == sorted(positions)
    assert ids[positions[0]] == SETUP_GRADE_ID and ids[positions[-1]] == HAND_IN_ID


def damage(notebook, session_id: str) -> list[str]:
    """What a hurried author might do: delete a check cell, change points and code, unlock a cell."""
    spec = sessions.get(session_id)
    first = next(e for e in spec.exercises if e.check_id)
    task = next(gid for e in spec.exercises for gid in e.task_ids)
    notebook.cells.remove(cell(notebook, first.check_id))
    nbgrader_meta(cell(notebook, task))["points"] = 99
    cell(notebook, SETUP_GRADE_ID).source = 'workbook = open_workbook("elsewhere")'
    cell(notebook, first.answer_id).outputs = [nbformat.v4.new_output("stream", text="left over")]
    del nbgrader_meta(cell(notebook, HAND_IN_ID))["locked"]
    return [first.check_id, task, SETUP_GRADE_ID, first.answer_id, HAND_IN_ID]


@pytest.mark.parametrize("session_id", SESSION_IDS)
def test_a_sync_repairs_derived_cells_and_a_second_sync_changes_nothing(session_id):
    original = source(session_id)
    notebook = copy.deepcopy(original)
    touched = damage(notebook, session_id)
    changes = sync(notebook, sessions.get(session_id))
    assert {change.split(":")[0] for change in changes} == set(touched)
    assert nbformat.from_dict(notebook) == original
    assert sync(notebook, sessions.get(session_id)) == []


def test_a_missing_task_cell_comes_back_as_a_placeholder_for_its_author():
    notebook = source("session2")
    notebook.cells.remove(cell(notebook, "reflection_stakeholders"))
    assert sync(notebook, sessions.get("session2")) == ["reflection_stakeholders: added"]
    notebook = nbformat.from_dict(notebook)
    nbformat.validate(notebook)
    ids = [grade_id(c) for c in notebook.cells]
    assert ids.index("reflection_stakeholders") == ids.index("reflection_purpose") + 1
    added = cell(notebook, "reflection_stakeholders")
    assert added.cell_type == "markdown" and "BEGIN MARK SCHEME" in added.source
    assert nbgrader_meta(added) == {"grade": False, "grade_id": "reflection_stakeholders", "locked": True,
                                    "points": 3, "schema_version": 3, "solution": False, "task": True}


def test_lesson_prose_and_hand_written_cells_are_left_alone():
    notebook = source("session4")
    prose = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    charter = cell(notebook, "charter")
    notebook.cells.remove(cell(notebook, "vision_check"))
    sync(notebook, sessions.get("session4"))
    notebook = nbformat.from_dict(notebook)
    assert [c.source for c in notebook.cells if c.cell_type == "markdown"] == prose
    assert cell(notebook, "charter") == charter


def test_a_graded_cell_the_declarations_do_not_have_is_refused_not_deleted():
    notebook = source("session2")
    stray = copy.deepcopy(cell(notebook, "stakeholders_check"))
    nbgrader_meta(stray)["grade_id"] = stray.id = "budget_check"
    notebook.cells.append(stray)
    with pytest.raises(SyncProblem, match="budget_check"):
        sync(notebook, sessions.get("session2"))
    assert stray in notebook.cells


def test_derived_cells_in_the_wrong_order_are_refused_not_moved():
    notebook = source("session2")
    check = cell(notebook, "resources_check")
    notebook.cells.remove(check)
    notebook.cells.insert(0, check)
    with pytest.raises(SyncProblem, match="resources_check"):
        sync(notebook, sessions.get("session2"))


def test_the_setup_cell_the_grader_puts_back_is_the_declared_one():
    """A participant deleted the setup cell; nbgrader reads the one put back like any other cell."""
    from workbooks.grading import RestoreAnswers

    notebook = source("session2")
    notebook.cells.remove(cell(notebook, SETUP_GRADE_ID))
    resources = {"nbgrader": {"notebook": "session2"}, "metadata": {"path": str(REPO / "nowhere")}}
    RestoreAnswers().preprocess(notebook, resources)
    restored = cell(notebook, SETUP_GRADE_ID)
    assert restored.cell_type == "code" and restored.metadata.nbgrader.locked
    assert restored.source == derived_cells(sessions.get("session2"))[0].source
    assert sync(notebook, sessions.get("session2")) == []
