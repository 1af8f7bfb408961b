"""The ``timeline`` kind: dated rows, shown in date order, and the timeline view with its chart."""

from __future__ import annotations

import json

import pytest

from model_support import example_model, new, raises, title
from view_support import add_row, said, saved, saved_bytes
from workbooks import Workbook, kinds, messages, sessions
from workbooks.kinds.table import TableModel
from workbooks.kinds.timeline import Timeline, clean_date
from workbooks.models import AnswerError
from workbooks.views.timeline import TimelineView


def timeline() -> Timeline:
    return new("session1", "origin_timeline")


def event(date: object, what: str = "Something happened", who: str = "Founders") -> dict[str, object]:
    return {"date": date, "event": what, "who": who}


# ---------------------------------------------------------------- model

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


@pytest.mark.parametrize("typed", ["٢٠١٩", "２０１９-05"])
def test_dates_need_ascii_digits_so_they_sort(typed):
    with pytest.raises(AnswerError):
        clean_date(typed, "Date")


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
    assert again.rows == t.rows == sessions.get("session1").exercise("origin_timeline").example["rows"]


@pytest.mark.parametrize("data", [{}, {"rows": None}, {"rows": "2019"}, {"rows": ["2019"]}, {"rows": [None]},
                                  {"rows": {"date": "2019"}}])
def test_timeline_load_refuses_damaged_data(data, assert_friendly):
    error = raises("error.bad_exercise", lambda: timeline().load(data), assert_friendly)
    assert title("origin_timeline") in str(error)


def test_timeline_load_refuses_bad_dates_and_duplicate_rows(assert_friendly):
    raises("error.bad_date", lambda: timeline().load({"rows": [event("2019-13")]}), assert_friendly)
    raises("error.duplicate", lambda: timeline().load({"rows": [event("2019", "A"), event("2020", "a")]}),
           assert_friendly)


# ---------------------------------------------------------------- static HTML

def test_exercise_html_shows_the_timeline_in_date_order():
    model = timeline()
    for date, what in [("2021", "Third"), ("2019-05", "First"), ("2020-01-01", "Second")]:
        model.add_row(event(date, what))
    html = kinds.render(model)
    assert html.index("First") < html.index("Second") < html.index("Third")
    assert "3 entries, from 2019-05 to 2021." in html


# ---------------------------------------------------------------- view

def add_event(view, date: str, name: str, who: str = "Founders") -> None:
    add_row(view, date=date, event=name, who=who)


def test_timeline_chart_shows_the_rows_in_date_order(workbook1, folder):
    view = workbook1.view("origin_timeline")
    assert isinstance(view, TimelineView)
    add_event(view, "2022-09-14", "Grant")
    add_event(view, "2019", "Start")
    add_event(view, "2020-05", "Online")
    assert said(view.feedback) == messages.text("table.added")
    assert [r["event"] for r in saved(folder, "session1")["origin_timeline"]["rows"]] == ["Grant", "Start", "Online"]
    marks = view.figure.data[1]
    assert list(marks.x) == ["2019-01-01", "2020-05-01", "2022-09-14"]
    assert list(marks.text) == ["Start", "Online", "Grant"]
    assert list(marks.customdata) == ["2019", "2020-05", "2022-09-14"]
    assert list(marks.y) == [1, -1, 1]  # alternating, so neighbouring labels do not overlap
    assert list(view.figure.data[0].x) == ["2019-01-01", "2019-01-01", None, "2020-05-01", "2020-05-01", None,
                                           "2022-09-14", "2022-09-14", None]
    assert said(view.summary) == messages.text("timeline.summary", count=3, first="2019", last="2022-09-14")
    table = view.table.value
    assert table.index("Start") < table.index("Online") < table.index("Grant")
    assert [label for label, _ in view.rows.options] == ["1. Grant", "2. Start", "3. Online"]  # as entered


def test_timeline_chart_is_titled_with_a_hidden_y_axis(workbook1):
    view = workbook1.view("origin_timeline")
    layout = view.figure.layout
    assert layout.title.text == messages.text("timeline.title")
    assert layout.xaxis.type == "date"
    assert layout.yaxis.visible is False
    assert view.figure._config["displaylogo"] is False
    assert view.figure.data[1].marker.color == "#0072B2"
    assert said(view.summary) == messages.text("timeline.empty")
    assert list(view.figure.data[1].x) == []


def test_an_empty_timeline_says_so_instead_of_showing_a_year_2000_axis(workbook1):
    view = workbook1.view("origin_timeline")
    layout = view.figure.layout
    assert layout.xaxis.visible is False
    assert [a.text for a in layout.annotations] == [messages.text("timeline.empty")]
    add_event(view, "2019", "Start")
    assert layout.xaxis.visible is True and len(layout.annotations) == 0
    view.rows.value = 0
    view.remove.click()
    assert layout.xaxis.visible is False and len(layout.annotations) == 1


def test_timeline_long_labels_are_wrapped(workbook1):
    view = workbook1.view("origin_timeline")
    name = "The group moves online and opens to other universities"
    add_event(view, "2020", name)
    text = view.figure.data[1].text[0]
    assert "<br>" in text and text.replace("<br>", " ") == name


def test_timeline_update_and_remove_redraw_the_chart(workbook1, folder):
    view = workbook1.view("origin_timeline")
    add_event(view, "2019", "Start")
    add_event(view, "2020", "Online")
    view.rows.value = 0
    view.inputs["date"].value = "2021-02"
    view.update.click()
    assert said(view.feedback) == messages.text("table.updated")
    assert list(view.figure.data[1].text) == ["Online", "Start"]
    assert list(view.figure.data[1].x) == ["2020-01-01", "2021-02-01"]
    view.rows.value = 1
    view.remove.click()
    assert list(view.figure.data[1].text) == ["Start"]
    assert [r["event"] for r in saved(folder, "session1")["origin_timeline"]["rows"]] == ["Start"]
    assert "Online" not in view.table.value


@pytest.mark.parametrize("date", ["2019-13", "2019-02-30", "May 2019", "19"])
def test_timeline_bad_date_is_explained_and_nothing_is_lost(workbook1, folder, date, assert_friendly):
    view = workbook1.view("origin_timeline")
    add_event(view, "2019", "Start")
    before = saved_bytes(folder, "session1")
    add_event(view, date, "Later")
    assert said(view.feedback) == assert_friendly(messages.text("error.bad_date", field="Date"))
    assert saved_bytes(folder, "session1") == before
    assert [r["event"] for r in workbook1.models["origin_timeline"].rows] == ["Start"]
    assert list(view.figure.data[1].text) == ["Start"]
    assert view.inputs["date"].value == date  # what was typed stays, to be corrected


def test_timeline_empty_cell_and_duplicate_are_explained(workbook1, folder, assert_friendly):
    view = workbook1.view("origin_timeline")
    add_event(view, "2019", "Start")
    before = saved_bytes(folder, "session1")
    add_event(view, "2020", "Online", who="  ")
    assert messages.text("origin_timeline.column.who") in assert_friendly(said(view.feedback))
    add_event(view, "2021", "START")
    assert "START" in assert_friendly(said(view.feedback))
    assert saved_bytes(folder, "session1") == before
    assert list(view.figure.data[1].text) == ["Start"]


def test_timeline_shows_saved_rows_when_opened_again(workbook1, folder):
    workbook1.use_example("origin_timeline")
    view = Workbook("session1", folder).view("origin_timeline")
    assert list(view.figure.data[1].x) == ["2019-03-01", "2020-01-01", "2022-09-01"]
    assert len(view.rows.options) == 3
    assert said(view.summary) == messages.text("timeline.summary", count=3, first="2019-03", last="2022-09")
    assert "A small grant pays for a part-time coordinator" in view.table.value


def test_roadmap_is_a_timeline_keyed_by_milestone(workbook4):
    workbook4.use_example("roadmap")
    view = workbook4.view("roadmap")
    assert isinstance(view, TimelineView)
    assert [t.replace("<br>", " ") for t in view.figure.data[1].text] == [
        "Members' survey", "Two working groups running", "Second cohort of trainers"]
    assert list(view.figure.data[1].x) == ["2027-03-01", "2027-06-01", "2028-01-01"]


def test_timeline_disk_full_is_explained(workbook1, folder, disk_full, assert_friendly):
    view = workbook1.view("origin_timeline")
    add_event(view, "2019", "Start")
    assert "No space left on device" in assert_friendly(said(view.feedback))
    assert not (folder / "session1_answers.json").exists()
    assert list(view.figure.data[1].text) == ["Start"]  # kept in memory, and shown
