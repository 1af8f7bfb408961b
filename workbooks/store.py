"""Saving and restoring a session's answers.

Answers are written at once, atomically, to ``<session>_answers.json`` beside the
notebook. On start the newest readable copy wins: the side file, or the copy
inside the notebook when the side file is missing or damaged. A file that cannot
be read is set aside under a new name, never deleted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from . import messages
from .answers import Answers, newest, now, parse_json
from .exercises import Session
from .models import AnswerError
from .notebook_copy import embedded, read_notebook
from .sessions import get

MAX_NOTEBOOKS_SCANNED = 40
FILE_MODE = 0o644  # mkstemp makes files private (0600)


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def atomic_write(path: Path, content: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class AnswerStore:
    """The side file of one session, and the notebooks that may carry a copy."""

    def __init__(self, spec: Session, folder: Path, notebook: Path | None = None,
                 read_only: bool = False) -> None:
        self.spec = spec
        self.folder = folder
        self.notebook = notebook
        self.read_only = read_only
        self.path = folder / spec.answer_file

    def set_aside(self, reason: str) -> Path:
        """Keep the current side file under a new name; returns that name."""
        stem = f"{self.spec.id}_answers.{reason}-{_stamp()}"
        kept = self.path.with_name(f"{stem}.json")
        number = 1
        while kept.exists():  # never overwrite a copy kept earlier in the same second
            number += 1
            kept = self.path.with_name(f"{stem}-{number}.json")
        shutil.copy2(self.path, kept)
        return kept

    def _side_file(self, notices: list[str]) -> Answers | None:
        try:
            text = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            notices.append(messages.text("store.unreadable", file=self.path.name))
            return None
        try:
            answers = parse_json(self.spec, text)
        except AnswerError as problem:
            if self.read_only:
                notices.append(messages.text("store.damaged_kept", file=self.path.name, reason=str(problem)))
                return None
            try:
                kept = self.set_aside("unreadable")
                self.path.unlink()
            except OSError:  # a folder we cannot write to: leave the file where it is
                notices.append(messages.text("store.damaged_kept", file=self.path.name, reason=str(problem)))
                return None
            notices.append(messages.text("store.damaged", file=self.path.name, kept=kept.name, reason=str(problem)))
            return None
        if answers.problems and not self.read_only:
            try:
                kept = self.set_aside("before-repair")
                atomic_write(self.path, answers.to_json())  # so the next start finds it mended
            except OSError:
                return answers
            notices.append(messages.text("store.repaired", kept=kept.name))
        return answers

    def _notebook_copies(self) -> list[Answers]:
        if self.notebook is not None:
            candidates = [self.notebook]
        else:
            candidates = sorted(self.folder.glob("*.ipynb"))[:MAX_NOTEBOOKS_SCANNED]
        copies: list[Answers] = []
        for path in candidates:
            notebook = read_notebook(path)
            if notebook is not None:
                copies.extend(embedded(self.spec, notebook))
        return copies

    def load(self) -> tuple[Answers, list[str]]:
        """The newest answers found, and notices for the participant."""
        notices: list[str] = []
        side = self._side_file(notices)
        copies = [side] if side else []
        copies += self._notebook_copies()
        found = newest(copies)
        if found is None:
            return Answers.empty(self.spec), notices
        notices.extend(found.problems)
        if found is not side and not found.is_empty():
            notices.append(messages.text("store.from_notebook"))
        return found, notices

    def save(self, answers: Answers) -> None:
        """Write the answers now. Raises AnswerError with a plain reason on failure."""
        if self.read_only:
            return
        answers.saved_at = now()
        try:
            atomic_write(self.path, answers.to_json())
        except OSError as problem:
            raise AnswerError("error.cannot_save", reason=problem.strerror or str(problem)) from problem


def saved_nearby(folder: Path, session_ids: Sequence[str]) -> dict[str, Answers]:
    """Other sessions' saved answers, found beside this notebook or in their own folders next to its folder
    (release/session2/ beside release/session6/), read without ever moving or rewriting a file."""
    found: dict[str, Answers] = {}
    for session in session_ids:
        spec = get(session)
        for place in (folder, folder.parent / session):
            if not place.is_dir():
                continue
            answers, _notices = AnswerStore(spec, place, None, read_only=True).load()
            if not answers.is_empty():
                found[session] = answers
                break
    return found
