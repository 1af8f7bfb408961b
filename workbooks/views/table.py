"""Editable table: add, edit and remove rows of short texts."""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from ..kinds.table import TableModel, rows_frame
from ..static import table_html
from .base import ExerciseView
from .common import LABEL_STYLE, button, text_box
from .host import Host


class TableView(ExerciseView[TableModel]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        self.inputs = {c: text_box(model.label(c), messages.text(f"{exercise}.placeholder.{c}"))
                       for c in model.columns}
        self.rows = widgets.Select(description=messages.text("table.rows"), tooltip=messages.text("table.rows"),
                                   rows=5, style=LABEL_STYLE,
                                   layout=widgets.Layout(width="min(100%, 46em)"))
        self.add = button("table.add")
        self.update = button("table.update")
        self.remove = button("table.remove")
        self.clear = button("table.clear")
        self.table = widgets.HTML()
        self.add.on_click(lambda _: self.commit(self._add))
        self.update.on_click(lambda _: self.commit(self._update))
        self.remove.on_click(lambda _: self.commit(self._remove))
        self.clear.on_click(lambda _: self._fill(None))
        self.rows.observe(lambda change: self._fill(change["new"]), names="value")
        self.widget = self.frame(
            *self.inputs.values(),
            widgets.HBox([self.add, self.update, self.remove, self.clear]),
            self.rows,
            self.table,
        )
        self.refresh()

    def _values(self) -> dict[str, str]:
        return {c: box.value for c, box in self.inputs.items()}

    def _selected(self) -> int:
        return -1 if self.rows.value is None else self.rows.value

    def _add(self) -> str:
        self.model.add_row(self._values())
        self.refresh()
        self._fill(None)
        return messages.text("table.added")

    def _update(self) -> str:
        index = self._selected()
        self.model.update_row(index, self._values())
        self.refresh(select=index)
        return messages.text("table.updated")

    def _remove(self) -> str:
        self.model.remove_row(self._selected())
        self.refresh()
        self._fill(None)
        return messages.text("table.removed")

    def _fill(self, index: int | None) -> None:
        row = self.model.rows[index] if index is not None and index < len(self.model.rows) else {}
        for column, box in self.inputs.items():
            box.value = row.get(column, "")
        if index is None:
            self.rows.value = None

    def refresh(self, select: int | None = None) -> None:
        key = self.model.key
        self.rows.options = [(f"{i + 1}. {r[key]}", i) for i, r in enumerate(self.model.rows)]
        self.rows.value = select
        self.table.value = table_html(rows_frame(self.model), messages.text(f"{self.exercise}.title"))
