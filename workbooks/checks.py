"""Checks: pure functions over saved answers, each a pass or a friendly hint.

The same functions back the "Check my work" buttons and the autograded test cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import messages
from .engagement import Ladder, Pathway, phase_label
from .models import Checklist, Choice, PowerInterestMap, Ratings, Reflections, TableModel, word_count


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


def enough_sections(resources: tuple[str, ...], minimum: int,
                    channels: tuple[str, ...]) -> Callable[[Checklist], CheckResult]:
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


def _too_short(model: Reflections, minimum_words: int) -> list[str]:
    """The labels of the prompts answered in fewer than ``minimum_words`` words."""
    return [model.label(p) for p in model.prompts if word_count(model.answer(p)) < minimum_words]


def reflections_written(minimum_words: int) -> Callable[[Reflections], CheckResult]:
    def check(model: Reflections) -> CheckResult:
        short = _too_short(model, minimum_words)
        if short:
            return _result(False, f"{model.exercise}.check.hint", minimum=minimum_words, prompts="; ".join(short))
        return _result(True, f"{model.exercise}.check.pass")
    return check


def prompts_answered(minimum_words: int) -> Callable[[Reflections], CheckResult]:
    """Every prompt of a form has at least ``minimum_words`` words."""
    def check(model: Reflections) -> CheckResult:
        short = _too_short(model, minimum_words)
        if short:
            return _result(False, "check.prompts.hint", minimum=minimum_words, prompts="; ".join(short))
        return _result(True, "check.prompts.pass")
    return check


def sections_filled(sections: tuple[str, ...] | None = None) -> Callable[[Checklist], CheckResult]:
    """Every one of ``sections`` (by default all) has at least one item."""
    def check(model: Checklist) -> CheckResult:
        wanted = sections or model.sections
        missing = [model.label(s) for s in wanted if s not in model.filled(wanted)]
        if missing:
            return _result(False, "check.sections.hint", missing="; ".join(missing))
        return _result(True, "check.sections.pass")
    return check


def all_rated() -> Callable[[Ratings], CheckResult]:
    def check(model: Ratings) -> CheckResult:
        unrated = [model.label(i) for i in model.unrated()]
        if unrated:
            return _result(False, "check.ratings.hint", missing="; ".join(unrated))
        return _result(True, "check.ratings.pass", count=len(model.items))
    return check


def all_chosen() -> Callable[[Choice], CheckResult]:
    def check(model: Choice) -> CheckResult:
        chosen = model.chosen()
        if len(chosen) < model.count:
            return _result(False, "check.choice.hint", count=model.count, chosen=len(chosen))
        return _result(True, "check.choice.pass", values=", ".join(model.label(o) for o in chosen))
    return check


def mountain_complete() -> Callable[[Ladder], CheckResult]:
    """Every phase of the chosen lens has activities, barriers, a solution per barrier, and (below the top)
    recognition."""
    def check(model: Ladder) -> CheckResult:
        gaps = []
        for phase in model.order:
            missing = model.missing(phase)
            if missing:
                gaps.append(f"{phase_label(phase)}: {', '.join(model.field_label(m) for m in missing)}")
        lens = messages.text(f"lens.{model.lens}")
        if gaps:
            return _result(False, "check.ladder.hint", lens=lens, gaps="; ".join(gaps))
        return _result(True, "check.ladder.pass", lens=lens)
    return check


def pathway_possible() -> Callable[[Pathway], CheckResult]:
    """Every number entered, and nobody moves on from a phase who was not there."""
    def check(model: Pathway) -> CheckResult:
        impossible = model.impossible()
        if impossible:
            return _result(False, "check.pathway.impossible",
                           phases=", ".join(phase_label(p) for p in impossible))
        blank = model.unentered()
        if blank:
            return _result(False, "check.pathway.hint", missing="; ".join(blank))
        return _result(True, "check.pathway.pass")
    return check
