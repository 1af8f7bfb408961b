"""WCAG 2.2 contrast between two colours, as ``#RRGGBB`` or a browser's computed ``rgb(r, g, b)``."""

from __future__ import annotations

import re

WHITE = "#FFFFFF"


def _channels(colour: str) -> list[int]:
    if colour.startswith("#"):
        return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return [int(v) for v in re.findall(r"\d+", colour)[:3]]


def luminance(colour: str) -> float:
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(v) for v in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str = WHITE) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
