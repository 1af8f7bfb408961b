"""The facilitator kit's room timer, on the Python side: the parts of the session it offers, the limits it
keeps, and every word its browser module shows. The countdown itself runs in the browser
(tests/test_facilitator_kit_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import traitlets

from workbooks.facilitation import timer
from workbooks.facilitation.timer import MAX_MINUTES, RoomTimer, checked_presets, timer_strings

TIMER_JS = Path(timer.__file__).with_suffix(".js").read_text(encoding="utf-8")


def test_the_parts_offered_are_the_ones_given_and_the_first_sets_the_clock():
    widget = RoomTimer([("Roll call", 5), ("Breakout rooms", 15)])
    assert widget.presets == [{"label": "Roll call", "minutes": 5}, {"label": "Breakout rooms", "minutes": 15}]
    assert widget.minutes == 5


def test_without_parts_it_starts_at_five_minutes_and_any_time_can_be_set():
    widget = RoomTimer()
    assert widget.presets == [] and widget.minutes == 5
    widget.minutes = 42
    assert widget.minutes == 42


@pytest.mark.parametrize("presets", [[("", 5)], [("  ", 5)], [("Share", 0)], [("Share", MAX_MINUTES + 1)],
                                     [("Share", True)], [("Share", 2.5)], [(None, 5)]])
def test_a_part_without_a_name_or_with_an_impossible_length_is_refused(presets):
    with pytest.raises(ValueError):
        checked_presets(presets)
    with pytest.raises(ValueError):
        RoomTimer(presets)


@pytest.mark.parametrize("minutes", [0, -1, MAX_MINUTES + 1])
def test_an_impossible_time_is_refused(minutes):
    widget = RoomTimer()
    with pytest.raises(traitlets.TraitError):
        widget.minutes = minutes
    assert widget.minutes == 5


def test_presets_set_from_the_browser_side_are_checked_too():
    widget = RoomTimer([("Roll call", 5)])
    with pytest.raises(traitlets.TraitError):
        widget.presets = [{"label": "Share"}]
    with pytest.raises(traitlets.TraitError):
        widget.presets = [{"label": "Share", "minutes": 0}]
    assert widget.presets == [{"label": "Roll call", "minutes": 5}]


def test_every_word_the_browser_shows_comes_from_the_locale():
    used = set(re.findall(r'\bt\("(\w+)"', TIMER_JS))
    strings = timer_strings()
    assert used and used <= set(strings), used - set(strings)
    assert "{label}" in strings["preset"] and "{minutes}" in strings["preset"]
    assert "{label}" in strings["up_announce"] and "{minutes}" in strings["started"]


def test_the_end_is_said_in_words_and_announced_at_once():
    assert "Time is up" in timer_strings()["up"]
    assert 'role: "alert", "aria-live": "assertive"' in TIMER_JS
    assert 'role: "timer"' in TIMER_JS


def test_nothing_reaches_the_page_as_html():
    assert "innerHTML" not in TIMER_JS and "insertAdjacentHTML" not in TIMER_JS


def test_a_sessions_timer_offers_its_run_sheet_once(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    assert timer.room_timer("session3") is None  # the kit's cell ends with the call: nothing shown twice
    [widget] = shown
    assert [(p["label"], p["minutes"]) for p in widget.presets] == timer.session_presets("session3")
    assert sum(p["minutes"] for p in widget.presets) == 60
