"""Checklists: named sections, each a list of short items, with their checks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import LINE_SPLIT, AnswerError, bad_exercise, clean_text, text_key
from ..static import Table, exercise_title, table_html, text_table


@dataclass
class Checklist:
    """Named sections, each a list of short items (one per line when typed)."""

    exercise: str
    sections: tuple[str, ...]
    items: dict[str, list[str]] = field(default_factory=dict)
    kind: ClassVar[str] = "checklist"

    def label(self, section: str) -> str:
        return messages.text(f"{self.exercise}.section.{section}")

    def set_text(self, section: str, typed: object) -> list[str]:
        """Store the lines typed for ``section``; returns the repeated lines dropped."""
        if section not in self.sections:
            raise bad_exercise(self.exercise)
        if not isinstance(typed, str):
            raise AnswerError("error.not_text", field=self.label(section))
        kept: list[str] = []
        repeated: list[str] = []
        seen: set[str] = set()  # the kept items' keys: a repeat is found by look-up, not a pass over the list
        for line in LINE_SPLIT.split(typed):
            item = clean_text(line, self.label(section), required=False)
            if not item:
                continue
            key = text_key(item)
            if key in seen:
                repeated.append(item)
            else:
                seen.add(key)
                kept.append(item)
        self.items[section] = kept
        return repeated

    def text_of(self, section: str) -> str:
        return "\n".join(self.items.get(section, []))

    def filled(self, sections: tuple[str, ...] | None = None) -> list[str]:
        return [s for s in (sections or self.sections) if self.items.get(s)]

    def to_dict(self) -> dict[str, Any]:
        return {"items": {s: list(self.items.get(s, [])) for s in self.sections}}

    def load(self, data: Mapping[str, Any]) -> None:
        items = data.get("items")
        if not isinstance(items, Mapping):
            raise bad_exercise(self.exercise)
        self.items = {}
        for section, values in items.items():
            if section not in self.sections or not isinstance(values, list):
                raise bad_exercise(self.exercise)
            if not all(isinstance(v, str) for v in values):
                raise bad_exercise(self.exercise)
            self.set_text(section, "\n".join(values))

    def is_empty(self) -> bool:
        return not self.filled()


def enough_sections(resources: tuple[str, ...], minimum: int,
                    channels: tuple[str, ...]) -> Callable[[Checklist], CheckResult]:
    """At least ``minimum`` of the ``resources`` sections, and at least one of the ``channels`` sections, of
    any kind: a box that does not apply to a community may stay empty."""
    def check(model: Checklist) -> CheckResult:
        filled = model.filled(resources)
        if len(filled) < minimum:
            return verdict(False, f"{model.exercise}.check.hint_resources", minimum=minimum, count=len(filled))
        if not [s for s in channels if model.items.get(s)]:
            kinds = ", ".join(model.label(s) for s in channels)
            return verdict(False, f"{model.exercise}.check.hint_channels", kinds=kinds)
        return verdict(True, f"{model.exercise}.check.pass")
    return check


def required_sections(required: tuple[str, ...]) -> Callable[[Checklist], CheckResult]:
    """Every one of the ``required`` sections has an item; the others may stay empty when they do not apply."""
    def check(model: Checklist) -> CheckResult:
        missing = [model.label(s) for s in required if not model.items.get(s)]
        if missing:
            return verdict(False, f"{model.exercise}.check.hint", missing="; ".join(missing))
        return verdict(True, f"{model.exercise}.check.pass")
    return check


def sections_filled(sections: tuple[str, ...] | None = None) -> Callable[[Checklist], CheckResult]:
    """Every one of ``sections`` (by default all) has at least one item."""
    def check(model: Checklist) -> CheckResult:
        wanted = sections or model.sections
        missing = [model.label(s) for s in wanted if s not in model.filled(wanted)]
        if missing:
            return verdict(False, "check.sections.hint", missing="; ".join(missing))
        return verdict(True, "check.sections.pass")
    return check


def checklist_table(model: Checklist) -> Table:
    rows = [{messages.text("checklist.section"): model.label(s),
             messages.text("checklist.items"): ", ".join(model.items.get(s, []))} for s in model.sections]
    return text_table(rows)


def checklist_html(model: Checklist) -> str:
    return table_html(checklist_table(model), exercise_title(model))
