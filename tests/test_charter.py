"""The community charter: built from session 4's answers as Markdown and a web page, and the charter view."""

from __future__ import annotations

import base64
import json
import re
from html import escape, unescape
from pathlib import Path

import ipywidgets as widgets
import pytest

from model_support import example_answers, new
from view_support import controls, said, type_answers
from workbooks import charter, messages, sessions
from workbooks.answers import Answers
from workbooks.sessions import session4
from workbooks.views.charter import CharterView

SCRIPT = "<script>alert(1)</script>"


# ---------------------------------------------------------------- the charter

def charter_answers(**changes: dict) -> Answers:
    answers = example_answers("session4")
    for name, data in changes.items():
        answers.models[name] = new("session4", name)
        answers.models[name].load(data)
    return answers


MISSING = messages.text("charter.missing")


def test_an_empty_charter_shows_placeholders_everywhere():
    md = charter.markdown(Answers.empty(sessions.get("session4")))
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
    page = charter.html(Answers.empty(sessions.get("session4")))
    assert f"<h2>Vision</h2>\n<p>{MISSING}</p>" in page
    assert f"<h2>Our values</h2>\n<p>{MISSING}</p>" in page
    assert "<li>Policies: (not written yet)</li>" in page


COMMUNITY_VALUES = session4.SESSION.exercise("values_in_practice").example["answers"]["community_values"]


def test_the_charter_holds_the_participants_own_words():
    answers = example_answers("session4")
    answers.participant_id = "p-07"
    vision_text = answers.models["vision"].statement()
    mission_text = answers.models["mission"].statement()
    for document, esc in ((charter.markdown(answers), str), (charter.html(answers), escape)):
        assert "Written by p-07." in document
        assert esc(COMMUNITY_VALUES) in document
        assert vision_text.startswith("We build a network where researchers learn open methods")
        assert esc(vision_text) in document
        assert esc(mission_text) in document
        assert "Fifty active members and a survey with at least thirty replies." in document
        assert "In 12 months: Two working groups led by members and ten new trainers." in document
        assert "Decision-making: Proposals are open for comment" in document
        assert MISSING not in document
    md = charter.markdown(answers)
    assert f"## Our values\n\n{COMMUNITY_VALUES}\n\n## How our values show in our work\n\n- Policies:" in md
    assert "## Vision\n\n" + vision_text + "\n" in md


def test_the_charter_values_are_the_communitys_never_the_personal_core_values():
    """Exercises 1 and 2 are a personal reflection: the chosen core values and the value in action stay out
    of the charter, which is written for stakeholders. Its values are the community's, from exercise 3."""
    answers = charter_answers(core_values={"chosen": ["courage", "humility", "adventure"]},
                              value_in_action={"answers": {"value": "Courage", "meaning": "Saying no to my boss",
                                                           "example": "I turned down the grant"}})
    for document in (charter.markdown(answers), charter.html(answers)):
        for personal in ("Courage", "Humility", "Adventure", "Saying no to my boss", "I turned down the grant"):
            assert personal not in document
    assert f"## {messages.text('charter.values')}\n\n{COMMUNITY_VALUES}\n" in charter.markdown(answers)
    practice = session4.SESSION.exercise("values_in_practice").example["answers"]
    blank = charter_answers(values_in_practice={"answers": {**practice, "community_values": " "}})
    assert f"## {messages.text('charter.values')}\n\n{MISSING}\n" in charter.markdown(blank)


def test_answers_saved_before_the_community_values_prompt_load_and_the_charter_asks_for_them():
    """A values-in-practice answer saved with the five areas only still loads; the charter then marks the
    community's values as not written yet, and the exercise's check asks for them."""
    practice = dict(session4.SESSION.exercise("values_in_practice").example["answers"])
    del practice["community_values"]
    answers = charter_answers(values_in_practice={"answers": practice})
    model = answers.models["values_in_practice"]
    assert model.answer("policies") == practice["policies"]
    md = charter.markdown(answers)
    assert f"## {messages.text('charter.values')}\n\n{MISSING}\n" in md
    assert f"- Policies: {practice['policies']}" in md
    result = session4.SESSION.exercise("values_in_practice").check(model)
    assert not result.passed and model.label("community_values") in result.message


def test_the_charter_roadmap_is_in_date_order():
    rows = sessions.get("session4").exercise("roadmap").example["rows"]
    answers = charter_answers(roadmap={"rows": [rows[2], rows[0], rows[1]]})
    md = charter.markdown(answers)
    lines = [f"- {r['date']}, {r['milestone']}: {r['outcome']}" for r in rows]
    assert "\n".join(lines) in md
    page = charter.html(answers)
    positions = [page.index(escape(r["milestone"])) for r in rows]
    assert positions == sorted(positions)


def test_the_charter_page_is_self_contained_and_escapes_the_participants_words():
    answers = charter_answers(
        values_in_practice={"answers": {"community_values": SCRIPT, "policies": SCRIPT}},
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
    page = charter.html(Answers.empty(sessions.get("session4")))
    assert '<html lang="xx">' in page
    assert "<h1>Community charter</h1>" in page  # falls back to English text


def test_the_charter_does_not_change_the_answers():
    answers = example_answers("session4")
    before = answers.to_json()
    charter.markdown(answers)
    charter.html(answers)
    assert answers.to_json() == before


def test_markdown_charter_keeps_typed_html_and_markdown_inert():
    """Typed HTML, links, pictures and headings stay the text that was typed in any Markdown viewer."""
    import mistune  # nbconvert's Markdown renderer

    typed = "# Big <script>alert(1)</script> [click](javascript:alert(1)) ![seen](https://tracker.example/p.png)"
    spec = sessions.get("session4")
    answers = Answers.empty(spec)
    answers.models["vision"].set_answer("what", typed)
    text = charter.markdown(answers)
    assert "<script>" not in text and "&lt;script&gt;" in text
    shown = mistune.html(text)
    assert "<script" not in shown and "<a " not in shown and "<img" not in shown
    assert "<h1>Big" not in shown
    assert escape(typed, quote=False) in shown.replace("&quot;", '"')


# ---------------------------------------------------------------- the charter view

def links(view: CharterView) -> dict[str, tuple[str, str]]:
    """File name -> (MIME type, decoded text) of each download link."""
    found = re.findall(r'download="([^"]+)" href="data:([^;]+);charset=utf-8;base64,([^"]+)"', view.links.value)
    return {unescape(n): (m, base64.b64decode(p, validate=True).decode("utf-8")) for n, m, p in found}


@pytest.fixture
def finished(workbook4):
    for exercise in session4.SESSION.names:
        workbook4.use_example(exercise)
    return workbook4


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
    assert "We publish the notes of every steering meeting" not in text  # the personal value in action
    assert "Proposals are open for comment for two weeks" in text
    assert "- 2027-06, Two working groups running: Members lead their own projects" in text
    assert finished.models["vision"].statement() in text
    kind, page = files["p-007__charter.html"]
    assert kind == "text/html" and page == charter.html(finished.answers)
    assert f"<p>{escape(COMMUNITY_VALUES)}</p>" in page and "Members&#x27; survey" in page
    assert "<li>Openness</li>" not in page  # a personal core value
    assert messages.text("charter.save_markdown") in view.links.value
    assert messages.text("charter.save_html") in view.links.value
    assert "Every member leaves able to teach one open practice" in view.preview.value
    assert f"<h5>{messages.text('form.preview')}</h5>" in view.preview.value
    assert "<body>" not in view.preview.value and "<style>" not in view.preview.value


def test_charter_without_a_participant_id_and_with_risky_characters(workbook4):
    type_answers(workbook4.view("vision"), what="Tools & <tips>")
    view = CharterView(workbook4)
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
    finished.models["values_in_practice"].set_answer("community_values", "Joy and care, agreed at our AGM")
    view.build.click()
    assert "Joy and care, agreed at our AGM" in links(view)["charter.md"][1]


def test_charter_never_raises_out_of_the_widget(workbook4, monkeypatch):
    def broken(answers):
        raise KeyError("core_values")

    monkeypatch.setattr(charter, "markdown", broken)
    view = CharterView(workbook4)
    view.build.click()
    assert said(view.feedback) == messages.text("error.unexpected", reason="KeyError")
    assert 'role="alert"' in view.feedback.value
    assert view.links.value == ""


def test_charter_has_a_title_and_help(workbook4):
    view = CharterView(workbook4)
    texts = [c.value for c in view.widget.children if isinstance(c, widgets.HTML)]
    assert f"<h4>{messages.text('charter.title')}</h4>" in texts
    assert f"<p>{messages.text('charter.help')}</p>" in texts
    assert view.build.description == messages.text("charter.build")


def test_charter_controls_are_labelled(workbook4):
    view = CharterView(workbook4)
    assert controls(view.widget) == [view.build]
    assert view.build.tooltip == view.build.description == messages.text("charter.build")


def test_the_session_4_instructions_name_the_charter_links_as_the_widget_shows_them():
    notebook = Path(__file__).resolve().parents[1] / "source" / "session4" / "session4.ipynb"
    intro = next("".join(c["source"]) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
                 if c["id"] == "charter_intro")
    for key in ("charter.build", "charter.save_markdown", "charter.save_html"):
        assert f"**{messages.text(key)}**" in intro, key
