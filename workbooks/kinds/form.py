"""Forms: answers to a fixed set of prompts, checked automatically and joined into a statement."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from ..checks import CheckResult, verdict
from .reflections import Reflections, too_short


class Form(Reflections):
    """Answers to a fixed set of prompts, checked automatically (reflections are graded by hand)."""

    kind: ClassVar[str] = "form"

    def statement(self) -> str:
        """The answers joined into one paragraph, each ending as a sentence."""
        parts = []
        for prompt in self.prompts:
            answer = " ".join(self.answer(prompt).split())
            if answer:
                answer = answer[0].upper() + answer[1:]
                ended = answer.rstrip(")]\"'”’")[-1:] in (".", "!", "?")
                parts.append(answer if ended else answer + ".")
        return " ".join(parts)


def prompts_answered(minimum_words: int) -> Callable[[Reflections], CheckResult]:
    """Every prompt of a form has at least ``minimum_words`` words."""
    def check(model: Reflections) -> CheckResult:
        short = too_short(model, minimum_words)
        if short:
            return verdict(False, "check.prompts.hint", minimum=minimum_words, prompts="; ".join(short))
        return verdict(True, "check.prompts.pass")
    check.minimum_words = minimum_words  # type: ignore[attr-defined]  # read by reflections.minimum_words()
    return check
