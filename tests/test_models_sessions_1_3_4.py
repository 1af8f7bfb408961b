"""Sessions 1, 3 and 4: their models, checks, answers documents, static views and the charter."""

from __future__ import annotations

import copy
import json
from html import escape

import pytest

from workbooks import charter, checks, kinds, messages, sessions, static
from workbooks.checks import enough_rows, prompts_answered
from workbooks.exercises import Exercise, Session
from workbooks.answers import Answers, parse, parse_json
from workbooks.engagement import LENSES, MAX_PEOPLE, PHASE_FIELDS, Ladder, Pathway
from workbooks.models import (MAX_TEXT, AnswerError, clean_date, Checklist, Choice, Form, Ratings, Reflections,
                              TableModel, Timeline)

SESSION_IDS = ("session1", "session3", "session4")
SPECS = {sid: sessions.get(sid) for sid in SESSION_IDS}
EXERCISES = [(sid, name) for sid in SESSION_IDS for name in SPECS[sid].names]
GRADED = [(sid, name) for sid, name in EXERCISES if name in SPECS[sid].graded]  # all but the closing feedback
SCRIPT = "<script>alert(1)</script>"
MOZILLA, CSCCE = LENSES["mozilla"], LENSES["cscce"]


def raises(key: str, action, assert_friendly) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        action()
    assert caught.value.key == key, str(caught.value)
    assert_friendly(caught.value)
    return caught.value


def new(sid: str, name: str):
    return SPECS[sid].exercise(name).make()


def example_model(sid: str, name: str):
    model = new(sid, name)
    model.load(copy.deepcopy(SPECS[sid].exercise(name).example))
    return model


def example_answers(sid: str) -> Answers:
    answers = Answers.empty(SPECS[sid])
    for name, data in ((e.name, e.example) for e in SPECS[sid].exercises):
        answers.models[name].load(copy.deepcopy(data))
    return answers


def title(name: str) -> str:
    return messages.text(f"{name}.title")


# ================================================================ Timeline

def timeline() -> Timeline:
    return new("session1", "origin_timeline")


def event(date: object, what: str = "Something happened", who: str = "Founders") -> dict[str, object]:
    return {"date": date, "event": what, "who": who}


@pytest.mark.parametrize("date", ["2019", "2019-05", "2019-05-14", " 2019-05 ", "2020-02-29", "1999-12-31"])
def test_timeline_accepts_a_year_a_month_or_a_day(date):
    t = timeline()
    t.add_row(event(date))
    assert t.rows == [{"date": date.strip(), "event": "Something happened", "who": "Founders"}]


@pytest.mark.parametrize("date, key", [
    ("2019-13", "error.bad_date"), ("2019-00", "error.bad_date"), ("2019-02-30", "error.bad_date"),
    ("2019-02-29", "error.bad_date"), ("2019-05-32", "error.bad_date"), ("19", "error.bad_date"),
    ("May 2019", "error.bad_date"), ("2019-5", "error.bad_date"), ("2019/05/14", "error.bad_date"),
    ("14-05-2019", "error.bad_date"), ("0000", "error.bad_date"), ("20190", "error.bad_date"),
    ("", "error.empty"), ("   ", "error.empty"), (2019, "error.not_text"),
])
def test_timeline_refuses_dates_that_are_not_a_year_month_or_day(date, key, assert_friendly):
    t = timeline()
    error = raises(key, lambda: t.add_row(event(date)), assert_friendly)
    assert "Date" in str(error)
    assert t.rows == []


def test_timeline_bad_date_message_shows_the_three_accepted_forms(assert_friendly):
    error = raises("error.bad_date", lambda: timeline().add_row(event("May 2019")), assert_friendly)
    assert "2019" in str(error) and "2019-05" in str(error) and "2019-05-14" in str(error)


def test_timeline_in_order_sorts_by_date_with_a_bare_year_before_its_months():
    t = timeline()
    for date, what in [("2021-03-01", "d"), ("2019-05", "b"), ("2022", "e"), ("2019", "a"), ("2019-11-30", "c")]:
        t.add_row(event(date, what))
    assert [r["event"] for r in t.in_order()] == ["a", "b", "c", "d", "e"]
    assert [r["event"] for r in t.rows] == ["d", "b", "e", "a", "c"]  # stored order untouched


@pytest.mark.parametrize("again", ["Launch", "launch", "  LAUNCH "])
def test_timeline_refuses_a_second_row_with_the_same_key(again, assert_friendly):
    t = timeline()
    t.add_row(event("2019", "Launch"))
    error = raises("error.duplicate", lambda: t.add_row(event("2020", again)), assert_friendly)
    assert again.strip() in str(error)
    assert len(t.rows) == 1


def test_timeline_kind_and_round_trip():
    t = example_model("session1", "origin_timeline")
    assert t.kind == "timeline" and isinstance(t, TableModel)
    again = timeline()
    again.load(json.loads(json.dumps(t.to_dict())))
    assert again.rows == t.rows == SPECS["session1"].exercise("origin_timeline").example["rows"]


@pytest.mark.parametrize("data", [{}, {"rows": None}, {"rows": "2019"}, {"rows": ["2019"]}, {"rows": [None]},
                                  {"rows": {"date": "2019"}}])
def test_timeline_load_refuses_damaged_data(data, assert_friendly):
    error = raises("error.bad_exercise", lambda: timeline().load(data), assert_friendly)
    assert title("origin_timeline") in str(error)


def test_timeline_load_refuses_bad_dates_and_duplicate_rows(assert_friendly):
    raises("error.bad_date", lambda: timeline().load({"rows": [event("2019-13")]}), assert_friendly)
    raises("error.duplicate", lambda: timeline().load({"rows": [event("2019", "A"), event("2020", "a")]}),
           assert_friendly)


# ================================================================ links

def document(link: object) -> dict[str, object]:
    return {"kind": "Report", "title": "Annual report", "link": link, "insight": "Newcomers stop early."}


@pytest.mark.parametrize("link", ["http://example.org", "https://example.org/report-2025",
                                  "HTTPS://Example.org/a?b=c#d", " https://sub.example.org/x "])
def test_link_columns_accept_web_addresses(link):
    table = new("session3", "bring_document")
    table.add_row(document(link))
    assert table.rows[0]["link"] == link.strip()


@pytest.mark.parametrize("link", ["example.org", "www.example.org", "javascript:alert(1)", "ftp://x",
                                  "ftp://example.org/file", "https://", "http://localhost",
                                  "https://exa mple.org", "mailto:someone@example.org"])
def test_link_columns_refuse_anything_but_http_and_https_addresses(link, assert_friendly):
    table = new("session3", "bring_document")
    error = raises("error.bad_link", lambda: table.add_row(document(link)), assert_friendly)
    assert "Link" in str(error) and "https://" in str(error)
    assert table.rows == []


def test_only_link_columns_are_checked_for_addresses():
    table = new("session3", "bring_document")
    table.add_row({**document("https://example.org/r"), "title": "example.org", "insight": "ftp://x"})
    assert table.rows[0]["title"] == "example.org"


# ================================================================ Form

def vision() -> Form:
    return new("session4", "vision")


def test_form_and_reflections_kinds():
    assert vision().kind == "form"
    assert isinstance(vision(), Reflections)
    assert new("session4", "charter_reflections").kind == "reflections"
    assert not isinstance(new("session4", "charter_reflections"), Form)


def test_statement_joins_the_answers_in_prompt_order_as_sentences():
    form = vision()
    form.set_answer("who", "for researchers")
    form.set_answer("what", "we build a network")
    form.set_answer("impact", "Everyone teaches!")
    form.set_answer("why", "is it fair?")
    assert form.statement() == "We build a network. Is it fair? Everyone teaches! For researchers."


def test_statement_skips_blank_answers_and_tidies_spaces():
    form = vision()
    form.set_answer("what", "  we   build\n a\tnetwork.  ")
    form.set_answer("why", "   ")
    form.set_answer("who", "")
    form.set_answer("impact", "more  teachers")
    assert form.statement() == "We build a network. More teachers."


def test_statement_of_an_empty_form_is_empty():
    assert vision().statement() == ""
    assert vision().is_empty()


def test_statement_keeps_the_rest_of_the_answer_as_typed():
    form = vision()
    form.set_answer("what", "eLife and ORCID users")
    assert form.statement() == "ELife and ORCID users."


# ================================================================ Ratings

def ratings() -> Ratings:
    return new("session1", "skills_rating")


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


# ================================================================ Choice

def values() -> Choice:
    return new("session4", "core_values")


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


# ================================================================ Ladder

def ladder() -> Ladder:
    return new("session3", "mountain")


def fill(model: Ladder, lens: str, skip: tuple[str, str] | None = None) -> Ladder:
    for phase in LENSES[lens]:
        for name in PHASE_FIELDS:
            if (phase, name) != skip:
                model.set_field(phase, name, f"{name} at {phase}")
    return model


def test_set_field_keeps_the_text_and_text_trims_it():
    m = ladder()
    m.set_field("discovery", "activities", "  Read the website \n")
    assert m.phases == {"discovery": {"activities": "  Read the website \n"}}
    assert m.text("discovery", "activities") == "Read the website"
    assert m.text("discovery", "barriers") == ""
    assert m.text("leadership", "activities") == ""


@pytest.mark.parametrize("phase, name", [("summit", "activities"), ("discovery", "feelings"),
                                         ("", "activities"), ("Discovery", "activities")])
def test_set_field_refuses_unknown_phases_and_fields(phase, name, assert_friendly):
    m = ladder()
    error = raises("error.bad_exercise", lambda: m.set_field(phase, name, "x"), assert_friendly)
    assert title("mountain") in str(error)
    assert m.phases == {}


def test_set_field_refuses_non_text_and_too_long_text(assert_friendly):
    m = ladder()
    error = raises("error.not_text", lambda: m.set_field("discovery", "barriers", 3), assert_friendly)
    assert "Barriers" in str(error)
    m.set_field("discovery", "barriers", "x" * MAX_TEXT)
    raises("error.too_long", lambda: m.set_field("discovery", "barriers", "x" * (MAX_TEXT + 1)), assert_friendly)
    assert m.text("discovery", "barriers") == "x" * MAX_TEXT


@pytest.mark.parametrize("lens", ["", "Mozilla", "turing", None, 3])
def test_set_lens_refuses_unknown_lenses(lens, assert_friendly):
    m = ladder()
    raises("error.bad_exercise", lambda: m.set_lens(lens), assert_friendly)
    assert m.lens == "mozilla"


def test_switching_lens_keeps_both_lenses_answers():
    m = ladder()
    m.set_field("discovery", "activities", "Find us")
    m.set_lens("cscce")
    assert m.order == CSCCE
    m.set_field("convey", "activities", "Read the newsletter")
    m.set_lens("mozilla")
    assert m.order == MOZILLA
    assert m.text("discovery", "activities") == "Find us"
    assert m.text("convey", "activities") == "Read the newsletter"
    assert m.to_dict() == {"lens": "mozilla", "phases": {"discovery": {"activities": "Find us"},
                                                          "convey": {"activities": "Read the newsletter"}}}


def test_barriers_and_solutions_are_one_per_line():
    m = ladder()
    m.set_field("sustained", "barriers", "Burn-out\r\n\n  No credit  \n")
    assert m.barriers("sustained") == ["Burn-out", "No credit"]
    assert m.solutions("sustained") == []


def test_missing_lists_every_field_of_an_empty_phase():
    m = ladder()
    assert m.missing("discovery") == ["activities", "barriers", "solutions", "recognition"]
    assert m.missing("leadership") == ["activities", "barriers", "solutions"]


def test_missing_is_empty_for_a_complete_phase():
    m = fill(ladder(), "mozilla")
    assert all(m.missing(p) == [] for p in MOZILLA)


@pytest.mark.parametrize("barriers, solutions, lacks_solutions", [
    ("A\nB", "a", True), ("A\nB", "a\nb", False), ("A", "a\nb", False), ("A\nB\nC", "a\n\nb\n", True),
    ("A", "", True), ("A", "   ", True),
])
def test_missing_needs_a_solution_per_barrier(barriers, solutions, lacks_solutions):
    m = fill(ladder(), "mozilla")
    m.set_field("participation", "barriers", barriers)
    m.set_field("participation", "solutions", solutions)
    assert m.missing("participation") == (["solutions"] if lacks_solutions else [])


def test_missing_needs_at_least_one_solution_even_without_barriers():
    m = fill(ladder(), "mozilla")
    m.set_field("networked", "barriers", "")
    m.set_field("networked", "solutions", "")
    assert m.missing("networked") == ["barriers", "solutions"]


@pytest.mark.parametrize("lens", ["mozilla", "cscce"])
def test_only_the_top_phase_of_the_chosen_lens_needs_no_recognition(lens):
    m = ladder()
    m.set_lens(lens)
    fill(m, lens, skip=(LENSES[lens][-1], "recognition"))
    assert m.missing(LENSES[lens][-1]) == []
    m.set_field(LENSES[lens][-2], "recognition", " ")
    assert m.missing(LENSES[lens][-2]) == ["recognition"]


def test_ladder_round_trips_both_lenses():
    m = fill(fill(ladder(), "mozilla"), "cscce")
    m.set_lens("cscce")
    again = ladder()
    again.load(json.loads(json.dumps(m.to_dict())))
    assert again.lens == "cscce"
    assert again.phases == m.phases
    assert again.to_dict() == m.to_dict()


def test_ladder_to_dict_is_a_copy():
    m = fill(ladder(), "mozilla")
    data = m.to_dict()
    data["phases"]["discovery"]["activities"] = "changed"
    assert m.text("discovery", "activities") == "activities at discovery"


def test_ladder_without_a_lens_loads_as_mozilla():
    m = ladder()
    m.load({"phases": {"convey": {"activities": "Read"}}})
    assert m.lens == "mozilla" and m.text("convey", "activities") == "Read"


@pytest.mark.parametrize("data, key", [
    ({}, "error.bad_exercise"), ({"phases": []}, "error.bad_exercise"),
    ({"lens": "mountain", "phases": {}}, "error.bad_exercise"),
    ({"lens": None, "phases": {}}, "error.bad_exercise"),
    ({"phases": {"discovery": "text"}}, "error.bad_exercise"),
    ({"phases": {"summit": {"activities": "x"}}}, "error.bad_exercise"),
    ({"phases": {"discovery": {"feelings": "x"}}}, "error.bad_exercise"),
    ({"phases": {"discovery": {"activities": 5}}}, "error.not_text"),
])
def test_ladder_load_refuses_damaged_data(data, key, assert_friendly):
    raises(key, lambda: ladder().load(data), assert_friendly)


@pytest.mark.parametrize("lens", [[], {}, ["mozilla"]])
def test_ladder_load_refuses_an_unhashable_lens_with_an_answer_error(lens):
    with pytest.raises(AnswerError) as caught:
        ladder().load({"lens": lens, "phases": {}})
    assert caught.value.key == "error.bad_exercise"


def test_ladder_is_empty_ignores_blank_fields():
    m = ladder()
    m.set_field("discovery", "activities", "  \n")
    assert m.is_empty()
    m.set_field("champion", "barriers", "x")
    assert not m.is_empty()


# ================================================================ Pathway

def pathway() -> Pathway:
    return new("session3", "pathway_numbers")


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
    p.load(copy.deepcopy(SPECS["session3"].exercise("pathway_numbers").example))
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


# ================================================================ the new check factories

def words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))


@pytest.mark.parametrize("minimum", [1, 3, 5])
def test_prompts_answered_needs_the_minimum_words_in_every_prompt(minimum, assert_friendly):
    check = checks.prompts_answered(minimum)
    form = vision()
    for prompt in form.prompts:
        form.set_answer(prompt, words(minimum))
    assert check(form) == checks.CheckResult(True, messages.text("check.prompts.pass"))
    form.set_answer("impact", words(minimum - 1) + " ... — !")
    result = check(form)
    assert not result.passed
    assert_friendly(result.message)
    assert f"at least {minimum} word" in result.message
    assert form.label("impact") in result.message
    assert all(form.label(p) not in result.message for p in form.prompts if p != "impact")


def test_sections_filled_names_every_empty_section_and_can_be_limited(assert_friendly):
    model: Checklist = new("session3", "information_map")
    model.set_text("participation", "Reviewing")
    result = checks.sections_filled()(model)
    assert not result.passed
    assert_friendly(result.message)
    for section in model.sections:
        assert (model.label(section) in result.message) == (section != "participation"), section
    assert checks.sections_filled(("participation",))(model).passed
    assert not checks.sections_filled(("participation", "member_value"))(model).passed
    for section in model.sections:
        model.set_text(section, "Something")
    assert checks.sections_filled()(model).passed


def test_all_rated_names_the_unrated_items(assert_friendly):
    r = ratings()
    for item in r.items[:-1]:
        r.rate(item, 0)
    result = checks.all_rated()(r)
    assert not result.passed
    assert_friendly(result.message)
    assert "Technical skills" in result.message and "Content skills" not in result.message
    r.rate("technical", 0)  # zero is a rating
    passed = checks.all_rated()(r)
    assert passed.passed and "all 5" in passed.message


def test_all_chosen_counts_the_filled_slots(assert_friendly):
    c = values()
    c.choose(0, "joy")
    c.choose(2, "care")
    result = checks.all_chosen()(c)
    assert not result.passed
    assert_friendly(result.message)
    assert "Pick 3" in result.message and "picked 2" in result.message
    c.choose(1, "trust")
    passed = checks.all_chosen()(c)
    assert passed.passed and "Joy, Trust, Care" in passed.message


@pytest.mark.parametrize("lens, other", [("mozilla", "cscce"), ("cscce", "mozilla")])
def test_mountain_complete_checks_the_chosen_lens_only(lens, other, assert_friendly):
    lens_name = messages.text(f"lens.{lens}")
    m = ladder()
    m.set_lens(lens)
    fill(m, lens)
    passed = checks.mountain_complete()(m)
    assert passed.passed and lens_name in passed.message
    m.set_lens(other)  # the other lens is still empty
    failed = checks.mountain_complete()(m)
    assert not failed.passed
    assert_friendly(failed.message)
    assert messages.text(f"lens.{other}") in failed.message
    assert all(messages.text(f"phase.{p}") in failed.message for p in LENSES[other])


@pytest.mark.parametrize("lens", ["mozilla", "cscce"])
def test_mountain_hint_names_the_phase_and_field_that_is_missing(lens, assert_friendly):
    phase = LENSES[lens][1]
    m = ladder()
    m.set_lens(lens)
    fill(m, lens, skip=(phase, "recognition"))
    result = checks.mountain_complete()(m)
    assert not result.passed
    assert_friendly(result.message)
    assert f"{messages.text(f'phase.{phase}')}: {m.field_label('recognition')}" in result.message
    others = [p for p in LENSES[lens] if p != phase]
    assert all(f"{messages.text(f'phase.{p}')}:" not in result.message for p in others)


def test_pathway_possible_reports_impossible_numbers_before_blanks(assert_friendly):
    p = pathway()
    p.set_people("first_contact", 10)
    p.set_moved_on("first_contact", 20)
    result = checks.pathway_possible()(p)
    assert not result.passed
    assert_friendly(result.message)
    assert result.message == messages.text("check.pathway.impossible", phases="First contact")
    assert "Please fill in" not in result.message


def test_pathway_possible_names_every_impossible_phase():
    p = example_model("session3", "pathway_numbers")
    p.set_moved_on("discovery", 801)
    p.set_moved_on("networked", 13)
    result = checks.pathway_possible()(p)
    assert not result.passed
    assert "Discovery, Networked participation" in result.message
    assert "Sustained" not in result.message


def test_pathway_possible_then_lists_the_blank_boxes(assert_friendly):
    p = example_model("session3", "pathway_numbers")
    assert checks.pathway_possible()(p).passed
    p.set_people("leadership", "")
    result = checks.pathway_possible()(p)
    assert not result.passed
    assert_friendly(result.message)
    assert result.message == messages.text("check.pathway.hint", missing="People at Leadership")
    p.set_people("leadership", 6)  # more than moved on from networked is fine
    assert checks.pathway_possible()(p).passed


# ================================================================ every exercise of sessions 1, 3 and 4

def test_every_exercise_has_a_check_or_is_listed_as_ungraded_and_has_an_example():
    for sid in SESSION_IDS:
        spec = SPECS[sid]
        assert set(spec.graded) | set(spec.ungraded) == set(spec.names), sid
        assert not set(spec.graded) & set(spec.ungraded), sid
        assert spec.ungraded == ("closing_feedback",), sid
        assert spec.graded == tuple(n for n in spec.names if n != "closing_feedback"), sid


@pytest.mark.parametrize("declare", [
    lambda: Exercise("vision", Form, {"prompts": ("what",)}),                              # neither checked nor ungraded
    lambda: Exercise("vision", Form, {"prompts": ("what",)}, check=prompts_answered(1), ungraded=True),  # both
    lambda: Exercise("notes", Reflections, {"prompts": ("a",)}, ungraded=True, points=2),  # ungraded, yet points
    lambda: Exercise("roadmap", Timeline, {"columns": ("date",), "key": "date"}, check=enough_rows(1),
                     hand_graded=3),                                                      # by hand, but no prompts
    lambda: Session("session4", SPECS["session4"].exercises + SPECS["session4"].exercises[:1]),  # declared twice
])
def test_a_declaration_that_cannot_be_graded_as_written_is_refused(declare):
    with pytest.raises(ValueError):
        declare()


def test_exercise_names_are_unique_across_all_sessions_except_the_shared_closing_feedback():
    """One name, one set of texts: a name in several sessions must be the same ungraded exercise there."""
    names = [name for spec in sessions.all_sessions() for name in spec.graded]
    assert len(names) == len(set(names))
    shared = [name for spec in sessions.all_sessions() for name in spec.ungraded]
    assert shared == ["closing_feedback"] * 4
    assert not set(shared) & set(names)
    built = {(type(m), m.prompts) for spec in sessions.all_sessions()
             for name, m in spec.new_models().items() if name == "closing_feedback"}
    assert built == {(Reflections, ("worked", "didnt", "change", "surprised"))}
    assert [s.id for s in sessions.all_sessions()] == ["session1", "session2", "session3", "session4"]


def test_new_models_are_fresh_each_time():
    first, second = SPECS["session4"].new_models(), SPECS["session4"].new_models()
    first["core_values"].choose(0, "joy")
    assert second["core_values"].is_empty()
    assert all(first[n] is not second[n] for n in first)


@pytest.mark.parametrize("sid, name", GRADED)
def test_an_empty_model_fails_its_check_with_a_friendly_message(sid, name, assert_friendly):
    model = SPECS[sid].new_models()[name]
    assert model.is_empty()
    result = SPECS[sid].exercise(name).check(model)
    assert result.passed is False
    assert "{" not in result.message and "}" not in result.message
    assert_friendly(result.message)


@pytest.mark.parametrize("sid, name", GRADED)
def test_the_worked_example_passes_with_a_friendly_message(sid, name, assert_friendly):
    model = example_model(sid, name)
    assert not model.is_empty()
    result = SPECS[sid].exercise(name).check(model)
    assert result.passed is True, result.message
    assert "{" not in result.message and "}" not in result.message
    assert_friendly(result.message)


@pytest.mark.parametrize("sid, name", EXERCISES)
def test_the_worked_example_round_trips_exactly(sid, name):
    data = SPECS[sid].exercise(name).example
    model = example_model(sid, name)
    assert model.to_dict() == data
    again = new(sid, name)
    again.load(json.loads(json.dumps(model.to_dict())))
    assert again.to_dict() == data


def pieces(sid: str, name: str) -> list[tuple[str, object]]:
    """Ways to take one piece out of the worked example: (id, action on the model)."""
    model = new(sid, name)
    data = SPECS[sid].exercise(name).example
    if isinstance(model, Reflections):  # and forms
        return [(p, lambda m, p=p: m.set_answer(p, "")) for p in model.prompts]
    if isinstance(model, Ratings):
        return [(i, lambda m, i=i: m.rate(i, None)) for i in model.items]
    if isinstance(model, Choice):
        return [(f"slot{s}", lambda m, s=s: m.choose(s, "")) for s in range(model.count)]
    if isinstance(model, Checklist):
        return [(s, lambda m, s=s: m.set_text(s, "")) for s in model.sections]
    if isinstance(model, TableModel):
        return [(f"row{i}", lambda m, i=i: m.remove_row(i)) for i in range(len(data["rows"]))]
    if isinstance(model, Ladder):
        top = LENSES[data["lens"]][-1]
        return [(f"{p}.{f}", lambda m, p=p, f=f: m.set_field(p, f, ""))
                for p in LENSES[data["lens"]] for f in PHASE_FIELDS if (p, f) != (top, "recognition")]
    if isinstance(model, Pathway):
        return ([(f"people.{p}", lambda m, p=p: m.set_people(p, "")) for p in model.order]
                + [(f"moved_on.{p}", lambda m, p=p: m.set_moved_on(p, "")) for p in model.order[:-1]])
    raise TypeError(type(model))


PIECES = [pytest.param(sid, name, action, id=f"{sid}-{name}-{piece}")
          for sid, name in GRADED for piece, action in pieces(sid, name)]


@pytest.mark.parametrize("sid, name, take_away", PIECES)
def test_taking_one_piece_out_of_the_example_makes_it_fail(sid, name, take_away, assert_friendly):
    model = example_model(sid, name)
    before = model.to_dict()
    take_away(model)
    assert model.to_dict() != before
    result = SPECS[sid].exercise(name).check(model)
    assert result.passed is False
    assert_friendly(result.message)


def test_there_is_a_piece_to_take_out_of_every_exercise():
    assert {(p.values[0], p.values[1]) for p in PIECES} == set(GRADED)
    assert len(PIECES) > 100


def test_the_top_phase_needs_no_recognition_in_the_example():
    model = example_model("session3", "mountain")
    assert model.text("leadership", "recognition") == ""
    assert checks.mountain_complete()(model).passed


@pytest.mark.parametrize("sid", SESSION_IDS)
def test_checks_run_on_answers_through_checks_run(sid):
    answers, empty = example_answers(sid), Answers.empty(SPECS[sid])
    for name in SPECS[sid].graded:
        assert answers.check(name).passed
        assert not empty.check(name).passed


# ================================================================ answers documents

@pytest.mark.parametrize("sid", SESSION_IDS)
def test_the_whole_example_round_trips_through_json(sid):
    answers = example_answers(sid)
    answers.participant_id = "p-07"
    answers.saved_at = "2026-01-02T03:04:05.000000+00:00"
    again = parse_json(SPECS[sid], answers.to_json())
    assert again.problems == []
    assert again.participant_id == "p-07"
    assert again.saved_at == "2026-01-02T03:04:05.000000+00:00"
    assert again.to_dict() == answers.to_dict()
    assert again.to_dict()["exercises"] == {e.name: e.example for e in SPECS[sid].exercises}
    assert list(again.models) == list(SPECS[sid].names)


@pytest.mark.parametrize("sid, name", EXERCISES)
def test_one_damaged_exercise_resets_only_that_exercise(sid, name, assert_friendly):
    spec = SPECS[sid]
    data = json.loads(example_answers(sid).to_json())
    data["exercises"][name] = {key: "garbage" for key in spec.exercise(name).example}
    answers = parse(spec, data)
    assert len(answers.problems) == 1
    problem = assert_friendly(answers.problems[0])
    assert title(name) in problem
    assert answers.models[name].is_empty()
    assert answers.models[name].to_dict() == new(sid, name).to_dict()
    for other in spec.names:
        if other != name:
            assert answers.models[other].to_dict() == spec.exercise(other).example, other


def damaged_at_the_end(model, data: dict) -> dict:
    """The example with one bad entry after the good ones, so loading fails half way."""
    data = copy.deepcopy(data)
    if isinstance(model, TableModel):
        data["rows"].append("garbage")
    elif isinstance(model, Checklist):
        data["items"]["no_such_section"] = ["x"]
    elif isinstance(model, Reflections):
        data["answers"]["no_such_prompt"] = "x"
    elif isinstance(model, Ratings):
        data["scores"]["no_such_item"] = 3
    elif isinstance(model, Choice):
        data["chosen"][-1] = data["chosen"][0]
    elif isinstance(model, Ladder):
        data["phases"]["summit"] = {"activities": "x"}
    elif isinstance(model, Pathway):
        data["moved_on"]["leadership"] = 1
    else:
        raise TypeError(type(model))
    return data


@pytest.mark.parametrize("sid, name", EXERCISES)
def test_an_exercise_that_fails_half_way_through_loading_starts_empty(sid, name, assert_friendly):
    spec = SPECS[sid]
    data = json.loads(example_answers(sid).to_json())
    data["exercises"][name] = damaged_at_the_end(new(sid, name), spec.exercise(name).example)
    answers = parse(spec, data)
    assert answers.models[name].to_dict() == new(sid, name).to_dict()
    assert answers.models[name].is_empty()
    assert len(answers.problems) == 1 and title(name) in assert_friendly(answers.problems[0])
    assert sum(m.is_empty() for m in answers.models.values()) == 1


@pytest.mark.parametrize("sid, name", EXERCISES)
def test_an_exercise_that_is_not_an_object_is_reset_or_left_empty(sid, name):
    spec = SPECS[sid]
    data = json.loads(example_answers(sid).to_json())
    data["exercises"][name] = ["not", "an", "object"]
    answers = parse(spec, data)
    assert answers.models[name].to_dict() == new(sid, name).to_dict()
    assert len(answers.problems) == (0 if isinstance(answers.models[name], Pathway) else 1)


def test_a_damaged_lens_resets_only_the_mountain():
    data = json.loads(example_answers("session3").to_json())
    data["exercises"]["mountain"]["lens"] = ["mozilla"]
    answers = parse(SPECS["session3"], data)
    assert answers.models["mountain"].is_empty()
    assert len(answers.problems) == 1


def test_a_damaged_count_resets_only_the_pathway():
    data = json.loads(example_answers("session3").to_json())
    data["exercises"]["pathway_numbers"]["people"]["discovery"] = "²"
    answers = parse(SPECS["session3"], data)
    assert answers.models["pathway_numbers"].is_empty()
    assert len(answers.problems) == 1


# ================================================================ static views

@pytest.mark.parametrize("sid, name", EXERCISES)
@pytest.mark.parametrize("filled", [False, True], ids=["empty", "example"])
def test_exercise_html_returns_html_and_tables_have_a_caption(sid, name, filled):
    model = example_model(sid, name) if filled else new(sid, name)
    html = kinds.render(model)
    assert isinstance(html, str) and html.startswith("<") and html.endswith(">")
    assert "<script" not in html
    assert html.count("<table") == html.count("<caption>") == html.count("</caption>")
    if isinstance(model, (TableModel,)) and not filled:
        assert "<table" not in html
        assert messages.text("static.nothing_yet", what=title(name)) in html
    if isinstance(model, (Checklist, Ratings, Ladder, Pathway)) or (filled and isinstance(model, TableModel)):
        assert html.count("<table") == 1
        caption = messages.text("ladder.table_caption") if isinstance(model, Ladder) else title(name)
        assert f"<caption>{caption}</caption>" in html


def inject(model, text: str) -> None:
    """Put ``text`` into one free-text field of ``model``."""
    if isinstance(model, Reflections):
        model.set_answer(model.prompts[-1], text)
    elif isinstance(model, Checklist):
        model.set_text(model.sections[0], text)
    elif isinstance(model, TableModel):
        values = {c: f"{c} value" for c in model.columns}
        values.update({c: "https://example.org/x" for c in model.link_columns})
        if isinstance(model, Timeline):
            values[model.date_column] = "2020"
        text_column = next(c for c in model.columns if c not in model.link_columns
                           and c != getattr(model, "date_column", None) and c != model.key)
        values[text_column] = text
        model.add_row(values)
    elif isinstance(model, Ladder):
        model.set_field(model.order[0], "activities", text)
        model.set_field(model.order[-1], "barriers", text + "\nsecond")
    else:
        raise TypeError(type(model))


TEXT_EXERCISES = [(sid, name) for sid, name in EXERCISES
                  if not isinstance(new(sid, name), (Ratings, Choice, Pathway))]


@pytest.mark.parametrize("sid, name", TEXT_EXERCISES)
def test_exercise_html_escapes_what_the_participant_typed(sid, name):
    model = new(sid, name)
    inject(model, SCRIPT)
    html = kinds.render(model)
    assert SCRIPT not in html and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_text_exercises_cover_every_kind_with_free_text():
    kinds = {new(sid, name).kind for sid, name in TEXT_EXERCISES}
    assert kinds == {"form", "reflections", "checklist", "timeline", "table", "ladder"}


def test_exercise_html_shows_the_timeline_in_date_order():
    model = timeline()
    for date, what in [("2021", "Third"), ("2019-05", "First"), ("2020-01-01", "Second")]:
        model.add_row(event(date, what))
    html = kinds.render(model)
    assert html.index("First") < html.index("Second") < html.index("Third")
    assert "3 entries, from 2019-05 to 2021." in html


def test_exercise_html_of_a_choice_names_the_values():
    assert kinds.render(values()) == f"<p>{messages.text('choice.chosen_none')}</p>"
    html = kinds.render(example_model("session4", "core_values"))
    assert html == "<p>Your values: Openness, Kindness, Learning.</p>"


def test_exercise_html_of_the_mountain_marks_the_top_phase_and_joins_lines():
    html = kinds.render(example_model("session3", "mountain"))
    assert messages.text("lens.mozilla") in html
    assert messages.text("ladder.top_phase") in html
    assert "Fear of doing it wrong; Unclear tasks" in html


def test_exercise_html_of_an_unanswered_form_says_so():
    html = kinds.render(vision())
    assert html.count(messages.text("static.no_answer")) == 4
    assert html.count("<h4>") == 4


# ================================================================ the charter

def charter_answers(**changes: dict) -> Answers:
    answers = example_answers("session4")
    for name, data in changes.items():
        answers.models[name] = new("session4", name)
        answers.models[name].load(data)
    return answers


MISSING = messages.text("charter.missing")


def test_an_empty_charter_shows_placeholders_everywhere():
    md = charter.markdown(Answers.empty(SPECS["session4"]))
    assert md.startswith("# Community charter\n")
    for heading in ("Our values", "Vision", "Mission", "Roadmap"):
        assert f"## {heading}\n\n{MISSING}\n" in md
    assert "- Policies: (not written yet)" in md
    assert "- In 2 years: (not written yet)" in md
    assert "- Risks: (not written yet)" in md
    assert "in action" not in md
    assert "Written by" not in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_an_empty_charter_page_shows_placeholders():
    page = charter.html(Answers.empty(SPECS["session4"]))
    assert f"<h2>Vision</h2>\n<p>{MISSING}</p>" in page
    assert f"<h2>Our values</h2>\n<p>{MISSING}</p>" in page
    assert "<li>Policies: (not written yet)</li>" in page


def test_the_charter_holds_the_participants_own_words():
    answers = example_answers("session4")
    answers.participant_id = "p-07"
    vision_text = answers.models["vision"].statement()
    mission_text = answers.models["mission"].statement()
    for document, esc in ((charter.markdown(answers), str), (charter.html(answers), escape)):
        assert "Written by p-07." in document
        assert "Openness" in document and "Kindness" in document and "Learning" in document
        assert "Openness in action" in document
        assert "Sharing our plans, decisions and mistakes where every member can see them." in document
        assert vision_text.startswith("We build a network where researchers learn open methods")
        assert esc(vision_text) in document
        assert esc(mission_text) in document
        assert "Fifty active members and a survey with at least thirty replies." in document
        assert "In 12 months: Two working groups led by members and ten new trainers." in document
        assert "Decision-making: Proposals are open for comment" in document
        assert MISSING not in document
    md = charter.markdown(answers)
    assert "- Openness\n- Kindness\n- Learning\n" in md
    assert "## Vision\n\n" + vision_text + "\n" in md


def test_the_charter_roadmap_is_in_date_order():
    rows = SPECS["session4"].exercise("roadmap").example["rows"]
    answers = charter_answers(roadmap={"rows": [rows[2], rows[0], rows[1]]})
    md = charter.markdown(answers)
    lines = [f"- {r['date']}, {r['milestone']}: {r['outcome']}" for r in rows]
    assert "\n".join(lines) in md
    page = charter.html(answers)
    positions = [page.index(escape(r["milestone"])) for r in rows]
    assert positions == sorted(positions)


def test_the_charter_values_follow_the_slots_and_skip_empty_ones():
    answers = charter_answers(core_values={"chosen": ["", "trust", "joy"]})
    assert "## Our values\n\n- Trust\n- Joy\n" in charter.markdown(answers)


def test_the_value_in_action_section_needs_a_value_and_shows_placeholders():
    answers = charter_answers(value_in_action={"answers": {"value": "Courage", "meaning": "", "example": ""}})
    md = charter.markdown(answers)
    assert f"## Courage in action\n\n{MISSING}\n\n{MISSING}\n" in md
    answers = charter_answers(value_in_action={"answers": {"value": " ", "meaning": "Meaning", "example": "x"}})
    assert "in action" not in charter.markdown(answers)


def test_the_charter_page_is_self_contained_and_escapes_the_participants_words():
    answers = charter_answers(
        value_in_action={"answers": {"value": SCRIPT, "meaning": SCRIPT, "example": "x"}},
        vision={"answers": {"what": SCRIPT}},
        roadmap={"rows": [{"date": "2027", "milestone": SCRIPT, "outcome": "<b>bold</b> & more"}]},
        success={"answers": {"six_months": SCRIPT}},
    )
    page = charter.html(answers)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "<script" not in page.lower()
    assert "<b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    assert 'src="' not in page and 'href="' not in page
    assert '<meta charset="utf-8">' in page
    assert page.rstrip().endswith("</html>")


def test_the_charter_page_lang_follows_the_language(monkeypatch):
    monkeypatch.setenv("WORKBOOKS_LANG", "xx")
    page = charter.html(Answers.empty(SPECS["session4"]))
    assert '<html lang="xx">' in page
    assert "<h1>Community charter</h1>" in page  # falls back to English text


def test_the_charter_does_not_change_the_answers():
    answers = example_answers("session4")
    before = answers.to_json()
    charter.markdown(answers)
    charter.html(answers)
    assert answers.to_json() == before


# ---------------------------------------------------------------- small mends found in review

@pytest.mark.parametrize("typed", ["٢٠١٩", "２０１９-05"])
def test_dates_need_ascii_digits_so_they_sort(typed):
    with pytest.raises(AnswerError):
        clean_date(typed, "Date")


def test_statement_adds_no_full_stop_after_a_closing_bracket():
    form = Form("vision", ("what", "why", "impact", "who"))
    form.set_answer("what", "we teach (see notes.)")
    form.set_answer("why", "because it matters")
    assert form.statement() == "We teach (see notes.) Because it matters."


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


def test_markdown_charter_keeps_typed_html_inert():
    spec = sessions.get("session4")
    answers = Answers.empty(spec)
    answers.models["vision"].set_answer("what", "<script>alert(1)</script>")
    text = charter.markdown(answers)
    assert "<script>" not in text and "&lt;script&gt;" in text
