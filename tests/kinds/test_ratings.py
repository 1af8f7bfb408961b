"""The ``ratings`` kind: a score from 0 to 5 per item, the all-rated check and the ratings view with its chart."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from model_support import new, raises
from view_support import fill_disk, said, saved, saved_bytes, shown, type_answers
from workbooks import Workbook, messages
from workbooks.kinds.ratings import Ratings, all_rated
from workbooks.sessions import session1
from workbooks.views.ratings import RatingsView


def ratings() -> Ratings:
    return new("session1", "skills_rating")


# ---------------------------------------------------------------- model

@pytest.mark.parametrize("score, stored", [(0, 0), (5, 5), (3, 3), (4.0, 4)])
def test_rate_accepts_whole_numbers_from_0_to_5(score, stored):
    r = ratings()
    r.rate("content", score)
    assert r.scores == {"content": stored}
    assert type(r.scores["content"]) is int


@pytest.mark.parametrize("score, key", [(6, "error.out_of_range"), (-1, "error.out_of_range"),
                                        (2.5, "error.not_number"), (True, "error.not_number"),
                                        ("3", "error.not_number"), (float("nan"), "error.not_number"),
                                        (float("inf"), "error.not_number"), ([3], "error.not_number")])
def test_rate_refuses_anything_else_and_keeps_the_old_score(score, key, assert_friendly):
    r = ratings()
    r.rate("content", 2)
    error = raises(key, lambda: r.rate("content", score), assert_friendly)
    assert "Content skills" in str(error)
    assert r.scores == {"content": 2}


def test_out_of_range_rating_names_the_range(assert_friendly):
    error = raises("error.out_of_range", lambda: ratings().rate("business", 6), assert_friendly)
    assert "between 0 and 5" in str(error)


def test_none_clears_a_rating_and_unrated_lists_the_rest_in_order():
    r = ratings()
    assert r.unrated() == ["engagement", "content", "strategic", "business", "technical"]
    r.rate("technical", 1)
    r.rate("engagement", 0)
    assert r.unrated() == ["content", "strategic", "business"]
    r.rate("technical", None)
    r.rate("content", None)  # clearing an unrated item is fine
    assert r.scores == {"engagement": 0}
    assert r.unrated() == ["content", "strategic", "business", "technical"]
    assert not r.is_empty()


def test_rate_refuses_an_unknown_item(assert_friendly):
    raises("error.bad_exercise", lambda: ratings().rate("cooking", 3), assert_friendly)


def test_ratings_to_dict_holds_only_rated_items_and_round_trips():
    r = ratings()
    r.rate("strategic", 0)
    r.rate("engagement", 5)
    assert r.to_dict() == {"scores": {"engagement": 5, "strategic": 0}}
    assert list(r.to_dict()["scores"]) == ["engagement", "strategic"]
    again = ratings()
    again.load(json.loads(json.dumps(r.to_dict())))
    assert again.scores == {"engagement": 5, "strategic": 0}
    assert ratings().to_dict() == {"scores": {}}


@pytest.mark.parametrize("data, key", [({}, "error.bad_exercise"), ({"scores": [4]}, "error.bad_exercise"),
                                       ({"scores": {"cooking": 3}}, "error.bad_exercise"),
                                       ({"scores": {"content": 9}}, "error.out_of_range"),
                                       ({"scores": {"content": "4"}}, "error.not_number")])
def test_ratings_load_refuses_damaged_data(data, key, assert_friendly):
    raises(key, lambda: ratings().load(data), assert_friendly)


# ---------------------------------------------------------------- check

def test_all_rated_names_the_unrated_items(assert_friendly):
    r = ratings()
    for item in r.items[:-1]:
        r.rate(item, 0)
    result = all_rated()(r)
    assert not result.passed
    assert_friendly(result.message)
    assert "Technical skills" in result.message and "Content skills" not in result.message
    r.rate("technical", 0)  # zero is a rating
    passed = all_rated()(r)
    assert passed.passed and "all 5" in passed.message


# ---------------------------------------------------------------- view

def rate(view, **scores: int | None) -> None:
    """Picks in the view's drop-down lists, as its sheet sends them: every list, as on screen."""
    type_answers(view, **{item: "" if score is None else str(score) for item, score in scores.items()})


def test_ratings_start_unrated_with_the_scale_in_words(workbook1, folder):
    view = workbook1.view("skills_rating")
    assert isinstance(view, RatingsView)
    assert view.sheet.layout == "form"
    assert [f["name"] for f in view.sheet.fields] == list(session1.SKILL_FAMILIES)
    content = view.sheet.fields[1]
    assert content["label"] == messages.text("skills_rating.item.content")
    assert [value for value, _ in content["options"]] == ["", "0", "1", "2", "3", "4", "5"]
    labels = [label for _, label in content["options"]]
    assert labels[0] == messages.text("ratings.not_rated")
    assert (labels[1], labels[-1]) == (messages.text("ratings.score_low"), messages.text("ratings.score_high"))
    assert labels[2:-1] == ["1", "2", "3", "4"]
    assert shown(view) == dict.fromkeys(session1.SKILL_FAMILIES, "")  # "Not rated yet" is showing
    assert workbook1.models["skills_rating"].scores == {}
    assert not (folder / "session1_answers.json").exists()
    assert said(view.summary) == messages.text("ratings.summary_empty")


def test_ratings_picking_saves_and_redraws_the_chart_and_table(workbook1, folder):
    view = workbook1.view("skills_rating")
    rate(view, content=4)
    rate(view, business=0)
    assert workbook1.models["skills_rating"].scores == {"content": 4, "business": 0}
    assert saved(folder, "session1")["skills_rating"] == {"scores": {"content": 4, "business": 0}}
    trace = view.figure.data[0]
    assert trace.type == "scatterpolar" and trace.fill == "toself"
    assert list(trace.theta) == [messages.text(f"skills_rating.item.{i}") for i in session1.SKILL_FAMILIES]
    assert list(trace.r) == [0, 4, 0, 0, 0]
    assert said(view.summary) == messages.text(
        "ratings.summary", rated=2, total=5, strongest=messages.text("skills_rating.item.content"),
        weakest=messages.text("skills_rating.item.business"))
    rows = re.findall(r"<tr>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>", view.table.value)
    not_rated = messages.text("ratings.not_rated")
    assert [(unescape(a), b) for a, b in rows] == [
        ("Engagement skills", not_rated), ("Content skills", "4"), ("Strategic skills", not_rated),
        ("Business skills", "0"), ("Technical skills", not_rated)]
    assert view.sheet.cell_messages == {}
    assert "session1_answers.json" in view.sheet.status["text"]


def test_ratings_not_rated_clears_a_score(workbook1, folder):
    view = workbook1.view("skills_rating")
    rate(view, strategic=5)
    rate(view, strategic=None)
    assert workbook1.models["skills_rating"].scores == {}
    assert saved(folder, "session1")["skills_rating"] == {"scores": {}}
    assert list(view.figure.data[0].r) == [0, 0, 0, 0, 0]
    assert said(view.summary) == messages.text("ratings.summary_empty")


@pytest.mark.parametrize("sent", ["9", "-1", "3.5", "three", "\u0663"])
def test_ratings_a_pick_that_is_no_score_is_refused_beside_its_list(workbook1, sent, assert_friendly):
    view = workbook1.view("skills_rating")
    rate(view, content=2)
    type_answers(view, content=sent)
    assert_friendly(view.sheet.cell_messages["0:content"])
    assert workbook1.models["skills_rating"].scores == {"content": 2}


def test_ratings_show_saved_answers_when_opened_again(workbook1, folder):
    view = workbook1.view("skills_rating")
    rate(view, **session1.SESSION.exercise("skills_rating").example["scores"])
    rate(view, technical=None)
    again = Workbook("session1", folder).view("skills_rating")
    assert shown(again) == {"engagement": "4", "content": "3", "strategic": "2", "business": "1", "technical": ""}
    assert list(again.figure.data[0].r) == [4, 3, 2, 1, 0]
    assert messages.text("ratings.not_rated") in again.table.value


def test_ratings_that_cannot_be_saved_are_explained_and_kept(workbook1, folder, monkeypatch, assert_friendly):
    view = workbook1.view("skills_rating")
    rate(view, content=2)
    before = saved_bytes(folder, "session1")
    fill_disk(monkeypatch)
    rate(view, content=5)
    assert view.sheet.status["ok"] is False
    assert "No space left on device" in assert_friendly(view.sheet.status["text"])
    assert saved_bytes(folder, "session1") == before
    assert workbook1.models["skills_rating"].scores == {"content": 5}  # kept while the notebook is open
    assert shown(view)["content"] == "5"
