"""Graded cells whose roles a participant's notebook no longer holds as declared, and their repair.

A participant can paste a copy of a locked cell, rename a cell's grade id, delete a
cell, or change its nbgrader settings (grade, solution, task) or its cell type.
nbgrader 0.9.6's autograde then stops with a traceback (a ``KeyError`` in
``OverwriteCells``, "Inconsistent checksums", a metadata validation error).

``role_problems`` says what is wrong, in words for the facilitator;
``repair_roles`` changes the notebook so that autograde's sanitize step grades it:
every cell that is not the one genuine carrier of an expected grade id becomes an
ordinary cell (its text is kept, so nothing the participant wrote is lost), and
every declared cell without a genuine carrier is put back where it belongs.
nbgrader's ``OverwriteCells`` then gives the locked cells their text from the
gradebook. Notebooks are plain JSON here (nbformat's nodes are dicts too).

The expected cells are the declared ones (:func:`workbooks.cells.derived_cells`)
and the lesson's own locked cells, such as session 4's ``charter``. Those are
not declared: pass their grade ids (from the release notebook or the gradebook)
as ``lesson_cells``, or leave it out, and a locked cell whose cell id is its grade
id counts as one (released cells carry their grade id as cell id; a pasted copy
gets a new cell id, a renamed cell keeps its old one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from .cells import DerivedCell, derived_cells, grade_id, nbgrader_meta
from .exercises import Session

DUPLICATED, UNKNOWN, DELETED, ROLE_CHANGED = "duplicated", "renamed_or_unknown", "deleted", "role_changed"
ROLE_FLAGS = ("grade", "solution", "task")
LESSON_CELL = "lesson"  # the cell type of a lesson's locked cell: either, as the author made it
SOLUTION_BLOCK = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION\n", re.DOTALL)
NO_SETTINGS = object()


@dataclass(frozen=True)
class RoleProblem:
    grade_id: str
    kind: str      # "duplicated" | "renamed_or_unknown" | "deleted" | "role_changed"
    index: int     # cell index in the notebook (-1 for deleted)
    message: str   # facilitator-facing: what is wrong AND what grading does about it


@dataclass
class _Plan:
    """What the notebook holds: the genuine carrier of each expected cell, and every other graded cell."""

    expected: dict[str, DerivedCell] = field(default_factory=dict)  # every grade id the gradebook knows
    genuine: dict[str, int] = field(default_factory=dict)   # grade id -> cell index
    problems: list[RoleProblem] = field(default_factory=list)
    to_strip: list[int] = field(default_factory=list)        # cells whose nbgrader settings go
    to_restore: list[DerivedCell] = field(default_factory=list)  # declared cells to put back


def role_problems(spec: Session, notebook: dict, lesson_cells: Collection[str] | None = None) -> list[RoleProblem]:
    """What is wrong with the graded cells of ``notebook`` (a session ``spec`` notebook); [] when nothing is."""
    return _plan(spec, notebook, lesson_cells).problems


def repair_roles(spec: Session, notebook: dict, lesson_cells: Collection[str] | None = None) -> list[RoleProblem]:
    """Repairs ``notebook`` in place so nbgrader's autograde can grade it; returns what was wrong.

    Impostor cells keep their text as ordinary cells; the genuine carriers get the
    expected nbgrader settings; missing declared cells are put back after the
    declared cell before them. Call it before nbgrader's sanitize preprocessors.
    """
    plan = _plan(spec, notebook, lesson_cells)
    cells = _cells(notebook)
    for index in plan.to_strip:
        del cells[index]["metadata"]["nbgrader"]
    for gid, index in plan.genuine.items():
        _normalise(notebook, cells[index], plan.expected[gid])
    genuine = {id(cells[i]): gid for gid, i in plan.genuine.items()}  # by identity: indices shift as cells go in
    order = [d.id for d in derived_cells(spec)]
    for missing in plan.to_restore:
        _put_back(notebook, missing, order, genuine)
    return plan.problems


# -- reading the notebook -------------------------------------------------------------

def _cells(notebook: dict) -> list[Any]:
    cells = notebook.get("cells")
    return cells if isinstance(cells, list) else []


def _nbgrader(cell: object) -> object:
    """The raw nbgrader settings of a cell (of any type, even null), or NO_SETTINGS when it has none."""
    if not isinstance(cell, dict) or not isinstance(cell.get("metadata"), dict) or "nbgrader" not in cell["metadata"]:
        return NO_SETTINGS
    return cell["metadata"]["nbgrader"]


def _has_role(settings: object) -> bool:
    if not isinstance(settings, dict):
        return True  # damaged settings: nbgrader would refuse them, so they are reported and removed
    return bool(settings.get("grade_id")) or any(settings.get(k) for k in (*ROLE_FLAGS, "locked"))


def _expected(spec: Session, notebook: dict, lesson_cells: Collection[str] | None) -> dict[str, DerivedCell]:
    """Every grade id the gradebook knows for this notebook, with its role."""
    expected = {d.id: d for d in derived_cells(spec)}
    if lesson_cells is None:  # as released: the cell id is the grade id
        lesson_cells = {gid for c in _cells(notebook) if isinstance(c, dict) and (gid := grade_id(c))
                        and c.get("id") == gid and _fits(c, DerivedCell(gid, LESSON_CELL, None))
                        and nbgrader_meta(c).get("locked") is True}
    for gid in lesson_cells:
        expected.setdefault(gid, DerivedCell(gid, LESSON_CELL, None))
    return expected


def _fits(cell: dict, expected: DerivedCell) -> bool:
    """Whether the cell plays the expected role: the same cell type, and grade/solution/task as expected."""
    settings = _nbgrader(cell)
    if not isinstance(settings, dict) or expected.cell_type not in (cell.get("cell_type"), LESSON_CELL):
        return False
    wanted = {"grade": expected.grade, "solution": expected.solution, "task": expected.task}
    return all(settings.get(flag, False) is wanted[flag] for flag in ROLE_FLAGS)


def _plan(spec: Session, notebook: dict, lesson_cells: Collection[str] | None) -> _Plan:
    expected = _expected(spec, notebook, lesson_cells)
    plan = _Plan(expected)
    carriers: dict[str, list[int]] = {}
    cells = _cells(notebook)
    for index, cell in enumerate(cells):
        settings = _nbgrader(cell)
        if settings is NO_SETTINGS:
            continue
        gid = grade_id(cell)
        if gid in expected:
            carriers.setdefault(gid, []).append(index)
            continue
        plan.to_strip.append(index)  # settings without a known grade id never reach nbgrader
        if _has_role(settings):
            plan.problems.append(_unknown(spec, gid, index))
    for gid, wanted in expected.items():
        found = carriers.get(gid, [])
        # Settings moved onto the cell of another expected grade id (released cells' ids are their grade ids).
        moved = {i for i in found if cells[i].get("id") in expected and cells[i].get("id") != gid}
        fitting = [i for i in found if i not in moved and _fits(cells[i], wanted)]
        # The released cell's id is its grade id; a pasted copy gets a new one.
        chosen = next((i for i in fitting if cells[i].get("id") == gid), fitting[0] if fitting else None)
        if chosen is not None:
            plan.genuine[gid] = chosen
        elif wanted.cell_type != LESSON_CELL:  # a lesson cell's text is the author's: only the gradebook has it
            plan.to_restore.append(wanted)
        if not found and (wanted.cell_type != LESSON_CELL or lesson_cells is not None):
            plan.problems.append(_deleted(wanted))
        first_changed = next((i for i in found if i not in moved), None) if chosen is None else None
        for index in found:
            if index in moved:
                plan.problems.append(_moved(wanted, cells[index], index))
            elif index == first_changed:
                plan.problems.append(_role_changed(wanted, cells[index], index))
            elif index != chosen:
                plan.problems.append(_duplicated(wanted, index))
            if index != chosen:
                plan.to_strip.append(index)
    plan.to_strip.sort()
    plan.problems.sort(key=lambda p: (p.index < 0, p.index))
    return plan


# -- what the facilitator reads --------------------------------------------------------

def _role(cell: DerivedCell) -> str:
    if cell.cell_type == LESSON_CELL:
        return "a locked cell of the lesson"
    if cell.task:
        return "a reflection task graded by hand (a markdown cell)"
    if cell.grade:
        return "an autograded check (a code cell)"
    if cell.solution:
        return "an answer cell (a code cell)"
    return f"a locked {cell.cell_type} cell"


def _deleted(cell: DerivedCell) -> RoleProblem:
    return RoleProblem(cell.id, DELETED, -1, f"{cell.id} ({_role(cell)}) was deleted: {_what_grading_does(cell)}")


def _what_grading_does(cell: DerivedCell) -> str:
    if cell.cell_type == LESSON_CELL:
        return "grading goes on without it (nothing is scored there)"
    return "grading puts the original back"


def _duplicated(cell: DerivedCell, index: int) -> RoleProblem:
    graded = "" if cell.cell_type == LESSON_CELL else " and grades the original"
    return RoleProblem(cell.id, DUPLICATED, index,
                       f"cell {index + 1} is a copy of {cell.id} (pasted or duplicated): grading keeps the copy "
                       f"as an ordinary cell{graded}")


def _unknown(spec: Session, gid: str, index: int) -> RoleProblem:
    named = f"graded cell \"{gid}\", which {spec.id} does not have (renamed?)" if gid else \
        "graded without a grade id (damaged grading settings)"
    return RoleProblem(gid, UNKNOWN, index,
                       f"cell {index + 1} is marked as {named}: grading keeps it as an ordinary cell")


def _role_changed(cell: DerivedCell, found: dict, index: int) -> RoleProblem:
    retyped = cell.cell_type not in (found.get("cell_type"), LESSON_CELL)
    was = f"it is a {found.get('cell_type')} cell now" if retyped else "its grading settings were changed"
    return RoleProblem(cell.id, ROLE_CHANGED, index,
                       f"cell {index + 1}, {cell.id}, should be {_role(cell)}, but {was}: grading keeps it as an "
                       f"ordinary cell; {_what_grading_does(cell)}")


def _moved(cell: DerivedCell, found: dict, index: int) -> RoleProblem:
    return RoleProblem(cell.id, ROLE_CHANGED, index,
                       f"cell {index + 1} ({found.get('id')}) carries the grading settings of {cell.id}, moved there "
                       "from the cell they belong to: grading keeps it as an ordinary cell; "
                       f"{_what_grading_does(cell)}")


# -- repairing ---------------------------------------------------------------------------

def _normalise(notebook: dict, cell: dict, expected: DerivedCell) -> None:
    """The expected settings (nbgrader resets locked and points anyway; this also drops damaged keys)."""
    settings = cell["metadata"]["nbgrader"]
    wanted = expected.metadata()
    kept = {k: v for k, v in settings.items() if k not in ("checksum", "cell_type")}
    if json.dumps(kept, sort_keys=True) != json.dumps(wanted, sort_keys=True):  # strict: 1 is not true here
        cell["metadata"]["nbgrader"] = _like(notebook, wanted)


def _released_source(cell: DerivedCell) -> str:
    """The cell's text as participants get it: the worked example inside the solution markers is gone."""
    return SOLUTION_BLOCK.sub("", cell.new_cell()["source"])


def _put_back(notebook: dict, wanted: DerivedCell, order: list[str], genuine: dict[int, str]) -> None:
    """Inserts ``wanted`` after the nearest declared cell before it that the notebook holds."""
    cells = notebook["cells"]
    held = {gid: i for i, c in enumerate(cells) if (gid := genuine.get(id(c)))}
    earlier = [held[gid] for gid in reversed(order[:order.index(wanted.id)]) if gid in held]
    position = earlier[0] if earlier else None
    if position is None:  # nothing declared before it: after the title, as ``cells.sync`` does
        position = 0 if cells and isinstance(cells[0], dict) and cells[0].get("cell_type") == "markdown" else -1
    new = wanted.new_cell()
    new["source"] = _released_source(wanted)
    new["metadata"] = {"deletable": False, **({"editable": False} if wanted.locked else {}), **new["metadata"]}
    if _minor(notebook) < 5:  # cell ids came with nbformat 4.5
        del new["id"]
    else:
        new["id"] = _free_id(cells, wanted.id)
    cells.insert(position + 1, _like(notebook, new))
    genuine[id(cells[position + 1])] = wanted.id


def _minor(notebook: dict) -> int:
    minor = notebook.get("nbformat_minor")
    return minor if isinstance(minor, int) else 0


def _free_id(cells: list[Any], wanted: str) -> str:
    taken = {c.get("id") for c in cells if isinstance(c, dict)}
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def _like(notebook: dict, value: dict[str, Any]) -> Any:
    """``value`` as the same kind of dict as the notebook (nbformat's nodes inside nbgrader)."""
    if type(notebook) is dict:
        return value
    from nbformat import from_dict  # only when nbgrader hands us its own notebook nodes

    return from_dict(value)
