"""The power/interest map: stakeholders placed by power and interest (Mendelow's grid), its check and picture."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import AnswerError, bad_exercise, clean_text, text_key
from ..static import Table, exercise_title, table_html, text_table

SCALE_MIN, SCALE_MAX = 0, 10


SCALE_MIDPOINT = 5


QUADRANTS = ("manage_closely", "keep_satisfied", "inform_regularly", "monitor")


def quadrant(power: int, interest: int) -> str:
    """The quadrant of a power/interest grid; the midpoint counts as high."""
    high_power = power >= SCALE_MIDPOINT
    high_interest = interest >= SCALE_MIDPOINT
    if high_power:
        return "manage_closely" if high_interest else "keep_satisfied"
    return "inform_regularly" if high_interest else "monitor"


def _scale(value: object, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AnswerError("error.not_number", field=label)
    if isinstance(value, float) and not value.is_integer():  # 5.5, and NaN or infinity from JSON
        raise AnswerError("error.not_number", field=label)
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise AnswerError("error.out_of_range", field=label, low=SCALE_MIN, high=SCALE_MAX)
    return int(value)


@dataclass(frozen=True)
class Placement:
    name: str
    power: int
    interest: int

    @property
    def quadrant(self) -> str:
        return quadrant(self.power, self.interest)


@dataclass
class PowerInterestMap:
    """Stakeholders placed by power (influence) and interest, each from 0 to 10."""

    exercise: str
    placements: list[Placement] = field(default_factory=list)
    kind: ClassVar[str] = "power_interest_map"

    @staticmethod
    def _placement(name: object, power: object, interest: object) -> Placement:
        return Placement(
            clean_text(name, messages.text("map.name")),
            _scale(power, messages.text("map.power")),
            _scale(interest, messages.text("map.interest")),
        )

    def _position(self, name: str) -> int | None:
        """Where the stakeholder called ``name`` (in any case) is in ``placements``: one pass."""
        key = text_key(name)
        return next((i for i, p in enumerate(self.placements) if text_key(p.name) == key), None)

    def find(self, name: str) -> Placement | None:
        """The stakeholder called ``name`` (in any case), if they are on the map."""
        at = self._position(name)
        return None if at is None else self.placements[at]

    def place(self, name: object, power: object, interest: object) -> bool:
        """Add a stakeholder, or move one already on the map. True when moved."""
        clean = self._placement(name, power, interest)
        at = self._position(clean.name)
        if at is None:
            self.placements.append(clean)
            return False
        self.placements[at] = clean
        return True

    def remove(self, name: str) -> None:
        at = self._position(name)
        if at is None:
            raise AnswerError("error.not_on_map", name=name)
        del self.placements[at]

    def to_dict(self) -> dict[str, Any]:
        return {"stakeholders": [
            {"name": p.name, "power": p.power, "interest": p.interest} for p in self.placements
        ]}

    def load(self, data: Mapping[str, Any]) -> None:
        entries = data.get("stakeholders")
        if not isinstance(entries, list):
            raise bad_exercise(self.exercise)
        self.placements = []
        # Each name's position so far: a repeat is found by look-up, so a long map loads in linear time.
        positions: dict[str, int] = {}
        for entry in entries:
            if not isinstance(entry, Mapping):
                raise bad_exercise(self.exercise)
            clean = self._placement(entry.get("name"), entry.get("power"), entry.get("interest"))
            key = text_key(clean.name)
            if key in positions:  # moved, as place() moves it, then refused: a saved map names each once
                self.placements[positions[key]] = clean
                raise AnswerError("error.duplicate", field=messages.text("map.name"), value=entry.get("name"))
            positions[key] = len(self.placements)
            self.placements.append(clean)

    def is_empty(self) -> bool:
        return not self.placements


def enough_placed(minimum: int) -> Callable[[PowerInterestMap], CheckResult]:
    def check(model: PowerInterestMap) -> CheckResult:
        count = len(model.placements)
        if count >= minimum:
            quadrants = len({p.quadrant for p in model.placements})
            return verdict(True, f"{model.exercise}.check.pass", count=count, quadrants=quadrants)
        return verdict(False, f"{model.exercise}.check.hint", minimum=minimum, count=count)
    return check


# Okabe-Ito colours, safe for the common kinds of colour blindness; every
# quadrant also has its own marker shape, so colour is never the only cue.
QUADRANT_COLOURS = {
    "manage_closely": "#D55E00",
    "keep_satisfied": "#E69F00",
    "inform_regularly": "#0072B2",
    "monitor": "#009E73",
}


QUADRANT_SYMBOLS = {
    "manage_closely": "diamond",
    "keep_satisfied": "square",
    "inform_regularly": "circle",
    "monitor": "triangle-up",
}


def map_table(model: PowerInterestMap) -> Table:
    rows = [{
        messages.text("map.name"): p.name,
        messages.text("map.power"): p.power,
        messages.text("map.interest"): p.interest,
        messages.text("map.quadrant"): messages.text(f"quadrant.{p.quadrant}"),
        messages.text("map.approach"): messages.text(f"approach.{p.quadrant}"),
    } for p in model.placements]
    columns = [messages.text(k) for k in ("map.name", "map.power", "map.interest", "map.quadrant", "map.approach")]
    return text_table(rows, columns=columns)


def map_summary(model: PowerInterestMap) -> str:
    counts = {q: sum(p.quadrant == q for p in model.placements) for q in QUADRANTS}
    parts = [f"{messages.text(f'quadrant.{q}')}: {n}" for q, n in counts.items()]
    return messages.text("map.summary", count=len(model.placements), parts="; ".join(parts))


# The static picture's marker outlines around (0, 0), one per quadrant symbol (as the widget draws them).
_SHAPES = {
    "circle": lambda r: f"M {-r} 0 A {r} {r} 0 1 0 {r} 0 A {r} {r} 0 1 0 {-r} 0 Z",
    "square": lambda r: f"M {-0.85 * r:g} {-0.85 * r:g} H {0.85 * r:g} V {0.85 * r:g} H {-0.85 * r:g} Z",
    "diamond": lambda r: f"M 0 {-1.25 * r:g} L {1.25 * r:g} 0 L 0 {1.25 * r:g} L {-1.25 * r:g} 0 Z",
    "triangle-up": lambda r: f"M 0 {-1.2 * r:g} L {1.15 * r:g} {0.9 * r:g} L {-1.15 * r:g} {0.9 * r:g} Z",
}
_LABEL_CHARS = 24  # characters of a name drawn; the table under the picture has every name whole


def _label(name: str, x: float, right_edge: float) -> tuple[str, float, str]:
    """A name beside its marker at ``x``: right of it if it fits, else left; shortened until it fits."""
    text = name if len(name) <= _LABEL_CHARS else name[:_LABEL_CHARS - 1] + "\u2026"
    while True:
        width = len(text) * 6.6  # 11-unit letters, generously
        if x + 9 + width <= right_edge:
            return text, x + 9, "start"
        if x - 9 - width >= 3 or len(text) <= 2:
            return text, x - 9, "end"
        text = text[:-2] + "\u2026"


def map_svg(model: PowerInterestMap, size: int = 360) -> str:
    """A small, self-contained picture of the map, with a title and description. Each quadrant has its colour
    and its marker shape; the picture narrows with its box, and names stay inside it."""
    left, top, bottom, plot = 34, 6, 34, size - 40
    steps = SCALE_MAX - SCALE_MIN + 1  # the plot reaches half a step past each end: markers there are whole

    def x(interest: float) -> float:
        return left + (interest - SCALE_MIN + 0.5) / steps * plot

    def y(power: float) -> float:
        return top + (SCALE_MAX + 0.5 - power) / steps * plot

    mid = SCALE_MIDPOINT - 0.5
    low, high = SCALE_MIN - 0.5, SCALE_MAX + 0.5
    cells = {"keep_satisfied": (low, mid, mid, high), "manage_closely": (mid, high, mid, high),
             "monitor": (low, mid, low, mid), "inform_regularly": (mid, high, low, mid)}
    height = top + plot + bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{size}" height="{height}" '
        f'viewBox="0 0 {size} {height}" style="max-width:100%;height:auto" aria-labelledby="map-title map-desc">',
        f'<title id="map-title">{escape(messages.text("map.title"))}</title>',
        f'<desc id="map-desc">{escape(map_summary(model))}</desc>',
    ]
    for q, (i0, i1, p0, p1) in cells.items():
        parts.append(f'<rect x="{x(i0):.1f}" y="{y(p1):.1f}" width="{x(i1) - x(i0):.1f}" '
                     f'height="{y(p0) - y(p1):.1f}" fill="{QUADRANT_COLOURS[q]}" fill-opacity="0.13" '
                     'stroke="#767676"/>')
        anchor, tx = ("end", x(i1) - 4) if q in ("manage_closely", "inform_regularly") else ("start", x(i0) + 4)
        ty = y(p1) + 12 if q in ("manage_closely", "keep_satisfied") else y(p0) - 5
        parts.append(f'<text x="{tx:.1f}" y="{ty:.1f}" font-size="10" font-weight="bold" fill="#333333" '
                     f'text-anchor="{anchor}">{escape(messages.text(f"quadrant.{q}"))}</text>')
    for p in model.placements:
        cx, cy = x(p.interest), y(p.power)
        shape = _SHAPES[QUADRANT_SYMBOLS[p.quadrant]](5)
        parts.append(f'<path d="{shape}" transform="translate({cx:.1f} {cy:.1f})" '
                     f'fill="{QUADRANT_COLOURS[p.quadrant]}" stroke="#1a1a1a"/>')
        text, tx, anchor = _label(p.name, cx, size - 3)
        parts.append(f'<text x="{tx:.1f}" y="{cy + 4:.1f}" font-size="11" fill="#1a1a1a" '
                     f'text-anchor="{anchor}">{escape(text)}</text>')
    middle = left + plot / 2
    parts.append(f'<text x="{middle:.1f}" y="{height - 8}" font-size="12" text-anchor="middle">'
                 f'{escape(messages.text("map.interest"))} &#8594;</text>')
    centre = top + plot / 2
    parts.append(f'<text x="12" y="{centre:.1f}" font-size="12" text-anchor="middle" '
                 f'transform="rotate(-90 12 {centre:.1f})">{escape(messages.text("map.power"))} &#8594;</text>')
    parts.append("</svg>")
    return "".join(parts)


def map_html(model: PowerInterestMap) -> str:
    # Long words in the table break where they must, so a narrow output holds it whole.
    return (f"<div>{map_svg(model)}</div><p>{escape(map_summary(model))}</p>"
            f'<div style="overflow-wrap:anywhere">{table_html(map_table(model), exercise_title(model))}</div>')
