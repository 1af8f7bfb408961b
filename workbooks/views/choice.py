"""Choice: one dropdown per slot, each a different option from a fixed list."""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from ..kinds.choice import Choice, choice_summary
from ..static import paragraph
from .base import ExerciseView
from .common import LABEL_STYLE
from .host import Host


class ChoiceView(ExerciseView[Choice]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        options = [(messages.text("choice.none"), "")] + [(model.label(o), o) for o in model.options]
        self.slots: list[widgets.Dropdown] = []
        for slot in range(model.count):
            label = model.slot_label(slot)
            choice = widgets.Dropdown(options=options, value="", description=label, tooltip=label,
                                      style=LABEL_STYLE, layout=widgets.Layout(width="min(100%, 28em)"))
            choice.observe(lambda change, s=slot: self._picked(s, change["new"]), names="value")
            self.slots.append(choice)
        self.summary = widgets.HTML()
        self.widget = self.frame(*self.slots, self.summary)
        self.refresh()

    def _picked(self, slot: int, option: str) -> None:
        if self._quiet:
            return
        if self.commit(lambda: self.model.choose(slot, option)):
            self.feedback.clear()
        # a refused pick goes back to what the model holds; the message stays
        self.refresh()

    def refresh(self) -> None:
        with self.quietly():
            for choice, option in zip(self.slots, self.model.slots, strict=True):
                choice.value = option
        self.summary.value = paragraph(choice_summary(self.model))
