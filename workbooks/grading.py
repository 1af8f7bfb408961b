"""nbgrader's side: find a submission's answers before its outputs are cleared.

``RestoreAnswers`` runs first when nbgrader autogrades. It takes the newest copy
of the answers, from the side file handed in beside the notebook or from the
notebook's own outputs, and stores it in the notebook's metadata, where the
grading kernel reads it. It never stops a batch: a problem is logged and the
notebook is graded on whatever answers could be read.

nbgrader's ``add_missing_cells`` puts back deleted grade and task cells but not
the locked setup cell that opens the workbook, so ``RestoreAnswers`` puts that
one back itself.
"""

from __future__ import annotations

from pathlib import Path

from nbformat import from_dict
from nbgrader.preprocessors import NbGraderPreprocessor

from .cells import is_setup_cell, setup_cell
from .models import AnswerError
from .notebook_copy import store_in_metadata
from .sessions import get
from .store import AnswerStore


class RestoreAnswers(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        notebook_id = (resources.get("nbgrader") or {}).get("notebook", "")
        try:
            spec = get(notebook_id)
        except AnswerError:
            self.log.info("No workbook session for notebook %r; nothing to restore", notebook_id)
            return nb, resources
        folder = Path((resources.get("metadata") or {}).get("path") or ".")
        store = AnswerStore(spec, folder, folder / f"{notebook_id}.ipynb", read_only=True)
        answers, notices = store.load()
        for notice in notices:
            self.log.warning("Answers for %s: %s", notebook_id, notice)
        if answers.is_empty():
            self.log.warning("No answers found for %s", notebook_id)
        else:
            self.log.info("Grading answers saved at %s", answers.saved_at)
        self._put_back_setup_cell(nb, spec.id)
        store_in_metadata(nb, answers)
        return nb, resources

    def _put_back_setup_cell(self, nb, session_id: str) -> None:
        if any(is_setup_cell(cell) for cell in nb.cells):
            return
        self.log.warning("The setup cell was deleted; putting it back")
        cell = from_dict(setup_cell(session_id).new_cell())  # nbgrader reads cells as attribute dicts
        first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
        nb.cells.insert(first_code, cell)
