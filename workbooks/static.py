"""Static views of the answers: HTML tables and an SVG map.

They show a participant's work where widgets cannot render (the formgrader,
feedback HTML) and serve as the text alternative beside each chart.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from . import messages
from .models import (QUADRANTS, SCALE_MAX, Checklist, Exercise, PowerInterestMap,
                     Reflections, TableModel)

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
OK_COLOUR, PROBLEM_COLOUR = "#0072B2", "#D55E00"


def table_html(frame: pd.DataFrame, caption: str) -> str:
    if frame.empty:
        return f"<p><em>{escape(messages.text('static.nothing_yet', what=caption))}</em></p>"
    body = frame.to_html(index=False, escape=True, border=0)
    return body.replace("<table", f"<table aria-label=\"{escape(caption)}\"", 1).replace(
        "<thead>", f"<caption>{escape(caption)}</caption><thead>", 1)


def rows_frame(model: TableModel) -> pd.DataFrame:
    return pd.DataFrame(model.rows, columns=list(model.columns)).rename(columns=model.label)


def map_frame(model: PowerInterestMap) -> pd.DataFrame:
    rows = [{
        messages.text("map.name"): p.name,
        messages.text("map.power"): p.power,
        messages.text("map.interest"): p.interest,
        messages.text("map.quadrant"): messages.text(f"quadrant.{p.quadrant}"),
        messages.text("map.approach"): messages.text(f"approach.{p.quadrant}"),
    } for p in model.placements]
    columns = [messages.text(k) for k in ("map.name", "map.power", "map.interest", "map.quadrant", "map.approach")]
    return pd.DataFrame(rows, columns=columns)


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
        parts.append(f'<text x="{left + 4}" y="{top + 14}" font-size="11">{escape(messages.text(f"quadrant.{q}"))}</text>')
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


def checklist_frame(model: Checklist) -> pd.DataFrame:
    rows = [{messages.text("checklist.section"): model.label(s),
             messages.text("checklist.items"): ", ".join(model.items.get(s, []))} for s in model.sections]
    return pd.DataFrame(rows)


def exercise_html(model: Exercise) -> str:
    """The participant's answers to one exercise, as static HTML."""
    title = messages.text(f"{model.exercise}.title")
    if isinstance(model, TableModel):
        return table_html(rows_frame(model), title)
    if isinstance(model, PowerInterestMap):
        return (f"<div>{map_svg(model)}</div><p>{escape(map_summary(model))}</p>"
                + table_html(map_frame(model), title))
    if isinstance(model, Checklist):
        return table_html(checklist_frame(model), title)
    if isinstance(model, Reflections):
        blocks = []
        for prompt in model.prompts:
            answer = model.answer(prompt) or messages.text("static.no_answer")
            blocks.append(f"<h4>{escape(model.label(prompt))}</h4><p>{escape(answer)}</p>")
        return "".join(blocks)
    raise TypeError(type(model))


def message_html(text: str, ok: bool) -> str:
    """A visible, announced message; the icon means it never relies on colour."""
    colour, icon, role = (OK_COLOUR, "&#10003;", "status") if ok else (PROBLEM_COLOUR, "&#9888;", "alert")
    return (f'<div role="{role}" aria-live="polite" style="color:{colour};font-weight:600">'
            f'{icon} {escape(text)}</div>')
