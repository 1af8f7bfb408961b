"""The notebook cells that follow from a session's declaration, and nbgrader's cell metadata.

A session notebook holds hand-written lesson prose and mark schemes, and cells
that follow from the declarations in ``workbooks/sessions/``: the setup cell,
each exercise's answer and check cells, the grading metadata of its task
cells, the closing feedback and the hand-in. ``sync`` brings those cells in
step with the declarations, idempotently, and leaves every other cell alone
(as PDSH's tools/add_navigation.py rewrites only its marked cells).
Notebooks are plain JSON here, so the grading kernel stays light.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .exercises import Session

SETUP_GRADE_ID = "workbook_setup"
HAND_IN_ID = "hand_in"
NBGRADER_SCHEMA = 3
# The cell metadata of every derived code cell, beside nbgrader's.
PARTICIPANT_CODE_CELL: dict[str, Any] = {"deletable": False, "editable": False, "jupyter": {"source_hidden": True}}


# ---------------------------------------------------------------- reading nbgrader's metadata

def nbgrader_meta(cell: dict[str, Any]) -> dict[str, Any]:
    """A cell's nbgrader metadata, or {} when it has none or it is damaged."""
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: dict[str, Any]) -> str:
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) else ""


def cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def is_setup_cell(cell: dict[str, Any]) -> bool:
    return grade_id(cell) == SETUP_GRADE_ID or "open_workbook(" in cell_source(cell)


# ---------------------------------------------------------------- the derived cells

# Each derived code cell's input is hidden; JupyterLab still shows its first line, so that line
# says in plain words what the cell shows. Every cell works whichever is run first.

def setup_source(session_id: str) -> str:
    return ("# Sets up this workbook and brings back your saved answers.\n"
            f'from workbooks import open_workbook\n\nworkbook = open_workbook("{session_id}")')


def answer_source(session_id: str, exercise: str) -> str:
    """Shows the exercise; the solution notebook also fills in the worked example (nbgrader removes it)."""
    return ("# The boxes for this exercise are below.\nfrom workbooks import show\n\n### BEGIN SOLUTION\n"
            f'from workbooks import use_example\n\nuse_example("{session_id}", "{exercise}")\n### END SOLUTION\n'
            f'show("{session_id}", "{exercise}")')


def show_source(session_id: str, exercise: str) -> str:
    return f'# The boxes for this part are below.\nfrom workbooks import show\n\nshow("{session_id}", "{exercise}")'


def check_source(session_id: str, exercise: str) -> str:
    # Self-contained, so it works even if the setup cell was deleted (nbgrader puts back test cells only).
    return (f"# Checks whether this exercise is complete.\nfrom workbooks import check\n\n"
            f'check("{session_id}", "{exercise}")')


def hand_in_source(session_id: str) -> str:
    return ("# Download your work to hand it in, or bring back work you saved.\nfrom workbooks import hand_in\n\n"
            f'hand_in("{session_id}")')


# The in-browser edition (lite/build.py) installs the workbooks from its own site in each cell that uses them,
# after the cell's first line (the plain-words line JupyterLab shows of a hidden cell). A hand-in made there
# leaves that line out again (``handin.build_handin``), so its cells are the release's, as collect expects.
BROWSER_INSTALL = 'import piplite\nawait piplite.install("community-building-workbooks")\n'
USES_WORKBOOKS = "from workbooks import"


def for_browser(source: str) -> str:
    """A cell's code as the in-browser edition runs it."""
    if USES_WORKBOOKS not in source:
        return source
    first, _, rest = source.partition("\n")
    return f"{first}\n{BROWSER_INSTALL}{rest}" if first.startswith("#") else BROWSER_INSTALL + source


def from_browser(source: str) -> str:
    """A cell's code as released, from the in-browser edition's (any other code is left as it is)."""
    return source.replace(BROWSER_INSTALL, "", 1)


# What a task cell holds until its author writes the prompt and the mark scheme.
TASK_PLACEHOLDER = ("**Reflection, graded by your facilitator.** (Write the prompt for participants here.)\n\n"
                    "=== BEGIN MARK SCHEME ===\n\n(Write what earns each point here.)\n\n=== END MARK SCHEME ===")


@dataclass(frozen=True)
class DerivedCell:
    """A cell whose role, nbgrader metadata and (for code) text follow from the declarations."""

    id: str                      # the cell id, which is also its nbgrader grade id
    cell_type: str               # "code" or "markdown"
    source: str | None           # None: hand-written text (a task cell's prompt and mark scheme)
    solution: bool = False
    grade: bool = False
    task: bool = False
    locked: bool = True
    points: int | None = None

    def metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"grade": self.grade, "grade_id": self.id, "locked": self.locked,
                                "schema_version": NBGRADER_SCHEMA, "solution": self.solution}
        if self.points is not None:
            meta["points"] = self.points
        if self.task:
            meta["task"] = True
        return meta

    def cell_metadata(self) -> dict[str, Any]:
        """The cell's whole metadata: a participant sees what a code cell shows, never its code, and can
        neither change nor delete it (JupyterLab honours these keys; nbgrader's release keeps them)."""
        metadata: dict[str, Any] = {"nbgrader": self.metadata()}
        if self.cell_type == "code":
            metadata.update(PARTICIPANT_CODE_CELL)
        return metadata

    def new_cell(self) -> dict[str, Any]:
        cell: dict[str, Any] = {"cell_type": self.cell_type, "id": self.id, "metadata": self.cell_metadata(),
                                "source": TASK_PLACEHOLDER if self.source is None else self.source}
        if self.cell_type == "code":
            cell.update(execution_count=None, outputs=[])
        return cell


def setup_cell(session_id: str) -> DerivedCell:
    return DerivedCell(SETUP_GRADE_ID, "code", setup_source(session_id))


def derived_cells(session: Session) -> list[DerivedCell]:
    """Every derived cell of the session's notebook, in notebook order."""
    cells = [setup_cell(session.id)]
    for exercise in session.exercises:
        name = exercise.name
        if exercise.ungraded:  # shown, saved and handed in; nothing to fill in for the solution
            cells.append(DerivedCell(exercise.answer_id, "code", show_source(session.id, name)))
            continue
        cells.append(DerivedCell(exercise.answer_id, "code", answer_source(session.id, name), solution=True,
                                 locked=False))
        if exercise.check_id:
            cells.append(DerivedCell(exercise.check_id, "code", check_source(session.id, name), grade=True,
                                     points=exercise.points))
        cells += [DerivedCell(gid, "markdown", None, task=True, points=exercise.hand_graded)
                  for gid in exercise.task_ids]
    cells.append(DerivedCell(HAND_IN_ID, "code", hand_in_source(session.id)))
    return cells


# ---------------------------------------------------------------- keeping a notebook in step

class SyncProblem(ValueError):
    """The notebook cannot be brought in step without a person deciding (a cell to delete or move)."""


def _is_graded(cell: dict[str, Any]) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade") or meta.get("solution") or meta.get("task"))


def _find(cells: list[dict[str, Any]], cell_id: str) -> int | None:
    for i, cell in enumerate(cells):
        if grade_id(cell) == cell_id or (not nbgrader_meta(cell) and cell.get("id") == cell_id):
            return i
    return None


def _anchor(cells: list[dict[str, Any]], previous: int | None) -> int:
    """Where a missing cell goes: after the previous derived cell, or after the notebook's title."""
    if previous is not None:
        return previous + 1
    return 1 if cells and cells[0].get("cell_type") == "markdown" else 0


def _bring_in_step(cell: dict[str, Any], wanted: DerivedCell, changes: list[str]) -> None:
    if cell.get("cell_type") != wanted.cell_type:
        raise SyncProblem(f"cell {wanted.id} is {cell.get('cell_type')}, but the declarations make it "
                          f"{wanted.cell_type}; change it by hand")
    if cell.get("id") != wanted.id:
        cell["id"] = wanted.id
        changes.append(f"{wanted.id}: cell id")
    if wanted.source is not None and cell_source(cell) != wanted.source:
        cell["source"] = wanted.source
        changes.append(f"{wanted.id}: code")
    metadata = cell.setdefault("metadata", {})
    for key, value in wanted.cell_metadata().items():
        if metadata.get(key) != value:
            metadata[key] = value
            changes.append(f"{wanted.id}: {'grading metadata' if key == 'nbgrader' else key}")
    if wanted.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
        cell["outputs"], cell["execution_count"] = [], None
        changes.append(f"{wanted.id}: outputs cleared")


def sync(notebook: dict[str, Any], session: Session) -> list[str]:
    """Bring the derived cells of ``notebook`` in step with ``session``'s declarations, in place.

    Returns what changed ([] when the notebook was already in step). Missing
    cells are added after the cell before them; a graded cell that the
    declarations no longer have, or derived cells in the wrong order, raise
    :class:`SyncProblem` instead of being deleted or moved.
    """
    cells: list[dict[str, Any]] = notebook.setdefault("cells", [])
    wanted = derived_cells(session)
    known = {w.id for w in wanted}
    stray = [grade_id(c) or str(c.get("id")) for c in cells if _is_graded(c) and grade_id(c) not in known]
    if stray:
        raise SyncProblem(f"{session.notebook} has graded cells that {session.id} does not declare: "
                          f"{', '.join(stray)}. Delete them, or declare their exercise.")
    changes: list[str] = []
    previous: int | None = None
    for derived in wanted:
        index = _find(cells, derived.id)
        if index is None:
            index = _anchor(cells, previous)
            cells.insert(index, derived.new_cell())
            changes.append(f"{derived.id}: added")
        elif previous is not None and index < previous:
            raise SyncProblem(f"in {session.notebook}, cell {derived.id} comes before "
                              f"{grade_id(cells[previous])}; move it below, as the declarations order them")
        else:
            _bring_in_step(cells[index], derived, changes)
        previous = index
    return changes
