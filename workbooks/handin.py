"""The one file a participant hands in, and reading such a file back.

The hand-in file is the participant's notebook with their latest answers inside,
named ``<participant id>__<session>.ipynb`` so that ``nbgrader zip_collect``
files it under that participant.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import messages
from .answers import Answers, newest, parse
from .cells import cell_source, from_browser
from .exercises import Session
from .models import AnswerError
from .notebook_copy import MAX_NOTEBOOK_BYTES, embed, embedded

HANDIN_SEPARATOR = "__"


def handin_name(answers: Answers) -> str:
    if not answers.participant_id:
        raise AnswerError("error.no_participant_id")
    return f"{answers.participant_id}{HANDIN_SEPARATOR}{answers.spec.notebook}"


def build_handin(answers: Answers, notebook_path: Path, summary: str) -> tuple[str, bytes]:
    """The hand-in file's name and content, built from the notebook on disk."""
    name = handin_name(answers)
    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        raise AnswerError("error.no_notebook_file", file=notebook_path.name) from problem
    for cell in notebook.get("cells", []):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            code = cell_source(cell)
            released = from_browser(code)
            if released != code:
                cell["source"] = released.splitlines(keepends=True)
    embed(notebook, answers, summary)
    return name, (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def read_upload(spec: Session, filename: str, content: bytes) -> Answers:
    """Answers from an uploaded hand-in notebook or answer file, for ``spec``'s session."""
    if len(content) > MAX_NOTEBOOK_BYTES:
        raise AnswerError("error.file_too_big", file=filename)
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as problem:
        raise AnswerError("error.upload_unreadable", file=filename) from problem
    if isinstance(data, dict) and isinstance(data.get("cells"), list):
        found = newest(embedded(spec, data))
        if found is None:
            raise AnswerError("error.upload_no_answers", file=filename, session=spec.id)
        return found
    return parse(spec, data)


def describe(answers: Answers) -> str:
    """How many of the graded exercises are started (the closing feedback does not count)."""
    graded = answers.spec.graded
    started = sum(not answers.models[name].is_empty() for name in graded)
    return messages.text("handin.summary", started=started, total=len(graded))
