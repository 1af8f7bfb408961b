"""What every exercise model shares: the ``ExerciseModel`` protocol, answer errors and text cleaning.

The models themselves live with their kind in ``workbooks/kinds/``: plain data
with validation, no widgets. Every model turns into JSON-ready data with
``to_dict`` and back with ``load``; problems a participant can fix raise
:class:`AnswerError`, whose message comes from the messages table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol

from . import messages

MAX_TEXT = 4000


class AnswerError(ValueError):
    """A problem with an answer that the participant can fix."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(messages.text(key, **params))


def clean_text(value: object, label: str, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise AnswerError("error.not_text", field=label)
    value = value.strip()
    if required and not value:
        raise AnswerError("error.empty", field=label)
    if len(value) > MAX_TEXT:
        raise AnswerError("error.too_long", field=label, limit=MAX_TEXT)
    return value


def text_key(value: str) -> str:
    """What two texts that count as the same share: ``Mentors`` and ``MENTORS`` name one row.

    Kinds index their rows by it, so finding a repeat costs one look-up, not a pass over every row.
    """
    return value.casefold()


def same_text(a: str, b: str) -> bool:
    return text_key(a) == text_key(b)


class ExerciseModel(Protocol):
    """What every exercise model has; its ``kind`` names it in ``workbooks.kinds``."""

    exercise: str
    kind: ClassVar[str]

    def to_dict(self) -> dict[str, Any]: ...

    def load(self, data: Mapping[str, Any]) -> None: ...

    def is_empty(self) -> bool: ...


def bad_exercise(exercise: str) -> AnswerError:
    """The answers of ``exercise`` do not have the shape its kind saves."""
    return AnswerError("error.bad_exercise", exercise=messages.text(f"{exercise}.title"))


LINE_SPLIT = re.compile(r"[\r\n]+")  # one item per line, in checklists and the mountain's lists


# ---------------------------------------------------------------- participant

PARTICIPANT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def clean_participant_id(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AnswerError("error.no_participant_id")
    value = value.strip()
    if not PARTICIPANT_ID.match(value):
        raise AnswerError("error.bad_participant_id", value=value)
    return value
