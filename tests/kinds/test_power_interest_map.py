"""The ``power_interest_map`` kind: stakeholders placed by power and interest, their check and the map view."""

from __future__ import annotations

from html import unescape

import pytest

from model_support import raises
from view_support import add_row, map_message, on_chart, place_on_map, said, saved, saved_bytes
from workbooks import checks, messages
from workbooks.answers import Answers
from workbooks.kinds.power_interest_map import PowerInterestMap, quadrant
from workbooks.sessions.session2 import SESSION

ANSWER_FILE = SESSION.answer_file


# ---------------------------------------------------------------- model

def test_place_adds_then_moves_the_same_name_whatever_the_case():
    stakeholders = PowerInterestMap("stakeholder_map")
    assert stakeholders.place(" Funder ", 8, 3) is False
    assert stakeholders.place("Mentors", 2, 9) is False
    assert stakeholders.place("FUNDER", 4, 6) is True
    assert [(p.name, p.power, p.interest) for p in stakeholders.placements] == [
        ("FUNDER", 4, 6), ("Mentors", 2, 9)]


def test_scale_ends_are_allowed_and_whole_floats_become_ints():
    stakeholders = PowerInterestMap("stakeholder_map")
    stakeholders.place("Low", 0, 0)
    stakeholders.place("High", 10.0, 10)
    assert stakeholders.to_dict() == {"stakeholders": [
        {"name": "Low", "power": 0, "interest": 0}, {"name": "High", "power": 10, "interest": 10}]}
    assert type(stakeholders.placements[1].power) is int


def test_remove_by_name_whatever_the_case(assert_friendly):
    stakeholders = PowerInterestMap("stakeholder_map")
    stakeholders.place("Funder", 8, 3)
    stakeholders.place("Mentors", 2, 9)
    stakeholders.remove("funder")
    assert [p.name for p in stakeholders.placements] == ["Mentors"]
    error = raises("error.not_on_map", lambda: stakeholders.remove("Funder"), assert_friendly)
    assert "Funder" in str(error)
    assert [p.name for p in stakeholders.placements] == ["Mentors"]


@pytest.mark.parametrize("power, interest", [(-1, 5), (11, 5), (5, -1), (5, 11), (100, 100)])
def test_out_of_range_is_refused(power, interest, assert_friendly):
    stakeholders = PowerInterestMap("stakeholder_map")
    stakeholders.place("Funder", 8, 3)
    error = raises("error.out_of_range", lambda: stakeholders.place("Funder", power, interest), assert_friendly)
    assert "0" in str(error) and "10" in str(error)
    label = "Power / influence" if power != 5 else "Interest"
    assert label in str(error)
    assert [(p.name, p.power, p.interest) for p in stakeholders.placements] == [("Funder", 8, 3)]


@pytest.mark.parametrize("value", [5.5, 0.1, float("nan"), float("inf"), float("-inf"),
                                   True, False, "5", "", None, [5]])
def test_values_that_are_not_whole_numbers_are_refused(value, assert_friendly):
    stakeholders = PowerInterestMap("stakeholder_map")
    error = raises("error.not_number", lambda: stakeholders.place("Funder", value, 5), assert_friendly)
    assert "Power / influence" in str(error)
    raises("error.not_number", lambda: stakeholders.place("Funder", 5, value), assert_friendly)
    assert stakeholders.is_empty()


@pytest.mark.parametrize("name, key", [("", "error.empty"), ("   ", "error.empty"), (None, "error.not_text")])
def test_a_name_is_needed(name, key, assert_friendly):
    stakeholders = PowerInterestMap("stakeholder_map")
    error = raises(key, lambda: stakeholders.place(name, 5, 5), assert_friendly)
    assert "Stakeholder" in str(error)
    assert stakeholders.is_empty()


@pytest.mark.parametrize("power, interest, expected", [
    (5, 5, "manage_closely"), (10, 10, "manage_closely"),
    (5, 4, "keep_satisfied"), (10, 0, "keep_satisfied"),
    (4, 5, "inform_regularly"), (0, 10, "inform_regularly"),
    (4, 4, "monitor"), (0, 0, "monitor"),
])
def test_quadrant_counts_the_midpoint_as_high(power, interest, expected):
    assert quadrant(power, interest) == expected
    stakeholders = PowerInterestMap("stakeholder_map")
    stakeholders.place("X", power, interest)
    assert stakeholders.placements[0].quadrant == expected


def test_map_round_trips():
    stakeholders = PowerInterestMap("stakeholder_map")
    stakeholders.place("Funder", 8, 3)
    stakeholders.place("Mentors", 2, 9)
    again = PowerInterestMap("stakeholder_map")
    again.load(stakeholders.to_dict())
    assert again.placements == stakeholders.placements


@pytest.mark.parametrize("data, key", [
    ({}, "error.bad_exercise"),
    ({"stakeholders": {"name": "A"}}, "error.bad_exercise"),
    ({"stakeholders": ["A"]}, "error.bad_exercise"),
    ({"stakeholders": [{"name": "A", "power": 1, "interest": 1},
                       {"name": "a", "power": 2, "interest": 2}]}, "error.duplicate"),
    ({"stakeholders": [{"name": "A", "power": 11, "interest": 1}]}, "error.out_of_range"),
    ({"stakeholders": [{"name": "A", "power": float("nan"), "interest": 1}]}, "error.not_number"),
    ({"stakeholders": [{"power": 1, "interest": 1}]}, "error.not_text"),
])
def test_map_load_refuses_damaged_data_with_an_answer_error(data, key, assert_friendly):
    raises(key, lambda: PowerInterestMap("stakeholder_map").load(data), assert_friendly)


# ---------------------------------------------------------------- check

def answers() -> Answers:
    return Answers.empty(SESSION)


def check(a: Answers, exercise: str) -> checks.CheckResult:
    return a.check(exercise)


def test_map_check_passes_with_two_stakeholders_placed():
    a = answers()
    a.models["stakeholder_map"].place("Funder", 8, 3)
    failed = check(a, "stakeholder_map")
    assert not failed.passed
    assert "at least 2" in failed.message and "you have 1" in failed.message
    a.models["stakeholder_map"].place("Mentors", 8, 2)
    passed = check(a, "stakeholder_map")
    assert passed.passed
    assert "2 stakeholders" in passed.message and "1 quadrant" in passed.message


def test_map_check_counts_people_not_moves():
    a = answers()
    a.models["stakeholder_map"].place("Funder", 8, 3)
    a.models["stakeholder_map"].place("funder", 1, 1)
    assert not check(a, "stakeholder_map").passed


# ---------------------------------------------------------------- view
# The map view is driven as its browser half drives it: one custom message per change (view_support).

def place(view, name: str, power, interest) -> None:
    place_on_map(view, name, power, interest)


def remove_from_map(view, name: str) -> None:
    map_message(view, type="remove", name=name)


def outcome(view) -> tuple[str, bool | None]:
    """What the map's status line says about the last change, and whether it was done."""
    return view.map.outcome["text"], view.map.outcome["ok"]


def placed(view) -> list[tuple[str, int, int]]:
    return [(p["name"], p["power"], p["interest"]) for p in view.map.placements]


def on_disk(folder) -> list[dict]:
    return saved(folder, "session2")["stakeholder_map"]["stakeholders"]


def test_the_model_finds_a_stakeholder_whatever_the_case():
    stakeholders = PowerInterestMap("stakeholder_map")
    stakeholders.place("Funder", 8, 3)
    assert stakeholders.find("FUNDER") == stakeholders.placements[0]
    assert stakeholders.find("Mentors") is None


def test_map_place_saves_and_shows_the_name_on_the_map_and_in_the_table(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Research funder", 8, 3)
    assert outcome(view) == ("Research funder placed at power 8, interest 3: Keep satisfied.", True)
    assert on_disk(folder) == [{"name": "Research funder", "power": 8, "interest": 3}]
    assert view.map.placements == [{"name": "Research funder", "power": 8, "interest": 3,
                                     "quadrant": "keep_satisfied"}]  # interest across, power up
    chart = on_chart(view)
    assert chart[messages.text("quadrant.keep_satisfied")] == ["Research funder"]
    assert sum(len(names) for names in chart.values()) == 1
    table = unescape(view.table.value)
    assert "Research funder" in table
    assert messages.text("quadrant.keep_satisfied") in table
    assert messages.text("approach.keep_satisfied") in table
    assert "Keep satisfied: 1" in view.summary.value
    assert view.map.status["text"].startswith("Saved at") and view.map.status["ok"] is None


def test_map_place_again_moves_instead_of_adding(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    place(view, "Mentors", 2, 2)
    place(view, "funder", 9, 9)
    assert outcome(view) == ("funder moved to power 9, interest 9: Manage closely.", True)
    assert [(e["name"], e["power"], e["interest"]) for e in on_disk(folder)] == [("funder", 9, 9), ("Mentors", 2, 2)]
    chart = on_chart(view)
    assert chart[messages.text("quadrant.manage_closely")] == ["funder"]
    assert chart[messages.text("quadrant.keep_satisfied")] == []
    table = unescape(view.table.value)
    assert messages.text("approach.manage_closely") in table
    assert messages.text("approach.keep_satisfied") not in table


def test_map_messages_name_what_was_just_done(workbook):
    """After moving one stakeholder, placing another names the other: each message follows its own change."""
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    place(view, "Funder", 8, 7)
    assert outcome(view)[0] == "Funder moved to power 8, interest 7: Manage closely."
    place(view, "Mentors", 1, 9)
    assert outcome(view)[0] == "Mentors placed at power 1, interest 9: Inform regularly."
    place(view, "Mentors", 1, 9)
    assert outcome(view)[0] == "Mentors is already at power 1, interest 9: Inform regularly."
    view.map.outcome = {"text": "", "ok": None, "n": view.map.outcome["n"]}
    remove_from_map(view, "funder")
    assert outcome(view) == ("Funder removed from the map.", True)
    assert [o["name"] for o in view.map.placements] == ["Mentors"]


def test_each_outcome_is_new_so_the_same_words_are_said_again(workbook):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    first = dict(view.map.outcome)
    place(view, "Funder", 8, 3)
    place(view, "Funder", 8, 3)
    assert view.map.outcome["text"] == messages.text("map.unchanged", name="Funder", power=8, interest=3,
                                                     quadrant=messages.text("quadrant.keep_satisfied"))
    assert view.map.outcome["n"] == first["n"] + 2


def test_map_remove_takes_the_stakeholder_off_the_map_and_the_table(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    place(view, "Mentors", 2, 9)
    remove_from_map(view, " FUNDER ")
    assert outcome(view) == (messages.text("map.removed", name="Funder"), True)
    assert [e["name"] for e in on_disk(folder)] == ["Mentors"]
    assert "Funder" not in view.table.value
    assert sum(on_chart(view).values(), []) == ["Mentors"]


@pytest.mark.parametrize("name", ["Nobody", "", "   "])
def test_map_removing_someone_not_on_the_map_is_explained_and_changes_nothing(workbook, folder, name,
                                                                               assert_friendly):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    before = saved_bytes(folder, "session2")
    remove_from_map(view, name)
    text, ok = outcome(view)
    assert ok is False
    assert_friendly(text)
    assert (name.strip() or messages.text("map.name")) in text
    assert placed(view) == [("Funder", 8, 3)]
    assert saved_bytes(folder, "session2") == before


@pytest.mark.parametrize("power, interest, key", [
    (12, 5, "error.out_of_range"), (5, -1, "error.out_of_range"), (11, 11, "error.out_of_range"),
    (5.5, 5, "error.not_number"), (5, float("nan"), "error.not_number"),
])
def test_map_out_of_range_is_refused_with_a_message_and_nothing_changes(workbook, folder, power, interest, key,
                                                                        assert_friendly):
    """12 is not silently made 10: the map says why and stays as it was."""
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    before = saved_bytes(folder, "session2")
    sent: list = []
    view.map.send = lambda content, buffers=None: sent.append(content)
    place(view, "Funder", power, interest)
    text, ok = outcome(view)
    assert ok is False
    assert sent[-1]["ok"] is False and sent[-1]["refused"] is True  # the browser keeps the kernel's map
    assert_friendly(text)
    label = messages.text("map.power" if power != 5 else "map.interest")
    assert label in text
    if key == "error.out_of_range":
        assert "between 0 and 10" in text
    assert placed(view) == [("Funder", 8, 3)]
    assert workbook.models["stakeholder_map"].placements[0].power == 8
    assert saved_bytes(folder, "session2") == before


def test_map_a_new_stakeholder_has_no_position_until_placed(workbook, folder):
    table = workbook.view("stakeholders")
    add_row(table, contributor="Mentors", role="r", participation="p")
    before = saved_bytes(folder, "session2")
    view = workbook.view("stakeholder_map")
    assert view.map.names == ["Mentors"]  # offered, to choose from
    assert view.map.placements == [] and workbook.models["stakeholder_map"].is_empty()
    assert saved_bytes(folder, "session2") == before
    place(view, "Mentors", 3, 7)
    assert placed(view) == [("Mentors", 3, 7)]


def test_map_without_a_name_is_explained(workbook, folder, assert_friendly):
    view = workbook.view("stakeholder_map")
    place(view, "  ", 5, 5)
    text, ok = outcome(view)
    assert ok is False and messages.text("map.name") in assert_friendly(text)
    assert not (folder / ANSWER_FILE).exists()


def test_map_a_change_clears_an_out_of_date_check(workbook):
    view = workbook.view("stakeholder_map")
    view.check_button.click()
    assert "Place at least 2" in said(view.feedback)
    place(view, "Funder", 8, 3)
    assert said(view.feedback) == ""


def test_map_that_cannot_be_saved_says_so_and_keeps_the_change(workbook, folder, disk_full, assert_friendly):
    view = workbook.view("stakeholder_map")
    sent: list = []
    view.map.send = lambda content, buffers=None: sent.append(content)
    place(view, "Funder", 8, 3)
    assert placed(view) == [("Funder", 8, 3)]  # on the map, as in the kernel's memory
    assert sent[-1]["ok"] is False and "refused" not in sent[-1]  # so the browser keeps its own copy
    assert view.map.status["ok"] is False
    assert "could not be saved" in assert_friendly(view.map.status["text"])
    assert not (folder / ANSWER_FILE).exists()


def test_map_changes_made_while_the_kernel_was_gone_come_back(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    map_message(view, type="restore", placements=[{"name": "Funder", "power": 9, "interest": 9},
                                                  {"name": "Mentors", "power": 2, "interest": 8}])
    assert outcome(view) == (messages.text("map.back"), True)
    assert [(e["name"], e["power"], e["interest"]) for e in on_disk(folder)] == [("Funder", 9, 9), ("Mentors", 2, 8)]
    assert placed(view) == [("Funder", 9, 9), ("Mentors", 2, 8)]


@pytest.mark.parametrize("entries", [
    [{"name": "A", "power": 1, "interest": 1}, {"name": "a", "power": 2, "interest": 2}],
    [{"name": "A", "power": 11, "interest": 1}],
    [{"name": "", "power": 1, "interest": 1}],
])
def test_map_damaged_changes_kept_in_the_browser_are_refused_whole(workbook, folder, entries, assert_friendly):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    map_message(view, type="restore", placements=entries)
    text, ok = outcome(view)
    assert ok is False
    assert_friendly(text)
    assert placed(view) == [("Funder", 8, 3)]
    assert [e["name"] for e in on_disk(folder)] == ["Funder"]


def test_map_the_number_boxes_are_labelled_and_say_their_range(workbook):
    strings = workbook.view("stakeholder_map").map.strings
    assert (strings["power"], strings["interest"]) == (messages.text("map.power"), messages.text("map.interest"))
    assert strings["range"] == "A whole number from 0 to 10"
    assert strings["numberRefused"] == "“{value}” is not a whole number from 0 to 10, so the map was not changed."
    assert strings["name"] == messages.text("map.name") and strings["drawing"] == "Stakeholder map"


def test_map_suggests_names_from_the_stakeholders_table(workbook):
    table = workbook.view("stakeholders")
    for name in ("Mentors", "Funder", " mentors "):
        add_row(table, contributor=name, role="r", participation="p")
    view = workbook.view("stakeholder_map")
    assert view.map.names == ["Mentors", "Funder"]  # a repeat in another case is one stakeholder
    place(view, "Funder", 8, 3)
    place(view, "Local council", 2, 2)  # typed: a new name
    assert view.map.names == ["Funder", "Local council", "Mentors"]


def test_map_suggestions_follow_the_stakeholders_table_while_both_are_open(workbook):
    table = workbook.view("stakeholders")
    view = workbook.view("stakeholder_map")
    assert view.map.names == []
    add_row(table, contributor="Local council", role="r", participation="p")
    assert view.map.names == ["Local council"]


def test_map_two_views_of_one_map_show_the_same(workbook):
    """The exercise's cell run twice: a change in one view shows in the other, so what it sends next fits."""
    first, second = workbook.view("stakeholder_map"), workbook.view("stakeholder_map")
    place(first, "Funder", 8, 3)
    assert placed(second) == [("Funder", 8, 3)]
    assert "Funder" in second.table.value


# ---------------------------------------------------------------- the static picture (formgrader, feedback,
# worked example)

def test_the_static_picture_shows_each_quadrant_by_shape_and_keeps_every_name_inside():
    from xml.etree import ElementTree

    from workbooks.kinds.power_interest_map import QUADRANT_SYMBOLS, map_html, map_svg

    stakeholders = PowerInterestMap("stakeholder_map")
    long_name = "The Very Long Regional Community Foundation Board"
    for name, power, interest in ((long_name, 10, 10), ("Zero", 0, 0), ("Left", 9, 0), ("Low right", 0, 10)):
        stakeholders.place(name, power, interest)
    svg = ElementTree.fromstring(map_svg(stakeholders))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img" and "max-width:100%" in svg.get("style")
    shapes = {p.get("fill"): p.get("d") for p in svg.iter(f"{ns}path")}
    assert len(shapes) == 4 and len(set(shapes.values())) == 4  # colour is never the only cue
    assert len(set(QUADRANT_SYMBOLS.values())) == 4
    size = float(svg.get("width"))
    names = {t.text: t for t in svg.iter(f"{ns}text") if t.get("font-size") == "11"}
    assert set(names) == {long_name[:23] + "\u2026", "Zero", "Left", "Low right"}
    for text, label in names.items():
        width = len(text) * 6.6
        x = float(label.get("x"))
        left = x if label.get("text-anchor") == "start" else x - width
        assert 0 <= left and left + width <= size, (text, left, width)
    assert '<div style="overflow-wrap:anywhere"><table' in map_html(stakeholders)
