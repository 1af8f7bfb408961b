"""Editable table: the participant types straight into the table's cells (``Sheet``), and every change is saved."""

from __future__ import annotations

from .. import messages
from ..kinds.table import TableModel
from .base import ExerciseView
from .host import Host
from .sheet import Rows, Sheet, field


class TableView(ExerciseView[TableModel]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        self.sheet = Sheet(
            [field(c, model.label(c), multiline=not model.one_line(c),
                   placeholder=messages.text(f"{exercise}.placeholder.{c}")) for c in model.columns],
            caption=messages.text(f"{exercise}.title"), rows=model.rows, storage_key=workbook.browser_key(exercise))
        self.sheet.cell_messages = model.cell_problems()
        self.sheet.on_rows(self._typed)
        self.widget = self.frame(self.sheet, saved=False)  # the sheet shows the saved status itself
        self.changed()

    def _typed(self, rows: Rows, _reason: str) -> None:
        self.sheet.cell_messages = self.model.set_rows(rows)
        self.changed()
        self.workbook.save()  # raises when it cannot save: the sheet then keeps its copy in the browser

    def changed(self) -> None:
        """Called after the rows changed (a subclass redraws what it shows of them)."""

    def after_save(self, status: str, ok: bool) -> None:
        super().after_save(status, ok)
        # Another view of this exercise (its cell run twice) changed the rows: show them here too, so
        # what this sheet sends next includes them. The sheet that was typed in already shows them.
        if self.model.shown_rows(self.sheet.rows) != self.model.rows:
            self.refresh()

    def show_saved(self, status: str, ok: bool) -> None:
        # In the sheet's own status line, which stops saying "Saved" the moment the kernel is gone.
        self.sheet.status = {"text": status, "ok": None if ok else False}

    def refresh(self) -> None:
        self.sheet.rows = self.model.rows
        self.sheet.cell_messages = self.model.cell_problems()
        self.changed()
