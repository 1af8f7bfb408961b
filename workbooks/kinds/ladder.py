"""The mountain of engagement (or the CSCCE modes side by side): for each phase or mode of a lens, what people
do, barriers, solutions, and recognition or support."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import LINE_SPLIT, MAX_TEXT, AnswerError, bad_exercise
from ..static import Table, paragraph, table_html, text_table

# Mozilla's mountain of engagement, bottom to top, and the CSCCE Community
# Participation Model's modes as an alternative lens.
LENSES: dict[str, tuple[str, ...]] = {
    "mozilla": ("discovery", "first_contact", "participation", "sustained", "networked", "leadership"),
    "cscce": ("convey", "contribute", "collaborate", "co_create", "champion"),
}
# Lenses whose modes sit side by side rather than one above the other, each with the mode that cuts across
# the rest: CSCCE's modes can all be present at once, and Champion can also happen outside the community.
# Such a lens has no top and no "ready to move on"; its fourth box asks how people in a mode are supported
# and acknowledged. Every other lens is a climb.
SIDE_BY_SIDE: dict[str, str] = {"cscce": "champion"}

# The texts that differ between a climb and modes side by side.
CLIMB_TEXTS = {"recognition": "ladder.field.recognition", "caption": "ladder.table_caption",
               "row": "ladder.phase_column", "pass": "check.ladder.pass", "hint": "check.ladder.hint",
               "summary": "ladder.summary", "summary_all": "ladder.summary_all"}
MODES_TEXTS = {"recognition": "ladder.modes_recognition", "caption": "ladder.modes_caption",
               "row": "ladder.modes_column", "pass": "check.ladder.modes_pass", "hint": "check.ladder.modes_hint",
               "summary": "ladder.modes_summary", "summary_all": "ladder.modes_summary_all"}


PHASE_FIELDS = ("activities", "barriers", "solutions", "recognition")


def phase_label(phase: str) -> str:
    return messages.text(f"phase.{phase}")


def lines(text: str) -> list[str]:
    return [line.strip() for line in LINE_SPLIT.split(text) if line.strip()]


@dataclass
class Ladder:
    """For each phase (or mode) of the chosen lens: what people do, barriers, solutions, and a fourth box:
    on a climb, how you recognise someone is ready to move on; for modes side by side, how you support and
    acknowledge the people in that mode.

    Answers for both lenses are kept, so switching lens loses nothing. Every lens saves the same four boxes
    under the same names, so answers saved before the CSCCE modes were shown side by side load unchanged.
    """

    exercise: str
    lens: str = "mozilla"
    phases: dict[str, dict[str, str]] = field(default_factory=dict)
    kind: ClassVar[str] = "ladder"

    @property
    def order(self) -> tuple[str, ...]:
        return LENSES[self.lens]

    @property
    def climb(self) -> bool:
        """Whether the chosen lens is a climb (phases one above the other) rather than modes side by side."""
        return self.lens not in SIDE_BY_SIDE

    def texts(self, part: str) -> str:
        """The message key of ``part`` (see ``CLIMB_TEXTS``) for the chosen lens."""
        return (CLIMB_TEXTS if self.climb else MODES_TEXTS)[part]

    def set_lens(self, lens: object) -> None:
        if not isinstance(lens, str) or lens not in LENSES:
            raise bad_exercise(self.exercise)
        self.lens = lens

    def field_label(self, name: str) -> str:
        if name == "recognition":
            return messages.text(self.texts("recognition"))
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

    def top(self, phase: str) -> bool:
        """Whether ``phase`` is the top of a climb: there is no next phase to move on to."""
        return self.climb and phase == self.order[-1]

    def missing(self, phase: str) -> list[str]:
        """What ``phase`` still lacks, as field names (the top of a climb needs no recognition; every mode
        side by side needs all four boxes)."""
        lacking = [n for n in ("activities", "barriers") if not self.text(phase, n)]
        if len(self.solutions(phase)) < len(self.barriers(phase)) or not self.solutions(phase):
            lacking.append("solutions")
        if not self.top(phase) and not self.text(phase, "recognition"):
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


def mountain_complete() -> Callable[[Ladder], CheckResult]:
    """Every phase of the chosen lens has activities, barriers, a solution per barrier, and its fourth box:
    on a climb, recognition below the top; for modes side by side, support and acknowledgement in each."""
    def check(model: Ladder) -> CheckResult:
        gaps = []
        for phase in model.order:
            missing = model.missing(phase)
            if missing:
                gaps.append(f"{phase_label(phase)}: {', '.join(model.field_label(m) for m in missing)}")
        lens = messages.text(f"lens.{model.lens}")
        if gaps:
            return verdict(False, model.texts("hint"), lens=lens, gaps="; ".join(gaps))
        return verdict(True, model.texts("pass"), lens=lens)
    return check


def ladder_table(model: Ladder) -> Table:
    """The chosen lens's phases (bottom to top on a climb) or modes, with what the participant wrote."""
    fields = ("activities", "barriers", "solutions", "recognition")
    rows = []
    for phase in model.order:
        row = {messages.text(model.texts("row")): phase_label(phase)}
        for name in fields:
            text = model.text(phase, name)
            if name in ("barriers", "solutions"):
                text = "; ".join(model.barriers(phase) if name == "barriers" else model.solutions(phase))
            if name == "recognition" and model.top(phase) and not text:
                text = messages.text("ladder.top_phase")
            row[model.field_label(name)] = text
        rows.append(row)
    return text_table(rows)


def ladder_html(model: Ladder) -> str:
    return (paragraph(messages.text(f"lens.{model.lens}"))
            + table_html(ladder_table(model), messages.text(model.texts("caption"))))
