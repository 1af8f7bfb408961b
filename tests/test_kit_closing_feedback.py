"""The facilitator kit's closing part: the cohort's "Before you go" answers for one session, anonymised and
hidden below three contributors, read from the course folder the kit is in."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from model_support import new
from workbooks.facilitation import closing
from workbooks.facilitator.course import CONFIG_FILE

REPO = Path(__file__).resolve().parents[1]


class FakeCohort(SimpleNamespace):
    def answers(self, session):
        return self.by_session.get(session, [])


def feedback(**answers: str):
    model = new("session3", "closing_feedback")
    for prompt, text in answers.items():
        model.set_answer(prompt, text)
    return model


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder with the kit's folder inside it, where the kit's cells run."""
    (tmp_path / CONFIG_FILE).write_text("c = get_config()\n", encoding="utf-8")
    (tmp_path / "source" / "session3").mkdir(parents=True)
    shutil.copy(REPO / "source" / "session3" / "session3.ipynb", tmp_path / "source" / "session3")
    (tmp_path / "facilitator").mkdir()
    monkeypatch.chdir(tmp_path / "facilitator")
    return tmp_path


def with_feedback(monkeypatch, *models):
    answers = [SimpleNamespace(models={"closing_feedback": m}) for m in models]
    cohort = FakeCohort(sessions=["session3"], by_session={"session3": answers})
    monkeypatch.setattr(closing, "load", lambda course, sessions: cohort)


def test_outside_a_course_folder_it_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "not inside a course folder" in closing.closing_feedback_html("session3")


def test_before_anything_is_collected_it_says_what_to_run(course):
    html = closing.closing_feedback_html("session3")
    assert "workbooks collect" in html and "workbooks grade" in html


def test_fewer_than_three_contributors_are_hidden(course, monkeypatch):
    with_feedback(monkeypatch, feedback(worked="The breakout rooms"), feedback(didnt="Too fast"), feedback())
    html = closing.closing_feedback_html("session3")
    assert "Hidden: 2 participants" in html
    assert "breakout rooms" not in html and "Too fast" not in html


def test_three_contributors_are_shown_grouped_counted_and_escaped(course, monkeypatch):
    with_feedback(monkeypatch, feedback(worked="The breakout rooms", didnt="<script>alert(1)</script>"),
                  feedback(worked="The breakout  rooms"), feedback(worked="Quiet notes first"))
    html = closing.closing_feedback_html("session3")
    assert "3 participants gave feedback" in html
    assert "<li>The breakout rooms (2)</li>" in html and "<li>Quiet notes first</li>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_other_sessions_feedback_is_not_shown(course, monkeypatch):
    with_feedback(monkeypatch, *(feedback(worked=f"Answer {n}") for n in range(3)))
    assert "No closing feedback" in closing.closing_feedback_html("session4")


def test_a_course_that_cannot_be_read_gives_a_sentence_not_a_traceback(course, monkeypatch):
    def broken(course, sessions):
        raise OSError("disk gone")
    monkeypatch.setattr(closing, "load", broken)
    html = closing.closing_feedback_html("session3")
    assert "could not be read" in html and "disk gone" not in html and "Traceback" not in html
