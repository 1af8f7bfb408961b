"""The ``pathway`` kind: people at each phase and how many moved on, the pathway check and the pathway view."""

from __future__ import annotations

import copy
import json
from html import unescape

import pytest

from model_support import example_model, new, raises
from view_support import controls, said, saved, saved_bytes, type_rows
from workbooks import Workbook, messages
from workbooks.kinds.ladder import LENSES, phase_label
from workbooks.kinds.pathway import MAX_PEOPLE, Pathway, pathway_possible
from workbooks.models import AnswerError
from workbooks.sessions.session3 import SESSION
from workbooks.static import OKABE_ITO

ANSWER_FILE = SESSION.answer_file
MOZILLA = LENSES["mozilla"]


def pathway() -> Pathway:
    return new("session3", "pathway_numbers")


# ---------------------------------------------------------------- model

@pytest.mark.parametrize("typed, stored", [("25", 25), (" 1,200 ", 1200), (25, 25), ("0", 0), (0, 0),
                                           ("1 200", 1200), ("1\u202f200", 1200), (MAX_PEOPLE, MAX_PEOPLE)])
def test_set_people_and_moved_on_accept_whole_numbers(typed, stored):
    p = pathway()
    p.set_people("discovery", typed)
    p.set_moved_on("discovery", typed)
    assert p.people == {"discovery": stored} and p.moved_on == {"discovery": stored}


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_a_blank_box_clears_the_number(blank):
    p = pathway()
    p.set_people("sustained", "12")
    p.set_moved_on("sustained", 4)
    p.set_people("sustained", blank)
    p.set_moved_on("sustained", blank)
    assert p.people == {} and p.moved_on == {}
    assert p.is_empty()


@pytest.mark.parametrize("typed, key", [
    ("abc", "error.not_count"), ("-3", "error.not_count"), ("2.5", "error.not_count"),
    ("25 people", "error.not_count"), (2.5, "error.not_count"), (25.0, "error.not_count"),
    (True, "error.not_count"), ([25], "error.not_count"), (-3, "error.out_of_range"),
    (10 ** 9, "error.out_of_range"), (str(10 ** 9), "error.out_of_range"), (MAX_PEOPLE + 1, "error.out_of_range"),
])
@pytest.mark.parametrize("setter, label", [("set_people", "People at Participation"),
                                           ("set_moved_on", "Moved on from Participation")])
def test_bad_numbers_are_refused_with_a_friendly_message(typed, key, setter, label, assert_friendly):
    p = pathway()
    getattr(p, setter)("participation", 7)
    error = raises(key, lambda: getattr(p, setter)("participation", typed), assert_friendly)
    assert f"“{label}”" in str(error)
    assert (p.people if setter == "set_people" else p.moved_on) == {"participation": 7}


@pytest.mark.parametrize("typed", ["²", "2²", "①"])
def test_digit_like_characters_are_refused_with_an_answer_error(typed):
    with pytest.raises(AnswerError) as caught:
        pathway().set_people("discovery", typed)
    assert caught.value.key == "error.not_count"


def test_out_of_range_count_names_the_limit(assert_friendly):
    error = raises("error.out_of_range", lambda: pathway().set_people("discovery", 10 ** 9), assert_friendly)
    assert str(MAX_PEOPLE) in str(error)


def test_moved_on_is_not_asked_for_the_last_phase(assert_friendly):
    p = pathway()
    p.set_people("leadership", 5)
    raises("error.bad_exercise", lambda: p.set_moved_on("leadership", 1), assert_friendly)
    assert p.moved_on == {}


@pytest.mark.parametrize("phase", ["summit", "convey", ""])
def test_unknown_phases_are_refused(phase, assert_friendly):
    p = pathway()
    raises("error.bad_exercise", lambda: p.set_people(phase, 1), assert_friendly)
    raises("error.bad_exercise", lambda: p.set_moved_on(phase, 1), assert_friendly)


def test_impossible_lists_phases_where_more_moved_on_than_were_there():
    p = pathway()
    assert p.impossible() == []
    p.set_people("discovery", 10)
    p.set_moved_on("discovery", 11)
    p.set_people("first_contact", 5)
    p.set_moved_on("first_contact", 5)  # equal is possible
    p.set_moved_on("participation", 99)  # no people entered yet: not judged
    p.set_people("networked", 0)
    p.set_moved_on("networked", 1)
    assert p.impossible() == ["discovery", "networked"]


def test_unentered_lists_blank_boxes_as_labels_people_first():
    p = pathway()
    assert len(p.unentered()) == 6 + 5
    assert p.unentered()[0] == "People at Discovery"
    assert p.unentered()[6] == "Moved on from Discovery"
    assert "Moved on from Leadership" not in p.unentered()
    p.load(copy.deepcopy(SESSION.exercise("pathway_numbers").example))
    assert p.unentered() == []
    p.set_people("sustained", "")
    p.set_moved_on("first_contact", "")
    assert p.unentered() == ["People at Sustained participation", "Moved on from First contact"]


def test_pathway_round_trips_in_phase_order():
    p = pathway()
    p.set_people("leadership", "3")
    p.set_people("discovery", "1,000")
    p.set_moved_on("networked", 2)
    data = p.to_dict()
    assert data == {"people": {"discovery": 1000, "leadership": 3}, "moved_on": {"networked": 2}}
    assert list(data["people"]) == ["discovery", "leadership"]
    again = pathway()
    again.load(json.loads(json.dumps(data)))
    assert again.people == p.people and again.moved_on == p.moved_on


def test_pathway_without_numbers_loads_empty():
    p = pathway()
    p.load({})
    assert p.is_empty() and p.to_dict() == {"people": {}, "moved_on": {}}


@pytest.mark.parametrize("data, key", [
    ({"people": []}, "error.bad_exercise"), ({"moved_on": "5"}, "error.bad_exercise"),
    ({"people": None}, "error.bad_exercise"),
    ({"people": {"summit": 5}}, "error.bad_exercise"), ({"moved_on": {"leadership": 1}}, "error.bad_exercise"),
    ({"people": {"discovery": -1}}, "error.out_of_range"), ({"people": {"discovery": 2.5}}, "error.not_count"),
    ({"moved_on": {"discovery": "many"}}, "error.not_count"),
])
def test_pathway_load_refuses_damaged_data(data, key, assert_friendly):
    raises(key, lambda: pathway().load(data), assert_friendly)


@pytest.mark.parametrize("typed, expected", [("1,200", 1200), ("1 200", 1200), ("1\u00a0200", 1200),
                                             ("1\u202f200", 1200), ("1200", 1200)])
def test_grouped_thousands_are_read(typed, expected):
    pathway = Pathway("pathway_numbers")
    pathway.set_people("discovery", typed)
    assert pathway.people["discovery"] == expected


@pytest.mark.parametrize("typed", ["1,2,0,0", "1 2", "12,00"])
def test_badly_grouped_numbers_are_refused(typed):
    with pytest.raises(AnswerError):
        Pathway("pathway_numbers").set_people("discovery", typed)


# ---------------------------------------------------------------- check

def test_pathway_possible_reports_impossible_numbers_before_blanks(assert_friendly):
    p = pathway()
    p.set_people("first_contact", 10)
    p.set_moved_on("first_contact", 20)
    result = pathway_possible()(p)
    assert not result.passed
    assert_friendly(result.message)
    assert result.message == messages.text("check.pathway.impossible", phases="First contact")
    assert "Please fill in" not in result.message


def test_pathway_possible_names_every_impossible_phase():
    p = example_model("session3", "pathway_numbers")
    p.set_moved_on("discovery", 801)
    p.set_moved_on("networked", 13)
    result = pathway_possible()(p)
    assert not result.passed
    assert "Discovery, Networked participation" in result.message
    assert "Sustained" not in result.message


def test_pathway_possible_then_lists_the_blank_boxes(assert_friendly):
    p = example_model("session3", "pathway_numbers")
    assert pathway_possible()(p).passed
    p.set_people("leadership", "")
    result = pathway_possible()(p)
    assert not result.passed
    assert_friendly(result.message)
    assert result.message == messages.text("check.pathway.hint", missing="People at Leadership")
    p.set_people("leadership", 6)  # more than moved on from networked is fine
    assert pathway_possible()(p).passed


def test_pathway_possible_compares_each_phase_with_itself_only():
    """The check never compares a phase with the next one (estimates for a period, and people who skip a
    phase, make those comparisons unreliable), so its message claims only what it checks."""
    p = example_model("session3", "pathway_numbers")
    p.set_moved_on("participation", 80)  # more than the 35 at Sustained participation: not checked
    result = pathway_possible()(p)
    assert result.passed
    assert result.message == messages.text("check.pathway.pass")
    assert "add up" not in result.message


# ---------------------------------------------------------------- view

def sankey(view):
    return view.figure.data[0]


def link_values(view) -> list[int]:
    return list(sankey(view).link.value)


def type_count(view, which: str, phase: str, value: str) -> None:
    """Types ``value`` into the ``which`` box ("people" or "moved_on") of ``phase``'s row; the sheet sends
    every row, as on screen."""
    rows = [dict(row) for row in view.sheet.rows]
    rows[MOZILLA.index(phase)][which] = value
    type_rows(view, *rows)


def shown(view, which: str) -> list[str]:
    return [row[which] for row in view.sheet.rows]


def test_pathway_is_a_table_with_a_row_per_phase(workbook3):
    view = workbook3.view("pathway_numbers")
    assert view.sheet.row_labels == [phase_label(p) for p in MOZILLA]
    assert view.sheet.row_keys == list(MOZILLA)
    assert [f["name"] for f in view.sheet.fields] == ["people", "moved_on"]
    assert view.sheet.closed_cells == ["5:moved_on"]  # the top phase has no next phase
    assert view.sheet.cell_placeholders == {"5:moved_on": messages.text("pathway.top_phase")}


def test_pathway_shows_the_saved_numbers_when_opened_again(session3_example):
    view = Workbook("session3", session3_example).view("pathway_numbers")
    assert shown(view, "people") == ["800", "250", "90", "35", "12", "5"]
    assert shown(view, "moved_on") == ["250", "90", "35", "12", "5", ""]
    assert link_values(view) == [250, 90, 35, 12, 5]
    assert view.sheet.cell_messages == {}
    assert said(view.summary).startswith("Entered for 6 of 6 phases")


def test_pathway_boxes_start_blank_and_blank_is_no_answer(workbook3, folder):
    view = workbook3.view("pathway_numbers")
    assert shown(view, "people") == [""] * 6
    assert all(f["placeholder"] == messages.text("pathway.placeholder") for f in view.sheet.fields)
    assert link_values(view) == []
    assert said(view.summary) == messages.text("pathway.summary_empty")
    type_count(view, "people", "discovery", "800")
    type_count(view, "people", "discovery", "")
    assert workbook3.models["pathway_numbers"].people == {}
    assert saved(folder, "session3")["pathway_numbers"] == {"people": {}, "moved_on": {}}


def test_pathway_typing_a_number_saves_it_and_draws_the_link(workbook3, folder):
    view = workbook3.view("pathway_numbers")
    type_count(view, "people", "discovery", "1,200")
    type_count(view, "moved_on", "discovery", " 300 ")
    type_count(view, "moved_on", "participation", "40")
    model = workbook3.models["pathway_numbers"]
    assert (model.people, model.moved_on) == ({"discovery": 1200}, {"discovery": 300, "participation": 40})
    assert saved(folder, "session3")["pathway_numbers"] == {
        "people": {"discovery": 1200}, "moved_on": {"discovery": 300, "participation": 40}}
    link = sankey(view).link
    assert (list(link.source), list(link.target), list(link.value)) == ([0, 2], [1, 3], [300, 40])
    assert view.sheet.cell_messages == {}
    table = unescape(view.table.value)
    assert "1200" in table and "25%" in table
    workbook3.save()  # another exercise's save leaves "1,200" as typed: it is the model's 1200
    assert shown(view, "people")[0] == "1,200"


def test_pathway_impossible_numbers_are_saved_with_a_warning_beside_them(workbook3, folder, assert_friendly):
    view = workbook3.view("pathway_numbers")
    impossible = messages.text("pathway.link_impossible")
    type_count(view, "people", "discovery", "100")
    type_count(view, "moved_on", "discovery", "250")
    assert view.sheet.cell_messages == {"0:moved_on": assert_friendly(messages.text("pathway.impossible_cell"))}
    assert saved(folder, "session3")["pathway_numbers"] == {
        "people": {"discovery": 100}, "moved_on": {"discovery": 250}}
    assert link_values(view) == [250]
    assert list(sankey(view).link.label) == [impossible]
    type_count(view, "people", "sustained", "3")
    type_count(view, "moved_on", "sustained", "4")
    assert set(view.sheet.cell_messages) == {"0:moved_on", "3:moved_on"}
    type_count(view, "people", "discovery", "900")
    assert set(view.sheet.cell_messages) == {"3:moved_on"}
    type_count(view, "moved_on", "sustained", "2")
    assert view.sheet.cell_messages == {}
    assert list(sankey(view).link.label) == ["", ""]


def test_pathway_a_non_number_is_explained_beside_its_box_and_nothing_saved_is_lost(
        workbook3, folder, assert_friendly):
    view = workbook3.view("pathway_numbers")
    type_count(view, "people", "discovery", "800")
    type_count(view, "people", "discovery", "lots")
    message = messages.text("error.not_count", field=messages.text("pathway.people", phase="Discovery"))
    assert view.sheet.cell_messages == {"0:people": assert_friendly(message)}
    assert shown(view, "people")[0] == "lots"
    assert workbook3.models["pathway_numbers"].people == {"discovery": 800}
    assert saved(folder, "session3")["pathway_numbers"]["people"] == {"discovery": 800}
    # another box does not hide the message; fixing the box does
    type_count(view, "people", "first_contact", "250")
    assert view.sheet.cell_messages == {"0:people": message}
    assert shown(view, "people")[0] == "lots"  # another save never puts the model's number over the typed text
    type_count(view, "people", "discovery", "700")
    assert view.sheet.cell_messages == {}
    assert saved(folder, "session3")["pathway_numbers"]["people"] == {"discovery": 700, "first_contact": 250}


def test_pathway_the_top_phase_moved_on_box_is_never_taken(workbook3, folder):
    view = workbook3.view("pathway_numbers")
    type_count(view, "moved_on", "leadership", "7")
    assert workbook3.models["pathway_numbers"].moved_on == {}
    assert view.sheet.cell_messages == {}


def test_pathway_figure_has_a_node_per_phase(workbook3):
    view = workbook3.view("pathway_numbers")
    node = sankey(view).node
    assert list(node.label) == [phase_label(p) for p in MOZILLA]
    assert list(node.color) == list(OKABE_ITO[:6])
    assert view.figure.layout.title.text == messages.text("pathway.chart_title")
    type_count(view, "moved_on", "networked", "5")
    assert (list(sankey(view).link.source), list(sankey(view).link.target)) == ([4], [5])


def test_pathway_a_full_disk_is_explained_and_the_number_kept_in_memory(
        workbook3, folder, disk_full, monkeypatch, assert_friendly):
    view = workbook3.view("pathway_numbers")
    type_count(view, "people", "discovery", "800")
    assert view.sheet.status["ok"] is False
    assert "No space left on device" in assert_friendly(view.sheet.status["text"])
    assert workbook3.models["pathway_numbers"].people == {"discovery": 800}
    assert link_values(view) == []  # nothing moved on yet; the number is in the table
    assert "800" in view.table.value
    monkeypatch.undo()  # room on the disk again: the next change saves both numbers, and the message goes
    type_count(view, "people", "first_contact", "250")
    assert view.sheet.status["ok"] is not False
    assert saved(folder, "session3")["pathway_numbers"]["people"] == {"discovery": 800, "first_contact": 250}


def test_pathway_follows_a_restore(workbook3, session3_example):
    view = workbook3.view("pathway_numbers")
    type_count(view, "people", "discovery", "lots")
    workbook3.restore(ANSWER_FILE, saved_bytes(session3_example, "session3"))
    assert shown(view, "people")[0] == "800"
    assert view.sheet.cell_messages == {}  # the box no longer holds the refused text
    assert link_values(view) == [250, 90, 35, 12, 5]
    type_count(view, "people", "discovery", "900")
    assert workbook3.models["pathway_numbers"].people["discovery"] == 900


def test_every_pathway_control_is_the_check_button_or_the_sheets(workbook3):
    found = controls(workbook3.view("pathway_numbers").widget)
    assert [w.description for w in found] == [messages.text("check.button")]


def test_pathway_columns_use_the_model_labels(workbook3):
    view = workbook3.view("pathway_numbers")
    assert [f["label"] for f in view.sheet.fields] == [messages.text("pathway.people_column"),
                                                        messages.text("pathway.moved_column")]
    assert view.sheet.caption == messages.text("pathway.sheet_caption")
