"""The strategy pack: a participant's work from any sessions, as Markdown and as one self-contained web page."""

from __future__ import annotations

import copy
import itertools
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from model_support import example_answers
from scripted_participant import ENTERED, FEEDBACK, REFLECTION, fill_everything
from test_package_shape import REPO, build_graph, reaches
from workbooks import Workbook, messages
from workbooks.answers import Answers
from workbooks.handin import read_upload
from workbooks.models import AnswerError
from workbooks.sessions import all_sessions, get
from workbooks.static import NOTE_TEXT_COLOUR, OK_COLOUR, OK_TEXT_COLOUR
from workbooks.store import AnswerStore
from workbooks.strategy_pack import LEFT_OUT, SECTIONS, STYLE, pack_html, pack_markdown

mistune = pytest.importorskip("mistune")  # nbconvert's Markdown renderer, to read the Markdown as a viewer does

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a | b | c", "# heading",
           "=== \n- item\n1. first", "[click](javascript:alert(1)) `code` *bold* $x$ &lt;b&gt;")
PARTICIPANT = "p-007"


# ---------------------------------------------------------------- helpers

class Page(HTMLParser):
    """What a page holds: its tags with their attributes, headings in order, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[int, str]] = []
        self.texts: list[str] = []
        self.tables: list[list[list[str]]] = []  # each table's rows, each row's cells as text
        self._cell: list[str] | None = None
        self._heading: int | None = None
        self._heading_text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._heading_text = int(tag[1]), []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(normalised("".join(self._cell)))
            self._cell = None
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._heading, " ".join("".join(self._heading_text).split())))
            self._heading = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading_text.append(data)

    @property
    def text(self) -> str:
        return normalised(" ".join(self.texts))

    def h2(self) -> list[str]:
        return [text for level, text in self.headings if level == 2]


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def rendered_markdown(markdown: str) -> str:
    """The Markdown as a viewer that lets HTML through would show it (GitHub and Jupyter sanitise; this does not)."""
    return mistune.create_markdown(escape=False, plugins=["table"])(markdown)


def section_headings(*sections) -> list[str]:
    return [messages.text(s.heading) for s in sections]


def every_session(participant: str = PARTICIPANT) -> list[Answers]:
    """A participant who did every exercise of every session: the worked examples, reflections and closing
    feedback included."""
    answers = [example_answers(spec.id) for spec in all_sessions()]
    for a in answers:
        a.participant_id = participant
    return answers


def words(data: object) -> list[str]:
    """The sentences in an exercise's data: every line of text of three words or more."""
    if isinstance(data, str):
        return [line.strip() for line in data.splitlines() if len(line.split()) >= 3]
    if isinstance(data, dict):
        return [w for value in data.values() for w in words(value)]
    if isinstance(data, list):
        return [w for value in data for w in words(value)]
    return []


def in_pack(sentence: str, text: str) -> bool:
    """Whether ``sentence`` is in the pack's ``text``; a form's statement (the charter's vision and mission)
    starts each answer with a capital and ends it with a full stop."""
    return normalised(sentence).rstrip(".") in text


def private_exercises():
    return [(spec, e) for spec in all_sessions() for e in spec.exercises if e.hand_graded or e.ungraded]


def pack_exercises() -> set[str]:
    return {name for section in SECTIONS for name in section.exercises}


def make_hostile(model, payloads) -> None:
    """Each text in ``model``'s answers replaced by the next hostile payload, one at a time, kept where the
    model takes it (a choice or a lens must be one of its own, so those stay)."""
    data = copy.deepcopy(model.to_dict())

    def replace(node) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in list(items):
            if isinstance(value, str) and value:
                node[key] = next(payloads)
                try:
                    model.load(copy.deepcopy(data))
                except AnswerError:
                    node[key] = value
            else:
                replace(value)

    replace(data)
    model.load(data)


def hostile_everywhere(answers: Answers) -> Answers:
    """Every piece of text of every exercise made hostile, the payloads in turn."""
    payloads = itertools.cycle(HOSTILE)
    for model in answers.models.values():
        make_hostile(model, payloads)
    return answers


# ---------------------------------------------------------------- the declaration

def test_the_sections_name_only_real_exercises_each_once():
    declared = {e.name: e for spec in all_sessions() for e in spec.exercises}
    named = [name for section in SECTIONS for name in section.exercises]
    assert sorted(set(named) - declared.keys()) == [], "a section names an exercise no session declares"
    assert len(named) == len(set(named)), "an exercise is in two sections"
    assert sorted(set(LEFT_OUT) - declared.keys()) == [], "LEFT_OUT names an exercise no session declares"
    assert not set(named) & set(LEFT_OUT)
    private = {e.name for _, e in private_exercises()}
    assert not set(named) & private, "reflections and the closing feedback are never in the pack"


def test_every_exercise_is_placed_in_a_section_or_left_out_on_purpose():
    """A new exercise fails here until someone decides where its work goes in the pack."""
    private = {e.name for _, e in private_exercises()}
    undecided = [f"{spec.id}: {e.name}" for spec in all_sessions() for e in spec.exercises
                 if e.name not in pack_exercises() | set(LEFT_OUT) | private]
    assert undecided == []


def test_each_section_gathers_one_session_and_has_its_own_heading_and_anchor():
    owners = {e.name: spec.id for spec in all_sessions() for e in spec.exercises}
    for section in SECTIONS:
        assert len({owners[name] for name in section.exercises}) == 1, section.heading
        assert section.heading.startswith("pack.section.") and messages.text(section.heading)
    assert len({s.anchor for s in SECTIONS}) == len(SECTIONS)
    # In the order of the sessions, so the pack reads as the course ran.
    order = [int(owners[s.exercises[0]].removeprefix("session")) for s in SECTIONS]
    assert order == sorted(order)


# ---------------------------------------------------------------- a participant who did everything

@pytest.fixture(scope="module")
def full_pack() -> tuple[str, str]:
    answers = every_session()
    return pack_html(answers), pack_markdown(answers)


def test_a_participant_who_did_every_session_gets_every_section_in_order(full_pack):
    html, markdown = full_pack
    expected = section_headings(*SECTIONS)
    page = Page(html)
    assert page.h2() == [messages.text("pack.contents"), *expected]
    assert Page(rendered_markdown(markdown)).h2() == expected  # the contents are the page's only
    assert page.headings[0] == (1, "Open Methods North")  # the community's name, from session 6
    assert markdown.startswith("# Open Methods North\n")


def test_the_pack_holds_their_own_words_from_every_session(full_pack):
    html, markdown = full_pack
    page_text, markdown_text = Page(html).text, Page(rendered_markdown(markdown)).text
    missing = []
    for spec in all_sessions():
        for exercise in spec.exercises:
            if exercise.name in pack_exercises():
                for sentence in words(exercise.example):
                    for label, text in (("html", page_text), ("markdown", markdown_text)):
                        if not in_pack(sentence, text):
                            missing.append(f"{label} {exercise.name}: {sentence}")
    assert missing == []
    assert messages.text("charter.participant", participant=PARTICIPANT).casefold() in page_text


def test_reflections_and_closing_feedback_never_appear(full_pack):
    html, markdown = full_pack
    texts = (Page(html).text, Page(rendered_markdown(markdown)).text)
    shown = [f"{spec.id} {e.name}: {sentence}" for spec, e in private_exercises()
             for sentence in words(e.example) if any(in_pack(sentence, t) for t in texts)]
    assert shown == []
    note = normalised(messages.text("pack.private_note"))
    assert all(note in t for t in texts)


def test_the_credits_come_last(full_pack):
    html, markdown = full_pack
    credits = messages.text("pack.credits")
    assert "CC BY 4.0" in credits
    assert Page(html).text.endswith(normalised(credits))
    assert markdown.rstrip().endswith(credits)


# ---------------------------------------------------------------- some sessions, or none

@pytest.mark.parametrize("answers", [[], [Answers.empty(spec) for spec in all_sessions()]],
                         ids=["no sessions", "six empty sessions"])
def test_nothing_yet_gives_a_short_pack_that_says_so(answers):
    html, markdown = pack_html(answers), pack_markdown(answers)
    page = Page(html)
    assert page.headings == [(1, messages.text("pack.title"))]
    assert normalised(messages.text("pack.empty")) in page.text
    assert normalised(messages.text("pack.empty")) in normalised(markdown)
    assert markdown.startswith(f"# {messages.text('pack.title')}\n")
    assert len(markdown) < 1000


@pytest.mark.parametrize("session", [spec.id for spec in all_sessions()])
def test_one_session_alone_gives_only_its_sections(session):
    spec = get(session)
    answers = [example_answers(session)]
    expected = section_headings(*(s for s in SECTIONS if set(s.exercises) & set(spec.names)))
    assert expected, f"{session} has nothing for the pack"
    assert Page(pack_html(answers)).h2() == [messages.text("pack.contents"), *expected]
    assert Page(rendered_markdown(pack_markdown(answers))).h2() == expected


def test_a_section_shows_only_what_the_participant_started():
    answers = Answers.empty(get("session2"))
    answers.models["stakeholders"].load({"rows": [{"contributor": "Allotment committee", "role": "Plots",
                                                    "participation": "Volunteer"}]})
    page = Page(pack_html([answers]))
    assert page.h2() == [messages.text("pack.contents"), messages.text("pack.section.stakeholders")]
    titles = [text for level, text in page.headings if level == 3]
    assert titles == [messages.text("stakeholders.title")]  # not the empty map


def test_a_session_handed_in_twice_gives_its_newest_copy():
    older, newer = example_answers("session2"), example_answers("session2")
    older.saved_at, newer.saved_at = "2026-11-01T10:00:00+00:00", "2026-11-02T10:00:00+00:00"
    newer.models["purpose_outcomes"].load({"rows": [{"project": "Seed swap", "purpose": "Share seeds",
                                                      "outcomes": "Swap days"}]})
    for order in ([older, newer], [newer, older]):
        text = Page(pack_html(order)).text
        assert "seed swap" in text and "peer mentoring" not in text


# ---------------------------------------------------------------- hostile text

@pytest.fixture(scope="module")
def hostile_pack() -> tuple[str, str]:
    answers = [hostile_everywhere(example_answers(spec.id)) for spec in all_sessions()]
    return pack_html(answers), pack_markdown(answers)


def test_hostile_answers_reach_the_pack(hostile_pack):
    """Guards the tests below: the hostile text is in every section, as text."""
    html, markdown = hostile_pack
    page = Page(html)
    for payload in HOSTILE[:4]:
        assert normalised(payload) in page.text
        assert normalised(payload) in Page(rendered_markdown(markdown)).text
    assert page.headings[0] in {(1, " ".join(payload.split())) for payload in HOSTILE}  # the community's name
    assert len(page.h2()) == len(SECTIONS) + 1


def assert_no_script_or_handler(page: Page) -> None:
    assert [tag for tag, _ in page.tags if tag in {"script", "img", "iframe", "object", "embed", "link"}] == []
    assert [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")] == []
    assert [value for _, attrs in page.tags for name, value in attrs.items()
            if "javascript:" in value.casefold()] == []


def test_hostile_text_stays_text_in_the_page(hostile_pack):
    html, _ = hostile_pack
    assert "<script" not in html.casefold()
    page = Page(html)
    assert_no_script_or_handler(page)
    assert [level for level, _ in page.headings].count(1) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_text_stays_text_in_the_markdown(hostile_pack):
    html, markdown = hostile_pack
    assert "<script" not in markdown.casefold() and "<img" not in markdown.casefold()
    shown = rendered_markdown(markdown)
    page = Page(shown)
    assert_no_script_or_handler(page)
    assert "<a " not in shown and "<code>" not in shown and "<strong>" not in shown
    # Only the pack's own headings: a "# heading" or "===" in an answer stays in its paragraph.
    expected_levels = {1, 2, 3, 4}
    assert {level for level, _ in page.headings} <= expected_levels
    assert not [text for _, text in page.headings if text in ("heading", "- item")]
    assert page.h2() == section_headings(*SECTIONS)
    assert "<ol>" not in shown  # "1. first" in an answer starts no list
    # A "|" in an answer splits no table cell: the Markdown's tables say exactly what the page's tables say.
    assert page.tables == Page(html).tables


def test_the_markdown_tables_are_the_page_tables(full_pack):
    html, markdown = full_pack
    tables = Page(html).tables
    assert len(tables) > 10 and all(len({len(row) for row in table}) == 1 for table in tables)
    assert Page(rendered_markdown(markdown)).tables == tables


# ---------------------------------------------------------------- the page itself

def test_the_page_is_one_self_contained_file_with_no_script(full_pack):
    html, _ = full_pack
    page = Page(html)
    assert html.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": messages.language()}) in page.tags
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src 'none'" in html
    assert_no_script_or_handler(page)
    loads = [(tag, name, value) for tag, attrs in page.tags for name, value in attrs.items()
             if name in {"src", "href", "srcset", "data", "poster", "action"} and not value.startswith("#")]
    assert loads == []  # only links to the page's own sections
    assert "@import" not in html and "url(" not in html
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    assert {attrs["href"][1:] for tag, attrs in page.tags if tag == "a"} <= ids


def test_the_page_has_a_title_and_its_headings_in_order(full_pack):
    html, _ = full_pack
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title == messages.text("pack.page_title", community="Open Methods North")
    levels = [level for level, _ in Page(html).headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), levels


def test_every_figure_has_its_text_alternative_beside_it(full_pack):
    html, _ = full_pack
    figures = re.findall(r'<section class="exercise">(?:(?!</section>).)*?<svg.*?</section>', html, re.DOTALL)
    assert figures, "the stakeholder map is drawn"
    for figure in figures:
        svg = re.search(r"<svg[^>]*>", figure).group(0)
        assert 'role="img"' in svg and "aria-labelledby" in svg
        assert "<title" in figure and "<desc" in figure
        assert "<table" in figure.split("</svg>", 1)[1], "a table says the same in words"


def test_the_page_reads_at_800_pixels_and_prints(full_pack):
    html, _ = full_pack
    widths = [int(w) for w in re.findall(r"(?:max-)?width[:=]\s*\"?(\d+)(?:px|\")", html)]
    assert all(w <= 800 for w in widths), widths
    assert "max-width:50em" in STYLE and "@media print" in STYLE and 'name="viewport"' in html


def test_the_page_takes_its_colours_from_the_shared_palette():
    allowed = {c.casefold() for c in (OK_COLOUR, OK_TEXT_COLOUR, NOTE_TEXT_COLOUR, "#ffffff", "#000000")}
    assert {c.casefold() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", STYLE)} <= allowed


# ---------------------------------------------------------------- from hand-ins and answer files

def test_a_scripted_participant_gets_a_pack_from_their_hand_ins(folder):
    """Each session done through the widgets and handed in; the hand-ins read back as the facilitator would."""
    release = REPO / "release"
    answers = []
    for spec in all_sessions():
        desk = folder / spec.id
        desk.mkdir()
        shutil.copy(release / spec.id / spec.notebook, desk / spec.notebook)
        with pytest.MonkeyPatch.context() as env:
            env.setenv("JPY_SESSION_NAME", spec.notebook)
            name, content = fill_everything(Workbook(spec.id, desk), "p-042")
        answers.append(read_upload(spec, name, content))
    html, markdown = pack_html(answers), pack_markdown(answers)
    texts = (Page(html).text, Page(rendered_markdown(markdown)).text)
    personal = "Generosity"  # typed in session 4's value in action, a personal value the pack leaves out
    typed = [w for entered in ENTERED.values() for w in entered if w not in (REFLECTION, personal)]
    assert [w for w in typed if not all(normalised(w) in t for t in texts)] == []
    assert not any(normalised(personal) in t for t in texts)
    assert not any(normalised(REFLECTION) in t for t in texts)
    assert not any(normalised(text) in t for text in FEEDBACK.values() for t in texts)
    assert Page(html).h2() == [messages.text("pack.contents"), *section_headings(*SECTIONS)]


def test_a_pack_from_answer_files(tmp_path: Path):
    for answers in every_session():
        AnswerStore(answers.spec, tmp_path).save(answers)
    loaded = [AnswerStore(spec, tmp_path, read_only=True).load()[0] for spec in all_sessions()]
    assert pack_markdown(loaded) == pack_markdown(every_session())


# ---------------------------------------------------------------- the code's place in the package

def test_the_pack_is_participant_side_code():
    """It never imports the facilitator's command (nor grading's widgets), directly or through other modules."""
    graph = build_graph(REPO / "workbooks")
    for module in ("workbooks.strategy_pack", "workbooks.static_markdown"):
        assert reaches(graph, module, lambda m: m.startswith("workbooks.facilitator")) is None
        assert reaches(graph, module, lambda m: m.startswith("workbooks.views") or m == "workbooks.workbook") is None
