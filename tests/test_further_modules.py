"""The further modules in facilitator/further-modules/: each outline says it is an outline (not a session), and has
who it is for, objectives, a one-hour run sheet in the course's rhythm, an exercise idea, further reading with links
and credits; the index lists every outline; the README and the facilitator guide link to the index; and the outlines
are in our own words (the seed-overlap tool reads them, and a copied seed sentence makes it fail)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "facilitator" / "further-modules"
INDEX = FOLDER / "README.md"
OUTLINES = (
    "events-online-and-in-person.md",
    "impact-assessment-and-reporting.md",
    "conflict-and-restorative-practice.md",
)
SEED_OVERLAP = Path(os.environ.get("WORKBOOKS_SEED_OVERLAP", REPO.parent / "shared" / "tools" / "seed_overlap.py"))
SEED_URL = "https://github.com/malvikasharan/community-building-foundational-training"
# The sections every outline has, in this order.
SECTIONS = ("Who it is for", "Objectives", "Suggested run sheet", "Exercise idea", "Further reading",
            "Credits and licence")
HEADING = re.compile(r"^(#{1,6}) (.+)$", re.MULTILINE)
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
RUN_SHEET_HEADER = "| Minutes | Block | What the facilitator does |"
RUN_SHEET_ROW = re.compile(r"^\| (\d+)[–-](\d+) \| ([^|]+?) \| ([^|]+?) \|$")


def read(name: str) -> str:
    return (FOLDER / name).read_text(encoding="utf-8")


def flat(text: str) -> str:
    """The text on one line, without quote markers, so a check does not depend on where lines wrap."""
    return " ".join(text.replace("\n>", "\n").split())


def section(text: str, title: str) -> str:
    """The body of the level-2 section whose heading starts with title, up to the next level-2 heading."""
    match = re.search(rf"^## {re.escape(title)}.*$", text, re.MULTILINE)
    assert match, f"no '## {title}' section"
    rest = text[match.end():]
    following = re.search(r"^## ", rest, re.MULTILINE)
    return rest[:following.start()] if following else rest


def run_sheet(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, block, what the facilitator does) for each row of the run sheet's table."""
    lines = section(text, "Suggested run sheet").splitlines()
    start = lines.index(RUN_SHEET_HEADER)
    assert re.fullmatch(r"\|(-+\|){3}", lines[start + 1]), "the run sheet's header row needs its separator row"
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        match = RUN_SHEET_ROW.match(line)
        assert match, f"a run-sheet row is not 'start–end | block | what the facilitator does': {line}"
        rows.append((int(match[1]), int(match[2]), match[3], match[4]))
    return rows


def test_the_folder_holds_exactly_the_outlines_and_their_index():
    assert sorted(p.name for p in FOLDER.glob("*.md")) == sorted((*OUTLINES, "README.md"))


@pytest.mark.parametrize("name", OUTLINES)
def test_outline_says_at_the_top_that_it_is_an_outline_not_a_session(name):
    text = read(name)
    top = flat(text[:text.index("\n## ")])
    assert top.startswith("# Further module: ")
    assert ("**This is an outline, not a session of the course.** "
            "There is no workbook, nothing to hand in and no grading.") in top


@pytest.mark.parametrize("name", OUTLINES)
def test_outline_has_its_sections_in_order_and_headings_that_never_skip_a_level(name):
    text = read(name)
    headings = [(len(hashes), title) for hashes, title in HEADING.findall(text)]
    assert headings[0][0] == 1 and [level for level, _ in headings].count(1) == 1, "one title, at the top"
    for (before, _), (after, title) in zip(headings, headings[1:], strict=False):
        assert after <= before + 1, f"'{title}' skips a heading level"
    level_two = [title for level, title in headings if level == 2]
    found = [next((t for t in level_two if t.startswith(s)), None) for s in SECTIONS]
    assert None not in found, f"missing sections: {[s for s, f in zip(SECTIONS, found, strict=True) if f is None]}"
    assert [level_two.index(f) for f in found] == sorted(level_two.index(f) for f in found), "sections out of order"


@pytest.mark.parametrize("name", OUTLINES)
def test_outline_has_three_to_five_objectives(name):
    objectives = re.findall(r"^- ", section(read(name), "Objectives"), re.MULTILINE)
    assert 3 <= len(objectives) <= 5


@pytest.mark.parametrize("name", OUTLINES)
def test_run_sheet_fills_exactly_one_hour_in_the_course_rhythm(name):
    text = read(name)
    rows = run_sheet(text)
    assert rows[0][0] == 0 and rows[-1][1] == 60
    for (_, end, block, _), (start, _, _, _) in zip(rows, rows[1:], strict=False):
        assert start == end, f"a gap or an overlap after '{block}'"
    assert all(end > start for start, end, _, _ in rows)
    assert sum(end - start for start, end, _, _ in rows) == 60
    blocks = [block.lower() for _, _, block, _ in rows]
    assert blocks[0] == "roll call", "the call opens with the roll call"
    assert re.search(r"\*[^*]+\?\*", rows[0][3]), "the roll call asks an icebreaker question (in italics)"
    assert "pluses and deltas" in blocks[-1], "the call closes with pluses and deltas"
    rhythm = ["quiet notes, alone", "breakout rooms", "whole-group share"]
    positions = [blocks.index(step) for step in rhythm]
    assert positions == sorted(positions), "quiet notes alone, then breakout rooms, then the whole-group share"
    assert all(doing.strip() for _, _, _, doing in rows), "every block says what the facilitator does"
    assert "20 to 30 minutes" in section(text, "Suggested run sheet"), "the open discussion after the hour"


@pytest.mark.parametrize("name", OUTLINES)
def test_outline_has_one_exercise_idea_saying_what_participants_do_and_produce(name):
    text = read(name)
    assert len(re.findall(r"^## Exercise idea", text, re.MULTILINE)) == 1
    exercise = section(text, "Exercise idea")
    assert "**What participants do.**" in exercise and "**What they produce.**" in exercise


@pytest.mark.parametrize("name", OUTLINES)
def test_further_reading_links_are_web_addresses_with_descriptive_text(name):
    links = LINK.findall(section(read(name), "Further reading"))
    assert len([target for _, target in links if target.startswith("https://")]) >= 3
    for label, target in links:
        assert not target.startswith("http://"), target
        assert label.strip().lower() not in {"here", "click here", "link", "this link", "read more"}, label


@pytest.mark.parametrize("name", OUTLINES)
def test_outline_credits_our_licence_the_seed_and_the_format_origin(name):
    credits = flat(section(read(name), "Credits and licence"))
    assert "CC BY 4.0" in credits and "(https://creativecommons.org/licenses/by/4.0/)" in credits
    assert "*Foundational Community Building* by Malvika Sharan (The Alan Turing Institute)" in credits
    assert f"({SEED_URL})" in credits
    assert "Mozilla Open Leaders" in credits


def test_conflict_outline_gives_the_five_readings_the_seed_lists():
    reading = section(read("conflict-and-restorative-practice.md"), "Further reading")
    targets = [target for _, target in LINK.findall(reading)]
    for site in ("https://github.com/alan-turing-institute/open-research-community-management/blob/main/"
                 "CODE_OF_CONDUCT.md#6-restorative-practice",
                 "https://involve.org.uk/resources/methods/positive-deviance",
                 "https://www.peoplehum.com/glossary/conflict-management",
                 "https://creducation.net/",
                 "https://www.psychologytoday.com/"):
        assert site in targets, site
    # Not in the seed's order: two titles side by side would repeat a run of the seed's words.
    for title in ("*The Positive Value of Conflict: The Power of Resolution*", "Positive deviance",
                  "*Restorative Practices*", "What is Conflict Management?"):
        assert title in flat(reading), title


def test_index_lists_every_outline_and_each_link_opens_a_file():
    index = INDEX.read_text(encoding="utf-8")
    targets = {target for _, target in LINK.findall(index) if not target.startswith("https://")}
    assert set(OUTLINES) <= targets
    for target in targets:
        assert (FOLDER / target.split("#")[0]).is_file(), target
    assert "**These are outlines, not sessions of the course.**" in index


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("name", OUTLINES)
def test_links_between_outlines_open_a_file_and_a_heading(name):
    for _, target in LINK.findall(read(name)):
        if target.startswith("https://"):
            continue
        page, _, anchor = target.partition("#")
        assert (FOLDER / page).is_file(), target
        if anchor:
            headings = HEADING.findall((FOLDER / page).read_text(encoding="utf-8"))
            assert anchor in {slug(title) for _, title in headings}, target


@pytest.mark.parametrize("page", ["README.md", "docs/facilitator-guide.md"])
def test_readme_and_facilitator_guide_link_to_the_index(page):
    path = REPO / page
    targets = [target for _, target in LINK.findall(path.read_text(encoding="utf-8"))]
    local = [t for t in targets if t.endswith("facilitator/further-modules/README.md")]
    assert local, f"{page} does not link to the further modules"
    assert all((path.parent / t).resolve() == INDEX for t in local)


def run_seed_overlap(path: Path) -> subprocess.CompletedProcess:
    if not SEED_OVERLAP.exists():
        pytest.skip(f"the own-words tool is not at {SEED_OVERLAP}; set WORKBOOKS_SEED_OVERLAP to its path")
    return subprocess.run([sys.executable, str(SEED_OVERLAP), str(path)], capture_output=True, text=True, timeout=120)


def test_outlines_repeat_no_seed_passage():
    result = run_seed_overlap(FOLDER)
    assert result.returncode == 0, result.stdout[-4000:]
    assert result.stdout.strip().endswith("passages: 0, longest: 0 words")


def test_a_seed_sentence_copied_into_an_outline_is_caught(tmp_path):
    """The own-words check really reads these Markdown files: a copy with one seed sentence pasted in fails it."""
    if not SEED_OVERLAP.exists():
        pytest.skip(f"the own-words tool is not at {SEED_OVERLAP}; set WORKBOOKS_SEED_OVERLAP to its path")
    seeds = SEED_OVERLAP.resolve().parent.parent / "seeds"
    seed_lines = (seeds / "000_7dfa35f558b8a4fe.txt").read_text(encoding="utf-8").splitlines()
    sentence = next(line for line in seed_lines if len(line.split()) >= 20)
    copy = tmp_path / "further-modules"
    shutil.copytree(FOLDER, copy)
    outline = copy / OUTLINES[0]
    outline.write_text(outline.read_text(encoding="utf-8") + "\n" + sentence + "\n", encoding="utf-8")
    result = run_seed_overlap(copy)
    assert result.returncode == 1 and str(outline) in result.stdout, result.stdout[-2000:]
