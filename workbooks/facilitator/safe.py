"""Participants' text made safe for the two places a facilitator reads it outside a browser.

- :func:`console`: for a terminal line. A file name or an answer can hold line
  breaks, escape sequences (``ESC [2J`` clears the screen) or bidi overrides
  (``U+202E`` shows the rest of a line backwards); printed as they are, they
  forge or hide lines of a summary. They are shown as visible escapes instead.
- :func:`csv_cell`: for a spreadsheet cell. A cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is read as a formula by Excel,
  LibreOffice and Google Sheets (CSV injection); OWASP's advice is to start such a
  cell with a single quote, which the spreadsheet shows as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# C0 controls (line breaks and tabs too), DEL, C1 controls, the bidi controls
# (LRM, RLM, ALM, embeddings, overrides and isolates) and the Unicode line and
# paragraph separators.
_UNSAFE_FOR_CONSOLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# What a spreadsheet starts a formula with, ASCII and full-width (some spreadsheets
# turn the full-width forms into the ASCII ones).
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# A plain number stays a number: a score of -2 is data, not a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def console(text: object) -> str:
    """``text`` as one terminal line: control and bidi characters become visible escapes (``\\n``, ``\\x1b``)."""
    return _UNSAFE_FOR_CONSOLE.sub(_escaped, str(text))


def csv_cell(value: object) -> str:
    """``value`` as a CSV cell no spreadsheet runs as a formula; ``None`` is an empty cell.

    A cell whose first character, or first after leading spaces, starts a formula
    gets a leading single quote, unless the whole cell is a plain number.
    """
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, (int, float)) or _PLAIN_NUMBER.fullmatch(text):
        return text
    first = text[:1]
    first_visible = text.lstrip()[:1]
    if first in _FORMULA_START or first_visible in _FORMULA_START:
        return "'" + text
    return text


def csv_row(row: Mapping[str, object]) -> dict[str, str]:
    """Every cell of a ``csv.DictWriter`` row made safe with :func:`csv_cell`."""
    return {key: csv_cell(value) for key, value in row.items()}
