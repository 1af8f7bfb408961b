"""The widget views of sessions 1 and 4 in plain pytest: ratings, timelines, choices, forms and the charter."""

from __future__ import annotations

import base64
import json
import re
from html import unescape
from pathlib import Path

import ipywidgets as widgets
import pytest

from workbooks import Workbook, charter, messages
from workbooks.models import MAX_TEXT
from workbooks.sessions import session1, session4
from workbooks.views.charter import CharterView
from workbooks.views.choice import ChoiceView
from workbooks.views.form import FormView
from workbooks.views.ratings import RatingsView
from workbooks.views.timeline import TimelineView

CONTROLS = (widgets.Button, widgets.Dropdown, widgets.Select, widgets.Text, widgets.Textarea,
            widgets.Combobox, widgets.BoundedIntText, widgets.FileUpload)


def said(widget) -> str:
    """What a Feedback (or any HTML widget) says, as plain text."""
    return unescape(re.sub(r"<[^>]+>", " ", widget.value)).replace("\u2713", "").replace("\u26a0", "").strip()


def saved(folder: Path, session: str) -> dict:
    with open(folder / f"{session}_answers.json", encoding="utf-8") as handle:
        return json.load(handle)["exercises"]


def saved_bytes(folder: Path, session: str) -> bytes:
    return (folder / f"{session}_answers.json").read_bytes()


def controls(widget: widgets.Widget) -> list[widgets.Widget]:
    found = [widget] if isinstance(widget, CONTROLS) else []
    for child in getattr(widget, "children", ()):
        found += controls(child)
    return found


@pytest.fixture
def one(folder):
    """A fresh, writable session 1 workbook in ``folder``."""
    return Workbook("session1", folder)


@pytest.fixture
def four(folder):
    """A fresh, writable session 4 workbook in ``folder``."""
    return Workbook("session4", folder)


def fill_disk(monkeypatch) -> None:
    """From now on every save fails as it would on a full disk."""
    from workbooks import store

    def refuse(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "atomic_write", refuse)


@pytest.fixture
def disk_full(monkeypatch):
    fill_disk(monkeypatch)


# ---------------------------------------------------------------- ratings

def test_ratings_start_unrated_with_the_scale_in_words(one, folder):
    view = one.view("skills_rating")
    assert isinstance(view, RatingsView)
    assert list(view.choices) == list(session1.SKILL_FAMILIES)
    choice = view.choices["content"]
    assert choice.description == messages.text("skills_rating.item.content")
    assert [value for _, value in choice.options] == [None, 0, 1, 2, 3, 4, 5]
    labels = [label for label, _ in choice.options]
    assert labels[0] == messages.text("ratings.not_rated")
    assert (labels[1], labels[-1]) == (messages.text("ratings.score_low"), messages.text("ratings.score_high"))
    assert labels[2:-1] == ["1", "2", "3", "4"]
    for choice in view.choices.values():  # "Not rated yet" is showing, not an empty box or a score
        assert (choice.index, choice.value) == (0, None)
    assert one.models["skills_rating"].scores == {}
    assert not (folder / "session1_answers.json").exists()
    assert said(view.summary) == messages.text("ratings.summary_empty")


def test_ratings_picking_saves_and_redraws_the_chart_and_table(one, folder):
    view = one.view("skills_rating")
    view.choices["content"].value = 4
    view.choices["business"].value = 0
    assert one.models["skills_rating"].scores == {"content": 4, "business": 0}
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
    assert view.feedback.value == ""
    assert "session1_answers.json" in said(view.saved)


def test_ratings_not_rated_clears_a_score(one, folder):
    view = one.view("skills_rating")
    view.choices["strategic"].value = 5
    view.choices["strategic"].value = None
    assert one.models["skills_rating"].scores == {}
    assert saved(folder, "session1")["skills_rating"] == {"scores": {}}
    assert view.choices["strategic"].index == 0
    assert list(view.figure.data[0].r) == [0, 0, 0, 0, 0]
    assert said(view.summary) == messages.text("ratings.summary_empty")


def test_ratings_show_saved_answers_when_opened_again(one, folder):
    view = one.view("skills_rating")
    for item, score in session1.SESSION.exercise("skills_rating").example["scores"].items():
        view.choices[item].value = score
    view.choices["technical"].value = None
    again = Workbook("session1", folder).view("skills_rating")
    assert {i: c.value for i, c in again.choices.items()} == {
        "engagement": 4, "content": 3, "strategic": 2, "business": 1, "technical": None}
    assert again.choices["technical"].index == 0
    assert list(again.figure.data[0].r) == [4, 3, 2, 1, 0]
    assert messages.text("ratings.not_rated") in again.table.value


def test_ratings_that_cannot_be_saved_are_explained_and_kept(one, folder, monkeypatch, assert_friendly):
    view = one.view("skills_rating")
    view.choices["content"].value = 2
    before = saved_bytes(folder, "session1")
    fill_disk(monkeypatch)
    view.choices["content"].value = 5
    assert "No space left on device" in assert_friendly(said(view.feedback))
    assert 'role="alert"' in view.feedback.value
    assert saved_bytes(folder, "session1") == before
    assert one.models["skills_rating"].scores == {"content": 5}  # kept while the notebook is open
    assert view.choices["content"].value == 5


# ---------------------------------------------------------------- timeline

def add(view, **values: str) -> None:
    for column, box in view.inputs.items():
        box.value = values.get(column, "")
    view.add.click()


def event(view, date: str, name: str, who: str = "Founders") -> None:
    add(view, date=date, event=name, who=who)


def test_timeline_chart_shows_the_rows_in_date_order(one, folder):
    view = one.view("origin_timeline")
    assert isinstance(view, TimelineView)
    event(view, "2022-09-14", "Grant")
    event(view, "2019", "Start")
    event(view, "2020-05", "Online")
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


def test_timeline_chart_is_titled_with_a_hidden_y_axis(one):
    view = one.view("origin_timeline")
    layout = view.figure.layout
    assert layout.title.text == messages.text("timeline.title")
    assert layout.xaxis.type == "date"
    assert layout.yaxis.visible is False
    assert view.figure._config["displaylogo"] is False
    assert view.figure.data[1].marker.color == "#0072B2"
    assert said(view.summary) == messages.text("timeline.empty")
    assert list(view.figure.data[1].x) == []


def test_timeline_long_labels_are_wrapped(one):
    view = one.view("origin_timeline")
    name = "The group moves online and opens to other universities"
    event(view, "2020", name)
    text = view.figure.data[1].text[0]
    assert "<br>" in text and text.replace("<br>", " ") == name


def test_timeline_update_and_remove_redraw_the_chart(one, folder):
    view = one.view("origin_timeline")
    event(view, "2019", "Start")
    event(view, "2020", "Online")
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
def test_timeline_bad_date_is_explained_and_nothing_is_lost(one, folder, date, assert_friendly):
    view = one.view("origin_timeline")
    event(view, "2019", "Start")
    before = saved_bytes(folder, "session1")
    event(view, date, "Later")
    assert said(view.feedback) == assert_friendly(messages.text("error.bad_date", field="Date"))
    assert saved_bytes(folder, "session1") == before
    assert [r["event"] for r in one.models["origin_timeline"].rows] == ["Start"]
    assert list(view.figure.data[1].text) == ["Start"]
    assert view.inputs["date"].value == date  # what was typed stays, to be corrected


def test_timeline_empty_cell_and_duplicate_are_explained(one, folder, assert_friendly):
    view = one.view("origin_timeline")
    event(view, "2019", "Start")
    before = saved_bytes(folder, "session1")
    event(view, "2020", "Online", who="  ")
    assert messages.text("origin_timeline.column.who") in assert_friendly(said(view.feedback))
    event(view, "2021", "START")
    assert "START" in assert_friendly(said(view.feedback))
    assert saved_bytes(folder, "session1") == before
    assert list(view.figure.data[1].text) == ["Start"]


def test_timeline_shows_saved_rows_when_opened_again(one, folder):
    one.use_example("origin_timeline")
    view = Workbook("session1", folder).view("origin_timeline")
    assert list(view.figure.data[1].x) == ["2019-03-01", "2020-01-01", "2022-09-01"]
    assert len(view.rows.options) == 3
    assert said(view.summary) == messages.text("timeline.summary", count=3, first="2019-03", last="2022-09")
    assert "A small grant pays for a part-time coordinator" in view.table.value


def test_roadmap_is_a_timeline_keyed_by_milestone(four):
    four.use_example("roadmap")
    view = four.view("roadmap")
    assert isinstance(view, TimelineView)
    assert [t.replace("<br>", " ") for t in view.figure.data[1].text] == [
        "Members' survey", "Two working groups running", "Second cohort of trainers"]
    assert list(view.figure.data[1].x) == ["2027-03-01", "2027-06-01", "2028-01-01"]


def test_timeline_disk_full_is_explained(one, folder, disk_full, assert_friendly):
    view = one.view("origin_timeline")
    event(view, "2019", "Start")
    assert "No space left on device" in assert_friendly(said(view.feedback))
    assert not (folder / "session1_answers.json").exists()
    assert list(view.figure.data[1].text) == ["Start"]  # kept in memory, and shown


def test_a_link_that_does_not_start_with_http_is_explained(folder, assert_friendly):
    workbook = Workbook("session3", folder)
    view = workbook.view("bring_document")
    add(view, kind="Report", title="Survey", link="www.example.org/report", insight="People want calls")
    message = assert_friendly(said(view.feedback))
    assert message == messages.text("error.bad_link", field=messages.text("bring_document.column.link"))
    assert workbook.models["bring_document"].rows == []
    assert not (folder / "session3_answers.json").exists()


# ---------------------------------------------------------------- choice

def test_choice_starts_empty_with_labelled_slots(four, folder):
    view = four.view("core_values")
    assert isinstance(view, ChoiceView)
    assert [c.description for c in view.slots] == ["Value 1", "Value 2", "Value 3"]
    assert [c.value for c in view.slots] == ["", "", ""]
    options = view.slots[0].options
    assert options[0] == (messages.text("choice.none"), "")
    assert options[1] == (messages.text("core_values.option.acceptance"), "acceptance")
    assert len(options) == len(session4.VALUE_WORDS) + 1
    assert said(view.summary) == messages.text("choice.chosen_none")
    assert not (folder / "session4_answers.json").exists()


def test_choice_picking_saves_and_summarises(four, folder):
    view = four.view("core_values")
    view.slots[0].value = "openness"
    view.slots[2].value = "learning"
    assert four.models["core_values"].slots == ["openness", "", "learning"]
    assert saved(folder, "session4")["core_values"] == {"chosen": ["openness", "", "learning"]}
    assert said(view.summary) == messages.text("choice.chosen", values="Openness, Learning")
    view.slots[0].value = ""
    assert saved(folder, "session4")["core_values"] == {"chosen": ["", "", "learning"]}


def test_choice_twice_is_explained_and_the_dropdown_goes_back(four, folder, assert_friendly):
    view = four.view("core_values")
    view.slots[0].value = "kindness"
    view.slots[1].value = "trust"
    before = saved_bytes(folder, "session4")
    view.slots[1].value = "kindness"
    message = assert_friendly(said(view.feedback))
    assert message == messages.text("error.chosen_twice", value="Kindness", slot="Value 1")
    assert view.feedback.value.count('role="alert"') == 1
    assert [c.value for c in view.slots] == ["kindness", "trust", ""]
    assert four.models["core_values"].slots == ["kindness", "trust", ""]
    assert saved_bytes(folder, "session4") == before
    view.slots[2].value = "joy"  # a good pick afterwards clears the message
    assert view.feedback.value == ""
    assert saved(folder, "session4")["core_values"] == {"chosen": ["kindness", "trust", "joy"]}


def test_choice_shows_saved_answers_when_opened_again(four, folder):
    four.use_example("core_values")
    view = Workbook("session4", folder).view("core_values")
    assert [c.value for c in view.slots] == ["openness", "kindness", "learning"]
    assert said(view.summary) == messages.text("choice.chosen", values="Openness, Kindness, Learning")


def test_choice_disk_full_is_explained(four, disk_full, assert_friendly):
    view = four.view("core_values")
    view.slots[0].value = "fun"
    assert "No space left on device" in assert_friendly(said(view.feedback))
    assert view.slots[0].value == "fun" and four.models["core_values"].slots[0] == "fun"


# ---------------------------------------------------------------- forms

def test_form_preview_follows_the_typing(four, folder):
    view = four.view("vision")
    assert isinstance(view, FormView) and view.preview == "vision.preview"
    texts = [c.value for c in view.widget.children if isinstance(c, widgets.HTML)]
    assert f"<h5>{messages.text('vision.preview')}</h5>" in texts
    assert said(view.statement) == messages.text("form.preview_empty")
    view.boxes["what"].value = "we build a network  of <peers>"
    assert said(view.statement) == "We build a network of <peers>."
    assert "&lt;peers&gt;" in view.statement.value and "<peers>" not in view.statement.value
    view.boxes["impact"].value = "Everyone teaches!"
    assert said(view.statement) == "We build a network of <peers>. Everyone teaches!"
    assert saved(folder, "session4")["vision"]["answers"]["impact"] == "Everyone teaches!"
    assert said(view.counts["what"]) == messages.text("reflections.words", count=6)


def test_form_without_a_preview_has_none(one):
    view = one.view("origin_story")
    assert isinstance(view, FormView) and view.preview is None
    assert view.statement not in view.widget.children
    view.boxes["founders"].value = "Two researchers."
    assert view.statement.value == ""
    assert messages.text("form.preview") not in str([c.value for c in view.widget.children
                                                      if isinstance(c, widgets.HTML)])


def test_form_shows_saved_answers_and_statement_when_opened_again(four, folder):
    four.use_example("mission")
    view = Workbook("session4", folder).view("mission")
    answers = session4.SESSION.exercise("mission").example["answers"]
    assert view.boxes["unique"].value == answers["unique"]
    assert said(view.statement) == four.models["mission"].statement()
    assert said(view.statement).startswith("This year we run monthly training calls")


def test_form_preview_follows_another_view_and_a_refresh(four):
    first, second = four.view("vision"), four.view("vision")
    first.boxes["why"].value = "because it matters"
    assert said(second.statement) == "Because it matters."
    four.models["vision"].set_answer("why", "for fairness")
    second.refresh()
    assert said(second.statement) == "For fairness."
    assert second.boxes["why"].value == "for fairness"


def test_form_too_long_is_explained_and_nothing_is_lost(four, folder, assert_friendly):
    view = four.view("vision")
    view.boxes["what"].value = "We build"
    before = saved_bytes(folder, "session4")
    view.boxes["what"].value = "x" * (MAX_TEXT + 1)
    assert str(MAX_TEXT) in assert_friendly(said(view.feedback))
    assert saved_bytes(folder, "session4") == before
    assert four.models["vision"].answers["what"] == "We build"
    assert said(view.statement) == "We build."


def test_form_disk_full_is_explained(four, disk_full, assert_friendly):
    view = four.view("mission")
    view.boxes["objectives"].value = "Run calls"
    assert "No space left on device" in assert_friendly(said(view.feedback))
    assert said(view.statement) == "Run calls."


# ---------------------------------------------------------------- charter

def links(view: CharterView) -> dict[str, tuple[str, str]]:
    """File name -> (MIME type, decoded text) of each download link."""
    found = re.findall(r'download="([^"]+)" href="data:([^;]+);charset=utf-8;base64,([^"]+)"', view.links.value)
    return {unescape(n): (m, base64.b64decode(p, validate=True).decode("utf-8")) for n, m, p in found}


@pytest.fixture
def finished(four):
    for exercise in session4.SESSION.names:
        four.use_example(exercise)
    return four


def test_charter_links_hold_the_participants_own_words(finished):
    finished.answers.participant_id = "p-007"
    view = CharterView(finished)
    assert view.links.value == "" and view.preview.value == ""
    view.build.click()
    assert said(view.feedback) == messages.text("charter.ready")
    files = links(view)
    assert set(files) == {"p-007__charter.md", "p-007__charter.html"}
    kind, text = files["p-007__charter.md"]
    assert kind == "text/markdown" and text == charter.markdown(finished.answers)
    assert text.startswith(f"# {messages.text('charter.heading')}")
    assert "We publish the notes of every steering meeting" in text
    assert "- 2027-06, Two working groups running: Members lead their own projects" in text
    assert finished.models["vision"].statement() in text
    kind, page = files["p-007__charter.html"]
    assert kind == "text/html" and page == charter.html(finished.answers)
    assert "<li>Openness</li>" in page and "Members&#x27; survey" in page
    assert messages.text("charter.save_markdown") in view.links.value
    assert messages.text("charter.save_html") in view.links.value
    assert "Every member leaves able to teach one open practice" in view.preview.value
    assert f"<h5>{messages.text('form.preview')}</h5>" in view.preview.value
    assert "<body>" not in view.preview.value and "<style>" not in view.preview.value


def test_charter_without_a_participant_id_and_with_risky_characters(four):
    four.view("vision").boxes["what"].value = "Tools & <tips>"
    view = CharterView(four)
    view.build.click()
    files = links(view)
    assert set(files) == {"charter.md", "charter.html"}
    assert "Tools & &lt;tips&gt;." in files["charter.md"][1]  # inert where Markdown viewers render HTML
    assert "Tools &amp; &lt;tips&gt;." in files["charter.html"][1]
    assert "&lt;tips&gt;" in view.preview.value and "<tips>" not in view.preview.value
    assert messages.text("charter.missing") in files["charter.md"][1]


def test_charter_rebuilt_after_a_change_has_the_new_words(finished):
    view = CharterView(finished)
    view.build.click()
    finished.models["core_values"].choose(2, "joy")
    view.build.click()
    assert "- Joy" in links(view)["charter.md"][1]


def test_charter_never_raises_out_of_the_widget(four, monkeypatch):
    def broken(answers):
        raise KeyError("core_values")

    monkeypatch.setattr(charter, "markdown", broken)
    view = CharterView(four)
    view.build.click()
    assert said(view.feedback) == messages.text("error.unexpected", reason="KeyError")
    assert 'role="alert"' in view.feedback.value
    assert view.links.value == ""


def test_charter_has_a_title_and_help(four):
    view = CharterView(four)
    texts = [c.value for c in view.widget.children if isinstance(c, widgets.HTML)]
    assert f"<h4>{messages.text('charter.title')}</h4>" in texts
    assert f"<p>{messages.text('charter.help')}</p>" in texts
    assert view.build.description == messages.text("charter.build")


# ---------------------------------------------------------------- every view

ALL = [("session1", e) for e in session1.SESSION.names] + [("session4", e) for e in session4.SESSION.names]


@pytest.mark.parametrize("session, exercise", ALL)
def test_every_control_is_labelled(folder, session, exercise):
    view = Workbook(session, folder).view(exercise)
    found = controls(view.widget)
    assert (view.check_button in found) == (exercise != "closing_feedback")
    for control in found:
        assert control.description.strip(), control
    mine = (RatingsView, ChoiceView)
    if isinstance(view, mine):  # the dropdowns these views add carry a tooltip too
        for control in found:
            assert control.tooltip == control.description, control


def test_charter_controls_are_labelled(four):
    view = CharterView(four)
    assert controls(view.widget) == [view.build]
    assert view.build.tooltip == view.build.description == messages.text("charter.build")


@pytest.mark.parametrize("session, exercise", [(s, e) for s, e in ALL if e != "closing_feedback"])
def test_every_view_has_a_check_button_that_explains(folder, session, exercise):
    workbook = Workbook(session, folder)
    view = workbook.view(exercise)
    view.check_button.click()
    assert said(view.feedback) == workbook.check_result(exercise).message != ""


def test_a_restore_refreshes_every_new_view(tmp_path_factory, folder):
    donor = tmp_path_factory.mktemp("donor")
    finished = Workbook("session4", donor)
    for exercise in session4.SESSION.names:
        finished.use_example(exercise)
    workbook = Workbook("session4", folder)
    views = {name: workbook.view(name) for name in session4.SESSION.names}
    workbook.restore("session4_answers.json", saved_bytes(donor, "session4"))
    assert [c.value for c in views["core_values"].slots] == ["openness", "kindness", "learning"]
    assert list(views["roadmap"].figure.data[1].x) == ["2027-03-01", "2027-06-01", "2028-01-01"]
    assert said(views["vision"].statement) == finished.models["vision"].statement() != ""
    assert saved(folder, "session4") == saved(donor, "session4")

    donor1 = tmp_path_factory.mktemp("donor1")
    Workbook("session1", donor1).use_example("skills_rating")
    one = Workbook("session1", folder)
    ratings = one.view("skills_rating")
    one.restore("session1_answers.json", saved_bytes(donor1, "session1"))
    assert [c.value for c in ratings.choices.values()] == [4, 3, 2, 1, 3]
    assert list(ratings.figure.data[0].r) == [4, 3, 2, 1, 3]
