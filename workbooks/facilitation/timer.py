"""PLACEHOLDER until the room timer is merged: the kits' timer cell calls ``room_timer``, which shows nothing yet.

The real module replaces this file; it takes its choices from ``get_plan(session_id).timer_presets()``.
"""

from __future__ import annotations


def room_timer(session_id: str) -> None:
    """Placeholder: shows nothing, so that a kit runs from top to bottom before the timer exists."""
