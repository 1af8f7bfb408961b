"""Make my strategy pack, under the hand-in of every workbook: the participant's work from this session as it
is now and from the other sessions saved near the notebook, as a page and a plain-text document to save."""

from __future__ import annotations

import base64
import re

import pytest

from view_support import controls, said, type_answers, type_rows
from workbooks import Workbook, messages, sessions
from workbooks.views.handin import HandInView
from workbooks.views.strategy_pack import StrategyPackView

HOSTILE = "<script>alert(1)</script>"


def downloads(view: StrategyPackView) -> dict[str, str]:
    """Each download link's file name and its content, decoded."""
    return {name: base64.b64decode(payload).decode("utf-8")
            for name, payload in re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
                                           view.links.value)}


@pytest.fixture
def course_folders(tmp_path, monkeypatch):
    """release/session2 and release/session6 side by side, as on Binder; work goes on in session 6."""
    for name in ("NBGRADER_EXECUTION", "JPY_SESSION_NAME", "WORKBOOKS_LANG"):
        monkeypatch.delenv(name, raising=False)
    for session in ("session2", "session6"):
        (tmp_path / session).mkdir()
    return tmp_path


def test_the_pack_gathers_this_session_now_and_another_saved_nearby(course_folders):
    earlier = Workbook("session2", course_folders / "session2")
    type_rows(earlier.view("purpose_outcomes"),
              {"project": "Seed library", "purpose": f"Share seeds {HOSTILE}", "outcomes": "More gardens"})
    workbook = Workbook("session6", course_folders / "session6")
    type_answers(workbook.view("home_and_rhythm"), community_name="Street Growers")
    workbook.answers.participant_id = "p-007"
    view = StrategyPackView(workbook)
    view.build.click()
    assert said(view.feedback) == messages.text("pack.ready", sessions="2, 6")
    files = downloads(view)
    assert set(files) == {"p-007__strategy-pack.html", "p-007__strategy-pack.md"}
    page, text = files["p-007__strategy-pack.html"], files["p-007__strategy-pack.md"]
    for document in (page, text):
        assert "Street Growers" in document and "Seed library" in document
    assert HOSTILE not in page and "&lt;script&gt;" in page and "<script" not in page


def test_with_nothing_written_anywhere_it_says_so_and_offers_nothing(course_folders):
    view = StrategyPackView(Workbook("session6", course_folders / "session6"))
    view.build.click()
    assert said(view.feedback) == messages.text("pack.nothing")
    assert view.links.value == ""


def test_every_workbook_offers_the_pack_under_its_hand_in(course_folders):
    for session in sessions.session_ids():
        (course_folders / session).mkdir(exist_ok=True)
        hand_in = HandInView(Workbook(session, course_folders / session))
        labels = [getattr(c, "description", "") for c in controls(hand_in.widget)]
        assert messages.text("pack.build") in labels, session
