"""The ``table`` kind: rows keyed by one column, the check that counts them, and the table view."""

from __future__ import annotations

import pytest

from model_support import new, raises
from view_support import add_row, fill, said, saved, saved_bytes
from workbooks import Workbook, checks, messages
from workbooks.answers import Answers
from workbooks.kinds.table import TableModel
from workbooks.models import MAX_TEXT
from workbooks.sessions.session2 import SESSION

ANSWER_FILE = SESSION.answer_file


def projects() -> TableModel:
    return SESSION.exercise("purpose_outcomes").make()


def row(project: str, purpose: str = "Share methods", outcomes: str = "More reuse") -> dict[str, str]:
    return {"project": project, "purpose": purpose, "outcomes": outcomes}


# ---------------------------------------------------------------- model

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


# ---------------------------------------------------------------- check

def answers() -> Answers:
    return Answers.empty(SESSION)


def check(a: Answers, exercise: str) -> checks.CheckResult:
    return a.check(exercise)


def add_rows(a: Answers, exercise: str, count: int) -> None:
    table = a.models[exercise]
    for i in range(count):
        table.add_row({c: f"{c} {i}" for c in table.columns})


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


# ---------------------------------------------------------------- view

def add(view, project: str, purpose: str = "Help newcomers", outcomes: str = "Mentor pairs") -> None:
    fill(view, project=project, purpose=purpose, outcomes=outcomes)
    view.add.click()


def test_table_add_saves_at_once_and_clears_the_boxes(workbook, folder):
    view = workbook.view("purpose_outcomes")
    add(view, " Mentoring ")
    expected = [{"project": "Mentoring", "purpose": "Help newcomers", "outcomes": "Mentor pairs"}]
    assert workbook.models["purpose_outcomes"].rows == expected
    assert saved(folder, "session2")["purpose_outcomes"]["rows"] == expected
    assert said(view.feedback) == messages.text("table.added")
    assert all(box.value == "" for box in view.inputs.values())
    assert view.rows.options == (("1. Mentoring", 0),)
    assert "Mentoring" in view.table.value and "Mentor pairs" in view.table.value
    assert ANSWER_FILE in said(view.saved)


def test_table_select_then_update(workbook, folder):
    view = workbook.view("purpose_outcomes")
    add(view, "Mentoring")
    add(view, "Calls", purpose="Share work")
    view.rows.value = 1
    assert view.inputs["project"].value == "Calls"
    assert view.inputs["purpose"].value == "Share work"
    view.inputs["purpose"].value = "Share work every month"
    view.update.click()
    assert said(view.feedback) == messages.text("table.updated")
    rows = saved(folder, "session2")["purpose_outcomes"]["rows"]
    assert [r["purpose"] for r in rows] == ["Help newcomers", "Share work every month"]
    assert workbook.models["purpose_outcomes"].rows == rows
    assert view.rows.value == 1


def test_table_select_then_remove(workbook, folder):
    view = workbook.view("purpose_outcomes")
    for name in ("A", "B", "C"):
        add(view, name)
    view.rows.value = 1
    view.remove.click()
    assert said(view.feedback) == messages.text("table.removed")
    assert [r["project"] for r in saved(folder, "session2")["purpose_outcomes"]["rows"]] == ["A", "C"]
    assert [label for label, _ in view.rows.options] == ["1. A", "2. C"]
    assert view.rows.value is None


def test_table_remove_or_update_without_a_selection_is_explained(workbook, folder, assert_friendly):
    view = workbook.view("purpose_outcomes")
    add(view, "A")
    before = saved_bytes(folder, "session2")
    view.remove.click()
    assert said(view.feedback) == assert_friendly(messages.text("error.no_row_selected"))
    fill(view, project="B", purpose="x", outcomes="y")
    view.update.click()
    assert said(view.feedback) == messages.text("error.no_row_selected")
    assert saved_bytes(folder, "session2") == before
    assert len(workbook.models["purpose_outcomes"].rows) == 1


def test_table_duplicate_is_explained_and_nothing_is_saved(workbook, folder, assert_friendly):
    view = workbook.view("purpose_outcomes")
    add(view, "Mentoring")
    before = saved_bytes(folder, "session2")
    add(view, "MENTORING", purpose="Other")
    message = assert_friendly(said(view.feedback).lstrip())
    assert "MENTORING" in message and "already" in message
    assert view.feedback.value.count("role=\"alert\"") == 1
    assert saved_bytes(folder, "session2") == before
    assert len(workbook.models["purpose_outcomes"].rows) == 1
    assert view.inputs["project"].value == "MENTORING"  # what was typed is not thrown away


def test_table_empty_field_is_explained_and_nothing_is_saved(workbook, folder, assert_friendly):
    view = workbook.view("stakeholders")
    fill(view, contributor="Mentors", role="   ", participation="Volunteer")
    view.add.click()
    message = assert_friendly(said(view.feedback))
    assert "Role" in message
    assert not (folder / ANSWER_FILE).exists()
    assert workbook.models["stakeholders"].rows == []


def test_table_clear_button_empties_the_boxes_and_the_selection(workbook):
    view = workbook.view("purpose_outcomes")
    add(view, "A")
    view.rows.value = 0
    assert view.inputs["project"].value == "A"
    view.clear.click()
    assert view.rows.value is None
    assert all(box.value == "" for box in view.inputs.values())


def test_a_link_that_does_not_start_with_http_is_explained(folder, assert_friendly):
    workbook = Workbook("session3", folder)
    view = workbook.view("bring_document")
    add_row(view, kind="Report", title="Survey", link="www.example.org/report", insight="People want calls")
    message = assert_friendly(said(view.feedback))
    assert message == messages.text("error.bad_link", field=messages.text("bring_document.column.link"))
    assert workbook.models["bring_document"].rows == []
    assert not (folder / "session3_answers.json").exists()
