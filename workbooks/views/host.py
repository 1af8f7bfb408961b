"""What a view needs from the workbook it is shown in, so that views never import the workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ..answers import Answers
from ..checks import CheckResult
from ..exercises import Session
from ..models import ExerciseModel


class Listener(Protocol):
    def after_save(self, status: str, ok: bool) -> None: ...

    def refresh(self) -> None: ...


class Host(Protocol):
    """The open workbook of one session, as its views see it (``workbooks.workbook.Workbook``)."""

    spec: Session
    answers: Answers
    folder: Path  # where the notebook and its answers file are

    @property
    def models(self) -> dict[str, ExerciseModel]: ...

    def save(self) -> None: ...

    def browser_key(self, exercise: str) -> str: ...

    def listen(self, view: Listener) -> None: ...

    def check_result(self, exercise: str) -> CheckResult: ...

    def hand_in_file(self) -> tuple[str, bytes]: ...

    def restore(self, filename: str, content: bytes) -> Answers: ...
