"""Reflections: a text box per prompt, saved as the participant types."""

from __future__ import annotations

import ipywidgets as widgets

from .. import messages
from ..kinds.reflections import Reflections, minimum_words, word_count
from .base import ExerciseView
from .common import text_box
from .host import Host


class ReflectionsView(ExerciseView[Reflections]):
    def __init__(self, workbook: Host, exercise: str) -> None:
        super().__init__(workbook, exercise)
        self.boxes: dict[str, widgets.Textarea] = {}
        # Shown beside each box from the start, not only when a check fails.
        self.minimum = minimum_words(workbook.spec.exercise(exercise).check)
        self.counts: dict[str, widgets.HTML] = {}
        body: list[widgets.Widget] = []
        # Graded reflections count words towards their minimum; ungraded ones (feedback) need no count.
        placeholder = messages.text("reflections.placeholder" if self.graded else f"{exercise}.placeholder")
        for prompt in self.model.prompts:
            box = text_box(self.model.label(prompt), placeholder, area=True)
            if self.graded:
                box.layout.height = "10em"
            box.observe(lambda change, p=prompt: self._typed(p, change["new"]), names="value")
            self.boxes[prompt] = box
            self.counts[prompt] = widgets.HTML()
            body += [box, self.counts[prompt]] if self.graded else [box]
        self.widget = self.frame(*body)
        self.refresh()

    def _typed(self, prompt: str, value: str) -> None:
        if not self._quiet:
            self.commit(lambda: self.model.set_answer(prompt, value))
        self._count(prompt)

    def _count(self, prompt: str) -> None:
        words = word_count(self.model.answer(prompt))
        text = (messages.text("reflections.words", count=words) if self.minimum is None
                else messages.text("reflections.words_of_minimum", count=words, minimum=self.minimum))
        self.counts[prompt].value = f"<small>{text}</small>"

    def refresh(self) -> None:
        with self.quietly():
            for prompt, box in self.boxes.items():
                box.value = self.model.answers.get(prompt, "")
                self._count(prompt)
