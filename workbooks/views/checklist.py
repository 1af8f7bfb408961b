"""Checklist: one box per section, one item per line, under its group's heading (a ``Sheet`` laid out as a form)."""

from __future__ import annotations

from .. import messages
from ..kinds.checklist import Checklist
from ..models import AnswerError
from .base import SheetView
from .host import Host
from .sheet import Rows, Sheet, field


class ChecklistView(SheetView[Checklist]):
    def __init__(self, workbook: Host, exercise: str, groups: dict[str, tuple[str, ...]]) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        self.show(Sheet(
            [field(section, model.label(section), multiline=True,
                   placeholder=messages.text(f"{exercise}.placeholder.{section}"),
                   group=messages.text(f"{exercise}.group.{group}"))
             for group, sections in groups.items() for section in sections],
            layout="form", rows=self.rows(), storage_key=workbook.browser_key(exercise)))

    def take(self, rows: Rows) -> dict[str, str]:
        problems: dict[str, str] = {}
        for section in self.model.sections:
            try:
                repeated = self.model.set_text(section, rows[0].get(section, ""))
            except AnswerError as problem:  # a line over the length limit: said beside its box
                problems[f"0:{section}"] = str(problem)
                continue
            if repeated:
                problems[f"0:{section}"] = messages.text(
                    "checklist.repeated", section=self.model.label(section), items=", ".join(repeated))
        return problems

    def rows(self) -> Rows:
        return [{section: self.model.text_of(section) for section in self.model.sections}]

    def shows_model(self) -> bool:
        # The model keeps each line once, trimmed: what is on screen matches it if it reads the same.
        shown = Checklist(self.model.exercise, self.model.sections)
        for section, text in self.sheet.rows[0].items():
            try:
                shown.set_text(section, text)
            except AnswerError:  # a line the model refused stays as typed, beside its message
                shown.items[section] = self.model.items.get(section, [])
        return shown.items == {s: self.model.items.get(s, []) for s in self.model.sections}
