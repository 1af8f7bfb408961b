"""Helpers for tests of the widget views: what a widget says, what was saved, typing into a view."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import ipywidgets as widgets

CONTROLS = (widgets.Button, widgets.Dropdown, widgets.Select, widgets.Text, widgets.Textarea,
            widgets.Combobox, widgets.BoundedIntText, widgets.FileUpload)


def said(widget) -> str:
    """What a Feedback (or any HTML widget) says, as plain text."""
    return unescape(re.sub(r"<[^>]+>", " ", widget.value)).replace("\u2713", "").replace("\u26a0", "").strip()


def saved(folder: Path, session: str) -> dict:
    """The exercises in a session's answer file in ``folder``."""
    with open(folder / f"{session}_answers.json", encoding="utf-8") as handle:
        return json.load(handle)["exercises"]


def saved_bytes(folder: Path, session: str) -> bytes:
    return (folder / f"{session}_answers.json").read_bytes()


def controls(widget: widgets.Widget) -> list[widgets.Widget]:
    """Every widget inside ``widget`` that a participant can operate."""
    found = [widget] if isinstance(widget, CONTROLS) else []
    for child in getattr(widget, "children", ()):
        found += controls(child)
    return found


def fill(view, **values: str) -> None:
    """Types ``values`` into a table view's boxes, by column; the other boxes are emptied."""
    for column, box in view.inputs.items():
        box.value = values.get(column, "")


def add_row(view, **values: str) -> None:
    """Types ``values`` into a table view's boxes and clicks Add."""
    fill(view, **values)
    view.add.click()


def on_chart(view) -> dict[str, list[str]]:
    """The names on a power/interest chart, by quadrant trace."""
    return {trace.name: list(trace.text) for trace in view.figure.data}


def fill_disk(monkeypatch) -> None:
    """From now on every save fails as it would on a full disk."""
    from workbooks import store

    def refuse(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "atomic_write", refuse)
