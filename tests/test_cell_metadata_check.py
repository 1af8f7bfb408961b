"""Our check of nbgrader's cell metadata gives nbgrader's verdicts, on every release notebook and on
broken ones. (It exists to be faster: nbgrader re-checks its schema for every cell it checks.)"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbgrader.preprocessors import CheckCellMetadata

from workbooks.grading import CheckCellMetadataQuickly
from workbooks.sessions import session_ids

REPO = Path(__file__).resolve().parents[1]


def release(session_id: str) -> Any:
    return nbformat.read(REPO / "release" / session_id / f"{session_id}.ipynb", as_version=4)


def first_graded(notebook: Any) -> Any:
    return next(cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade"))


def verdict(check: Any, notebook: Any) -> str:
    try:
        check.preprocess(copy.deepcopy(notebook), {})
    except Exception as error:  # noqa: BLE001 (the verdict is the kind of error, whatever it is)
        return type(error).__name__
    return "valid"


def _set(key: str, value: Any) -> Callable[[Any], None]:
    def change(notebook: Any) -> None:
        first_graded(notebook).metadata["nbgrader"][key] = value
    return change


def _drop(key: str) -> Callable[[Any], None]:
    def change(notebook: Any) -> None:
        del first_graded(notebook).metadata["nbgrader"][key]
    return change


def _duplicate_grade_id(notebook: Any) -> None:
    graded = [cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")]
    graded[1].metadata["nbgrader"]["grade_id"] = graded[0].metadata["nbgrader"]["grade_id"]


def _task_cell_made_code(notebook: Any) -> None:
    cell = next(cell for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("task"))
    cell.cell_type = "code"


BREAKAGES: dict[str, Callable[[Any], None]] = {
    "points are text": _set("points", "three"),
    "points missing": _drop("points"),
    "grade is not a flag": _set("grade", "yes"),
    "grade id empty": _set("grade_id", ""),
    "grade id missing": _drop("grade_id"),
    "schema too old": _set("schema_version", 1),
    "schema too new": _set("schema_version", 99),
    "unknown key": _set("surprise", 1),
    "duplicated grade id": _duplicate_grade_id,
    "task cell made a code cell": _task_cell_made_code,
}


@pytest.mark.parametrize("session_id", session_ids())
def test_every_release_notebook_passes_both_checks(session_id):
    notebook = release(session_id)
    assert verdict(CheckCellMetadata(), notebook) == "valid"
    assert verdict(CheckCellMetadataQuickly(), notebook) == "valid"


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_broken_metadata_gets_nbgraders_verdict(breakage):
    notebook = release(session_ids()[1])
    BREAKAGES[breakage](notebook)
    expected = verdict(CheckCellMetadata(), notebook)
    assert verdict(CheckCellMetadataQuickly(), notebook) == expected
    if breakage != "unknown key":  # nbgrader's schema allows extra keys (its upgrade step drops them)
        assert expected != "valid"
