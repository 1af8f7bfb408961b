"""Editable table: the participant types straight into the table's cells (a ``Sheet``); every change is saved."""

from __future__ import annotations

from .. import messages
from ..kinds.table import TableModel
from .base import SheetView
from .host import Host
from .sheet import Rows, Sheet, field


class TableView(SheetView[TableModel]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        self.show(Sheet(
            [field(c, model.label(c), multiline=not model.one_line(c),
                   placeholder=messages.text(f"{exercise}.placeholder.{c}")) for c in model.columns],
            caption=messages.text(f"{exercise}.title"), rows=model.rows, storage_key=workbook.browser_key(exercise)))

    def take(self, rows: Rows) -> dict[str, str]:
        return self.model.set_rows(rows)

    def rows(self) -> Rows:
        return self.model.rows

    def problems(self) -> dict[str, str]:
        return self.model.cell_problems()

    def shows_model(self) -> bool:
        return self.model.shown_rows(self.sheet.rows) == self.model.rows  # blank rows on screen are not saved
