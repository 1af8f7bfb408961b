"""Choices: a number of different options picked from a fixed list, one per slot."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import AnswerError, bad_exercise
from ..static import paragraph


@dataclass
class Choice:
    """Pick ``count`` different options from a fixed list, one per slot."""

    exercise: str
    options: tuple[str, ...]
    count: int
    slots: list[str] = field(default_factory=list)
    kind: ClassVar[str] = "choice"

    def __post_init__(self) -> None:
        self.slots = (list(self.slots) + [""] * self.count)[:self.count]

    def label(self, option: str) -> str:
        return messages.text(f"{self.exercise}.option.{option}")

    def slot_label(self, slot: int) -> str:
        return messages.text("choice.slot", number=slot + 1)

    def choose(self, slot: int, option: object) -> None:
        """Put ``option`` in ``slot`` ("" empties it). A repeat is refused with a friendly message."""
        if not isinstance(slot, int) or not 0 <= slot < self.count:
            raise bad_exercise(self.exercise)
        if option in ("", None):
            self.slots[slot] = ""
            return
        if option not in self.options:
            raise AnswerError("error.unknown_option", field=self.slot_label(slot))
        for other, taken in enumerate(self.slots):
            if other != slot and taken == option:
                raise AnswerError("error.chosen_twice", value=self.label(option), slot=self.slot_label(other))
        self.slots[slot] = option

    def chosen(self) -> list[str]:
        return [o for o in self.slots if o]

    def to_dict(self) -> dict[str, Any]:
        return {"chosen": list(self.slots)}

    def load(self, data: Mapping[str, Any]) -> None:
        chosen = data.get("chosen")
        if not isinstance(chosen, list) or len(chosen) > self.count:
            raise bad_exercise(self.exercise)
        self.slots = [""] * self.count
        for slot, option in enumerate(chosen):
            self.choose(slot, option)

    def is_empty(self) -> bool:
        return not self.chosen()


def all_chosen() -> Callable[[Choice], CheckResult]:
    def check(model: Choice) -> CheckResult:
        chosen = model.chosen()
        if len(chosen) < model.count:
            return verdict(False, "check.choice.hint", count=model.count, chosen=len(chosen))
        return verdict(True, "check.choice.pass", values=", ".join(model.label(o) for o in chosen))
    return check


def choice_summary(model: Choice) -> str:
    chosen = model.chosen()
    if not chosen:
        return messages.text("choice.chosen_none")
    return messages.text("choice.chosen", values=", ".join(model.label(o) for o in chosen))


def choice_html(model: Choice) -> str:
    return paragraph(choice_summary(model))
