"""The stakeholder power/interest map: a map the participant clicks, drags or moves by keyboard, with its text
alternative (a summary and a table) beside it.

The map is an anywidget, ``StakeholderMap``, drawn by the browser as an SVG (``stakeholder_map.js`` with
``stakeholder_map.css``), for what the earlier plotly chart and number boxes could not do:

* Place by pointing. Click on the map to place the chosen stakeholder at the nearest whole numbers, drag a
  stakeholder to move them. For keyboard and screen-reader users, labelled boxes for power and interest with
  a Place on map button, and every stakeholder on the map is a focusable button the arrow keys move.
* No race between typing and clicking. ipywidgets holds back a box's value while one of its messages is
  pending, but a button's click goes out at once. Here every action is one custom message carrying all of
  it (``{type: "place", seq, view, name, power, interest}``), read from the screen at the moment of the
  action; the kernel checks it through the model, saves, acknowledges it and sends the map back.
* No silent change. Numbers out of range are refused beside their box, as typed; a new stakeholder has no
  position until placed; the status line says exactly what was just done, and that the workbook has stopped
  when the kernel no longer answers (changes are then kept in the browser's storage and sent back after
  Run All, as the Sheet does).

Every word the browser shows comes from ``locales/en.json`` through the ``strings`` trait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import anywidget
import ipywidgets as widgets
import traitlets

from .. import messages
from ..kinds.power_interest_map import (
    QUADRANT_COLOURS,
    QUADRANT_SYMBOLS,
    QUADRANTS,
    SCALE_MAX,
    SCALE_MIDPOINT,
    SCALE_MIN,
    Placement,
    PowerInterestMap,
    map_summary,
    map_table,
    quadrant,
)
from ..kinds.table import TableModel
from ..models import AnswerError, clean_text, text_key
from ..static import table_html, widget_css, widget_esm
from .base import ExerciseView
from .chart import chart_with_text
from .host import Host

log = logging.getLogger(__name__)

MAX_VIEW_ID = 64  # characters; a view id is a short random name made by stakeholder_map.js
MAX_SEQ = 2**53  # a JavaScript number stays exact below this
NO_STATUS: dict[str, object] = {"text": "", "ok": None}
NO_OUTCOME: dict[str, object] = {"text": "", "ok": None, "n": 0}
BROWSER_FILES = Path(__file__).with_name("stakeholder_map")  # .js and .css beside this file
TEXT_STYLE = "line-height:1.4;overflow-wrap:anywhere"


def ui_strings() -> dict[str, str]:
    """The words stakeholder_map.js shows. Texts with ``{name}``, ``{value}``... stay templates for the browser."""
    scale = {"low": SCALE_MIN, "high": SCALE_MAX}
    at = {"name": "{name}", "power": "{power}", "interest": "{interest}", "quadrant": "{quadrant}"}
    return {
        "name": messages.text("map.name"),
        "namePlaceholder": messages.text("map.name_placeholder"),
        "power": messages.text("map.power"),
        "interest": messages.text("map.interest"),
        "range": messages.text("map.range", **scale),
        "place": messages.text("map.place"),
        "remove": messages.text("map.remove"),
        "unplaced": messages.text("map.unplaced"),
        "drawing": messages.text("map.drawing"),
        "how": messages.text("map.how"),
        "marker": messages.text("map.marker", **at),
        "chosenNew": messages.text("map.chosen_new", name="{name}"),
        "chosenPlaced": messages.text("map.chosen_placed", **at),
        "nameNeeded": messages.text("map.name_needed"),
        "notOnMap": messages.text("error.not_on_map", name="{name}"),
        "numberMissing": messages.text("map.number_missing", **scale),
        "numberRefused": messages.text("map.number_refused", value="{value}", **scale),
        "legend": messages.text("map.legend"),
        "problem": messages.text("sheet.problem"),
        "gone": messages.text("map.gone"),
    }


def quadrant_styles() -> list[dict[str, Any]]:
    """Each quadrant's name, colour and marker shape, and which half of each scale it covers (from the model's
    own rule, at the map's corners: the browser places a marker in the quadrant whose halves hold it)."""
    halves = {quadrant(power, interest): (power >= SCALE_MIDPOINT, interest >= SCALE_MIDPOINT)
              for power in (SCALE_MIN, SCALE_MAX) for interest in (SCALE_MIN, SCALE_MAX)}
    return [{
        "key": q, "label": messages.text(f"quadrant.{q}"), "colour": QUADRANT_COLOURS[q],
        "symbol": QUADRANT_SYMBOLS[q], "highPower": halves[q][0], "highInterest": halves[q][1],
    } for q in QUADRANTS]


def placement_rows(model: PowerInterestMap) -> list[dict[str, Any]]:
    """The map as the browser draws it."""
    return [{"name": p.name, "power": p.power, "interest": p.interest, "quadrant": p.quadrant}
            for p in model.placements]


@dataclass(frozen=True)
class MapChange:
    """What the participant did, as the browser sent it (the model checks the values)."""

    kind: str  # "place", "remove" or "restore" (the map as changed while the kernel was gone)
    name: str = ""
    power: object = None
    interest: object = None
    placements: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Done:
    """The answer to a change: what was done, in words, and whether it is saved."""

    text: str
    saved: bool = True


ChangeCallback = Callable[[MapChange], Done]


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_change(content: Mapping[str, object]) -> MapChange | None:
    """The change a message asks for; None when it is not one the browser sends."""
    kind, name = content.get("type"), content.get("name")
    if kind == "place" and isinstance(name, str) and _number(content.get("power")) and _number(
            content.get("interest")):
        return MapChange("place", name, content["power"], content["interest"])
    if kind == "remove" and isinstance(name, str):
        return MapChange("remove", name)
    entries = content.get("placements")
    if kind == "restore" and isinstance(entries, list) and all(
            isinstance(e, dict) and isinstance(e.get("name"), str) and _number(e.get("power"))
            and _number(e.get("interest")) for e in entries):
        return MapChange("restore", placements=[
            {"name": e["name"], "power": e["power"], "interest": e["interest"]} for e in entries])
    return None


class StakeholderMap(anywidget.AnyWidget):
    """The map and its controls, drawn by the browser; ``on_change`` carries out each change (see the module
    docstring) and returns what was done, or raises ``AnswerError`` to refuse it with a friendly reason."""

    _esm = widget_esm(BROWSER_FILES.with_suffix(".js"))
    _css = widget_css("workbooks-map", BROWSER_FILES.with_suffix(".css"))

    placements: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)  # the kernel's map
    names: traitlets.List[str] = traitlets.List().tag(sync=True)  # to choose from: the table's and the map's
    quadrants: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    scale: traitlets.Dict[str, int] = traitlets.Dict().tag(sync=True)
    strings: traitlets.Dict[str, str] = traitlets.Dict().tag(sync=True)
    status: traitlets.Dict[str, object] = traitlets.Dict(NO_STATUS).tag(sync=True)  # saved or not: {"text", "ok"}
    # What the last change did, or why it was refused; "n" counts them, so the same words are said again.
    outcome: traitlets.Dict[str, object] = traitlets.Dict(NO_OUTCOME).tag(sync=True)
    storage_key = traitlets.Unicode("").tag(sync=True)  # the browser's localStorage key; "" keeps nothing there

    def __init__(self, on_change: ChangeCallback, *, placements: list[dict[str, Any]] | None = None,
                 names: list[str] | None = None, storage_key: str = "", **kwargs: Any) -> None:
        self._on_change = on_change
        self._last_seq: dict[str, int] = {}  # per browser view: its views each count their own messages
        super().__init__(placements=list(placements or []), names=list(names or []), quadrants=quadrant_styles(),
                         scale={"min": SCALE_MIN, "max": SCALE_MAX, "midpoint": SCALE_MIDPOINT},
                         strings=ui_strings(), storage_key=storage_key, **kwargs)
        self.on_msg(self._on_message)

    def say(self, text: str, ok: bool | None) -> None:
        self.outcome = {"text": text, "ok": ok, "n": cast(int, self.outcome.get("n", 0)) + 1}

    def _on_message(self, _widget: object, content: object, _buffers: object) -> None:
        try:
            self._handle(content)
        except Exception:  # never a traceback in the participant's output
            log.debug("map message not handled", exc_info=True)

    def _handle(self, content: object) -> None:
        if not isinstance(content, dict):
            return
        seq, view = content.get("seq"), content.get("view", "")
        if type(seq) is not int or not 0 <= seq < MAX_SEQ or not isinstance(view, str) or len(view) > MAX_VIEW_ID:
            return
        if content.get("type") == "ping":
            self._ack(seq, True)
            return
        change = read_change(content)
        if change is None:
            return
        if seq <= self._last_seq.get(view, -1):
            self._ack(seq, True)  # older than what was handled: the kernel is alive and up to date
            return
        self._last_seq[view] = seq
        try:
            done = self._on_change(change)
        except AnswerError as problem:
            self.say(str(problem), False)
            self._ack(seq, False, refused=True)
            return
        except Exception:  # the participant gets a sentence, never a traceback
            log.debug("map change failed", exc_info=True)
            self.say(messages.text("map.failed"), False)
            self._ack(seq, False)
            return
        self.say(done.text, True)
        self._ack(seq, done.saved)

    def _ack(self, seq: int, ok: bool, *, refused: bool = False) -> None:
        # ok False: not saved; the browser then shows the kernel's map and keeps its own copy, unless the
        # change was refused (the model said why): then the kernel's map is the one to keep.
        self.send({"type": "ack", "seq": seq, "ok": ok, **({"refused": True} if refused else {})})


class PowerInterestView(ExerciseView[PowerInterestMap]):
    def __init__(self, workbook: Host, exercise: str, names_from: str | None = None) -> None:
        super().__init__(workbook, exercise)
        self.names_from = names_from
        self.map = StakeholderMap(self.change, placements=placement_rows(self.model), names=self.names(),
                                  storage_key=workbook.browser_key(exercise))
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.widget = self.frame(chart_with_text(self.map, self.summary, self.table))
        self.refresh()

    # -- what the participant does -----------------------------------------------

    def change(self, change: MapChange) -> Done:
        """Carry out a change from the map; raises AnswerError (nothing changed) when the model refuses it."""
        if change.kind == "place":
            text = self._place(change.name, change.power, change.interest)
        elif change.kind == "remove":
            text = self._remove(change.name)
        else:
            text = self._restore(change.placements)
        self.feedback.clear()  # a check's verdict is out of date now
        self.refresh()
        try:
            self.workbook.save()
        except AnswerError:  # the status line says why; the browser keeps its copy
            return Done(text, saved=False)
        return Done(text)

    def _place(self, name: str, power: object, interest: object) -> str:
        before = self.model.find(name.strip())
        moved = self.model.place(name, power, interest)
        placed = cast(Placement, self.model.find(name.strip()))
        name, where = placed.name, messages.text(f"quadrant.{placed.quadrant}")
        if placed == before:
            return messages.text("map.unchanged", name=name, power=placed.power, interest=placed.interest,
                                 quadrant=where)
        return messages.text("map.moved" if moved else "map.placed", name=name, power=placed.power,
                             interest=placed.interest, quadrant=where)

    def _remove(self, name: str) -> str:
        placed = self.model.find(clean_text(name, messages.text("map.name")))
        if placed is None:
            raise AnswerError("error.not_on_map", name=name.strip())
        self.model.remove(placed.name)
        return messages.text("map.removed", name=placed.name)

    def _restore(self, entries: list[dict[str, object]]) -> str:
        kept = PowerInterestMap(self.exercise)
        kept.load({"stakeholders": entries})  # checks every entry before the map changes
        self.model.placements = kept.placements
        return messages.text("map.back")

    # -- what the view shows -----------------------------------------------------

    def names(self) -> list[str]:
        """The stakeholders to choose from: those on the map, then the stakeholders table's others."""
        names = [p.name for p in self.model.placements]
        seen = {text_key(n) for n in names}
        if self.names_from:
            table = cast(TableModel, self.workbook.models[self.names_from])
            for row in table.rows:
                name = str(row.get(table.key, "")).strip()
                if name and text_key(name) not in seen:
                    seen.add(text_key(name))
                    names.append(name)
        return names

    def after_save(self, status: str, ok: bool) -> None:
        super().after_save(status, ok)
        # Any exercise was saved: the stakeholders table may have new names, another view of this map may
        # have changed it. Traits send nothing when their value is the same.
        self.map.names = self.names()
        if self.map.placements != placement_rows(self.model):
            self.refresh()

    def show_saved(self, status: str, ok: bool) -> None:
        # In the map's own status line, which stops saying "Saved" the moment the kernel is gone.
        self.map.status = {"text": status, "ok": None if ok else False}

    def refresh(self) -> None:
        model = self.model
        self.map.placements = placement_rows(model)
        self.map.names = self.names()
        self.summary.value = f"<p>{map_summary(model)}</p>"
        # Lines as in a paragraph (ipywidgets gives HTML a control's line height), and long words broken
        # where they must be: a narrow output holds the table whole.
        self.table.value = (f'<div style="{TEXT_STYLE}">'
                            f'{table_html(map_table(model), messages.text("map.table_caption"))}</div>')
