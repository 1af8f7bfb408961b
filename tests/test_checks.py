"""The checks behind "Check my work" and the autograded test cells."""

from __future__ import annotations

import copy
import json

import pytest

from workbooks import Workbook, checks
from workbooks.answers import Answers
from workbooks.sessions.session2 import CHANNEL_SECTIONS, RESOURCE_SECTIONS, SESSION

EXAMPLE = {e.name: e.example for e in SESSION.exercises}  # the worked answers, by exercise


def answers() -> Answers:
    return Answers.empty(SESSION)


def check(a: Answers, exercise: str) -> checks.CheckResult:
    return a.check(exercise)


def add_rows(a: Answers, exercise: str, count: int) -> None:
    table = a.models[exercise]
    for i in range(count):
        table.add_row({c: f"{c} {i}" for c in table.columns})


# ---------------------------------------------------------------- tables

@pytest.mark.parametrize("exercise, minimum", [("purpose_outcomes", 1), ("stakeholders", 2)])
def test_table_checks_pass_at_their_minimum(exercise, minimum):
    a = answers()
    add_rows(a, exercise, minimum - 1)
    failed = check(a, exercise)
    assert not failed.passed
    assert f"at least {minimum}" in failed.message
    assert f"you have {minimum - 1}" in failed.message
    table = a.models[exercise]
    table.add_row({c: "last" for c in table.columns})
    passed = check(a, exercise)
    assert passed.passed
    assert str(minimum) in passed.message
    assert passed.message != failed.message


def test_table_check_counts_only_complete_rows():
    a = answers()
    a.models["stakeholders"].rows = [
        {"contributor": "A", "role": "r", "participation": "p"},
        {"contributor": "B", "role": "  ", "participation": "p"},
    ]
    result = check(a, "stakeholders")
    assert not result.passed and "you have 1" in result.message


# ---------------------------------------------------------------- map

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


# ---------------------------------------------------------------- resources and channels

def resources(a: Answers, *sections: str) -> None:
    for section in sections:
        a.models["resources"].set_text(section, f"Something for {section}")


def label(section: str) -> str:
    return SESSION.exercise("resources").make().label(section)


@pytest.mark.parametrize("filled", [(), ("tools",), ("tools", "other")])
def test_resources_fail_below_three_resource_sections_even_with_all_channels(filled):
    a = answers()
    resources(a, *filled, *CHANNEL_SECTIONS)
    result = check(a, "resources")
    assert not result.passed
    assert "at least 3" in result.message and f"you have {len(filled)}" in result.message


@pytest.mark.parametrize("resource_sections", [RESOURCE_SECTIONS[:3], RESOURCE_SECTIONS[2:], RESOURCE_SECTIONS])
def test_resources_pass_with_three_resource_sections_and_every_channel(resource_sections):
    a = answers()
    resources(a, *resource_sections, *CHANNEL_SECTIONS)
    assert check(a, "resources").passed


@pytest.mark.parametrize("missing", [(c,) for c in CHANNEL_SECTIONS] + [CHANNEL_SECTIONS, CHANNEL_SECTIONS[:2]])
def test_resources_hint_names_each_missing_channel_and_only_those(missing):
    a = answers()
    resources(a, *RESOURCE_SECTIONS)
    resources(a, *(c for c in CHANNEL_SECTIONS if c not in missing))
    result = check(a, "resources")
    assert not result.passed
    for section in CHANNEL_SECTIONS:
        assert (label(section) in result.message) == (section in missing), section


def test_channel_sections_do_not_count_as_resources():
    a = answers()
    resources(a, "tools", "events", *CHANNEL_SECTIONS)
    result = check(a, "resources")
    assert not result.passed and "you have 2" in result.message


def test_a_section_emptied_again_no_longer_counts():
    a = answers()
    resources(a, *RESOURCE_SECTIONS[:3], *CHANNEL_SECTIONS)
    a.models["resources"].set_text("synchronous", "  \n ")
    result = check(a, "resources")
    assert not result.passed and label("synchronous") in result.message


# ---------------------------------------------------------------- reflections

def words(n: int) -> str:
    return " ".join(f"word{i}," for i in range(n))


def prompt_label(prompt: str) -> str:
    return SESSION.exercise("reflections").make().label(prompt)


def test_reflections_pass_at_fifteen_words_each():
    a = answers()
    for prompt in a.models["reflections"].prompts:
        a.models["reflections"].set_answer(prompt, words(15))
    assert check(a, "reflections").passed


@pytest.mark.parametrize("short", ["purpose", "stakeholders", "participation"])
def test_reflections_hint_names_only_the_short_answers(short):
    a = answers()
    for prompt in a.models["reflections"].prompts:
        a.models["reflections"].set_answer(prompt, words(14 if prompt == short else 40))
    result = check(a, "reflections")
    assert not result.passed
    assert "15" in result.message
    for prompt in a.models["reflections"].prompts:
        assert (prompt_label(prompt) in result.message) == (prompt == short), prompt


def test_punctuation_and_spaces_are_not_words():
    a = answers()
    for prompt in a.models["reflections"].prompts:
        a.models["reflections"].set_answer(prompt, words(14) + " — ... !!! \n\n  ")
    result = check(a, "reflections")
    assert not result.passed
    assert all(prompt_label(p) in result.message for p in a.models["reflections"].prompts)


# ---------------------------------------------------------------- every check

def example() -> Answers:
    a = answers()
    for name, data in EXAMPLE.items():
        a.models[name].load(copy.deepcopy(data))
    return a


@pytest.mark.parametrize("exercise", list(SESSION.graded))
def test_the_worked_example_passes_every_check(exercise):
    result = check(example(), exercise)
    assert result.passed, result.message


def test_every_exercise_has_a_check_or_is_listed_as_ungraded_and_has_an_example():
    assert set(SESSION.graded) | set(SESSION.ungraded) == set(SESSION.names) == set(EXAMPLE)
    assert not set(SESSION.graded) & set(SESSION.ungraded)
    assert SESSION.ungraded == ("closing_feedback",)


@pytest.mark.parametrize("exercise", list(SESSION.graded))
@pytest.mark.parametrize("make", [answers, example], ids=["empty", "example"])
def test_checks_are_pure(exercise, make):
    a = make()
    before = json.dumps(a.to_dict(), sort_keys=True)
    first, second = check(a, exercise), check(a, exercise)
    assert first == second
    assert json.dumps(a.to_dict(), sort_keys=True) == before
    assert first.passed == (make is example)
    assert first.message and "{" not in first.message


# ---------------------------------------------------------------- Workbook.check, in a notebook and under nbgrader

def test_check_outside_nbgrader_never_raises_and_returns_nothing(workbook, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    for exercise in SESSION.graded:
        assert not workbook.check_result(exercise).passed
        assert workbook.check(exercise) is None


@pytest.fixture
def graded(folder, monkeypatch):
    """A workbook as the autograder sees it: one exercise done, the rest not."""
    writer = Workbook("session2", folder)
    writer.use_example("purpose_outcomes")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    return Workbook("session2", folder)


def test_check_under_nbgrader_fails_the_cell_with_the_hint(graded):
    assert graded.read_only
    with pytest.raises(AssertionError) as caught:
        graded.check("stakeholders")
    assert str(caught.value) == graded.check_result("stakeholders").message
    assert "at least 2" in str(caught.value)


def test_check_under_nbgrader_passes_quietly_and_returns_nothing(graded):
    assert graded.check("purpose_outcomes") is None
