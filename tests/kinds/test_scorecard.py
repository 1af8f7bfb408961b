"""The ``scorecard`` and ``openness`` kinds: a score and notes per item, their check, their views and charts."""

from __future__ import annotations

import json
from html import unescape

import pytest

from model_support import example_model, new, raises
from view_support import saved, type_rows
from workbooks import Workbook, kinds, messages
from workbooks.kinds.scorecard import MIDDLE, OPENNESS_SCALES, Openness, Scorecard, every_item_scored
from workbooks.models import MAX_TEXT, AnswerError
from workbooks.sessions.session5 import AUDIT_NOTES, PRINCIPLES, SESSION


def audit() -> Scorecard:
    return new("session5", "principles_audit")


def openness() -> Openness:
    return new("session5", "openness_scales")


def placed(**scores: int) -> Openness:
    model = openness()
    for scale, score in scores.items():
        model.set_score(scale, score)
    return model


# ---------------------------------------------------------------- model

def test_the_audit_scores_the_seven_principles_from_1_to_4():
    model = audit()
    assert model.items == PRINCIPLES and len(PRINCIPLES) == 7
    assert (model.low, model.high) == (1, 4)
    assert [model.choice_label(s) for s in (1, 4)] == ["1: not started", "4: a strength"]


@pytest.mark.parametrize("typed, stored", [(3, 3), ("3", 3), (" 2 ", 2), (1, 1), ("4", 4)])
def test_a_score_is_a_whole_number_or_the_text_its_list_sends(typed, stored):
    model = audit()
    model.set_score("fairness", typed)
    assert model.scores == {"fairness": stored} and type(model.scores["fairness"]) is int


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_a_blank_score_clears_it(blank):
    model = audit()
    model.set_score("impact", 2)
    model.set_score("impact", blank)
    assert model.scores == {} and model.is_empty()


@pytest.mark.parametrize("typed, key", [(0, "error.out_of_range"), (5, "error.out_of_range"),
                                        ("9", "error.out_of_range"), (2.0, "error.not_number"),
                                        (True, "error.not_number"), ("two", "error.not_number"),
                                        ([2], "error.not_number")])
def test_a_bad_score_is_refused_in_words_and_the_old_one_kept(typed, key, assert_friendly):
    model = audit()
    model.set_score("transparency", 2)
    error = raises(key, lambda: model.set_score("transparency", typed), assert_friendly)
    assert "Transparency" in str(error)
    assert model.scores == {"transparency": 2}


def test_over_long_notes_are_refused_and_unknown_items_or_notes_are_a_damaged_answer(assert_friendly):
    model = audit()
    error = raises("error.too_long", lambda: model.set_note("fairness", "evidence", "x" * (MAX_TEXT + 1)),
                   assert_friendly)
    assert "Fairness: What shows it today" in str(error)
    with pytest.raises(AnswerError):
        model.set_note("lunch", "evidence", "x")
    with pytest.raises(AnswerError):
        model.set_note("fairness", "why", "x")
    with pytest.raises(AnswerError):
        model.set_score("lunch", 2)


def test_the_saved_shape_keeps_only_what_was_given_and_loads_back():
    model = audit()
    model.set_score("collaboration", 3)
    model.set_note("collaboration", "evidence", "Shared documents")
    model.set_note("impact", "next_step", "Collect stories")
    model.set_note("impact", "evidence", "")
    data = model.to_dict()
    assert data == {"records": {"collaboration": {"score": 3, "evidence": "Shared documents"},
                                "impact": {"next_step": "Collect stories"}}}
    again = audit()
    again.load(json.loads(json.dumps(data)))
    assert again.to_dict() == data


def test_a_draft_kept_by_the_browser_loads_with_its_score_as_text():
    """keeper.js writes what the lists picked; a score read from a file is checked as if typed."""
    model = audit()
    model.load({"records": {"fairness": {"score": 2, "evidence": "e"}}})
    assert model.scores == {"fairness": 2}
    with pytest.raises(AnswerError):
        audit().load({"records": {"fairness": {"score": 7}}})
    with pytest.raises(AnswerError):
        audit().load({"records": ["fairness"]})


# ---------------------------------------------------------------- check

def test_blank_fails_and_the_example_passes():
    check = SESSION.exercise("principles_audit").check
    assert check(audit()).passed is False
    assert check(example_model("session5", "principles_audit")).passed is True
    assert SESSION.exercise("openness_scales").check(openness()).passed is False
    assert SESSION.exercise("openness_scales").check(example_model("session5", "openness_scales")).passed is True


def test_the_audit_check_names_each_principle_and_what_it_lacks():
    model = example_model("session5", "principles_audit")
    model.set_score("fairness", None)
    model.set_note("impact", "next_step", "")
    result = every_item_scored(AUDIT_NOTES)(model)
    assert not result.passed
    assert "Fairness (Score (1 to 4))" in result.message
    assert "Impact (One next step)" in result.message
    assert "Transparency" not in result.message


def test_the_openness_check_asks_for_places_only_the_why_is_optional():
    model = placed(subject=1, infrastructure=2, participants=3, outcomes=5)
    assert model.texts == {}
    assert SESSION.exercise("openness_scales").check(model).passed


# ---------------------------------------------------------------- openness grid

def test_openness_rows_name_both_ends_and_the_lists_say_where_between():
    model = openness()
    assert model.items == OPENNESS_SCALES and (model.low, model.high) == (1, 5) and MIDDLE == 3
    assert model.row_label("infrastructure") == (
        "Infrastructure: from closed, proprietary tools (1) to open-source tools (5)")
    assert model.score_label("outcomes", 5) == "5: shared publicly"
    assert model.score_label("outcomes", 2) == "2: towards kept private"
    assert model.score_label("outcomes", 3) == "3: in the middle"


@pytest.mark.parametrize("scores, where, quarter", [
    ({"subject": 5, "infrastructure": 5, "participants": 4, "outcomes": 5}, (14 / 3, 5.0),
     "open and domain-specific"),
    ({"subject": 1, "infrastructure": 1, "participants": 2, "outcomes": 1}, (4 / 3, 1.0), "closed and general"),
    ({"subject": 3, "infrastructure": 1, "participants": 3, "outcomes": 5}, (3.0, 3.0),
     "halfway between closed and open and halfway between general and domain-specific"),
])
def test_the_grid_place_is_the_mean_openness_across_and_the_subject_up(scores, where, quarter):
    model = placed(**scores)
    assert model.position() == pytest.approx(where)
    assert model.quarter() == quarter
    assert quarter in model.summary()


def test_the_grid_waits_for_all_four_scales():
    model = placed(subject=2, outcomes=5)
    assert model.position() is None and model.quarter() == ""
    assert model.summary() == messages.text("openness.summary_empty", placed=2, total=4)


def test_the_text_beside_the_chart_says_the_scores_in_words():
    model = example_model("session5", "principles_audit")
    summary = model.summary()
    assert summary == ("Scored 7 of 7. Strongest: Collaboration, Transparency, Impact. "
                       "Most room to grow: Social responsibility and engagement.")
    html = unescape(kinds.render(model))
    assert summary in html and "Volunteers who write materials" in html and "2: first steps" in html


# ---------------------------------------------------------------- views

def test_the_audit_view_saves_what_is_picked_and_typed_and_redraws_the_radar(folder):
    view = Workbook("session5", folder).view("principles_audit")
    assert view.sheet.row_keys == list(PRINCIPLES)
    rows = [{"score": "", "evidence": "", "next_step": ""} for _ in PRINCIPLES]
    rows[3] = {"score": "3", "evidence": "Public notes", "next_step": "Publish the budget"}
    type_rows(view, *rows)
    assert saved(folder, "session5")["principles_audit"] == {
        "records": {"transparency": {"score": 3, "evidence": "Public notes", "next_step": "Publish the budget"}}}
    radar = view.figure.data[0]
    assert list(radar.r)[3] == 3 and list(radar.customdata)[3] == "3: in place"
    assert list(radar.customdata)[0] == messages.text("scorecard.not_scored")
    assert "Scored 1 of 7" in view.summary.value


def test_a_refused_score_is_said_beside_its_box_and_the_rest_is_saved(folder):
    view = Workbook("session5", folder).view("principles_audit")
    rows = [{"score": "", "evidence": "", "next_step": ""} for _ in PRINCIPLES]
    rows[0] = {"score": "9", "evidence": "Kept", "next_step": ""}
    type_rows(view, *rows)
    assert "between 1 and 4" in view.sheet.cell_messages["0:score"]
    assert saved(folder, "session5")["principles_audit"] == {
        "records": {"respect_for_diversity": {"evidence": "Kept"}}}


def test_the_openness_view_draws_the_scales_and_the_grid_place_with_its_text(folder):
    view = Workbook("session5", folder).view("openness_scales")
    scales, place = view.figure.data
    assert list(place.x) == [] and "Place it on all four" in view.summary.value
    rows = [{"score": s, "why": ""} for s in ("4", "5", "3", "5")]
    type_rows(view, *rows)
    scales, place = view.figure.data
    assert list(scales.x) == [4, 5, 3, 5]
    assert list(place.x) == [pytest.approx(13 / 3)] and list(place.y) == [4]
    assert list(place.text) == [messages.text("openness.you_are_here")]
    assert "open and domain-specific" in unescape(view.summary.value)
    assert "<caption>" in view.table.value
    corners = {a.text.replace("<br>", " ") for a in view.figure.layout.annotations}
    assert corners == {messages.text(f"openness.corner.{x}_{y}") for x in ("closed", "open")
                       for y in ("general", "domain")}


def test_every_row_of_the_openness_table_is_labelled_with_its_two_ends(folder):
    view = Workbook("session5", folder).view("openness_scales")
    model = view.model
    assert view.sheet.row_labels == [model.row_label(i) for i in OPENNESS_SCALES]
    options = view.sheet.fields[0]["options"]
    assert options[0] == ["", messages.text("scorecard.not_scored")]
    assert [value for value, _ in options[1:]] == ["1", "2", "3", "4", "5"]
