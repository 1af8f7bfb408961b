"""Helpers for tests of the widget views: what a widget says, what was saved, typing into a view."""

from __future__ import annotations

import itertools
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


_messages = itertools.count(1)


def type_rows(view, *rows: dict[str, str], reason: str = "typing") -> None:
    """What a table view's sheet sends from the browser as the participant types: the whole table."""
    sheet = view.sheet
    content = {"type": "rows", "seq": next(_messages), "rows": [dict(r) for r in rows], "reason": reason,
               "view": "test"}
    sheet._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


def type_answers(view, **answers: str) -> None:
    """Types into a form's boxes (reflections, forms): its sheet sends every box, as on screen."""
    record = {**view.sheet.rows[0], **answers}
    type_rows(view, record)


def shown(view) -> dict[str, str]:
    """What a form's boxes show, by prompt."""
    return dict(view.sheet.rows[0])


def add_row(view, **values: str) -> None:
    """Types ``values`` into a new row below the table view's rows (Add row, then typing)."""
    filled = [r for r in view.sheet.rows if any(r.values())]
    type_rows(view, *filled, values, reason="add")


def map_message(view, **content) -> None:
    """What a power/interest map view's map sends from the browser: one whole change."""
    content = {"seq": next(_messages), "view": "test", **content}
    view.map._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


def place_on_map(view, name: str, power, interest) -> None:
    """Places (or moves) ``name`` on a power/interest map view, as a click, a drag or Place on map does."""
    map_message(view, type="place", name=name, power=power, interest=interest)


def on_chart(view) -> dict[str, list[str]]:
    """The names on a power/interest map, by quadrant."""
    from workbooks import messages
    from workbooks.kinds.power_interest_map import QUADRANTS

    return {messages.text(f"quadrant.{q}"): [p["name"] for p in view.map.placements if p["quadrant"] == q]
            for q in QUADRANTS}


def fill_disk(monkeypatch) -> None:
    """From now on every save fails as it would on a full disk."""
    from workbooks import store

    def refuse(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "atomic_write", refuse)
