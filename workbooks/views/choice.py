"""Choice: a drop-down list per slot, each a different option from a fixed list."""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from ..kinds.choice import Choice, choice_summary
from ..models import AnswerError
from ..static import paragraph
from .base import SheetView
from .host import Host
from .sheet import Rows, Sheet, field


def slot_name(slot: int) -> str:
    return f"slot{slot + 1}"


class ChoiceView(SheetView[Choice]):
    """A drop-down list per slot (a ``Sheet`` laid out as a form); a repeat is said beside its list."""

    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        options = [("", messages.text("choice.none"))] + [(o, model.label(o)) for o in model.options]
        self.summary = widgets.HTML()
        self.show(Sheet([field(slot_name(slot), model.slot_label(slot), options=options)
                         for slot in range(model.count)],
                        layout="form", rows=self.rows(), storage_key=workbook.browser_key(exercise)),
                  self.summary)

    def take(self, rows: Rows) -> dict[str, str]:
        """Each slot's pick. A pick the model refuses (a value already in another slot) leaves that slot as
        it was, and is said beside its list, which keeps showing the pick."""
        problems: dict[str, str] = {}
        for slot in range(self.model.count):
            picked = rows[0].get(slot_name(slot), "")
            if picked == self.model.slots[slot]:
                continue
            try:
                self.model.choose(slot, picked)
            except AnswerError as problem:
                problems[f"0:{slot_name(slot)}"] = str(problem)
        return problems

    def rows(self) -> Rows:
        return [{slot_name(slot): option for slot, option in enumerate(self.model.slots)}]

    def changed(self) -> None:
        self.summary.value = paragraph(choice_summary(self.model))
