"""Reflections: a box per prompt (a ``Sheet`` laid out as a form), saved as the participant types."""

from __future__ import annotations

from .. import messages
from ..kinds.reflections import Reflections, minimum_words
from .base import SheetView
from .host import Host
from .sheet import Rows, Sheet, field


class ReflectionsView(SheetView[Reflections]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        model = self.model
        # Graded reflections count words towards their minimum, shown from the start; ungraded ones
        # (the closing feedback) need no count.
        minimum = minimum_words(workbook.spec.exercise(exercise).check)
        placeholder = messages.text("reflections.placeholder" if self.graded else f"{exercise}.placeholder")
        counter = "" if not self.graded else (
            messages.text("reflections.words", count="{count}") if minimum is None
            else messages.text("reflections.words_of_minimum", count="{count}", minimum=minimum))
        self.show(Sheet(
            [field(p, model.label(p), multiline=True, placeholder=placeholder, counter=counter) for p in model.prompts],
            layout="form", rows=self.rows(),  # the exercise's heading names the form: no second title
            storage_key=workbook.browser_key(exercise)))

    def take(self, rows: Rows) -> dict[str, str]:
        return self.model.set_answers(rows[0])

    def rows(self) -> Rows:
        return [{p: self.model.answers.get(p, "") for p in self.model.prompts}]
