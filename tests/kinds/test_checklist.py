"""The ``checklist`` kind: items listed one per line in sections, the section checks and the checklist view."""

from __future__ import annotations

import pytest

from model_support import example_model, new, raises
from view_support import saved, shown, type_answers
from workbooks import checks, messages
from workbooks.answers import Answers
from workbooks.kinds.checklist import Checklist, sections_filled
from workbooks.models import MAX_TEXT
from workbooks.sessions.session1 import SESSION as S1
from workbooks.sessions.session2 import CHANNEL_SECTIONS, RESOURCE_SECTIONS, SESSION
from workbooks.sessions.session3 import SESSION as SESSION3


def resources() -> Checklist:
    return SESSION.exercise("resources").make()


# ---------------------------------------------------------------- model

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


# ---------------------------------------------------------------- check

def answers() -> Answers:
    return Answers.empty(SESSION)


def check(a: Answers, exercise: str) -> checks.CheckResult:
    return a.check(exercise)


def fill_sections(a: Answers, *sections: str) -> None:
    for section in sections:
        a.models["resources"].set_text(section, f"Something for {section}")


def label(section: str) -> str:
    return SESSION.exercise("resources").make().label(section)


def test_blank_resources_fail():
    assert not check(answers(), "resources").passed


def test_every_resources_box_filled_passes():
    a = answers()
    fill_sections(a, *RESOURCE_SECTIONS, *CHANNEL_SECTIONS)
    assert check(a, "resources").passed


@pytest.mark.parametrize("filled", [(), ("tools",), ("other",)])
def test_resources_fail_below_two_resource_sections_even_with_every_channel(filled):
    a = answers()
    fill_sections(a, *filled, *CHANNEL_SECTIONS)
    result = check(a, "resources")
    assert not result.passed
    assert "at least 2" in result.message and f"you have {len(filled)}" in result.message


@pytest.mark.parametrize("channel", CHANNEL_SECTIONS)
def test_resources_pass_with_one_kind_of_channel_and_the_other_channel_boxes_empty(channel):
    """ "Leave a box empty if it does not apply": an asynchronous-only community passes, and so does one
    that meets only live."""
    a = answers()
    fill_sections(a, "tools", "documentation", channel)
    assert check(a, "resources").passed


@pytest.mark.parametrize("empty", RESOURCE_SECTIONS)
def test_a_resource_box_that_does_not_apply_can_stay_empty(empty):
    a = answers()
    fill_sections(a, *(r for r in RESOURCE_SECTIONS if r != empty), "asynchronous")
    assert check(a, "resources").passed


def test_resources_without_any_channel_fail_and_the_hint_names_every_kind(assert_friendly):
    a = answers()
    fill_sections(a, *RESOURCE_SECTIONS)
    result = check(a, "resources")
    assert not result.passed
    assert_friendly(result.message)
    for section in CHANNEL_SECTIONS:
        assert label(section) in result.message, section


def test_channel_sections_do_not_count_as_resources():
    a = answers()
    fill_sections(a, "tools", *CHANNEL_SECTIONS)
    result = check(a, "resources")
    assert not result.passed and "you have 1" in result.message


def test_a_section_emptied_again_no_longer_counts():
    a = answers()
    fill_sections(a, *RESOURCE_SECTIONS[:2], "synchronous")
    a.models["resources"].set_text("synchronous", "  \n ")
    result = check(a, "resources")
    assert not result.passed and label("synchronous") in result.message


# Session 1, exercise 5: up-skilling and who to invite are ways to fill a gap, and may not apply.
S1_OPTIONAL = ("upskilling", "invite")


def skills_resources(*sections: str) -> checks.CheckResult:
    model: Checklist = new("session1", "skills_resources")
    for section in sections:
        model.set_text(section, f"Something for {section}")
    return S1.exercise("skills_resources").check(model)


def test_blank_skills_and_resources_fail():
    assert not skills_resources().passed


def test_every_skills_and_resources_box_filled_passes():
    assert skills_resources(*S1.exercise("skills_resources").options["sections"]).passed


@pytest.mark.parametrize("empty", [*([s] for s in S1_OPTIONAL), list(S1_OPTIONAL)])
def test_upskilling_and_who_to_invite_can_stay_empty(empty):
    sections = S1.exercise("skills_resources").options["sections"]
    assert skills_resources(*(s for s in sections if s not in empty)).passed


@pytest.mark.parametrize("missing", ["community_has", "team_has", "gaps", "priorities"])
def test_each_other_skills_and_resources_box_is_needed_and_named_in_the_hint(missing, assert_friendly):
    sections = S1.exercise("skills_resources").options["sections"]
    result = skills_resources(*(s for s in sections if s != missing))
    assert not result.passed
    assert_friendly(result.message)
    assert new("session1", "skills_resources").label(missing) in result.message


def test_sections_filled_names_every_empty_section_and_can_be_limited(assert_friendly):
    model: Checklist = new("session3", "information_map")
    model.set_text("participation", "Reviewing")
    result = sections_filled()(model)
    assert not result.passed
    assert_friendly(result.message)
    for section in model.sections:
        assert (model.label(section) in result.message) == (section != "participation"), section
    assert sections_filled(("participation",))(model).passed
    assert not sections_filled(("participation", "member_value"))(model).passed
    for section in model.sections:
        model.set_text(section, "Something")
    assert sections_filled()(model).passed


def test_information_map_takes_a_gap_written_down_as_a_finding():
    """Session 3 says an empty list is a finding, not a failure, and asks participants to write "nothing yet"
    in its box. The declared check agrees: a blank box fails, a complete map passes, and a map with a gap
    written down passes."""
    check = SESSION3.exercise("information_map").check
    assert "nothing yet" in messages.text("information_map.help").lower()
    model = example_model("session3", "information_map")
    assert check(model).passed
    model.set_text("value_exchange", "Nothing yet: nobody thanks our reviewers")
    assert check(model).passed
    model.set_text("value_exchange", " \n ")
    result = check(model)
    assert not result.passed and model.label("value_exchange") in result.message
    assert not check(new("session3", "information_map")).passed


# ---------------------------------------------------------------- view

def test_checklist_is_a_form_with_a_box_per_section_under_its_group(workbook):
    view = workbook.view("resources")
    assert view.sheet.layout == "form"
    assert [f["name"] for f in view.sheet.fields] == list(RESOURCE_SECTIONS + CHANNEL_SECTIONS)
    assert [f["group"] for f in view.sheet.fields] == (
        [messages.text("resources.group.resources")] * len(RESOURCE_SECTIONS)
        + [messages.text("resources.group.channels")] * len(CHANNEL_SECTIONS))
    assert all(f["multiline"] and f["label"] == view.model.label(f["name"]) for f in view.sheet.fields)


def test_checklist_typing_saves_the_items(workbook, folder):
    view = workbook.view("resources")
    type_answers(view, tools="GitHub\n\n  Shared drive  \n")
    assert workbook.models["resources"].items["tools"] == ["GitHub", "Shared drive"]
    assert saved(folder, "session2")["resources"]["items"]["tools"] == ["GitHub", "Shared drive"]
    assert view.sheet.cell_messages == {}
    assert shown(view)["tools"] == "GitHub\n\n  Shared drive  \n"  # the box keeps what was typed


def test_checklist_reports_repeats_beside_the_box_and_keeps_one(workbook, folder, assert_friendly):
    view = workbook.view("resources")
    type_answers(view, asynchronous="Newsletter\nChat\nnewsletter")
    message = assert_friendly(view.sheet.cell_messages["0:asynchronous"])
    assert "newsletter" in message and messages.text("resources.section.asynchronous") in message
    assert saved(folder, "session2")["resources"]["items"]["asynchronous"] == ["Newsletter", "Chat"]
    type_answers(view, asynchronous="Newsletter\nChat")
    assert view.sheet.cell_messages == {}


def test_checklist_too_long_line_is_explained_beside_its_box_and_not_saved(workbook, folder, assert_friendly):
    view = workbook.view("resources")
    type_answers(view, tools="GitHub")
    type_answers(view, tools="GitHub\n" + "x" * 5000)
    assert str(MAX_TEXT) in assert_friendly(view.sheet.cell_messages["0:tools"])
    assert saved(folder, "session2")["resources"]["items"]["tools"] == ["GitHub"]
    assert workbook.models["resources"].items["tools"] == ["GitHub"]
    workbook.save()  # another exercise's save leaves the refused line on screen, beside its message
    assert shown(view)["tools"] == "GitHub\n" + "x" * 5000 and "0:tools" in view.sheet.cell_messages


def test_checklist_shows_a_restore_but_not_its_own_tidying(workbook, folder):
    view = workbook.view("resources")
    type_answers(view, tools="GitHub\n")
    workbook.save()  # another exercise's save: the box still shows the trailing line as typed
    assert shown(view)["tools"] == "GitHub\n"
    again = Answers.empty(workbook.spec)
    again.models["resources"].set_text("tools", "Wiki\nForum")
    workbook.restore(workbook.spec.answer_file, again.to_json().encode())
    assert shown(view)["tools"] == "Wiki\nForum"
