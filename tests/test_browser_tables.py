"""Sheets (tables and reflection forms) in a released notebook, in real JupyterLab, by mouse and keyboard.

Session 2's "Purpose and outcomes" and "Stakeholders" are tables (the ``Sheet`` widget). What a
participant types reaches the answers file whatever they press next, and keeps reaching it
across a kernel restart.
"""

from __future__ import annotations

import pytest

from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    SESSION2,
    Steps,
    button,
    expect,
    open_tab,
    running_lab,
    screenshot_on_failure,
    wait_for_answers,
)
from workbooks import messages

pytestmark = pytest.mark.browser

PRESSES = 200  # type-then-click presses in the stress test
ADD = messages.text("sheet.add")
CHECK = messages.text("check.button")


@pytest.fixture(scope="module")
def lab():
    with running_lab([SESSION2]) as server:
        yield server


def cell(output, exercise: str, column: str, row: int):
    """The box of ``column`` in ``row`` (from 1), found by its accessible name, as a screen reader would."""
    label = messages.text(f"{exercise}.column.{column}")
    return output.get_by_role("textbox", name=f"{label}, row {row}", exact=True)


def saved_rows(lab: dict, exercise: str, holds, what: str, timeout: float = 10) -> list[dict]:
    answers = wait_for_answers(lab["root"] / SESSION2.answer_file,
                               lambda a: holds(a["exercises"][exercise]["rows"]), what, timeout)
    rows: list[dict] = answers["exercises"][exercise]["rows"]
    return rows


def test_typing_then_pressing_add_row_at_once_never_loses_a_letter(lab, browser):
    """The stress test: each time, a click into the new row's first box, a few letters and, at once, a click
    on Add row. With a form of one-line boxes, 11 of 82 such presses lost what was typed."""
    context, page, session = open_tab(browser, lab, SESSION2)
    step = Steps()
    try:
        with screenshot_on_failure(page, lab, step):
            step("open the notebook and run all cells")
            session.open_notebook(workspace="stress")
            session.run_all()
            output = session.exercise("purpose_outcomes")
            add = button(output, ADD)
            step(f"{PRESSES} times: click, type, Add row")
            for i in range(PRESSES):
                cell(output, "purpose_outcomes", "project", i + 1).click()
                page.keyboard.type(f"P{i}")
                add.click()
            expected = [f"P{i}" for i in range(PRESSES)]
            step("every project reached the answers file, in order")
            rows = saved_rows(lab, "purpose_outcomes", lambda rows: len(rows) >= PRESSES, "all the projects", 30)
            assert [r["project"] for r in rows] == expected
            expect(output.locator(".sheet-status")).to_contain_text("Saved at")
    finally:
        print("\n" + step.report())
        context.close()


def test_a_table_filled_in_with_the_keyboard_alone_is_saved_and_checked(lab, browser):
    context, page, session = open_tab(browser, lab, SESSION2)
    step = Steps()
    try:
        with screenshot_on_failure(page, lab, step):
            step("open the notebook and run all cells")
            session.open_notebook(workspace="keyboard")
            session.run_all()
            output = session.exercise("stakeholders")
            step("Tab into the first box, type a row; Tab to the next box; Add row with Enter on its button")
            first = cell(output, "stakeholders", "contributor", 1)
            first.focus()
            for name, role, how in (("Mentors", "Pair with newcomers", "Volunteer"),
                                    ("Funder", "Pays for the space", "Observer")):
                page.keyboard.type(name)
                page.keyboard.press("Tab")
                page.keyboard.type(role)
                page.keyboard.press("Tab")
                page.keyboard.type(how)
                page.keyboard.press("Tab")  # Remove row 1
                page.keyboard.press("Tab")  # Add row (the only row so far) ...
                if name == "Mentors":
                    expect(button(output, ADD)).to_be_focused()
                    page.keyboard.press("Enter")
                    expect(cell(output, "stakeholders", "contributor", 2)).to_be_focused()
            saved_rows(lab, "stakeholders", lambda rows: [r["contributor"] for r in rows] == ["Mentors", "Funder"]
                       and rows[1]["participation"] == "Observer", "both stakeholders")
            step("Check my work, by keyboard")
            check = button(output, CHECK)
            check.focus()
            page.keyboard.press("Enter")
            expect(output).to_contain_text(messages.text("stakeholders.check.pass", count=2))
    finally:
        print("\n" + step.report())
        context.close()


def test_typing_while_the_kernel_is_restarted_is_said_kept_and_saved_after_run_all(lab, browser):
    context, page, session = open_tab(browser, lab, SESSION2)
    step = Steps()
    try:
        with screenshot_on_failure(page, lab, step):
            step("open the notebook and run all cells")
            session.open_notebook(workspace="restart")
            session.run_all()
            output = session.exercise("purpose_outcomes")
            status = output.locator(".sheet-status")
            step("restart the kernel: the table says at once that nothing is saved now")
            session.restart_kernel()
            expect(status).to_contain_text(messages.text("sheet.gone"), timeout=3_000)
            expect(status).not_to_contain_text("Saved at")
            step("type while the kernel is down")
            box = cell(output, "purpose_outcomes", "purpose", 1)
            box.click()
            page.keyboard.type("Typed while stopped")
            page.keyboard.press("Tab")
            step("Run All: what was typed comes back and is saved")
            session.wait_for_kernel("after the restart")
            session.run_all()
            output = session.exercise("purpose_outcomes")
            expect(cell(output, "purpose_outcomes", "purpose", 1)).to_have_value("Typed while stopped")
            saved_rows(lab, "purpose_outcomes", lambda rows: any(r["purpose"] == "Typed while stopped" for r in rows),
                       "what was typed while the kernel was down")
            expect(output.locator(".sheet-status")).to_contain_text(messages.text("sheet.back"))
    finally:
        print("\n" + step.report())
        context.close()


def test_a_reflection_counts_its_words_as_they_are_typed_and_is_saved(lab, browser):
    context, page, session = open_tab(browser, lab, SESSION2)
    step = Steps()
    try:
        with screenshot_on_failure(page, lab, step):
            step("open the notebook and run all cells")
            session.open_notebook(workspace="reflections")
            session.run_all()
            output = session.exercise("reflections")
            box = output.get_by_role("textbox", name=messages.text("reflections.prompt.purpose"), exact=True)
            counted = messages.text("reflections.words_of_minimum", count=0, minimum=15)
            expect(box).to_have_accessible_description(counted)
            step("type: the count follows each word, and the text is saved")
            box.click()
            text = "We help early-career researchers share methods."
            page.keyboard.type(text)
            expect(box).to_have_accessible_description(
                messages.text("reflections.words_of_minimum", count=7, minimum=15))
            wait_for_answers(lab["root"] / SESSION2.answer_file,
                             lambda a: a["exercises"]["reflections"]["answers"]["purpose"] == text, "the reflection")
    finally:
        print("\n" + step.report())
        context.close()
