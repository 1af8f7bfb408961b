"""The plain exercise models and their validation (no widgets, no files)."""

from __future__ import annotations

import pytest

from workbooks.models import (MAX_TEXT, AnswerError, Checklist, PowerInterestMap, Reflections,
                              TableModel, clean_participant_id, quadrant, word_count)
from workbooks.sessions.session2 import SESSION


def projects() -> TableModel:
    return SESSION.exercise("purpose_outcomes").make()


def row(project: str, purpose: str = "Share methods", outcomes: str = "More reuse") -> dict[str, str]:
    return {"project": project, "purpose": purpose, "outcomes": outcomes}


def raises(key: str, action, assert_friendly) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        action()
    assert caught.value.key == key
    assert_friendly(caught.value)
    return caught.value


# ---------------------------------------------------------------- tables

def test_add_row_keeps_the_trimmed_values_in_column_order():
    table = projects()
    table.add_row({"outcomes": " More reuse ", "project": "  Mentoring\t", "purpose": "\nHelp newcomers "})
    assert table.rows == [{"project": "Mentoring", "purpose": "Help newcomers", "outcomes": "More reuse"}]
    assert list(table.rows[0]) == ["project", "purpose", "outcomes"]
    assert not table.is_empty()


def test_add_row_ignores_unknown_columns():
    table = projects()
    table.add_row({**row("Mentoring"), "secret": "x"})
    assert table.rows == [row("Mentoring")]


@pytest.mark.parametrize("purpose", ["", "   ", "\n\t ", None])
def test_empty_or_whitespace_field_is_refused_and_named(purpose, assert_friendly):
    table = projects()
    values = row("Mentoring")
    if purpose is None:
        del values["purpose"]
    else:
        values["purpose"] = purpose
    error = raises("error.empty", lambda: table.add_row(values), assert_friendly)
    assert "Purpose" in str(error)
    assert table.rows == []


def test_non_text_field_is_refused(assert_friendly):
    table = projects()
    error = raises("error.not_text", lambda: table.add_row(row(42)), assert_friendly)
    assert "Project or subproject" in str(error)
    assert table.rows == []


def test_too_long_field_is_refused_but_the_limit_itself_is_fine(assert_friendly):
    table = projects()
    table.add_row(row("A", purpose="x" * MAX_TEXT))
    error = raises("error.too_long", lambda: table.add_row(row("B", purpose="x" * (MAX_TEXT + 1))),
                   assert_friendly)
    assert str(MAX_TEXT) in str(error)
    assert [r["project"] for r in table.rows] == ["A"]


@pytest.mark.parametrize("again", ["Mentoring", "mentoring", "  MENTORING  "])
def test_duplicate_key_is_refused_whatever_the_case(again, assert_friendly):
    table = projects()
    table.add_row(row("Mentoring"))
    error = raises("error.duplicate", lambda: table.add_row(row(again, purpose="Other")), assert_friendly)
    assert again.strip() in str(error)
    assert table.rows == [row("Mentoring")]


def test_same_text_in_a_non_key_column_is_allowed():
    table = projects()
    table.add_row(row("Mentoring", purpose="Same"))
    table.add_row(row("Calls", purpose="same"))
    assert len(table.rows) == 2


def test_update_row_may_keep_its_own_key_and_change_its_spelling():
    table = projects()
    table.add_row(row("Mentoring"))
    table.add_row(row("Calls"))
    table.update_row(0, row("MENTORING", purpose="New purpose"))
    assert table.rows[0] == row("MENTORING", purpose="New purpose")
    assert table.rows[1] == row("Calls")


def test_update_row_may_not_take_another_rows_key(assert_friendly):
    table = projects()
    table.add_row(row("Mentoring"))
    table.add_row(row("Calls"))
    raises("error.duplicate", lambda: table.update_row(0, row("calls")), assert_friendly)
    assert table.rows == [row("Mentoring"), row("Calls")]


def test_update_row_validates_like_add(assert_friendly):
    table = projects()
    table.add_row(row("Mentoring"))
    raises("error.empty", lambda: table.update_row(0, row("Mentoring", outcomes=" ")), assert_friendly)
    assert table.rows == [row("Mentoring")]


def test_remove_row_removes_exactly_that_row():
    table = projects()
    for name in ("A", "B", "C"):
        table.add_row(row(name))
    table.remove_row(1)
    assert [r["project"] for r in table.rows] == ["A", "C"]


@pytest.mark.parametrize("index", [-1, 2, 3, 100])
def test_bad_index_is_refused_for_update_and_remove(index, assert_friendly):
    table = projects()
    table.add_row(row("A"))
    table.add_row(row("B"))
    raises("error.no_row_selected", lambda: table.update_row(index, row("C")), assert_friendly)
    raises("error.no_row_selected", lambda: table.remove_row(index), assert_friendly)
    assert [r["project"] for r in table.rows] == ["A", "B"]


def test_table_round_trips_and_to_dict_is_a_copy():
    table = projects()
    table.add_row(row("A"))
    data = table.to_dict()
    data["rows"][0]["project"] = "changed"
    assert table.rows[0]["project"] == "A"
    other = projects()
    other.load(table.to_dict())
    assert other.rows == table.rows


@pytest.mark.parametrize("data", [{}, {"rows": "A"}, {"rows": ["A"]}, {"rows": None}])
def test_table_load_refuses_the_wrong_shape(data, assert_friendly):
    raises("error.bad_exercise", lambda: projects().load(data), assert_friendly)


def test_table_load_refuses_duplicate_rows(assert_friendly):
    raises("error.duplicate", lambda: projects().load({"rows": [row("A"), row("a")]}), assert_friendly)


# ---------------------------------------------------------------- power/interest map

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


# ---------------------------------------------------------------- checklists

def resources() -> Checklist:
    return SESSION.exercise("resources").make()


def test_set_text_keeps_one_item_per_line_and_returns_repeats_keeping_the_first_spelling():
    checklist = resources()
    repeated = checklist.set_text("tools", "GitHub\n\n   \n  Slack \r\ngithub\r\rGITHUB\nslack\nZenodo\n")
    assert checklist.items["tools"] == ["GitHub", "Slack", "Zenodo"]
    assert repeated == ["github", "GITHUB", "slack"]
    assert checklist.text_of("tools") == "GitHub\nSlack\nZenodo"


def test_set_text_without_repeats_returns_nothing_and_blank_text_empties_the_section():
    checklist = resources()
    assert checklist.set_text("events", "Meet-up\nSprint") == []
    assert checklist.filled() == ["events"]
    assert checklist.set_text("events", " \n \n") == []
    assert checklist.items["events"] == []
    assert checklist.filled() == [] and checklist.is_empty()


def test_set_text_on_an_unknown_section_is_refused(assert_friendly):
    checklist = resources()
    checklist.set_text("tools", "GitHub")
    raises("error.bad_exercise", lambda: checklist.set_text("snacks", "Cake"), assert_friendly)
    assert checklist.items == {"tools": ["GitHub"]}


def test_set_text_refuses_non_text_and_too_long_lines_and_keeps_the_previous_items(assert_friendly):
    checklist = resources()
    checklist.set_text("tools", "GitHub")
    error = raises("error.not_text", lambda: checklist.set_text("tools", ["Slack"]), assert_friendly)
    assert "Tools and platforms" in str(error)
    raises("error.too_long", lambda: checklist.set_text("tools", "Slack\n" + "x" * (MAX_TEXT + 1)),
           assert_friendly)
    assert checklist.items["tools"] == ["GitHub"]


def test_filled_can_be_limited_to_some_sections():
    checklist = resources()
    checklist.set_text("tools", "GitHub")
    checklist.set_text("primary", "GitHub")
    assert checklist.filled(("tools", "events")) == ["tools"]
    assert checklist.filled() == ["tools", "primary"]


def test_checklist_round_trips_with_every_section_present():
    checklist = resources()
    checklist.set_text("tools", "GitHub\nSlack")
    data = checklist.to_dict()
    assert set(data["items"]) == set(checklist.sections)
    assert data["items"]["events"] == []
    again = resources()
    again.load(data)
    assert again.to_dict() == data


@pytest.mark.parametrize("data", [{}, {"items": []}, {"items": {"snacks": ["Cake"]}},
                                  {"items": {"tools": "GitHub"}}, {"items": {"tools": [1]}}])
def test_checklist_load_refuses_the_wrong_shape(data, assert_friendly):
    raises("error.bad_exercise", lambda: resources().load(data), assert_friendly)


# ---------------------------------------------------------------- reflections

def reflections() -> Reflections:
    return SESSION.exercise("reflections").make()


def test_reflections_keep_what_was_typed_and_answer_is_trimmed():
    model = reflections()
    assert model.is_empty()
    model.set_answer("purpose", "  We share methods.\n")
    assert model.answers["purpose"] == "  We share methods.\n"
    assert model.answer("purpose") == "We share methods."
    assert model.answer("stakeholders") == ""
    assert not model.is_empty()


def test_whitespace_only_reflections_count_as_empty():
    model = reflections()
    model.set_answer("purpose", " \n\t ")
    assert model.is_empty()


def test_reflections_refuse_unknown_prompts_non_text_and_too_long(assert_friendly):
    model = reflections()
    model.set_answer("purpose", "x" * MAX_TEXT)
    raises("error.bad_exercise", lambda: model.set_answer("lunch", "Soup"), assert_friendly)
    error = raises("error.not_text", lambda: model.set_answer("purpose", 5), assert_friendly)
    assert "purpose of your community" in str(error)
    raises("error.too_long", lambda: model.set_answer("purpose", "x" * (MAX_TEXT + 1)), assert_friendly)
    assert model.answers == {"purpose": "x" * MAX_TEXT}


def test_reflections_round_trip_with_every_prompt_present():
    model = reflections()
    model.set_answer("stakeholders", "Mentors and funders.")
    data = model.to_dict()
    assert data == {"answers": {"purpose": "", "stakeholders": "Mentors and funders.", "participation": ""}}
    again = reflections()
    again.load(data)
    assert again.to_dict() == data


@pytest.mark.parametrize("data", [{}, {"answers": ["x"]}, {"answers": {"lunch": "Soup"}}])
def test_reflections_load_refuses_the_wrong_shape(data, assert_friendly):
    raises("error.bad_exercise", lambda: reflections().load(data), assert_friendly)


@pytest.mark.parametrize("text, words", [
    ("", 0), ("   \n\t", 0), ("one", 1), ("one two  three\nfour", 4),
    ("Hello, world! — ok.", 3), ("... ; — !", 0), ("café naïve über", 3), ("In 2024 we met", 4),
])
def test_word_count(text, words):
    assert word_count(text) == words


# ---------------------------------------------------------------- participant id

@pytest.mark.parametrize("value, expected", [
    ("abc", "abc"), ("P-007", "P-007"), ("a_b-c9", "a_b-c9"), ("  x1 \n", "x1"), ("7", "7"),
    ("a" * 64, "a" * 64),
])
def test_good_participant_ids(value, expected):
    assert clean_participant_id(value) == expected


@pytest.mark.parametrize("value", ["a b", "a/b", "a\\b", "../x", "..", ".hidden", "-abc", "_abc",
                                   "a" * 65, "ab\ncd", "naïve", "a.b", "a:b"])
def test_bad_participant_ids(value, assert_friendly):
    raises("error.bad_participant_id", lambda: clean_participant_id(value), assert_friendly)


@pytest.mark.parametrize("value", ["", "   ", None, 42])
def test_missing_participant_id(value, assert_friendly):
    raises("error.no_participant_id", lambda: clean_participant_id(value), assert_friendly)
