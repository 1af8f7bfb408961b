"""What nbgrader's Validate button shows a participant: each unfinished exercise by its title, with its hint.

nbgrader's dialog lists every failing test cell by its source code, then its error. The error is
already our hint (``checks.StillToDo``), but the code of a check cell means nothing to a participant.
nbgrader builds its Validator directly (its preprocessors cannot be configured), so the participants'
JupyterLab loads this module from its ``nbgrader_config.py`` (written by
``binder/hide_facilitator_tools.py``): a failing check cell is then listed by its exercise's title.
Validate works on a copy of the notebook in memory; nothing is written.
"""

from __future__ import annotations

from typing import Any

from . import messages
from .cells import grade_id
from .exercises import CHECK_SUFFIX


def exercise_title(cell: Any) -> str | None:
    """The title of the exercise a check cell checks ("Exercise 1: Purpose and outcomes"), if it is one."""
    name = grade_id(cell)
    if not name.endswith(CHECK_SUFFIX):
        return None
    try:
        return messages.text(f"{name.removesuffix(CHECK_SUFFIX)}.title")
    except KeyError:
        return None


def use_plain_validation() -> None:
    """Make nbgrader's Validator list failing check cells by their exercise's title (once per process)."""
    from nbgrader.validator import Validator

    if getattr(Validator, "_workbooks_plain", False):
        return
    find_failed = Validator._get_failed_cells

    def failed_cells(self: Validator, nb: Any) -> list[Any]:
        cells = find_failed(self, nb)
        for cell in cells:
            title = exercise_title(cell)
            if title:
                cell.source = title
        return cells

    Validator._get_failed_cells = failed_cells
    Validator._workbooks_plain = True
