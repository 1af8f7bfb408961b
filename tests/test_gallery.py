"""``workbooks gallery``: a page per session showing exactly the work participants chose to share, as they chose.

Each participant's work carries a marker of their own, so a page shows whose work is on it. Hand-ins are
the release notebook with answers inside (``handin_support``), filed by the real ``workbooks collect``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html import escape
from pathlib import Path

import pytest

from course_support import OUTSIDE_SETTINGS, make_course, workbooks_cli
from handin_support import ago, answers, as_bytes
from workbooks import messages
from workbooks.answers import Answers
from workbooks.facilitator import collect as collect_step
from workbooks.facilitator import gallery
from workbooks.facilitator.cli import build_parser
from workbooks.facilitator.course import Course
from workbooks.facilitator.progress import Progress
from workbooks.kinds.sharing import CREDIT, NAME, NAMED, SHARE
from workbooks.notebook_copy import embed
from workbooks.sessions import all_sessions, get

SCRIPT = "<script>alert(1)</script>"
ANONYMOUS = messages.text("gallery.anonymous")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in OUTSIDE_SETTINGS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def course(tmp_path) -> Path:
    return make_course(tmp_path / "course")


def work(session: str, participant: str, *, share: tuple[str, ...] = (), name: str = "",
         saved_at: str | None = None) -> Answers:
    """``participant``'s worked example of ``session``, marked as theirs, sharing ``share`` (named if ``name``)."""
    found = answers(session, participant, saved_at or ago(hours=2))
    marker = f"Marker {participant}"
    if session == "session2":
        found.models["stakeholder_map"].place(marker, 5, 5)
    elif session == "session3":
        found.models["mountain"].set_field(found.models["mountain"].order[0], "activities", marker)
        found.models["bring_document"].rows[0]["title"] = marker
    elif session == "session4":
        found.models["vision"].set_answer(found.models["vision"].prompts[0], marker)
    choice = found.models["sharing"]
    choice.load({"answers": {}})
    for output in share:
        choice.set(output, SHARE)
    if name:
        choice.set(CREDIT, NAMED)
        choice.set(NAME, name)
    return found


def hand_in_notebook(course: Path, found: Answers) -> bytes:
    release = course / "release" / found.spec.id / found.spec.notebook
    return as_bytes(embed(json.loads(release.read_text(encoding="utf-8")), found, "All exercises started."))


def collect(course: Path, *hand_ins: Answers, inbox: str = "inbox") -> None:
    """Hands each in by "Download my work" and files them with ``workbooks collect``."""
    folder = course.parent / inbox
    folder.mkdir()
    for found in hand_ins:
        (folder / f"{found.participant_id}__{found.spec.notebook}").write_bytes(hand_in_notebook(course, found))
    args = build_parser().parse_args(["collect", str(folder)])
    collect_step.run(Course.find(course), args, Progress(enabled=False))


def make_gallery(course: Path, *argv: str) -> tuple[dict[str, str], str]:
    """Runs the step as the command line would: each page written, by session, and the summary."""
    args = build_parser().parse_args(["gallery", *argv])
    summary = gallery.run(Course.find(course), args, Progress(enabled=False))
    folder = course / "export" / "gallery"
    pages = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.html")} if folder.is_dir() else {}
    return pages, summary.render()


def test_every_output_offered_is_one_the_gallery_can_show():
    offered = set()
    for spec in all_sessions():
        if "sharing" not in spec.names:
            continue
        for output in spec.exercise("sharing").options["outputs"]:
            offered.add(output)
            assert output in gallery.OUTPUTS, output
            assert set(gallery.OUTPUTS[output].exercises) <= set(spec.names), (spec.id, output)
    assert offered == set(gallery.OUTPUTS), "an output the gallery knows but no session offers"


# ---------------------------------------------------------------- consent

def test_only_consenting_participants_chosen_work_is_shown(course):
    collect(course,
            work("session2", "amara01", share=("stakeholder_map",), name="Amara, library network"),
            work("session2", "bo-chen", share=("stakeholder_map",)),     # anonymous
            work("session2", "carmen"),                                  # keeps it private
            work("session3", "dmitri", share=("mountain",)))             # the mountain, not the documents
    pages, summary = make_gallery(course)
    assert sorted(pages) == ["session2", "session3", "session4", "session6"]
    page = pages["session2"]
    assert "Marker amara01" in page and messages.text("gallery.by", name="Amara, library network") in page
    assert "Marker bo-chen" in page and page.count(ANONYMOUS) == 1
    assert "Marker carmen" not in page
    for participant in ("amara01", "bo-chen", "carmen"):  # no participant ID, not even of those who share
        assert not re.search(rf"\b{participant}\b", page.replace(f"Marker {participant}", ""))
    assert "session2: 2 of 3 hand-ins share work (2 pieces shown)" in summary

    mountain = pages["session3"]
    assert "Marker dmitri" in mountain
    assert messages.text("gallery.heading.mountain") in mountain
    assert messages.text("gallery.heading.bring_document") not in mountain  # not chosen
    assert mountain.count("Marker dmitri") == 1  # the documents table also holds the marker: it stays out
    assert messages.text("gallery.empty") in pages["session4"]


def test_consent_withdrawn_by_a_later_hand_in_removes_the_work(course):
    collect(course, work("session2", "amara01", share=("stakeholder_map",), saved_at=ago(hours=3)),
            work("session2", "bo-chen", share=("stakeholder_map",), saved_at=ago(hours=3)))
    pages, _ = make_gallery(course)
    assert "Marker amara01" in pages["session2"] and "Marker bo-chen" in pages["session2"]

    collect(course, work("session2", "amara01", saved_at=ago(hours=1)), inbox="later")  # changed her mind
    pages, summary = make_gallery(course)
    assert "Marker amara01" not in pages["session2"]
    assert "Marker bo-chen" in pages["session2"]
    assert "session2: 1 of 2 hand-ins share work" in summary


def test_consent_given_by_a_later_hand_in_adds_the_work(course):
    collect(course, work("session4", "carmen", saved_at=ago(hours=3)))
    assert "Marker carmen" not in make_gallery(course)[0]["session4"]
    collect(course, work("session4", "carmen", share=("charter",), name="Carmen", saved_at=ago(hours=1)),
            inbox="later")
    page = make_gallery(course)[0]["session4"]
    assert "Marker carmen" in page and messages.text("gallery.by", name="Carmen") in page


def test_an_older_hand_in_than_the_one_filed_does_not_bring_consent_back(course):
    collect(course, work("session2", "amara01", saved_at=ago(hours=1)))
    collect(course, work("session2", "amara01", share=("stakeholder_map",), saved_at=ago(hours=5)), inbox="older")
    assert "Marker amara01" not in make_gallery(course)[0]["session2"]


def test_a_hand_in_without_the_choice_shares_nothing(course):
    """Hand-ins from workbooks made before sharing existed load with it empty."""
    found = work("session2", "amara01", share=("stakeholder_map",))
    data = found.to_dict()
    del data["exercises"]["sharing"]
    folder = course / "submitted" / "amara01" / "session2"
    folder.mkdir(parents=True)
    (folder / "session2_answers.json").write_text(json.dumps(data), encoding="utf-8")
    assert "Marker amara01" not in make_gallery(course)[0]["session2"]


def test_sharing_an_output_with_nothing_in_it_shows_nothing(course):
    empty = work("session6", "amara01", share=("canvas",), name="Amara")
    empty.models["canvas"].load({"answers": {}})
    collect(course, empty)
    page = make_gallery(course)[0]["session6"]
    assert "Amara" not in page and messages.text("gallery.empty") in page


# ---------------------------------------------------------------- the page

def test_hostile_names_and_work_are_shown_as_text(course):
    hostile = work("session2", "amara01", share=("stakeholder_map",), name=SCRIPT)
    hostile.models["stakeholder_map"].place(f'{SCRIPT}"><img src=x onerror=alert(1)>', 2, 2)
    collect(course, hostile)
    page = make_gallery(course)[0]["session2"]
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "script-src" not in page and "default-src 'none'" in page  # its policy runs no script at all


def test_every_id_on_a_page_is_unique_and_every_figure_named(course):
    collect(course, *(work("session2", p, share=("stakeholder_map",)) for p in ("amara01", "bo-chen", "carmen")))
    page = make_gallery(course)[0]["session2"]
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert ids and [i for i, n in Counter(ids).items() if n > 1] == []
    for labelled in re.findall(r'aria-labelledby="([^"]+)"', page):
        assert all(i in ids for i in labelled.split()), labelled
    figures = re.findall(r"<svg[^>]*>", page)
    assert len(figures) == 3 and all('role="img"' in f and "aria-labelledby" in f for f in figures)
    assert page.count("<desc") == 3


def test_the_order_follows_the_work_not_who_handed_it_in():
    """Hand-ins are read in the order of participant IDs; the page must not keep that order, or where an
    anonymous piece sits would tell who sent it."""
    one = gallery.shared_by(work("session2", "amara01", share=("stakeholder_map",)))
    two = gallery.shared_by(work("session2", "zola99", share=("stakeholder_map",)))
    spec = get("session2")
    assert gallery.gallery_page(spec, one + two) == gallery.gallery_page(spec, two + one)


def test_a_damaged_hand_in_shares_nothing_and_the_rest_still_show(course):
    collect(course, work("session2", "amara01", share=("stakeholder_map",)))
    broken = course / "submitted" / "bo-chen" / "session2"
    broken.mkdir(parents=True)
    (broken / "session2.ipynb").write_text("{not json", encoding="utf-8")
    pages, summary = make_gallery(course)
    assert "Marker amara01" in pages["session2"]
    assert "bo-chen: the session2 hand-in holds no readable answers, so it shares nothing" in summary


def test_sessions_without_sharing_are_said_plainly(course):
    pages, summary = make_gallery(course, "--session", "session1", "--session", "session5")
    assert pages == {}
    assert "None of the chosen sessions offers sharing" in summary


def test_a_shared_canvas_keeps_its_credit(course):
    collect(course, work("session6", "amara01", share=("canvas",)))
    page = make_gallery(course)[0]["session6"]
    assert messages.text("gallery.heading.canvas") in page
    assert escape(messages.text("canvas.page_credit")) in page


def test_the_console_script_writes_the_pages_and_says_what_it_did(course):
    collect(course, work("session2", "amara01", share=("stakeholder_map",)), work("session2", "bo-chen"))
    done = workbooks_cli(course, "gallery", "--session", "session2", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "session2: 1 of 2 hand-ins share work (1 piece shown)" in done.stdout
    assert sorted(p.name for p in (course / "export" / "gallery").iterdir()) == ["session2.html"]
