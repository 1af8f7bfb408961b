"""The room timer of a facilitator's kit: a countdown, large enough to read on a shared screen.

It runs on the browser's clock (``timer.js``), so a busy or restarted kernel never
stalls it; Python only says which parts of the session it offers and for how long.
Start, pause, reset and "add a minute" are ordinary buttons, so it works by
keyboard; the end is shown in words and announced to screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .. import messages
from ..static import widget_css, widget_esm
from . import get_plan

MAX_MINUTES = 180  # longer than any call; a typo such as 500 is refused
DEFAULT_MINUTES = 5


def timer_strings() -> dict[str, str]:
    """The words timer.js shows; ``{label}`` and ``{minutes}`` are kept for the browser to fill."""
    plain = ("timer.title", "timer.part", "timer.own_time", "timer.minutes", "timer.start", "timer.pause",
             "timer.resume", "timer.reset", "timer.add_minute", "timer.time_left", "timer.running", "timer.paused",
             "timer.ready", "timer.up", "timer.one_minute")
    strings = {key.removeprefix("timer."): messages.text(key) for key in plain}
    strings["preset"] = messages.text("timer.preset", label="{label}", minutes="{minutes}")
    strings["started"] = messages.text("timer.started", minutes="{minutes}")
    strings["up_announce"] = messages.text("timer.up_announce", label="{label}")
    return strings


def checked_presets(presets: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
    """``(label, minutes)`` pairs as the browser takes them, or ValueError naming the bad one."""
    checked = []
    for label, minutes in presets:
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"a timer preset needs a label: {label!r}")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES:
            raise ValueError(f"timer preset {label!r}: minutes must be a whole number from 1 to {MAX_MINUTES}")
        checked.append({"label": label.strip(), "minutes": minutes})
    return checked


class RoomTimer(anywidget.AnyWidget):
    """A countdown with a choice of the session's parts. ``minutes`` is where it starts."""

    _esm = widget_esm(Path(__file__).with_suffix(".js"))
    _css = widget_css("workbooks-timer", Path(__file__).with_suffix(".css"))

    presets: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    minutes = traitlets.Int(DEFAULT_MINUTES).tag(sync=True)
    strings = traitlets.Dict().tag(sync=True)

    def __init__(self, presets: Sequence[tuple[str, int]] = (), minutes: int | None = None, **kwargs: Any) -> None:
        checked = checked_presets(presets)
        start = minutes if minutes is not None else (checked[0]["minutes"] if checked else DEFAULT_MINUTES)
        super().__init__(presets=checked, minutes=start, strings=timer_strings(), **kwargs)

    @traitlets.validate("minutes")
    def _minutes(self, proposal: Any) -> int:
        value = proposal["value"]
        if not 1 <= value <= MAX_MINUTES:
            raise traitlets.TraitError(f"minutes must be from 1 to {MAX_MINUTES}")
        return int(value)

    @traitlets.validate("presets")
    def _presets(self, proposal: Any) -> list[dict[str, Any]]:
        try:
            return checked_presets([(item["label"], item["minutes"]) for item in proposal["value"]])
        except (KeyError, TypeError) as problem:
            raise traitlets.TraitError(f"presets are {{label, minutes}} items: {problem}") from None
        except ValueError as problem:
            raise traitlets.TraitError(str(problem)) from None


def room_timer(session_id: str) -> None:
    """Shows the room timer for a session, offering the parts of its run sheet. (It returns nothing, so that
    the kit's cell, which ends with this call, shows the timer once.)"""
    from IPython.display import display

    display(RoomTimer(session_presets(session_id)))


def session_presets(session_id: str) -> list[tuple[str, int]]:
    """The timed parts of a session's run sheet, as (label, minutes)."""
    return get_plan(session_id).timer_presets()
