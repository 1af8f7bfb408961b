"""The engagement pathway: how many people are at each phase, and how many moved on."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import AnswerError, bad_exercise
from ..static import Table, exercise_title, paragraph, table_html, text_table
from .ladder import LENSES, phase_label

MAX_PEOPLE = 10_000_000


# 1200, or 1,200 / 1 200 with thousands grouped by a comma or a space (ASCII digits only).
COUNT = re.compile(r"^(?:[0-9]+|[0-9]{1,3}(?:[, \u00a0\u202f][0-9]{3})+)$")


def _count(value: object, label: str) -> int | None:
    """A head count typed in a box: blank is None, otherwise a whole number from 0."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, str):
        if not COUNT.match(value.strip()):
            raise AnswerError("error.not_count", field=label)
        value = int(re.sub(r"[^0-9]", "", value))
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnswerError("error.not_count", field=label)
    if not 0 <= value <= MAX_PEOPLE:
        raise AnswerError("error.out_of_range", field=label, low=0, high=MAX_PEOPLE)
    return value


@dataclass
class Pathway:
    """Estimated people at each phase, and how many moved on to the next one."""

    exercise: str
    order: tuple[str, ...] = LENSES["mozilla"]
    people: dict[str, int] = field(default_factory=dict)
    moved_on: dict[str, int] = field(default_factory=dict)
    kind: ClassVar[str] = "pathway"

    def people_label(self, phase: str) -> str:
        return messages.text("pathway.people", phase=phase_label(phase))

    def moved_label(self, phase: str) -> str:
        return messages.text("pathway.moved_on", phase=phase_label(phase))

    def set_people(self, phase: str, value: object) -> None:
        if phase not in self.order:
            raise bad_exercise(self.exercise)
        self._store(self.people, phase, _count(value, self.people_label(phase)))

    def set_moved_on(self, phase: str, value: object) -> None:
        if phase not in self.order[:-1]:
            raise bad_exercise(self.exercise)
        self._store(self.moved_on, phase, _count(value, self.moved_label(phase)))

    @staticmethod
    def _store(where: dict[str, int], phase: str, value: int | None) -> None:
        if value is None:
            where.pop(phase, None)
        else:
            where[phase] = value

    def unentered(self) -> list[str]:
        """Boxes still blank, as labels."""
        blank = [self.people_label(p) for p in self.order if p not in self.people]
        return blank + [self.moved_label(p) for p in self.order[:-1] if p not in self.moved_on]

    def impossible(self) -> list[str]:
        """Phases from which more people moved on than were there."""
        return [p for p in self.order[:-1]
                if p in self.people and p in self.moved_on and self.moved_on[p] > self.people[p]]

    def to_dict(self) -> dict[str, Any]:
        return {"people": {p: self.people[p] for p in self.order if p in self.people},
                "moved_on": {p: self.moved_on[p] for p in self.order if p in self.moved_on}}

    def load(self, data: Mapping[str, Any]) -> None:
        people, moved = data.get("people", {}), data.get("moved_on", {})
        if not isinstance(people, Mapping) or not isinstance(moved, Mapping):
            raise bad_exercise(self.exercise)
        self.people, self.moved_on = {}, {}
        for phase, value in people.items():
            self.set_people(phase, value)
        for phase, value in moved.items():
            self.set_moved_on(phase, value)

    def is_empty(self) -> bool:
        return not self.people and not self.moved_on


def pathway_possible() -> Callable[[Pathway], CheckResult]:
    """Every number entered, and nobody moves on from a phase who was not there."""
    def check(model: Pathway) -> CheckResult:
        impossible = model.impossible()
        if impossible:
            return verdict(False, "check.pathway.impossible",
                           phases=", ".join(phase_label(p) for p in impossible))
        blank = model.unentered()
        if blank:
            return verdict(False, "check.pathway.hint", missing="; ".join(blank))
        return verdict(True, "check.pathway.pass")
    return check


def pathway_table(model: Pathway) -> Table:
    rows = []
    for phase in model.order:
        people, moved = model.people.get(phase), model.moved_on.get(phase)
        share = f"{moved / people:.0%}" if people and moved is not None else ""
        rows.append({messages.text("pathway.phase"): phase_label(phase),
                     messages.text("pathway.people_column"): "" if people is None else people,
                     messages.text("pathway.moved_column"): "" if moved is None else moved,
                     messages.text("pathway.share_column"): share})
    return text_table(rows)


def pathway_summary(model: Pathway) -> str:
    impossible = set(model.impossible())  # once, not once per phase
    shares = {p: model.moved_on[p] / model.people[p] for p in model.order[:-1]
              if model.people.get(p) and p in model.moved_on and p not in impossible}
    if not shares:
        return messages.text("pathway.summary_empty")
    lowest = min(shares, key=lambda phase: shares[phase])
    return messages.text("pathway.summary", entered=len(model.people), total=len(model.order),
                         phase=phase_label(lowest), share=f"{shares[lowest]:.0%}")


def pathway_html(model: Pathway) -> str:
    return paragraph(pathway_summary(model)) + table_html(pathway_table(model), exercise_title(model))
