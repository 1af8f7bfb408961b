"""Checks: pure functions over saved answers, each a pass or a friendly hint.

The same functions back the "Check my work" buttons and the autograded test cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import messages
from .answers import Answers
from .models import Checklist, PowerInterestMap, Reflections, TableModel, word_count


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    message: str


def _result(passed: bool, key: str, **params: object) -> CheckResult:
    return CheckResult(passed, messages.text(key, **params))


def enough_rows(minimum: int) -> Callable[[TableModel], CheckResult]:
    def check(model: TableModel) -> CheckResult:
        complete = [r for r in model.rows if all(r.get(c, "").strip() for c in model.columns)]
        if len(complete) >= minimum:
            return _result(True, f"{model.exercise}.check.pass", count=len(complete))
        return _result(False, f"{model.exercise}.check.hint", minimum=minimum, count=len(complete))
    return check


def enough_placed(minimum: int) -> Callable[[PowerInterestMap], CheckResult]:
    def check(model: PowerInterestMap) -> CheckResult:
        count = len(model.placements)
        if count >= minimum:
            quadrants = len({p.quadrant for p in model.placements})
            return _result(True, f"{model.exercise}.check.pass", count=count, quadrants=quadrants)
        return _result(False, f"{model.exercise}.check.hint", minimum=minimum, count=count)
    return check


def enough_sections(resources: tuple[str, ...], minimum: int, channels: tuple[str, ...]) -> Callable[[Checklist], CheckResult]:
    """At least ``minimum`` of the ``resources`` sections, and every one of ``channels``."""
    def check(model: Checklist) -> CheckResult:
        filled = model.filled(resources)
        missing = [model.label(s) for s in channels if s not in model.filled(channels)]
        if len(filled) < minimum:
            return _result(False, f"{model.exercise}.check.hint_resources", minimum=minimum, count=len(filled))
        if missing:
            return _result(False, f"{model.exercise}.check.hint_channels", missing=", ".join(missing))
        return _result(True, f"{model.exercise}.check.pass")
    return check


def reflections_written(minimum_words: int) -> Callable[[Reflections], CheckResult]:
    def check(model: Reflections) -> CheckResult:
        short = [model.label(p) for p in model.prompts if word_count(model.answer(p)) < minimum_words]
        if short:
            return _result(False, f"{model.exercise}.check.hint", minimum=minimum_words, prompts="; ".join(short))
        return _result(True, f"{model.exercise}.check.pass")
    return check


def run(answers: Answers, exercise: str) -> CheckResult:
    """Check one exercise of ``answers``."""
    return answers.spec.checks[exercise](answers.models[exercise])
