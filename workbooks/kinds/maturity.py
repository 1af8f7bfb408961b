"""Maturity: where a community stands among the stages of a maturity model, and what the next stage needs.

The stages are Emily Webber's (Building Successful Communities of Practice,
2016), adapted from Wenger, McDermott and Snyder (2002). The stage is one of
the form's answers, picked from a list; the others are free text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from typing import ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import AnswerError
from ..static import paragraph
from .form import Form
from .reflections import too_short

STAGES = ("potential", "forming", "maturing", "self_sustaining", "transformation")
STAGE = "stage"
MATURITY_PROMPTS = (STAGE, "evidence", "next_needs", "activities")


def stage_label(stage: str) -> str:
    return messages.text(f"maturity.stage.{stage}")


class Maturity(Form):
    """The stage picked from ``STAGES`` (or "" before one is picked), then what shows it, what the next
    stage needs and the activities that would help."""

    kind: ClassVar[str] = "maturity"

    def set_answer(self, prompt: str, value: object) -> None:
        if prompt == STAGE and value not in ("", *STAGES):
            raise AnswerError("error.not_a_choice", field=self.label(STAGE))
        super().set_answer(prompt, value)

    def set_answers(self, typed: Mapping[str, object]) -> dict[str, str]:
        problems = super().set_answers({**typed, STAGE: ""})
        picked = typed.get(STAGE, "")
        try:
            self.set_answer(STAGE, picked)
        except AnswerError as problem:
            problems[f"0:{STAGE}"] = str(problem)
        return problems

    @property
    def stage(self) -> str:
        return self.answer(STAGE)

    def next_stage(self) -> str:
        """The stage after the one picked; "" before one is picked or after the last."""
        if self.stage not in STAGES or self.stage == STAGES[-1]:
            return ""
        return STAGES[STAGES.index(self.stage) + 1]

    def summary(self) -> str:
        if not self.stage:
            return messages.text("maturity.summary_empty")
        following = self.next_stage()
        if not following:
            return messages.text("maturity.summary_last", stage=stage_label(self.stage))
        return messages.text("maturity.summary", stage=stage_label(self.stage), next=stage_label(following),
                             number=STAGES.index(self.stage) + 1, total=len(STAGES))


def stage_placed(minimum_words: int) -> Callable[[Maturity], CheckResult]:
    """A stage is picked and every other box has at least ``minimum_words`` words."""
    def check(model: Maturity) -> CheckResult:
        missing = [model.label(STAGE)] if not model.stage else []
        missing += [label for label in too_short(model, minimum_words) if label != model.label(STAGE)]
        if missing:
            return verdict(False, "check.prompts.hint", minimum=minimum_words, prompts="; ".join(missing))
        return verdict(True, "check.maturity.pass", stage=stage_label(model.stage))
    return check


def maturity_html(model: Maturity) -> str:
    blocks = [paragraph(model.summary())]
    for prompt in model.prompts[1:]:
        answer = model.answer(prompt) or messages.text("static.no_answer")
        blocks.append(f"<h4>{escape(model.label(prompt))}</h4><p>{escape(answer)}</p>")
    return "".join(blocks)
