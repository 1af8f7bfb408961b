"""Checklist: one box per section, one item per line."""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from ..kinds.checklist import Checklist
from .base import ExerciseView
from .common import heading, text_box
from .host import Host


class ChecklistView(ExerciseView[Checklist]):
    def __init__(self, workbook: Host, exercise: str, groups: dict[str, tuple[str, ...]]) -> None:
        super().__init__(workbook, exercise)
        self.boxes: dict[str, widgets.Textarea] = {}
        body: list[widgets.Widget] = []
        for group, sections in groups.items():
            body.append(heading(f"{exercise}.group.{group}", level=5))
            for section in sections:
                box = text_box(self.model.label(section),
                               messages.text(f"{exercise}.placeholder.{section}"), area=True)
                box.observe(lambda change, s=section: self._typed(s, change["new"]), names="value")
                self.boxes[section] = box
                body.append(box)
        self.widget = self.frame(*body)
        self.refresh()

    def _typed(self, section: str, value: str) -> None:
        if self._quiet:
            return
        repeated: list[str] = []
        if self.commit(lambda: repeated.extend(self.model.set_text(section, value))):
            if repeated:
                self.feedback.problem(messages.text(
                    "checklist.repeated", section=self.model.label(section), items=", ".join(repeated)))
            else:
                self.feedback.clear()

    def refresh(self) -> None:
        with self.quietly():
            for section, box in self.boxes.items():
                box.value = self.model.text_of(section)
