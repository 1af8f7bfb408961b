"""The ``choice`` kind: distinct options picked into slots, the all-chosen check and the choice view."""

from __future__ import annotations

import json

import pytest

from model_support import example_model, new, raises
from view_support import said, saved, shown, type_answers
from workbooks import Workbook, kinds, messages
from workbooks.kinds.choice import Choice, all_chosen
from workbooks.sessions import session4
from workbooks.views.choice import ChoiceView


def values() -> Choice:
    return new("session4", "core_values")


# ---------------------------------------------------------------- model

def test_choice_has_three_empty_slots():
    c = values()
    assert c.slots == ["", "", ""] and c.count == 3
    assert c.chosen() == [] and c.is_empty()
    assert c.to_dict() == {"chosen": ["", "", ""]}


def test_choose_and_clear_slots():
    c = values()
    c.choose(2, "kindness")
    c.choose(0, "openness")
    assert c.slots == ["openness", "", "kindness"]
    assert c.chosen() == ["openness", "kindness"]
    c.choose(0, "")
    c.choose(2, None)
    assert c.slots == ["", "", ""]
    c.choose(1, "joy")
    c.choose(1, "joy")  # the same value again in its own slot is fine
    c.choose(1, "trust")
    assert c.slots == ["", "trust", ""]


@pytest.mark.parametrize("option", ["happiness", "Openness", " openness", 3])
def test_choose_refuses_options_not_in_the_list(option, assert_friendly):
    c = values()
    error = raises("error.unknown_option", lambda: c.choose(1, option), assert_friendly)
    assert "Value 2" in str(error)
    assert c.slots == ["", "", ""]


@pytest.mark.parametrize("first, second", [(0, 1), (2, 0), (1, 2)])
def test_the_same_value_in_two_slots_is_refused_naming_the_slot_it_is_in(first, second, assert_friendly):
    c = values()
    c.choose(first, "openness")
    error = raises("error.chosen_twice", lambda: c.choose(second, "openness"), assert_friendly)
    assert f"Value {first + 1}" in str(error)
    assert "Openness" in str(error)
    assert c.slots[first] == "openness" and c.slots[second] == ""


@pytest.mark.parametrize("slot", [-1, 3, "0", None])
def test_choose_refuses_slots_that_do_not_exist(slot, assert_friendly):
    raises("error.bad_exercise", lambda: values().choose(slot, "joy"), assert_friendly)


def test_choice_round_trips_with_its_empty_slots():
    c = values()
    c.choose(1, "fun")
    again = values()
    again.load(json.loads(json.dumps(c.to_dict())))
    assert again.slots == ["", "fun", ""]
    shorter = values()
    shorter.load({"chosen": ["care"]})
    assert shorter.slots == ["care", "", ""]


@pytest.mark.parametrize("data, key", [
    ({}, "error.bad_exercise"), ({"chosen": "openness"}, "error.bad_exercise"),
    ({"chosen": ["openness", "kindness", "learning", "joy"]}, "error.bad_exercise"),
    ({"chosen": ["openness", "openness", ""]}, "error.chosen_twice"),
    ({"chosen": ["joy", "", "joy"]}, "error.chosen_twice"),
    ({"chosen": ["openness", "cheese"]}, "error.unknown_option"),
])
def test_choice_load_refuses_damaged_data(data, key, assert_friendly):
    raises(key, lambda: values().load(data), assert_friendly)


# ---------------------------------------------------------------- check

def test_all_chosen_counts_the_filled_slots(assert_friendly):
    c = values()
    c.choose(0, "joy")
    c.choose(2, "care")
    result = all_chosen()(c)
    assert not result.passed
    assert_friendly(result.message)
    assert "Pick 3" in result.message and "picked 2" in result.message
    c.choose(1, "trust")
    passed = all_chosen()(c)
    assert passed.passed and "Joy, Trust, Care" in passed.message


# ---------------------------------------------------------------- static HTML

def test_exercise_html_of_a_choice_names_the_values():
    assert kinds.render(values()) == f"<p>{messages.text('choice.chosen_none')}</p>"
    html = kinds.render(example_model("session4", "core_values"))
    assert html == "<p>Your values: Openness, Kindness, Learning.</p>"


# ---------------------------------------------------------------- view

def pick(view, **slots: str) -> None:
    """Picks in the view's drop-down lists ("slot1"...), as its sheet sends them: every list, as on screen."""
    type_answers(view, **slots)


def test_choice_starts_empty_with_labelled_slots(workbook4, folder):
    view = workbook4.view("core_values")
    assert isinstance(view, ChoiceView)
    assert [f["label"] for f in view.sheet.fields] == ["Value 1", "Value 2", "Value 3"]
    assert shown(view) == {"slot1": "", "slot2": "", "slot3": ""}
    options = view.sheet.fields[0]["options"]
    assert options[0] == ["", messages.text("choice.none")]
    assert options[1] == ["acceptance", messages.text("core_values.option.acceptance")]
    assert len(options) == len(session4.VALUE_WORDS) + 1
    assert said(view.summary) == messages.text("choice.chosen_none")
    assert not (folder / "session4_answers.json").exists()


def test_choice_picking_saves_and_summarises(workbook4, folder):
    view = workbook4.view("core_values")
    pick(view, slot1="openness")
    pick(view, slot3="learning")
    assert workbook4.models["core_values"].slots == ["openness", "", "learning"]
    assert saved(folder, "session4")["core_values"] == {"chosen": ["openness", "", "learning"]}
    assert said(view.summary) == messages.text("choice.chosen", values="Openness, Learning")
    pick(view, slot1="")
    assert saved(folder, "session4")["core_values"] == {"chosen": ["", "", "learning"]}


def test_choice_twice_is_explained_beside_the_list_and_the_earlier_pick_is_kept(workbook4, folder, assert_friendly):
    view = workbook4.view("core_values")
    pick(view, slot1="kindness")
    pick(view, slot2="trust")
    pick(view, slot2="kindness")
    message = assert_friendly(view.sheet.cell_messages["0:slot2"])
    assert message == messages.text("error.chosen_twice", value="Kindness", slot="Value 1")
    assert shown(view) == {"slot1": "kindness", "slot2": "kindness", "slot3": ""}  # the pick stays in sight
    assert workbook4.models["core_values"].slots == ["kindness", "trust", ""]
    assert saved(folder, "session4")["core_values"] == {"chosen": ["kindness", "trust", ""]}
    workbook4.save()  # another exercise's save leaves the refused pick and its message on screen
    assert shown(view)["slot2"] == "kindness" and "0:slot2" in view.sheet.cell_messages
    pick(view, slot2="joy")  # a good pick clears the message
    assert view.sheet.cell_messages == {}
    assert saved(folder, "session4")["core_values"] == {"chosen": ["kindness", "joy", ""]}


def test_choice_shows_saved_answers_when_opened_again(workbook4, folder):
    workbook4.use_example("core_values")
    view = Workbook("session4", folder).view("core_values")
    assert shown(view) == {"slot1": "openness", "slot2": "kindness", "slot3": "learning"}
    assert said(view.summary) == messages.text("choice.chosen", values="Openness, Kindness, Learning")


def test_choice_disk_full_is_explained(workbook4, disk_full, assert_friendly):
    view = workbook4.view("core_values")
    pick(view, slot1="fun")
    assert "No space left on device" in assert_friendly(view.sheet.status["text"])
    assert shown(view)["slot1"] == "fun" and workbook4.models["core_values"].slots[0] == "fun"
