"""The copy of the answers that travels inside the ``.ipynb`` file.

The setup cell's output carries the answers under a MIME type of our own, so a
notebook downloaded on its own still holds every answer. The grader moves that
copy into the notebook's metadata, which survives nbgrader clearing outputs.
Notebooks are handled as plain JSON, which keeps kernel start-up light.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .answers import MIME_TYPE, Answers, parse
from .cells import is_setup_cell
from .exercises import Session
from .models import AnswerError

METADATA_KEY = "community_building_workbooks"
MAX_NOTEBOOK_BYTES = 50_000_000


def answers_bundle(answers: Answers, summary: str) -> dict[str, Any]:
    return {MIME_TYPE: answers.to_dict(), "text/plain": summary, "text/markdown": summary}


def read_notebook(path: Path) -> dict[str, Any] | None:
    """The notebook as JSON, or None when it is missing, huge or not a notebook."""
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("cells"), list) else None


def _outputs(notebook: dict[str, Any]):
    for cell in notebook.get("cells", []):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            for output in cell.get("outputs") or []:
                if isinstance(output, dict) and isinstance(output.get("data"), dict):
                    yield output


def embedded(spec: Session, notebook: dict[str, Any]) -> list[Answers]:
    """Every readable copy of ``spec``'s answers in the notebook's outputs and metadata."""
    found: list[object] = [o["data"][MIME_TYPE] for o in _outputs(notebook) if MIME_TYPE in o["data"]]
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict) and isinstance(metadata.get(METADATA_KEY), dict):
        found.append(metadata[METADATA_KEY].get("answers"))
    copies = []
    for data in found:
        try:
            copies.append(parse(spec, data))
        except AnswerError:
            continue
    return copies


def embed(notebook: dict[str, Any], answers: Answers, summary: str) -> dict[str, Any]:
    """Put ``answers`` into the setup cell's output, replacing any older copy."""
    bundle = {"output_type": "display_data", "metadata": {}, "data": answers_bundle(answers, summary)}
    for output in _outputs(notebook):
        if MIME_TYPE in output["data"]:
            output["data"] = bundle["data"]
            return notebook
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code" and is_setup_cell(cell):
            cell.setdefault("outputs", []).append(bundle)
            return notebook
    raise AnswerError("error.no_setup_cell")


def stored_answers(spec: Session, notebook: dict[str, Any]) -> Answers | None:
    """The answers nbgrader stored in a graded notebook before any of its code ran.

    Outputs are left alone: in a graded notebook they come from the participant's code.
    """
    metadata = notebook.get("metadata")
    stored = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    data = stored.get("answers") if isinstance(stored, dict) else None
    try:
        return parse(spec, data) if data else None
    except AnswerError:
        return None


def store_in_metadata(notebook: dict[str, Any], answers: Answers | None) -> None:
    notebook.setdefault("metadata", {})[METADATA_KEY] = {"answers": answers.to_dict() if answers else None}
