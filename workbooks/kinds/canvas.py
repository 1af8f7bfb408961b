"""The Community Canvas in We Are Open Co-op's nine-box form: a box per building block, shown as one page.

The boxes can be started from what the participant wrote in earlier sessions
(``earlier_text``): the view asks for that, and the text becomes the
participant's own answer, which they edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any, ClassVar

from .. import messages
from .checklist import Checklist
from .form import Form
from .reflections import Reflections
from .table import TableModel

# The nine boxes, in the guide's numbering.
CANVAS_BOXES = ("purpose", "identity", "values", "success", "experience", "roles", "rules", "governance",
                "communication")


class Canvas(Form):
    """An answer per box; ``question`` is each box's guiding question, in our own words."""

    kind: ClassVar[str] = "canvas"

    def question(self, box: str) -> str:
        return messages.text(f"canvas.question.{box}")


# Where an earlier answer lives: (session, exercise) and, for a form or a checklist, which of its parts.
Source = tuple[str, str, tuple[str, ...]]


def model_text(model: Any, parts: Sequence[str] = ()) -> str:
    """What a participant wrote in an exercise, as plain lines: a table's rows, a form's answers, a
    checklist's items (only ``parts``, when given)."""
    if isinstance(model, TableModel):
        return "\n".join(" – ".join(v for v in row.values() if v) for row in model.rows)
    if isinstance(model, Reflections):
        prompts = parts or model.prompts
        return "\n".join(model.answer(p) for p in prompts if model.answer(p))
    if isinstance(model, Checklist):
        sections = parts or model.sections
        return "\n".join(f"{model.label(s)}: {', '.join(model.items[s])}" for s in sections if model.items.get(s))
    return ""


def earlier_text(sources: Sequence[Source], found: Mapping[str, Mapping[str, Any]]) -> str:
    """The text of ``sources`` from ``found`` (session -> exercise -> model); "" when none has any."""
    texts = [model_text(found[session][exercise], parts) for session, exercise, parts in sources
             if exercise in found.get(session, {})]
    return "\n".join(t for t in texts if t)


GRID = "display:grid;grid-template-columns:repeat(auto-fit,minmax(14em,1fr));gap:0.5em"
BOX = "border:2px solid #0072B2;padding:0.3em 0.6em;break-inside:avoid"
QUESTION = "font-size:90%;color:#444444;margin:0.2em 0"


def canvas_grid(model: Canvas, *, styled: bool = True) -> str:
    """The nine boxes as labelled sections, every answer escaped; ``styled`` lays them out as a grid of
    boxes (the view and the page), plain sections otherwise (feedback pages keep no layout styles)."""
    def style(css: str) -> str:
        return f' style="{css}"' if styled else ""
    boxes = []
    for number, box in enumerate(model.prompts, 1):
        answer = model.answer(box)
        text = (escape(answer).replace("\n", "<br>") if answer
                else f"<em>{escape(messages.text('static.no_answer'))}</em>")
        boxes.append(f"<div{style(BOX)}><h4>{number}. {escape(model.label(box))}</h4>"
                     f"<p{style(QUESTION)}>{escape(model.question(box))}</p><p>{text}</p></div>")
    return f'<div{style(GRID)}>{"".join(boxes)}</div>'


def canvas_html(model: Canvas) -> str:
    return canvas_grid(model, styled=False)


def canvas_page(model: Canvas, participant: str = "") -> str:
    """A self-contained web page of the canvas: no scripts, no outside files, one printed page."""
    title = escape(messages.text("canvas.page_title"))
    byline = (f"<p><em>{escape(messages.text('charter.participant', participant=participant))}</em></p>"
              if participant else "")
    credit = escape(messages.text("canvas.page_credit"))
    return (f'<!DOCTYPE html>\n<html lang="{messages.language()}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>body{{font-family:sans-serif;margin:1.5em;line-height:1.4}}"
            "@page{size:A4 landscape;margin:1cm}@media print{body{margin:0;font-size:10pt}}</style></head><body>\n"
            f"<h1>{title}</h1>{byline}{canvas_grid(model)}<p><small>{credit}</small></p>\n</body></html>\n")
