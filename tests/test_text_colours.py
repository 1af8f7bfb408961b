"""Every text colour our outputs use reads at WCAG 2.2 AA contrast (4.5:1) on a white page."""

from __future__ import annotations

import re

import pytest

from colour_support import WHITE, contrast
from workbooks import static


def text_colours(html: str) -> list[str]:
    return re.findall(r"color:\s*(#[0-9A-Fa-f]{6})", html)


@pytest.mark.parametrize("html", [static.message_html("done", ok=True), static.message_html("to do", ok=False),
                                  static.note_html("not started")], ids=["pass", "problem", "note"])
def test_messages_are_readable_on_white(html):
    colours = text_colours(html)
    assert colours
    assert all(contrast(colour, WHITE) >= 4.5 for colour in colours), colours


def test_the_checker_itself_tells_readable_from_unreadable():
    assert contrast(static.PROBLEM_COLOUR, WHITE) < 4.5 <= contrast(static.PROBLEM_TEXT_COLOUR, WHITE)
