"""Notebooks are clean, complete, run without errors, and are written in our own words."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from workbooks import sessions
from workbooks.cells import show_source

REPO = Path(__file__).resolve().parents[1]
SOURCE = sorted((REPO / "source").glob("*/*.ipynb"))
RELEASE = sorted((REPO / "release").glob("*/*.ipynb"))
ALL = SOURCE + RELEASE
SEED_OVERLAP = Path(os.environ.get("WORKBOOKS_SEED_OVERLAP", REPO.parent / "shared" / "tools" / "seed_overlap.py"))


def ids(paths):
    return [str(p.relative_to(REPO)) for p in paths]


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_notebook_is_valid_and_clean(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    cell_ids = [cell.get("id") for cell in notebook.cells]
    assert all(cell_ids) and len(set(cell_ids)) == len(cell_ids), "every cell needs its own id"
    assert notebook.metadata.kernelspec.name == "python3", "another kernel name makes JupyterLab ask which kernel"
    assert "widgets" not in notebook.metadata, "widget state is stored"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {cell.id} has outputs"
    grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in notebook.cells if "nbgrader" in c.metadata]
    assert len(set(grade_ids)) == len(grade_ids), "grade_ids must be unique"


@pytest.mark.parametrize("path", RELEASE, ids=ids(RELEASE))
def test_release_holds_no_solutions_or_mark_schemes(path):
    text = path.read_text()
    for leak in ("BEGIN SOLUTION", "MARK SCHEME", "use_example", "Mark scheme"):
        assert leak not in text


@pytest.mark.parametrize("path", RELEASE, ids=ids(RELEASE))
def test_participants_see_each_reflections_points_before_they_write_but_not_the_graders_note(path):
    """Formative marking: the criteria for 1, 2 and 3 points are in the participant's notebook; the mark
    scheme (the grader's note) is not."""
    notebook = nbformat.read(path, as_version=4)
    spec = sessions.get(path.stem)
    reflections = {c.metadata["nbgrader"]["grade_id"]: c.source for c in notebook.cells
                   if c.metadata.get("nbgrader", {}).get("task")}
    assert set(reflections) == {f"reflection_{p}" for e in spec.exercises if e.hand_graded for p in e.prompts}
    for grade_id, text in reflections.items():
        assert "What your facilitator looks for" in text, grade_id
        for points in ("1 point:", "2 points:", "3 points:", "0 points:"):
            assert f"- {points}" in text, f"{grade_id}: no criteria for {points}"
        assert "Give the points listed above" not in text, f"{grade_id}: the grader's note reached participants"


@pytest.mark.parametrize("path", SOURCE, ids=ids(SOURCE))
def test_every_exercise_has_its_cell_and_every_check_its_test_cell(path):
    notebook = nbformat.read(path, as_version=4)
    spec = sessions.get(path.stem)
    sources = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    tests = {c.metadata["nbgrader"]["grade_id"]: c for c in notebook.cells
             if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"}
    for exercise in spec.names:
        assert f'show("{spec.id}", "{exercise}")' in sources
    for name, cell in tests.items():
        assert name.removesuffix("_check") in spec.graded, f"{name}: a test cell for an exercise without a check"
        assert cell.metadata["nbgrader"]["locked"] and cell.metadata["nbgrader"]["points"] > 0
        assert f'check("{spec.id}", "{name.removesuffix("_check")}")' in cell.source
        assert "workbook." not in cell.source, "a test cell must not depend on the setup cell"
    for name in spec.ungraded:  # shown in a locked cell of its own, never graded
        cells = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == name]
        assert len(cells) == 1 and cells[0].id == name and cells[0].source == show_source(spec.id, name)
        nbgrader = cells[0].metadata["nbgrader"]
        assert nbgrader["locked"] and not nbgrader["grade"] and not nbgrader["solution"] and "points" not in nbgrader
        assert not any(name in c.source for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade"))
    tasks = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("task")]
    assert tasks and all("BEGIN MARK SCHEME" in c.source for c in tasks), "reflections need a mark scheme"


@pytest.mark.slow  # starts a kernel and runs the whole notebook
@pytest.mark.parametrize("path", RELEASE, ids=ids(RELEASE))
def test_run_all_as_a_participant_shows_no_error_or_warning(path, tmp_path, monkeypatch):
    """What a participant sees after Run All in a fresh release notebook."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    notebook = nbformat.read(copy, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {cell.id}: {output.get('evalue')}"
            assert not (output.output_type == "stream" and output.name == "stderr"), f"cell {cell.id}: {output.text}"


@pytest.mark.slow
def test_every_notebook_runs_under_nbval(tmp_path):
    for path in ALL:
        target = tmp_path / path.parent.parent.name / path.parent.name
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / path.name)
    env = {k: v for k, v in os.environ.items() if k not in ("NBGRADER_EXECUTION", "JPY_SESSION_NAME")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider",
         "--nbval-sanitize-with", str(REPO / "tests" / "nbval_sanitize.cfg"), "-q", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_lesson_text_repeats_no_seed_passage():
    """Over the whole repository: the lessons, the facilitator's kits (facilitator/) and their plans, docs and code."""
    if not SEED_OVERLAP.exists():
        pytest.skip(f"the own-words tool is not at {SEED_OVERLAP}; set WORKBOOKS_SEED_OVERLAP to its path")
    result = subprocess.run([sys.executable, str(SEED_OVERLAP), "."], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:]


def test_every_binder_link_opens_an_existing_release_notebook():
    import re

    readme = (REPO / "README.md").read_text()
    targets = re.findall(r"mybinder\.org/v2/gh/[^)\s]+\?urlpath=lab/tree/([^)\s]+)", readme)
    assert targets, "the README has no Binder link"
    for target in targets:
        assert (REPO / target).is_file(), f"Binder link to a missing notebook: {target}"
    assert sorted(targets) == sorted(str(p.relative_to(REPO)) for p in RELEASE), "a release notebook has no link"


@pytest.mark.parametrize("path", SOURCE, ids=ids(SOURCE))
def test_grader_puts_back_the_same_setup_cell_the_notebook_has(path):
    from workbooks.cells import SETUP_GRADE_ID, setup_source

    notebook = nbformat.read(path, as_version=4)
    setup = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == SETUP_GRADE_ID]
    assert len(setup) == 1 and setup[0].source == setup_source(path.stem)
