"""Sharing with the cohort: a drop-down list per output, how the name shows, and the name (a ``Sheet`` form)."""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from ..kinds.sharing import CREDIT, NAME, NAMED, SHARE, Sharing, sharing_summary
from ..static import paragraph
from .base import SheetView
from .host import Host
from .sheet import Rows, Sheet, field


class SharingView(SheetView[Sharing]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        keep = [("", messages.text("sharing.keep_private")), (SHARE, messages.text("sharing.share"))]
        credit = [("", messages.text("sharing.anonymous")), (NAMED, messages.text("sharing.named"))]
        what, who = messages.text("sharing.group.what"), messages.text("sharing.group.who")
        self.summary = widgets.HTML()
        self.show(Sheet(
            [field(o, model.label(o), options=keep, group=what) for o in model.outputs]
            + [field(CREDIT, model.label(CREDIT), options=credit, group=who),
               field(NAME, model.label(NAME), placeholder=messages.text("sharing.name_placeholder"), group=who)],
            layout="form", rows=self.rows(), storage_key=workbook.browser_key(exercise)),
            self.summary)

    def take(self, rows: Rows) -> dict[str, str]:
        return self.model.set_all(rows[0])

    def rows(self) -> Rows:
        return [{name: self.model.value(name) for name in self.model.fields}]

    def changed(self) -> None:
        self.summary.value = paragraph(sharing_summary(self.model))
