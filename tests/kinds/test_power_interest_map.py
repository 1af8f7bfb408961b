"""The ``power_interest_map`` kind: stakeholders placed by power and interest, their check and the map view."""

from __future__ import annotations

from html import unescape

import pytest

from model_support import raises
from view_support import add_row, on_chart, said, saved
from workbooks import checks, messages
from workbooks.answers import Answers
from workbooks.kinds.power_interest_map import PowerInterestMap, quadrant
from workbooks.models import AnswerError
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

def place(view, name: str, power: int, interest: int) -> None:
    view.name.value = name
    view.power.value = power
    view.interest.value = interest
    view.place.click()


def test_map_place_saves_and_shows_the_name_on_the_chart_and_in_the_table(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Research funder", 8, 3)
    assert said(view.feedback) == messages.text("map.placed", name="Research funder")
    assert saved(folder, "session2")["stakeholder_map"]["stakeholders"] == [
        {"name": "Research funder", "power": 8, "interest": 3}]
    chart = on_chart(view)
    assert chart[messages.text("quadrant.keep_satisfied")] == ["Research funder"]
    assert sum(len(names) for names in chart.values()) == 1
    trace = next(t for t in view.figure.data if t.text)
    assert (list(trace.x), list(trace.y)) == ([3], [8])  # interest across, power up
    table = unescape(view.table.value)
    assert "Research funder" in table
    assert messages.text("quadrant.keep_satisfied") in table
    assert messages.text("approach.keep_satisfied") in table
    assert view.on_map.options == ("Research funder",)


def test_map_place_again_moves_instead_of_adding(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    place(view, "Mentors", 2, 2)
    place(view, "funder", 9, 9)
    assert said(view.feedback) == messages.text("map.moved", name="funder")
    entries = saved(folder, "session2")["stakeholder_map"]["stakeholders"]
    assert [(e["name"], e["power"], e["interest"]) for e in entries] == [("funder", 9, 9), ("Mentors", 2, 2)]
    chart = on_chart(view)
    assert chart[messages.text("quadrant.manage_closely")] == ["funder"]
    assert chart[messages.text("quadrant.keep_satisfied")] == []
    table = unescape(view.table.value)
    assert messages.text("approach.manage_closely") in table
    assert messages.text("approach.keep_satisfied") not in table


def test_map_typing_a_placed_name_shows_its_values(workbook):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    view.name.value = ""
    view.power.value = view.interest.value = 5
    view.name.value = " FUNDER"
    assert (view.power.value, view.interest.value) == (8, 3)


def test_map_remove_through_the_dropdown(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    place(view, "Mentors", 2, 9)
    assert view.on_map.options == ("Funder", "Mentors")
    view.on_map.value = "Funder"
    view.remove.click()
    assert said(view.feedback) == messages.text("map.removed", name="Funder")
    assert [e["name"] for e in saved(folder, "session2")["stakeholder_map"]["stakeholders"]] == ["Mentors"]
    assert view.on_map.options == ("Mentors",)
    assert "Funder" not in view.table.value
    assert sum(on_chart(view).values(), []) == ["Mentors"]


def test_map_a_value_arriving_after_the_click_still_moves_the_stakeholder(workbook, folder):
    """ipywidgets may deliver a number box's last value after the button click."""
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 2, 2)
    view.power.value = 8
    assert said(view.feedback) == messages.text("map.placed", name="Funder")
    assert saved(folder, "session2")["stakeholder_map"]["stakeholders"] == [
        {"name": "Funder", "power": 8, "interest": 2}]
    assert on_chart(view)[messages.text("quadrant.keep_satisfied")] == ["Funder"]


def test_map_numbers_for_a_new_name_wait_for_the_place_button(workbook, folder):
    view = workbook.view("stakeholder_map")
    view.name.value = "Not yet placed"
    view.power.value, view.interest.value = 9, 9
    assert workbook.models["stakeholder_map"].is_empty()
    assert not (folder / ANSWER_FILE).exists()


def test_map_controls_are_labelled_number_boxes(workbook):
    view = workbook.view("stakeholder_map")
    for box, key in ((view.power, "map.power"), (view.interest, "map.interest")):
        assert box.description == messages.text(key) and (box.min, box.max) == (0, 10)


def test_map_remove_picks_someone_so_the_button_works_straight_away(workbook, folder):
    view = workbook.view("stakeholder_map")
    place(view, "Funder", 8, 3)
    place(view, "Mentors", 2, 9)
    assert view.on_map.value == "Funder"
    view.remove.click()
    assert said(view.feedback) == messages.text("map.removed", name="Funder")
    assert view.on_map.value == "Mentors"


def test_map_remove_with_nobody_on_the_map_is_explained(workbook, folder):
    view = workbook.view("stakeholder_map")
    view.remove.click()
    assert said(view.feedback) == messages.text("map.nothing_to_remove")
    assert workbook.models["stakeholder_map"].is_empty()


def test_map_out_of_range_is_impossible_through_the_sliders_and_refused_by_the_model(workbook, folder):
    view = workbook.view("stakeholder_map")
    assert (view.power.min, view.power.max, view.interest.min, view.interest.max) == (0, 10, 0, 10)
    view.power.value = 11
    view.interest.value = -1
    assert (view.power.value, view.interest.value) == (10, 0)
    view.name.value = "Funder"
    view.place.click()
    assert saved(folder, "session2")["stakeholder_map"]["stakeholders"] == [
        {"name": "Funder", "power": 10, "interest": 0}]
    with pytest.raises(AnswerError):
        workbook.models["stakeholder_map"].place("Funder", 11, 5)
    assert workbook.models["stakeholder_map"].placements[0].power == 10


def test_map_without_a_name_is_explained(workbook, folder, assert_friendly):
    view = workbook.view("stakeholder_map")
    place(view, "  ", 5, 5)
    assert messages.text("map.name") in assert_friendly(said(view.feedback))
    assert not (folder / ANSWER_FILE).exists()


def test_map_suggests_names_from_the_stakeholders_table(workbook):
    table = workbook.view("stakeholders")
    for name in ("Mentors", "Funder"):
        add_row(table, contributor=name, role="r", participation="p")
    view = workbook.view("stakeholder_map")
    assert view.name.options == ("Mentors", "Funder")
    place(view, "Funder", 8, 3)
    assert view.name.options == ("Funder", "Mentors")


def test_map_suggestions_follow_the_stakeholders_table_while_both_are_open(workbook):
    table = workbook.view("stakeholders")
    view = workbook.view("stakeholder_map")
    assert view.name.options == ()
    add_row(table, contributor="Local council", role="r", participation="p")
    assert view.name.options == ("Local council",)
