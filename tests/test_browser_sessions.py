"""Participants work through sessions 1, 3 and 4 in real JupyterLab and headless Chromium.

Run with ``python -m pytest tests/test_browser_sessions.py -m browser -q -s``. Like
``test_browser.py`` it needs JupyterLab, playwright and the system Chromium (see
``browser_support``), and is skipped without them.

One JupyterLab serves every test here; each notebook gets one tab, opened and run
once (``Run All Cells``) by a fixture, in which the tests then work as a
participant would: the keyboard for the dropdowns and boxes, the mouse for the
menus and buttons.
"""

from __future__ import annotations

import re

import pytest

from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    ALL_NOTEBOOKS,
    RUN_ALL_TIMEOUT,
    SESSION1,
    SESSION3,
    SESSION4,
    Steps,
    assert_controls_named,
    assert_row,
    button,
    expect,
    open_tab,
    running_lab,
    screenshot_on_failure,
    wait_for_answers,
)
from workbooks import messages

pytestmark = pytest.mark.browser

SKILLS = ("Engagement skills", "Content skills", "Strategic skills", "Business skills", "Technical skills")
RATINGS_TABLE = "Exercise 4: Rate your skills"
PATHWAY_TABLE = "People at each phase and how many moved on"
PEOPLE, MOVED_ON = "People there", "Moved on to the next phase"  # the pathway table's columns
PATHWAY_BOXES = [  # a box per phase and column, named as a screen reader says it; the top's second is closed
    f"{which}, {phase}"
    for phase in ("Discovery", "First contact", "Participation", "Sustained participation",
                  "Networked participation", "Leadership")
    for which in (PEOPLE, MOVED_ON)
]
VALUE_SLOTS = ("Value 1", "Value 2", "Value 3")
IMPOSSIBLE = "More people moved on than were at this phase. Please check this number and the one beside it."


@pytest.fixture(scope="module")
def lab():
    """One JupyterLab server whose root is a fresh folder holding copies of the four notebooks."""
    with running_lab(ALL_NOTEBOOKS) as server:
        yield server


def notebook_tab(browser, lab, notebook):
    """A tab on ``notebook``, opened and run once: no traceback, no question from JupyterLab."""
    context, page, session = open_tab(browser, lab, notebook, accept_downloads=True)
    step = Steps()
    step(f"open {notebook.name} and run all cells")
    try:
        with screenshot_on_failure(page, lab, step):
            session.open_notebook(workspace=notebook.session)
            session.run_all()
        yield session
        assert not session.browser_dialogs, f"the browser asked: {session.browser_dialogs}"
    finally:
        context.close()


@pytest.fixture(scope="module")
def session1(lab, browser):
    yield from notebook_tab(browser, lab, SESSION1)


@pytest.fixture(scope="module")
def session3(lab, browser):
    yield from notebook_tab(browser, lab, SESSION3)


@pytest.fixture(scope="module")
def session4(lab, browser):
    yield from notebook_tab(browser, lab, SESSION4)


def answers_path(session):
    return session.lab["root"] / session.notebook.answer_file


def exercise_answers(session, exercise: str, holds, what: str) -> dict:
    """The saved answers of ``exercise`` once ``holds`` is true of them."""
    answers = wait_for_answers(answers_path(session), lambda a: holds(a["exercises"][exercise]), what)
    return answers["exercises"][exercise]


def widget_controls(controls: list[str]) -> list[str]:
    """The controls that are not the chart's own buttons (which plotly names itself)."""
    return [html for html in controls if "modebar-btn" not in html]


# -- session 1: rate your skills ----------------------------------------------------


def assert_ratings(output, picked: dict[str, str], when: str) -> None:
    """The dropdowns show ``picked``; the table beside the radar shows the scores; the radar is there."""
    for skill, value in picked.items():
        expect(output.get_by_label(skill, exact=True), f"the {skill} dropdown {when}").to_have_value(value)
    table = output.get_by_role("table", name=RATINGS_TABLE)
    for skill in SKILLS:
        score = picked[skill].split(":")[0] if skill in picked else "Not rated yet"
        assert_row(table, [skill, score], when)
    expect(output.locator(".js-plotly-plot"), f"the radar chart {when}").to_be_visible()


def test_session1_controls_have_accessible_names(session1):
    output = session1.exercise("skills_rating")
    for skill in SKILLS:
        expect(output.get_by_label(skill, exact=True), f"a dropdown labelled {skill!r}").to_have_count(1)
        expect(output.get_by_role("combobox", name=skill, exact=True)).to_have_count(1)
    expect(button(output, "Check my work")).to_have_count(1)
    expect(output.get_by_role("table", name=RATINGS_TABLE)).to_have_count(1)
    controls = widget_controls(assert_controls_named(output, "the skills rating"))
    assert len(controls) == len(SKILLS) + 1, "\n".join(controls)


def test_session1_ratings_by_keyboard_survive_a_closed_tab(session1):
    session, page, lab = session1, session1.page, session1.lab
    step = Steps()
    step("rate skills with the keyboard")
    with screenshot_on_failure(page, lab, step):
        output = session.exercise("skills_rating")
        expect(output.locator(".js-plotly-plot")).to_be_visible(timeout=RUN_ALL_TIMEOUT)
        engagement = output.get_by_label("Engagement skills", exact=True)
        engagement.focus()
        page.keyboard.press("4")  # a closed dropdown jumps to the choice starting with what is typed
        expect(engagement).to_have_value("4")
        page.keyboard.press("Tab")
        content = output.get_by_label("Content skills", exact=True)
        expect(content, "Tab from Engagement skills reaches Content skills").to_be_focused()
        page.keyboard.press("3")
        expect(content).to_have_value("3")
        output.get_by_label("Strategic skills", exact=True).select_option("5: a real strength")
        picked = {"Engagement skills": "4", "Content skills": "3", "Strategic skills": "5"}  # the lists' values
        assert_ratings(output, picked, "after rating")
        expect(output).to_contain_text("Rated 3 of 5. Strongest: Strategic skills.")

        step("the answers file holds the scores")
        scores = {"engagement": 4, "content": 3, "strategic": 5}
        saved = exercise_answers(session, "skills_rating", lambda e: e["scores"] == scores, f"scores {scores}")
        assert saved == {"scores": scores}

        step("close the tab unsaved, open the notebook again and run all cells")
        session.close_and_reopen()
        session.run_all()
        output = session.exercise("skills_rating")
        expect(output.locator(".js-plotly-plot")).to_be_visible(timeout=RUN_ALL_TIMEOUT)
        assert_ratings(output, picked, "in a new tab after running all cells")
        session.assert_no_traceback("in a new tab")
    print(f"\nsession 1 steps:\n{step.report()}")


def test_session1_arrow_keys_change_a_rating(session1):
    """Up and down arrows on a focused drop-down list step through its choices, as anywhere else."""
    output = session1.exercise("skills_rating")
    business = output.get_by_label("Business skills", exact=True)
    business.focus()
    session1.page.keyboard.press("ArrowDown")  # Not rated yet -> 0: not yet
    session1.page.keyboard.press("ArrowDown")  # -> 1
    expect(business, "ArrowDown keeps the focus on the drop-down list").to_be_focused(timeout=2_000)
    expect(business, "ArrowDown twice picks 1").to_have_value("1", timeout=2_000)
    # Letters that are notebook shortcuts in command mode: "m" would turn the cell into Markdown,
    # "x" would cut it, "k" would move to the cell above.
    for key in ("m", "x", "k"):
        session1.page.keyboard.press(key)
    expect(business, "letter keys leave the focus on the drop-down list").to_be_focused(timeout=2_000)
    expect(output.locator(".js-plotly-plot"), "the exercise cell is still there").to_be_visible()
    exercise_answers(session1, "skills_rating", lambda e: e["scores"].get("business") == 1, "business skills 1")


def test_session1_charts_offer_no_upload_to_the_cloud(session1):
    output = session1.exercise("skills_rating")
    expect(output.locator(".js-plotly-plot")).to_be_visible(timeout=RUN_ALL_TIMEOUT)
    expect(output.locator(".modebar-btn").first, "the chart's own buttons").to_be_attached()
    expect(output.get_by_role("button", name=re.compile(r"^Share chart")),
           "no button that sends the chart to Plotly Cloud").to_have_count(0, timeout=1_000)


# -- session 3: numbers along the pathway --------------------------------------------


def test_session3_controls_have_accessible_names(session3):
    output = session3.exercise("pathway_numbers")
    for label in PATHWAY_BOXES:
        expect(output.get_by_role("textbox", name=label, exact=True), f"a box named {label!r}").to_have_count(1)
    expect(button(output, "Check my work")).to_have_count(1)
    expect(output.get_by_role("table", name=PATHWAY_TABLE)).to_have_count(1)
    controls = widget_controls(assert_controls_named(output, "the pathway numbers"))
    assert len(controls) == len(PATHWAY_BOXES) + 1, "\n".join(controls)


def test_session3_pathway_numbers_survive_a_kernel_restart(session3):
    session, page, lab = session3, session3.page, session3.lab
    step = Steps()
    step("type people and moved-on numbers, leaving each box with Tab")
    with screenshot_on_failure(page, lab, step):
        output = session.exercise("pathway_numbers")
        plot = output.locator(".js-plotly-plot")
        expect(plot).to_be_visible(timeout=RUN_ALL_TIMEOUT)
        people = output.get_by_role("textbox", name=f"{PEOPLE}, Discovery", exact=True)
        moved = output.get_by_role("textbox", name=f"{MOVED_ON}, Discovery", exact=True)
        people.click()
        page.keyboard.type("100")
        page.keyboard.press("Tab")  # a one-line box sends its text when the focus leaves it
        expect(moved, "Tab from Discovery's people reaches Discovery's moved on").to_be_focused()
        page.keyboard.type("40")
        page.keyboard.press("Tab")
        table = output.get_by_role("table", name=PATHWAY_TABLE)
        assert_row(table, ["Discovery", "100", "40", "40%"], "after typing")
        expect(plot.locator(".sankey .sankey-link"), "one flow drawn in the Sankey diagram").to_have_count(1)
        # plotly draws only the phases a flow touches
        nodes = plot.locator(".sankey .sankey-node")
        expect(nodes, "the two phases of the flow").to_have_count(2)
        expect(nodes.first).to_contain_text("Discovery")
        expect(nodes.last).to_contain_text("First contact")
        expect(output.locator(".sheet-message:visible")).to_have_count(0)
        exercise_answers(session, "pathway_numbers",
                         lambda e: e == {"people": {"discovery": 100}, "moved_on": {"discovery": 40}},
                         "100 people and 40 moved on")

        step("an impossible number: a friendly warning, and the number is kept")
        moved.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("150")
        page.keyboard.press("Tab")
        expect(output.locator(".sheet-message:visible"), "the warning about impossible numbers").to_have_text(
            re.compile(re.escape(IMPOSSIBLE)))
        assert_row(table, ["Discovery", "100", "150"], "after an impossible number")
        expect(moved).to_have_value("150")
        exercise_answers(session, "pathway_numbers", lambda e: e["moved_on"] == {"discovery": 150},
                         "the impossible 150 (saved all the same)")
        session.assert_no_traceback("after an impossible number")

        step("restart the kernel, then run all cells")
        session.restart_clear_and_run_all()
        output = session.exercise("pathway_numbers")
        expect(output.locator(".js-plotly-plot")).to_be_visible(timeout=RUN_ALL_TIMEOUT)
        expect(output.get_by_role("textbox", name=f"{PEOPLE}, Discovery", exact=True)).to_have_value("100")
        expect(output.get_by_role("textbox", name=f"{MOVED_ON}, Discovery", exact=True)).to_have_value("150")
        assert_row(output.get_by_role("table", name=PATHWAY_TABLE), ["Discovery", "100", "150"],
                   "after restarting the kernel")
        expect(output.locator(".sheet-message:visible"), "the warning after restarting").to_have_text(
            re.compile(re.escape(IMPOSSIBLE)))
    print(f"\nsession 3 steps:\n{step.report()}")


# -- session 4: core values and the charter --------------------------------------------


def test_session4_controls_have_accessible_names(session4):
    output = session4.exercise("core_values")
    for slot in VALUE_SLOTS:
        expect(output.get_by_label(slot, exact=True), f"a dropdown labelled {slot!r}").to_have_count(1)
        expect(output.get_by_role("combobox", name=slot, exact=True)).to_have_count(1)
    expect(button(output, "Check my work")).to_have_count(1)
    controls = assert_controls_named(output, "the core values")
    assert len(controls) == len(VALUE_SLOTS) + 1, "\n".join(controls)
    charter = session4.cell_output("charter(")
    expect(button(charter, "Build my charter")).to_have_count(1)
    assert len(assert_controls_named(charter, "the charter")) == 1


def test_session4_values_by_keyboard_then_charter_download(session4, tmp_path):
    session, page, lab = session4, session4.page, session4.lab
    step = Steps()
    step("pick three values with the keyboard")
    with screenshot_on_failure(page, lab, step):
        output = session.exercise("core_values")
        value1, value2, value3 = (output.get_by_label(slot, exact=True) for slot in VALUE_SLOTS)
        value1.focus()
        page.keyboard.press("h")  # a closed drop-down list jumps to the first choice starting with "h"
        expect(value1).to_have_value("honesty")
        page.keyboard.press("Tab")
        expect(value2, "Tab from Value 1 reaches Value 2").to_be_focused()
        page.keyboard.press("t")
        expect(value2).to_have_value("transparency")
        value3.select_option(label="Curiosity")
        chosen = ["honesty", "transparency", "curiosity"]
        summary = "Your values: Honesty, Transparency, Curiosity."
        expect(output).to_contain_text(summary)
        exercise_answers(session, "core_values", lambda e: e["chosen"] == chosen, f"the values {chosen}")

        step("pick a value a second time: a friendly message, nothing lost")
        value3.focus()
        page.keyboard.press("h")
        expect(output.locator(".sheet-message:visible"), "the message beside the repeated value").to_have_text(
            re.compile(re.escape("You already picked “Honesty” as Value 1. Please pick a different value here.")))
        expect(value3, "the refused pick stays in sight beside its message").to_have_value("honesty")
        for box, value in ((value1, "honesty"), (value2, "transparency")):
            expect(box).to_have_value(value)
        expect(output).to_contain_text(summary)
        saved = exercise_answers(session, "core_values", lambda e: True, "the values")
        assert saved["chosen"] == chosen

        step("build the charter and download it as Markdown")
        charter = session.cell_output("charter(")
        charter.scroll_into_view_if_needed()
        button(charter, "Build my charter").click()
        expect(charter).to_contain_text("Your charter is ready")
        link = charter.get_by_role("link", name=re.compile(re.escape(messages.text("charter.save_markdown"))))
        expect(charter.get_by_role("link", name=re.compile(re.escape(messages.text("charter.save_html"))))
               ).to_have_count(1)
        named = assert_controls_named(charter, "the built charter")
        assert len(named) == 3, "\n".join(named)  # Build my charter and the two links
        with page.expect_download() as started:
            link.click()
        download = started.value
        assert download.suggested_filename == "charter.md"
        saved_charter = tmp_path / download.suggested_filename
        download.save_as(saved_charter)
        text = saved_charter.read_text(encoding="utf-8")
        assert f"## {messages.text('charter.values')}" in text, text[:2000]
        for value in ("Honesty", "Transparency", "Curiosity"):  # personal core values: never in the charter
            assert value not in text, f"the personal value {value} is in the charter:\n{text[:2000]}"
        session.assert_no_traceback("after building the charter")
    print(f"\nsession 4 steps:\n{step.report()}")


# -- every session: the closing feedback (ungraded) ------------------------------------

def test_session4_closing_feedback_typed_survives_a_closed_tab(session4):
    session, page, lab = session4, session4.page, session4.lab
    worked, surprised = "The charter builder made our values concrete.", "How short a mission can be."
    step = Steps()
    step("type the closing feedback with the keyboard")
    with screenshot_on_failure(page, lab, step):
        output = session.exercise("closing_feedback")
        box = output.get_by_label("What worked well for you in this session?", exact=True)
        box.focus()
        page.keyboard.type(worked)
        page.keyboard.press("Tab")
        output.get_by_label("What surprised you?", exact=True).press_sequentially(surprised)
        page.keyboard.press("Tab")
        expect(output.get_by_role("button", name="Check my work")).to_have_count(0)  # it is not graded

        step("the answers file holds both answers")
        saved = exercise_answers(session, "closing_feedback",
                                 lambda e: e["answers"]["worked"] == worked and e["answers"]["surprised"] == surprised,
                                 "the closing feedback")
        assert saved["answers"]["didnt"] == ""

        step("close the tab unsaved, open the notebook again and run all cells")
        session.close_and_reopen()
        session.run_all()
        output = session.exercise("closing_feedback")
        expect(output.get_by_label("What worked well for you in this session?", exact=True)).to_have_value(worked)
        expect(output.get_by_label("What surprised you?", exact=True)).to_have_value(surprised)
        session.assert_no_traceback("in a new tab")
    print(f"\nclosing feedback steps:\n{step.report()}")
