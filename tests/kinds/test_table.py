"""The ``table`` kind: rows keyed by one column, the check that counts them, and the table view."""

from __future__ import annotations

import pytest

from model_support import new, raises
from view_support import add_row, fill_disk, saved, type_rows
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

def test_rows_are_kept_trimmed_in_column_order_and_unknown_columns_are_ignored():
    table = projects()
    table.set_rows([{"outcomes": " More reuse ", "project": "  Mentoring\t", "purpose": "\nHelp newcomers ",
                     "secret": "x"}])
    assert table.rows == [{"project": "Mentoring", "purpose": "Help newcomers", "outcomes": "More reuse"}]
    assert list(table.rows[0]) == ["project", "purpose", "outcomes"]
    assert not table.is_empty()


def test_unfinished_rows_are_kept_and_blank_ones_dropped():
    """Nothing typed is lost: a row with only a name is saved; a row with nothing in it is not."""
    table = projects()
    problems = table.set_rows([row("Mentoring"), {"project": " ", "purpose": "", "outcomes": "\n"},
                               {"project": "", "purpose": "Half a thought", "outcomes": ""}])
    assert table.rows == [row("Mentoring"), {"project": "", "purpose": "Half a thought", "outcomes": ""}]
    assert problems == {}
    assert table.complete_rows() == [row("Mentoring")]


def test_a_value_that_is_not_text_reads_as_empty():
    table = projects()
    table.set_rows([row(42), {"project": None, "purpose": ["x"], "outcomes": {}}])
    assert table.rows == [row("")]


def test_too_long_text_is_said_beside_its_cell_and_does_not_count(assert_friendly):
    table = projects()
    problems = table.set_rows([row("A", purpose="x" * MAX_TEXT), row("B", purpose="x" * (MAX_TEXT + 50))])
    assert list(problems) == ["1:purpose"]
    assert str(MAX_TEXT) in assert_friendly(problems["1:purpose"])
    assert len(table.rows[1]["purpose"]) == MAX_TEXT + 1  # kept (cut just past the limit), not thrown away
    assert [r["project"] for r in table.complete_rows()] == ["A"]


@pytest.mark.parametrize("again", ["Mentoring", "mentoring", "  MENTORING  "])
def test_a_repeated_key_is_said_beside_the_later_row_whatever_the_case(again, assert_friendly):
    table = projects()
    problems = table.set_rows([row("Mentoring"), row("Calls"), row(again, purpose="Other")])
    assert list(problems) == ["2:project"]
    message = assert_friendly(problems["2:project"])
    assert "row 1" in message and "Project or subproject" in message
    assert len(table.rows) == 3  # both kept: the participant decides which to change
    assert [r["project"] for r in table.complete_rows()] == ["Mentoring", "Calls"]


def test_problems_count_the_rows_on_screen_blank_ones_included():
    table = projects()
    blank = {"project": "", "purpose": " ", "outcomes": ""}
    problems = table.set_rows([row("A"), blank, row(""), row("a")])
    assert list(problems) == ["3:project"] and "row 1" in problems["3:project"]
    assert table.cell_problems() == {"2:project": problems["3:project"]}  # in the saved rows, the blank is gone


def test_same_text_in_a_non_key_column_is_allowed():
    table = projects()
    assert table.set_rows([row("Mentoring", purpose="Same"), row("Calls", purpose="same")]) == {}
    assert len(table.complete_rows()) == 2


def test_table_round_trips_and_to_dict_is_a_copy():
    table = projects()
    table.set_rows([row("A"), row("", purpose="unfinished")])
    data = table.to_dict()
    data["rows"][0]["project"] = "changed"
    assert table.rows[0]["project"] == "A"
    other = projects()
    other.load(table.to_dict())
    assert other.rows == table.rows


@pytest.mark.parametrize("data", [{}, {"rows": "A"}, {"rows": ["A"]}, {"rows": None},
                                  {"rows": [{"project": 42}]}])
def test_table_load_refuses_the_wrong_shape(data, assert_friendly):
    raises("error.bad_exercise", lambda: projects().load(data), assert_friendly)


def test_table_load_keeps_repeated_rows_and_counts_the_first():
    table = projects()
    table.load({"rows": [row("A"), row("a", purpose="second")]})
    assert len(table.rows) == 2 and table.complete_rows() == [row("A")]
    assert list(table.cell_problems()) == ["1:project"]


def document(link: object) -> dict[str, object]:
    return {"kind": "Report", "title": "Annual report", "link": link, "insight": "Newcomers stop early."}


@pytest.mark.parametrize("link", ["http://example.org", "https://example.org/report-2025",
                                  "HTTPS://Example.org/a?b=c#d", " https://sub.example.org/x "])
def test_link_columns_accept_web_addresses(link):
    table = new("session3", "bring_document")
    assert table.set_rows([document(link)]) == {}
    assert table.rows[0]["link"] == link.strip()
    assert len(table.complete_rows()) == 1


@pytest.mark.parametrize("link", ["example.org", "www.example.org", "javascript:alert(1)", "ftp://x",
                                  "ftp://example.org/file", "https://", "http://localhost",
                                  "https://exa mple.org", "mailto:someone@example.org"])
def test_link_columns_refuse_anything_but_http_and_https_addresses(link, assert_friendly):
    table = new("session3", "bring_document")
    problems = table.set_rows([document(link)])
    assert list(problems) == ["0:link"]
    message = assert_friendly(problems["0:link"])
    assert "Link" in message and "https://" in message
    assert table.rows[0]["link"] == link.strip() and table.complete_rows() == []


def test_only_link_columns_are_checked_for_addresses():
    table = new("session3", "bring_document")
    assert table.set_rows([{**document("https://example.org/r"), "title": "example.org", "insight": "ftp://x"}]) == {}
    assert table.rows[0]["title"] == "example.org"


# ---------------------------------------------------------------- check

def answers() -> Answers:
    return Answers.empty(SESSION)


def check(a: Answers, exercise: str) -> checks.CheckResult:
    return a.check(exercise)


def add_rows(a: Answers, exercise: str, count: int) -> None:
    table = a.models[exercise]
    table.set_rows([*table.rows, *({c: f"{c} {i}" for c in table.columns} for i in range(count))])


@pytest.mark.parametrize("exercise, minimum", [("purpose_outcomes", 1), ("stakeholders", 2)])
def test_table_checks_pass_at_their_minimum(exercise, minimum):
    a = answers()
    add_rows(a, exercise, minimum - 1)
    failed = check(a, exercise)
    assert not failed.passed
    assert f"at least {minimum}" in failed.message
    assert f"you have {minimum - 1}" in failed.message
    table = a.models[exercise]
    table.set_rows([*table.rows, {c: "last" for c in table.columns}])
    passed = check(a, exercise)
    assert passed.passed
    assert str(minimum) in passed.message
    assert passed.message != failed.message


def test_table_check_counts_only_complete_rows():
    a = answers()
    a.models["stakeholders"].set_rows([
        {"contributor": "A", "role": "r", "participation": "p"},
        {"contributor": "B", "role": "  ", "participation": "p"},
        {"contributor": "a", "role": "r", "participation": "p"},
    ])
    result = check(a, "stakeholders")
    assert not result.passed and "you have 1" in result.message


# ---------------------------------------------------------------- view

def test_the_table_view_is_one_sheet_with_a_labelled_column_per_column(workbook):
    view = workbook.view("stakeholders")
    model = workbook.models["stakeholders"]
    assert [f["name"] for f in view.sheet.fields] == list(model.columns)
    assert [f["label"] for f in view.sheet.fields] == [model.label(c) for c in model.columns]
    assert [f["multiline"] for f in view.sheet.fields] == [False, True, True]  # names on one line
    assert all(f["placeholder"] for f in view.sheet.fields)
    assert view.sheet.caption == messages.text("stakeholders.title")
    assert view.sheet.storage_key.startswith("workbooks/session2/stakeholders/")
    assert str(workbook.store.path.resolve()) in view.sheet.storage_key


def test_typing_saves_the_whole_table_at_once(workbook, folder):
    view = workbook.view("purpose_outcomes")
    type_rows(view, row(" Mentoring "), row("Calls", purpose=""))
    expected = [row("Mentoring"), row("Calls", purpose="")]
    assert workbook.models["purpose_outcomes"].rows == expected
    assert saved(folder, "session2")["purpose_outcomes"]["rows"] == expected
    assert ANSWER_FILE in view.sheet.status["text"] and view.sheet.status["ok"] is None
    type_rows(view, row("Calls", purpose="Share work"), reason="remove")
    assert saved(folder, "session2")["purpose_outcomes"]["rows"] == [row("Calls", purpose="Share work")]


def test_a_problem_is_shown_beside_its_cell_and_the_rows_are_saved_all_the_same(workbook, folder):
    view = workbook.view("purpose_outcomes")
    type_rows(view, row("Mentoring"), row("MENTORING", purpose="Other"))
    assert list(view.sheet.cell_messages) == ["1:project"]
    assert len(saved(folder, "session2")["purpose_outcomes"]["rows"]) == 2
    type_rows(view, row("Mentoring"), row("Calls", purpose="Other"))
    assert view.sheet.cell_messages == {}


def test_a_save_that_fails_is_said_in_the_sheet_and_not_acknowledged(workbook, folder, monkeypatch,
                                                                     assert_friendly):
    view = workbook.view("purpose_outcomes")
    acks: list = []
    monkeypatch.setattr(type(view.sheet), "send", lambda self, content, buffers=None: acks.append(content))
    fill_disk(monkeypatch)
    type_rows(view, row("Mentoring"))
    assert view.sheet.status["ok"] is False and assert_friendly(view.sheet.status["text"])
    assert acks[-1]["ok"] is False  # the browser keeps its own copy
    assert workbook.models["purpose_outcomes"].rows == [row("Mentoring")]  # and the kernel still has it


def test_the_sheet_shows_the_rows_after_a_restore(workbook, folder):
    view = workbook.view("purpose_outcomes")
    other = Answers.empty(SESSION)
    other.models["purpose_outcomes"].set_rows([row("Restored"), row("restored")])
    workbook.answers = other
    view.refresh()
    assert view.sheet.rows == [row("Restored"), row("restored")]
    assert list(view.sheet.cell_messages) == ["1:project"]


def test_a_link_that_does_not_start_with_http_is_explained_beside_it(folder, assert_friendly):
    workbook = Workbook("session3", folder)
    view = workbook.view("bring_document")
    add_row(view, kind="Report", title="Survey", link="www.example.org/report", insight="People want calls")
    assert view.sheet.cell_messages == {
        "0:link": assert_friendly(messages.text("error.bad_link", field=messages.text("bring_document.column.link")))}
    assert saved(folder, "session3")["bring_document"]["rows"][0]["link"] == "www.example.org/report"
