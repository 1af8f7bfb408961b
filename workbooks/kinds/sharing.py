"""Sharing with the cohort: which of a session's outputs a participant lets the cohort gallery show, and how.

Each shareable output is kept private until the participant picks "share"; their work is shown without a
name unless they pick "named" and write the name to show. The choice rides in the answers file, so a
later hand-in changes it, and a hand-in without it shares nothing. It is saved like a form's answers
(one record of texts), so the browser keeps a draft of it as it does of a form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any, ClassVar

from .. import messages
from ..models import AnswerError, bad_exercise

SHARE, NAMED = "share", "named"     # the one value of an output's choice, and of the credit, that is not ""
CREDIT, NAME = "credit", "name"     # the two fields beside the outputs
MAX_NAME = 80                       # characters of the name to show


def output_label(output: str) -> str:
    return messages.text(f"sharing.output.{output}")


@dataclass
class Sharing:
    """A choice per shareable output ("share" or "", kept private), the credit ("named" or "") and the name."""

    exercise: str
    outputs: tuple[str, ...]
    answers: dict[str, str] = field(default_factory=dict)
    kind: ClassVar[str] = "sharing"

    def __post_init__(self) -> None:
        if not self.outputs or len(set(self.outputs)) != len(self.outputs) or {CREDIT, NAME} & set(self.outputs):
            raise ValueError(f"{self.exercise}: the outputs to share must be named once each")

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.outputs, CREDIT, NAME)

    def label(self, name: str) -> str:
        return messages.text(f"sharing.field.{name}") if name in (CREDIT, NAME) else output_label(name)

    def set(self, name: str, value: object) -> None:
        """One field as the participant chose or typed it; a value it cannot take is refused in words."""
        if name not in self.fields:
            raise bad_exercise(self.exercise)
        if not isinstance(value, str):
            raise AnswerError("error.not_text", field=self.label(name))
        if name == NAME:
            value = " ".join(value.split())
            if len(value) > MAX_NAME:
                raise AnswerError("error.too_long", field=self.label(name), limit=MAX_NAME)
        elif value not in ("", NAMED if name == CREDIT else SHARE):
            raise AnswerError("error.unknown_option", field=self.label(name))
        self.answers[name] = value

    def set_all(self, typed: Mapping[str, object]) -> dict[str, str]:
        """Every field as on screen (the sheet sends them all); returns the problems to show beside boxes.
        A refused value leaves its field as it was."""
        problems: dict[str, str] = {}
        for name in self.fields:
            try:
                self.set(name, typed.get(name, ""))
            except AnswerError as problem:
                problems[f"0:{name}"] = str(problem)
        return problems

    def value(self, name: str) -> str:
        return self.answers.get(name, "")

    def shared(self) -> list[str]:
        """The outputs the participant chose to share, in the order they are offered."""
        return [o for o in self.outputs if self.value(o) == SHARE]

    def shown_name(self) -> str:
        """The name the gallery shows beside their work: "" (no name) unless they asked for one and wrote it."""
        return self.value(NAME) if self.value(CREDIT) == NAMED else ""

    def to_dict(self) -> dict[str, Any]:
        return {"answers": {name: self.value(name) for name in self.fields}}

    def load(self, data: Mapping[str, Any]) -> None:
        answers = data.get("answers")
        if not isinstance(answers, Mapping):
            raise bad_exercise(self.exercise)
        self.answers = {}
        for name, value in answers.items():
            self.set(name, value)

    def is_empty(self) -> bool:
        return not any(self.answers.values())


def sharing_summary(model: Sharing) -> str:
    """What the gallery will show of this participant's work, in one sentence."""
    shared = model.shared()
    if not shared:
        return messages.text("sharing.summary.nothing")
    outputs = ", ".join(output_label(o) for o in shared)
    if model.shown_name():
        return messages.text("sharing.summary.named", outputs=outputs, name=model.shown_name())
    if model.value(CREDIT) == NAMED:
        return messages.text("sharing.summary.name_missing", outputs=outputs)
    return messages.text("sharing.summary.anonymous", outputs=outputs)


def sharing_html(model: Sharing) -> str:
    return f"<p>{escape(sharing_summary(model))}</p>"
