"""WCAG 2.2 AA in our outputs: axe-core audits every released notebook after Run All, at 1366 and 800 px.

axe-core comes from the npm registry (``tests/axe``, installed by ``make test``) and is injected into
the page. Only our outputs are audited (JupyterLab's own interface is not ours to fix). Two things
make sure the audit really sees the text: every cell is drawn (JupyterLab skips drawing cells out of
view), and the page body, which JupyterLab gives no height with hidden overflow, gets its full
height. A low-contrast paragraph planted in an output proves it: axe must report it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from a11y_support import (
    OUTPUTS,
    WIDTHS,
    assert_a_planted_pale_paragraph_is_reported,
    audit,
    audit_whole_page,
    cut_off,
    describe,
)
from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    ALL_NOTEBOOKS,
    Steps,
    expect,
    open_tab,
    running_lab,
    screenshot_on_failure,
)
from model_support import example_answers
from workbooks import sessions
from workbooks.facilitator import gallery
from workbooks.strategy_pack import pack_html

pytestmark = pytest.mark.browser

def first_exercise(notebook) -> str:
    return sessions.get(notebook.session).exercises[0].name


@pytest.fixture(scope="module")
def lab():
    with running_lab(ALL_NOTEBOOKS) as server:
        yield server


SCREENSHOTS = Path(__file__).resolve().parents[1] / ".test-artifacts" / "screenshots"
# A photograph of every output too, for a person reviewing a change to the views (slow: WORKBOOKS_SCREENSHOTS=all).
EVERY_OUTPUT = os.environ.get("WORKBOOKS_SCREENSHOTS") == "all"


def every_output(page, name: str) -> None:
    if EVERY_OUTPUT:
        outputs = page.locator(OUTPUTS)
        for index in range(outputs.count()):
            outputs.nth(index).screenshot(path=SCREENSHOTS / f"{name}-{index:02d}.png")


def show_file_browser(page, shown: bool = True) -> None:
    """Open (or close) the file browser with its side-bar tab. The tab of a closed side bar may already be
    the selected one, and then the first click only selects it."""
    panel = page.locator("#filebrowser")
    for _ in range(2):
        if panel.is_visible() == shown:
            return
        page.get_by_role("tab", name=re.compile(r"^File Browser")).click()
        page.wait_for_timeout(300)
    (expect(panel).to_be_visible if shown else expect(panel).to_be_hidden)()


@pytest.fixture(scope="module", params=ALL_NOTEBOOKS, ids=lambda n: n.session)
def shown(request, lab, browser):
    """A participant's tab on one notebook after Run All, and the steps taken so far."""
    notebook = request.param
    context, page, session = open_tab(browser, lab, notebook)
    step = Steps()
    with screenshot_on_failure(page, lab, step):
        step("open the notebook and run all cells")
        session.open_notebook(workspace=f"screens-{notebook.session}")
        show_file_browser(page, False)  # a workspace of its own starts with it open; participants' does not
        session.run_all()
        session.exercise(first_exercise(notebook))  # the widgets are drawn
    yield session, step
    print("\n" + step.report())
    context.close()


def test_our_outputs_have_no_serious_or_critical_axe_violations_at_either_width(lab, shown):
    session, step = shown
    problems = {}
    with screenshot_on_failure(session.page, lab, step):
        for width in WIDTHS:
            step(f"axe audit at {width} px")
            session.page.set_viewport_size({"width": width, "height": 900})
            violations = audit(session.page)
            if violations:
                problems[width] = describe(violations)
        if session.notebook == ALL_NOTEBOOKS[0]:
            step("the audit sees the text of our outputs: a planted pale paragraph is reported")
            assert_a_planted_pale_paragraph_is_reported(session.page)
    assert not problems, "\n".join(f"at {width} px:\n{text}" for width, text in problems.items())


def test_nothing_in_our_outputs_is_cut_at_either_width_even_with_the_file_browser_open(lab, shown):
    """Each state's top is also photographed (.test-artifacts/screenshots, git-ignored) for a person to look at;
    every output too with WORKBOOKS_SCREENSHOTS=all."""
    session, step = shown
    page = session.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    cut = {}
    with screenshot_on_failure(page, lab, step):
        for width, browser_open in [(1366, False), (800, False), (800, True)]:
            where = f"{width} px" + (" with the file browser open" if browser_open else "")
            step(f"nothing cut at {where}")
            if browser_open:
                show_file_browser(page)
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(500)  # charts follow their box's new width
            name = f"{session.notebook.session}-{width}{'-files' if browser_open else ''}"
            page.screenshot(path=SCREENSHOTS / f"{name}-top.png")
            found = cut_off(page, width, photograph=lambda page, name=name: every_output(page, name))
            if found:
                cut[where] = found
        show_file_browser(page, False)  # closed again, as the participant found it
    assert not cut, "\n".join(f"cut at {where}:\n    " + "\n    ".join(items[:20]) for where, items in cut.items())


def assert_page_passes_at_every_width(page, what: str) -> None:
    """A page of ours opened on its own: no serious or critical axe violation, and no wider than the window."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = audit_whole_page(page)
        assert not violations, f"{what} at {width} px:\n{describe(violations)}"
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= width, f"{what} is {wide} px wide at {width} px: something is cut or scrolls sideways"


def test_the_strategy_pack_page_has_no_serious_or_critical_axe_violations_and_fits_800_px(browser):
    """The page a participant who did every session saves with Make my strategy pack, opened on its own.
    (The page forbids scripts; the test's browser lets axe in all the same.)"""
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.set_content(pack_html([example_answers(session) for session in sessions.session_ids()]))
        assert_page_passes_at_every_width(page, "the strategy pack")
    finally:
        context.close()


def test_the_cohort_gallery_pages_have_no_serious_or_critical_axe_violations_and_fit_800_px(browser):
    """Each session's gallery with two participants' worked examples shared, one named and one not."""
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        for spec in gallery.sharing_sessions(sessions.session_ids()):
            named, anonymous = example_answers(spec.id), example_answers(spec.id)
            anonymous.models["sharing"].set("credit", "")
            page.set_content(gallery.gallery_page(spec, gallery.shared_by(named) + gallery.shared_by(anonymous)))
            expect(page.locator("article")).to_have_count(2 * len(spec.exercise("sharing").options["outputs"]))
            assert_page_passes_at_every_width(page, f"the {spec.id} gallery")
    finally:
        context.close()
