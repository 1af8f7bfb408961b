"""The pieces every static view of the answers is made of: captioned HTML tables, paragraphs, messages, colours.

Each kind's own rendering (in ``workbooks/kinds/``) shows a participant's work
where widgets cannot render (the formgrader, feedback pages) and serves as the
text alternative beside each chart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import messages
from .models import ExerciseModel

if TYPE_CHECKING:
    from pandas import DataFrame

OK_COLOUR, PROBLEM_COLOUR = "#0072B2", "#D55E00"  # Okabe-Ito blue and vermillion, for marks and fills
# Text needs 4.5:1 on white (WCAG 2.2 AA): the blue has 5.2:1, the vermillion only 3.9:1, so
# problem text takes a darker vermillion (5.2:1).
OK_TEXT_COLOUR, PROBLEM_TEXT_COLOUR = OK_COLOUR, "#B34E00"
NOTE_TEXT_COLOUR = "#444444"  # neither a pass nor a problem (9.7:1)
# The Okabe-Ito palette in order, for charts with one colour per phase or item.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

# The Content-Security-Policy of a page we write that needs no script. Inline <style> and style="" stay
# allowed: our pages, pandas' tables and plotly use them, and CSS cannot run script in a current browser.
NO_SCRIPT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                    "base-uri 'none'; form-action 'none'")


def csp_meta(content: str = NO_SCRIPT_POLICY) -> str:
    """The ``<meta>`` that sets a page's policy; it must come before anything the policy is to cover."""
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'


def widget_css(root_class: str, stylesheet: Path) -> str:
    """An anywidget's stylesheet, after the text colours above as CSS variables on its root
    (--wb-ok-text, --wb-problem-text, --wb-note-text), so its CSS file never repeats them."""
    return (f".{root_class} {{ --wb-ok-text: {OK_TEXT_COLOUR}; --wb-problem-text: {PROBLEM_TEXT_COLOUR};"
            f" --wb-note-text: {NOTE_TEXT_COLOUR}; }}\n" + stylesheet.read_text(encoding="utf-8"))


# By suffix: tests/test_messages.py takes a literal "x.js" for a message key.
WIDGET_BASE = (Path(__file__).parent / "views" / "widget_base").with_suffix(".js")


def widget_esm(module: Path) -> str:
    """An anywidget's browser module, after what all of ours share (views/widget_base.js: fill, make and the
    browser's storage), so its own file never repeats them."""
    return WIDGET_BASE.read_text(encoding="utf-8") + module.read_text(encoding="utf-8")


def tint(colour: str, alpha: float) -> str:
    """``#RRGGBB`` as a see-through ``rgba(...)`` colour."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


@dataclass(frozen=True)
class Table:
    """A table of texts for ``table_html``: its column headers and its rows.

    The participants' kernel draws every table from these with the standard library, so it needs no pandas
    (which the in-browser edition cannot load); the facilitator's dashboard passes pandas frames instead."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.rows

    def rename(self, columns: Callable[[str], str]) -> Table:
        return Table(tuple(columns(c) for c in self.columns), self.rows)


def cell_text(value: object) -> str:
    """A value as a table shows it: nothing for a missing one, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> Table:
    """A table of ``rows`` (one mapping each) under ``columns``, or else under every key, in the order first seen."""
    records = list(rows)
    names = list(columns) if columns is not None else list(dict.fromkeys(k for r in records for k in r))
    return Table(tuple(names), tuple(tuple(cell_text(r.get(n)) for n in names) for r in records))


def _rows_html(table: Table) -> str:
    head = "".join(f"      <th>{escape(c)}</th>\n" for c in table.columns)
    body = "".join("    <tr>\n" + "".join(f"      <td>{escape(v)}</td>\n" for v in row) + "    </tr>\n"
                   for row in table.rows)
    return (f'<table class="dataframe">\n  <thead>\n    <tr style="text-align: right;">\n{head}    </tr>\n'
            f"  </thead>\n  <tbody>\n{body}  </tbody>\n</table>")


def table_html(frame: Table | DataFrame, caption: str) -> str:
    """A captioned table, every text escaped; a note in its place when it has no rows."""
    if frame.empty:
        return f"<p><em>{escape(messages.text('static.nothing_yet', what=caption))}</em></p>"
    body = _rows_html(frame) if isinstance(frame, Table) else frame.to_html(index=False, escape=True, border=0)
    return body.replace("<table", f"<table aria-label=\"{escape(caption)}\"", 1).replace(
        "<thead>", f"<caption>{escape(caption)}</caption><thead>", 1)


def one_level_down(html: str) -> str:
    """A kind's static HTML under a heading of its own: its prompt headings (h4) become h5."""
    return html.replace("<h4>", "<h5>").replace("</h4>", "</h5>")


def paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def exercise_title(model: ExerciseModel) -> str:
    return messages.text(f"{model.exercise}.title")


def note_html(text: str) -> str:
    """A neutral, announced note: neither a pass nor a problem."""
    return f'<div role="status" aria-live="polite" style="color:{NOTE_TEXT_COLOUR}">&#9675; {escape(text)}</div>'


def message_html(text: str, ok: bool) -> str:
    """A visible, announced message; the icon means it never relies on colour."""
    colour, icon, role = (OK_TEXT_COLOUR, "&#10003;", "status") if ok else (PROBLEM_TEXT_COLOUR, "&#9888;", "alert")
    return (f'<div role="{role}" aria-live="polite" style="color:{colour};font-weight:600">'
            f'{icon} {escape(text)}</div>')
