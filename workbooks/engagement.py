"""Models for Session 3: the mountain of engagement and the numbers on its pathway.

Plain data with validation, like ``models``; no widgets here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from . import messages
from .models import LINE_SPLIT, MAX_TEXT, AnswerError, bad_exercise

# Mozilla's mountain of engagement, bottom to top, and the CSCCE Community
# Participation Model's modes as an alternative lens (Champion cuts across).
LENSES: dict[str, tuple[str, ...]] = {
    "mozilla": ("discovery", "first_contact", "participation", "sustained", "networked", "leadership"),
    "cscce": ("convey", "contribute", "collaborate", "co_create", "champion"),
}
PHASE_FIELDS = ("activities", "barriers", "solutions", "recognition")
MAX_PEOPLE = 10_000_000
# 1200, or 1,200 / 1 200 with thousands grouped by a comma or a space (ASCII digits only).
COUNT = re.compile(r"^(?:[0-9]+|[0-9]{1,3}(?:[, \u00a0\u202f][0-9]{3})+)$")


def phase_label(phase: str) -> str:
    return messages.text(f"phase.{phase}")


def lines(text: str) -> list[str]:
    return [line.strip() for line in LINE_SPLIT.split(text) if line.strip()]


@dataclass
class Ladder:
    """For each phase of the chosen lens: what people do, barriers, solutions, and how a move up is recognised.

    Answers for both lenses are kept, so switching lens loses nothing.
    """

    exercise: str
    lens: str = "mozilla"
    phases: dict[str, dict[str, str]] = field(default_factory=dict)
    kind: ClassVar[str] = "ladder"

    @property
    def order(self) -> tuple[str, ...]:
        return LENSES[self.lens]

    def set_lens(self, lens: object) -> None:
        if not isinstance(lens, str) or lens not in LENSES:
            raise bad_exercise(self.exercise)
        self.lens = lens

    def field_label(self, name: str) -> str:
        return messages.text(f"ladder.field.{name}")

    def set_field(self, phase: str, name: str, value: object) -> None:
        if not any(phase in order for order in LENSES.values()) or name not in PHASE_FIELDS:
            raise bad_exercise(self.exercise)
        if not isinstance(value, str):
            raise AnswerError("error.not_text", field=self.field_label(name))
        if len(value) > MAX_TEXT:
            raise AnswerError("error.too_long", field=self.field_label(name), limit=MAX_TEXT)
        self.phases.setdefault(phase, {})[name] = value

    def text(self, phase: str, name: str) -> str:
        return self.phases.get(phase, {}).get(name, "").strip()

    def barriers(self, phase: str) -> list[str]:
        return lines(self.text(phase, "barriers"))

    def solutions(self, phase: str) -> list[str]:
        return lines(self.text(phase, "solutions"))

    def missing(self, phase: str) -> list[str]:
        """What ``phase`` still lacks, as field names (the top phase needs no recognition)."""
        lacking = [n for n in ("activities", "barriers") if not self.text(phase, n)]
        if len(self.solutions(phase)) < len(self.barriers(phase)) or not self.solutions(phase):
            lacking.append("solutions")
        if phase != self.order[-1] and not self.text(phase, "recognition"):
            lacking.append("recognition")
        return lacking

    def to_dict(self) -> dict[str, Any]:
        return {"lens": self.lens, "phases": {p: dict(f) for p, f in self.phases.items()}}

    def load(self, data: Mapping[str, Any]) -> None:
        phases = data.get("phases")
        if not isinstance(phases, Mapping):
            raise bad_exercise(self.exercise)
        self.set_lens(data.get("lens", "mozilla"))
        self.phases = {}
        for phase, fields in phases.items():
            if not isinstance(fields, Mapping):
                raise bad_exercise(self.exercise)
            for name, value in fields.items():
                self.set_field(phase, name, value)

    def is_empty(self) -> bool:
        return not any(v.strip() for f in self.phases.values() for v in f.values())


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
