"""Static views of the answers: HTML tables and an SVG map, one ``*_html`` function per kind of exercise.

They show a participant's work where widgets cannot render (the formgrader,
feedback HTML) and serve as the text alternative beside each chart;
``workbooks.kinds`` says which function renders which kind.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from . import messages
from .engagement import Ladder, Pathway, phase_label
from .models import (
    QUADRANTS,
    SCALE_MAX,
    Checklist,
    Choice,
    ExerciseModel,
    PowerInterestMap,
    Ratings,
    Reflections,
    TableModel,
    Timeline,
)

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
# The Okabe-Ito palette in order, for charts with one colour per phase or item.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def tint(colour: str, alpha: float) -> str:
    """``#RRGGBB`` as a see-through ``rgba(...)`` colour."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


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


def checklist_frame(model: Checklist) -> pd.DataFrame:
    rows = [{messages.text("checklist.section"): model.label(s),
             messages.text("checklist.items"): ", ".join(model.items.get(s, []))} for s in model.sections]
    return pd.DataFrame(rows)


def timeline_frame(model: Timeline) -> pd.DataFrame:
    return pd.DataFrame(model.in_order(), columns=list(model.columns)).rename(columns=model.label)


def timeline_summary(model: Timeline) -> str:
    rows = model.in_order()
    if not rows:
        return messages.text("timeline.empty")
    return messages.text("timeline.summary", count=len(rows), first=rows[0][model.date_column],
                         last=rows[-1][model.date_column])


def ratings_frame(model: Ratings) -> pd.DataFrame:
    not_rated = messages.text("ratings.not_rated")
    return pd.DataFrame([{messages.text("ratings.item"): model.label(i),
                          messages.text("ratings.rating"): model.scores.get(i, not_rated)}
                         for i in model.items])


def ratings_summary(model: Ratings) -> str:
    if not model.scores:
        return messages.text("ratings.summary_empty")
    top, low = max(model.scores.values()), min(model.scores.values())
    return messages.text(
        "ratings.summary", rated=len(model.scores), total=len(model.items),
        strongest=", ".join(model.label(i) for i in model.items if model.scores.get(i) == top),
        weakest=", ".join(model.label(i) for i in model.items if model.scores.get(i) == low))


def choice_summary(model: Choice) -> str:
    chosen = model.chosen()
    if not chosen:
        return messages.text("choice.chosen_none")
    return messages.text("choice.chosen", values=", ".join(model.label(o) for o in chosen))


def ladder_frame(model: Ladder) -> pd.DataFrame:
    """The chosen lens's phases, bottom to top, with what the participant wrote."""
    fields = ("activities", "barriers", "solutions", "recognition")
    rows = []
    for phase in model.order:
        row = {messages.text("ladder.phase_column"): phase_label(phase)}
        for name in fields:
            text = model.text(phase, name)
            if name in ("barriers", "solutions"):
                text = "; ".join(model.barriers(phase) if name == "barriers" else model.solutions(phase))
            if name == "recognition" and phase == model.order[-1] and not text:
                text = messages.text("ladder.top_phase")
            row[model.field_label(name)] = text
        rows.append(row)
    return pd.DataFrame(rows)


def pathway_frame(model: Pathway) -> pd.DataFrame:
    rows = []
    for phase in model.order:
        people, moved = model.people.get(phase), model.moved_on.get(phase)
        share = f"{moved / people:.0%}" if people and moved is not None else ""
        rows.append({messages.text("pathway.phase"): phase_label(phase),
                     messages.text("pathway.people_column"): "" if people is None else people,
                     messages.text("pathway.moved_column"): "" if moved is None else moved,
                     messages.text("pathway.share_column"): share})
    return pd.DataFrame(rows)


def pathway_summary(model: Pathway) -> str:
    shares = {p: model.moved_on[p] / model.people[p] for p in model.order[:-1]
              if model.people.get(p) and p in model.moved_on and p not in model.impossible()}
    if not shares:
        return messages.text("pathway.summary_empty")
    lowest = min(shares, key=lambda phase: shares[phase])
    return messages.text("pathway.summary", entered=len(model.people), total=len(model.order),
                         phase=phase_label(lowest), share=f"{shares[lowest]:.0%}")


def paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def timeline_html(model: Timeline) -> str:
    return paragraph(timeline_summary(model)) + table_html(timeline_frame(model), _title(model))


def rows_html(model: TableModel) -> str:
    return table_html(rows_frame(model), _title(model))


def map_html(model: PowerInterestMap) -> str:
    return (f"<div>{map_svg(model)}</div><p>{escape(map_summary(model))}</p>"
            + table_html(map_frame(model), _title(model)))


def checklist_html(model: Checklist) -> str:
    return table_html(checklist_frame(model), _title(model))


def ratings_html(model: Ratings) -> str:
    return paragraph(ratings_summary(model)) + table_html(ratings_frame(model), _title(model))


def choice_html(model: Choice) -> str:
    return paragraph(choice_summary(model))


def ladder_html(model: Ladder) -> str:
    return (paragraph(messages.text(f"lens.{model.lens}"))
            + table_html(ladder_frame(model), messages.text("ladder.table_caption")))


def pathway_html(model: Pathway) -> str:
    return paragraph(pathway_summary(model)) + table_html(pathway_frame(model), _title(model))


def answers_html(model: Reflections) -> str:
    """Each prompt with its answer (reflections and forms)."""
    blocks = []
    for prompt in model.prompts:
        answer = model.answer(prompt) or messages.text("static.no_answer")
        blocks.append(f"<h4>{escape(model.label(prompt))}</h4><p>{escape(answer)}</p>")
    return "".join(blocks)


def _title(model: ExerciseModel) -> str:
    return messages.text(f"{model.exercise}.title")


def message_html(text: str, ok: bool) -> str:
    """A visible, announced message; the icon means it never relies on colour."""
    colour, icon, role = (OK_COLOUR, "&#10003;", "status") if ok else (PROBLEM_COLOUR, "&#9888;", "alert")
    return (f'<div role="{role}" aria-live="polite" style="color:{colour};font-weight:600">'
            f'{icon} {escape(text)}</div>')
