"""Reflections: free-text answers to prompts, graded by hand in task cells (checked only for length)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import MAX_TEXT, AnswerError, bad_exercise

WORD = re.compile(r"\w+")


def word_count(value: str) -> int:
    return len(WORD.findall(value))


@dataclass
class Reflections:
    """Free-text answers to reflection prompts, graded by hand."""

    exercise: str
    prompts: tuple[str, ...]
    answers: dict[str, str] = field(default_factory=dict)
    kind: ClassVar[str] = "reflections"

    def label(self, prompt: str) -> str:
        return messages.text(f"{self.exercise}.prompt.{prompt}")

    def set_answer(self, prompt: str, value: object) -> None:
        if prompt not in self.prompts:
            raise bad_exercise(self.exercise)
        if not isinstance(value, str):
            raise AnswerError("error.not_text", field=self.label(prompt))
        if len(value) > MAX_TEXT:
            raise AnswerError("error.too_long", field=self.label(prompt), limit=MAX_TEXT)
        self.answers[prompt] = value

    def set_answers(self, typed: Mapping[str, object]) -> dict[str, str]:
        """Take every box as it is on screen (a form sends them all at once); text over the limit is kept
        up to just past it, and the problem is returned to show beside the box ("0:prompt")."""
        problems: dict[str, str] = {}
        for prompt in self.prompts:
            value = typed.get(prompt, "")
            text = value if isinstance(value, str) else ""
            if len(text) > MAX_TEXT:
                problems[f"0:{prompt}"] = messages.text("error.too_long", field=self.label(prompt), limit=MAX_TEXT)
                text = text[:MAX_TEXT]
            self.answers[prompt] = text
        return problems

    def answer(self, prompt: str) -> str:
        return self.answers.get(prompt, "").strip()

    def to_dict(self) -> dict[str, Any]:
        return {"answers": {p: self.answers.get(p, "") for p in self.prompts}}

    def load(self, data: Mapping[str, Any]) -> None:
        answers = data.get("answers")
        if not isinstance(answers, Mapping):
            raise bad_exercise(self.exercise)
        self.answers = {}
        for prompt, value in answers.items():
            self.set_answer(prompt, value)

    def is_empty(self) -> bool:
        return not any(self.answer(p) for p in self.prompts)


def too_short(model: Reflections, minimum_words: int) -> list[str]:
    """The labels of the prompts answered in fewer than ``minimum_words`` words."""
    return [model.label(p) for p in model.prompts if word_count(model.answer(p)) < minimum_words]


def minimum_words(check: object) -> int | None:
    """The words each prompt needs under ``check``, if it is a check of words per prompt: the view
    shows the minimum beside each box from the start, not only once the check fails."""
    value = getattr(check, "minimum_words", None)
    return value if isinstance(value, int) else None


def reflections_written(minimum_words: int) -> Callable[[Reflections], CheckResult]:
    def check(model: Reflections) -> CheckResult:
        short = too_short(model, minimum_words)
        if short:
            return verdict(False, f"{model.exercise}.check.hint", minimum=minimum_words, prompts="; ".join(short))
        return verdict(True, f"{model.exercise}.check.pass")
    check.minimum_words = minimum_words  # type: ignore[attr-defined]  # read by minimum_words()
    return check


def answers_html(model: Reflections) -> str:
    """Each prompt with its answer (reflections and forms)."""
    blocks = []
    for prompt in model.prompts:
        answer = model.answer(prompt) or messages.text("static.no_answer")
        blocks.append(f"<h4>{escape(model.label(prompt))}</h4><p>{escape(answer)}</p>")
    return "".join(blocks)
