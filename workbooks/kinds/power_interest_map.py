"""The power/interest map: stakeholders placed by power and interest (Mendelow's grid), its check and picture."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any, ClassVar

from .. import messages
from ..checks import CheckResult, verdict
from ..models import AnswerError, bad_exercise, clean_text, text_key
from ..static import data_frame, exercise_title, table_html

if TYPE_CHECKING:
    from pandas import DataFrame

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


def map_frame(model: PowerInterestMap) -> DataFrame:
    rows = [{
        messages.text("map.name"): p.name,
        messages.text("map.power"): p.power,
        messages.text("map.interest"): p.interest,
        messages.text("map.quadrant"): messages.text(f"quadrant.{p.quadrant}"),
        messages.text("map.approach"): messages.text(f"approach.{p.quadrant}"),
    } for p in model.placements]
    columns = [messages.text(k) for k in ("map.name", "map.power", "map.interest", "map.quadrant", "map.approach")]
    return data_frame(rows, columns=columns)


def map_summary(model: PowerInterestMap) -> str:
    counts = {q: sum(p.quadrant == q for p in model.placements) for q in QUADRANTS}
    parts = [f"{messages.text(f'quadrant.{q}')}: {n}" for q, n in counts.items()]
    return messages.text("map.summary", count=len(model.placements), parts="; ".join(parts))


def map_svg(model: PowerInterestMap, size: int = 360) -> str:
    """A small, self-contained picture of the map, with a title and description."""
    pad, span = 40, size - 60
    half = span / 2

    def x(interest: float) -> float:
        return pad + interest / SCALE_MAX * span

    def y(power: float) -> float:
        return 10 + (SCALE_MAX - power) / SCALE_MAX * span

    cells = {
        "keep_satisfied": (pad, 10), "manage_closely": (pad + half, 10),
        "monitor": (pad, 10 + half), "inform_regularly": (pad + half, 10 + half),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" aria-labelledby="map-title map-desc">',
        f'<title id="map-title">{escape(messages.text("map.title"))}</title>',
        f'<desc id="map-desc">{escape(map_summary(model))}</desc>',
    ]
    for q, (left, top) in cells.items():
        parts.append(f'<rect x="{left}" y="{top}" width="{half}" height="{half}" fill="{QUADRANT_COLOURS[q]}" '
                     f'fill-opacity="0.12" stroke="#555"/>')
        label = escape(messages.text(f"quadrant.{q}"))
        parts.append(f'<text x="{left + 4}" y="{top + 14}" font-size="11">{label}</text>')
    for p in model.placements:
        cx, cy = x(p.interest), y(p.power)
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{QUADRANT_COLOURS[p.quadrant]}"/>')
        parts.append(f'<text x="{cx + 7:.1f}" y="{cy + 4:.1f}" font-size="11">{escape(p.name)}</text>')
    parts.append(f'<text x="{pad + half}" y="{size - 8}" font-size="12" text-anchor="middle">'
                 f'{escape(messages.text("map.interest"))} &#8594;</text>')
    parts.append(f'<text x="12" y="{10 + half}" font-size="12" text-anchor="middle" '
                 f'transform="rotate(-90 12 {10 + half})">{escape(messages.text("map.power"))} &#8594;</text>')
    parts.append("</svg>")
    return "".join(parts)


def map_html(model: PowerInterestMap) -> str:
    return (f"<div>{map_svg(model)}</div><p>{escape(map_summary(model))}</p>"
            + table_html(map_frame(model), exercise_title(model)))
