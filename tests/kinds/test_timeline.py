"""The ``timeline`` kind: dated rows, shown in date order, and the timeline view with its chart."""

from __future__ import annotations

import json

import pytest

from model_support import example_model, new, raises, title
from view_support import add_row, said, saved, type_rows
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
    assert t.set_rows([event(date)]) == {}
    assert t.rows == [{"date": date.strip(), "event": "Something happened", "who": "Founders"}]
    assert t.placed() == t.rows == t.complete_rows()


@pytest.mark.parametrize("date", ["2019-13", "2019-00", "2019-02-30", "2019-02-29", "2019-05-32", "19", "May 2019",
                                  "2019-5", "2019/05/14", "14-05-2019", "0000", "20190"])
def test_a_date_that_is_not_a_year_month_or_day_is_said_beside_it_and_kept(date, assert_friendly):
    t = timeline()
    problems = t.set_rows([event(date)])
    assert problems == {"0:date": assert_friendly(messages.text("error.bad_date", field="Date"))}
    assert t.rows[0]["date"] == date  # kept, to be corrected
    assert t.placed() == [] and t.complete_rows() == []


@pytest.mark.parametrize("date", ["", "   ", 2019])
def test_a_row_without_a_date_is_kept_but_not_placed(date):
    t = timeline()
    assert t.set_rows([event(date)]) == {}
    assert t.rows == [{"date": "", "event": "Something happened", "who": "Founders"}]
    assert t.placed() == [] and t.complete_rows() == []


def test_timeline_bad_date_message_shows_the_three_accepted_forms():
    message = timeline().set_rows([event("May 2019")])["0:date"]
    assert "2019" in message and "2019-05" in message and "2019-05-14" in message


@pytest.mark.parametrize("typed", ["٢٠١٩", "２０１９-05"])
def test_dates_need_ascii_digits_so_they_sort(typed):
    with pytest.raises(AnswerError):
        clean_date(typed, "Date")


def test_timeline_in_order_sorts_by_date_with_a_bare_year_before_its_months():
    t = timeline()
    t.set_rows([event(date, what) for date, what in
                [("2021-03-01", "d"), ("2019-05", "b"), ("later", "x"), ("2022", "e"), ("2019", "a"),
                 ("2019-11-30", "c"), ("2018", "")]])
    assert [r["event"] for r in t.placed()] == ["a", "b", "c", "d", "e"]  # a date and a name: on the chart
    assert [r["event"] for r in t.in_order()] == ["a", "b", "c", "d", "e", "x", ""]  # the others after
    assert [r["event"] for r in t.rows] == ["d", "b", "x", "e", "a", "c", ""]  # stored order untouched


@pytest.mark.parametrize("again", ["Launch", "launch", "  LAUNCH "])
def test_timeline_says_when_a_row_repeats_an_event(again, assert_friendly):
    t = timeline()
    problems = t.set_rows([event("2019", "Launch"), event("2020", again)])
    assert list(problems) == ["1:event"] and "row 1" in assert_friendly(problems["1:event"])
    assert len(t.rows) == 2 and len(t.complete_rows()) == 1


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


def test_timeline_load_keeps_bad_dates_and_repeats_as_typed_and_counts_neither():
    t = timeline()
    t.load({"rows": [event("2019-13", "A"), event("2019", "B"), event("2020", "b")]})
    assert len(t.rows) == 3 and [r["event"] for r in t.complete_rows()] == ["B"]
    assert sorted(t.cell_problems()) == ["0:date", "2:event"]


# ---------------------------------------------------------------- static HTML

def test_exercise_html_shows_the_timeline_in_date_order():
    model = timeline()
    model.set_rows([event(d, what) for d, what in [("2021", "Third"), ("2019-05", "First"), ("2020-01-01", "Second")]])
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
    assert [r["event"] for r in view.sheet.rows] == ["Grant", "Start", "Online"]  # the sheet: as entered


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
    type_rows(view, reason="remove")
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
    type_rows(view, event("2021-02", "Start"), event("2020", "Online"))
    assert list(view.figure.data[1].text) == ["Online", "Start"]
    assert list(view.figure.data[1].x) == ["2020-01-01", "2021-02-01"]
    type_rows(view, event("2021-02", "Start"), reason="remove")
    assert list(view.figure.data[1].text) == ["Start"]
    assert [r["event"] for r in saved(folder, "session1")["origin_timeline"]["rows"]] == ["Start"]
    assert "Online" not in view.table.value


@pytest.mark.parametrize("date", ["2019-13", "2019-02-30", "May 2019", "19"])
def test_timeline_bad_date_is_explained_beside_it_and_nothing_is_lost(workbook1, folder, date, assert_friendly):
    view = workbook1.view("origin_timeline")
    add_event(view, "2019", "Start")
    add_event(view, date, "Later")
    assert view.sheet.cell_messages == {"1:date": assert_friendly(messages.text("error.bad_date", field="Date"))}
    assert [r["date"] for r in saved(folder, "session1")["origin_timeline"]["rows"]] == ["2019", date]
    assert list(view.figure.data[1].text) == ["Start"]  # only what has a date is placed


def test_timeline_repeated_event_is_explained_and_the_chart_shows_each_event_once(workbook1, assert_friendly):
    view = workbook1.view("origin_timeline")
    add_event(view, "2019", "Start")
    add_event(view, "2020", "Online", who="  ")
    add_event(view, "2021", "START")
    assert list(view.sheet.cell_messages) == ["2:event"]
    assert "row 1" in assert_friendly(view.sheet.cell_messages["2:event"])
    assert list(view.figure.data[1].text) == ["Start", "Online"]  # "Online" has no "who" yet, and is placed


def test_timeline_shows_saved_rows_when_opened_again(workbook1, folder):
    workbook1.use_example("origin_timeline")
    view = Workbook("session1", folder).view("origin_timeline")
    assert list(view.figure.data[1].x) == ["2019-03-01", "2020-01-01", "2022-09-01"]
    assert len(view.sheet.rows) == 3
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
    assert "No space left on device" in assert_friendly(view.sheet.status["text"])
    assert not (folder / "session1_answers.json").exists()
    assert list(view.figure.data[1].text) == ["Start"]  # kept in memory, and shown
