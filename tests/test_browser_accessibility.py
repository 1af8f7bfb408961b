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

from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    ALL_NOTEBOOKS,
    Steps,
    expect,
    headless_chromium,
    open_tab,
    running_lab,
    screenshot_on_failure,
)
from workbooks import sessions

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("axe") / "node_modules" / "axe-core" / "axe.min.js"
if not AXE.exists():  # pragma: no cover - depends on the machine
    pytest.skip(f"axe-core is not installed at {AXE} (make test runs npm ci in tests/axe)", allow_module_level=True)

WIDTHS = (1366, 800)
MAX_HEIGHT = 60_000  # px: taller than any session notebook
SERIOUS = ("serious", "critical")
# The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OUTPUTS = ".jp-Notebook .jp-OutputArea-output"
PLANTED = "workbooks-planted-low-contrast"

# Gives the page its full height, so that axe does not take text for clipped and skip it, and draws every
# cell: JupyterLab skips drawing cells out of view (content-visibility), which axe would take for hidden.
FULL_HEIGHT = """() => {
    for (const element of [document.documentElement, document.body]) {
        element.style.height = 'auto';
        element.style.minHeight = '100%';
        element.style.overflow = 'visible';
    }
    const style = document.createElement('style');
    style.id = 'workbooks-audit-style';
    style.textContent = '.jp-Notebook .jp-Cell { content-visibility: visible !important; }';
    document.head.append(style);
}"""
# Undoes FULL_HEIGHT, so that JupyterLab lays itself out as before (its side panels too).
NORMAL_HEIGHT = """() => {
    for (const element of [document.documentElement, document.body]) {
        element.style.height = element.style.minHeight = element.style.overflow = '';
    }
    document.getElementById('workbooks-audit-style')?.remove();
    window.dispatchEvent(new Event('resize'));
}"""

AUDIT = """async ([selector, tags]) => {
    const result = await axe.run(document.querySelectorAll(selector),
                                 {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n').join(' ')),
    }));
}"""


def first_exercise(notebook) -> str:
    return sessions.get(notebook.session).exercises[0].name


def audit(page) -> list[dict]:
    """axe's serious and critical violations in the outputs of the notebook on ``page``, all at once.

    axe judges colour contrast only on screen, so the window is made as tall as the whole notebook
    (at the same width), which puts every output on screen at once.
    """
    width = page.viewport_size["width"]
    page.add_script_tag(path=str(AXE))
    page.evaluate(FULL_HEIGHT)
    tall = page.evaluate("() => document.querySelector('.jp-WindowedPanel-outer').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(tall + 400, MAX_HEIGHT)})
    try:
        return [v for v in page.evaluate(AUDIT, [OUTPUTS, WCAG_AA]) if v["impact"] in SERIOUS]
    finally:
        page.evaluate(NORMAL_HEIGHT)
        page.set_viewport_size({"width": width, "height": 900})


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
                     for v in violations)


@pytest.fixture(scope="module")
def lab():
    with running_lab(ALL_NOTEBOOKS) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with headless_chromium() as chromium:
        yield chromium


# Everything in an output that must be seen whole: a box or a button cut short ("Add…"), a label clipped,
# or anything reaching past the output's right edge.
CUT = """(selector) => {
    const found = [];
    const name = (e) => e.tagName.toLowerCase()
        + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
        + ' "' + (e.textContent || e.value || '').trim().slice(0, 40) + '"';
    for (const output of document.querySelectorAll(selector)) {
        const edge = output.getBoundingClientRect().right + 1;
        const shown = 'button, label, th, td, h4, h5, p, li, summary, input, select, textarea, .widget-label, '
            + 'svg.main-svg';
        for (const e of output.querySelectorAll(shown)) {
            if (e.getClientRects().length === 0) continue;  // not shown
            const clipped = ['BUTTON', 'LABEL'].includes(e.tagName) || e.classList.contains('widget-label')
                ? e.scrollWidth > e.clientWidth + 1 : false;
            if (clipped || e.getBoundingClientRect().right > edge) found.push(name(e));
        }
    }
    return found;
}"""
SCREENSHOTS = Path(__file__).resolve().parents[1] / ".test-artifacts" / "screenshots"
# A photograph of every output too, for a person reviewing a change to the views (slow: WORKBOOKS_SCREENSHOTS=all).
EVERY_OUTPUT = os.environ.get("WORKBOOKS_SCREENSHOTS") == "all"


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


def assert_a_planted_pale_paragraph_is_reported(page) -> None:
    """A test that cannot fail is a defect: grey-on-white text planted in the last output must be reported
    by the same audit. (Done in the first notebook's tab, then removed, so no tab is opened for it.)"""
    page.evaluate("""(id) => {
        const outputs = document.querySelectorAll('.jp-Notebook .jp-OutputArea-output');
        const planted = document.createElement('p');
        planted.id = id;
        planted.textContent = 'Planted text, far too pale to read';
        planted.style.color = '#c8c8c8';
        outputs[outputs.length - 1].append(planted);
    }""", PLANTED)
    try:
        violations = audit(page)
    finally:
        page.evaluate("(id) => document.getElementById(id)?.remove()", PLANTED)
    assert any(v["id"] == "color-contrast" and any(PLANTED in node for node in v["nodes"]) for v in violations), (
        describe(violations) or "axe reported nothing")


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
            page.evaluate(FULL_HEIGHT)
            tall = page.evaluate("() => document.querySelector('.jp-WindowedPanel-outer').scrollHeight")
            page.set_viewport_size({"width": width, "height": min(tall + 400, MAX_HEIGHT)})
            page.wait_for_timeout(500)
            if EVERY_OUTPUT:
                outputs = page.locator(OUTPUTS)
                for index in range(outputs.count()):
                    outputs.nth(index).screenshot(path=SCREENSHOTS / f"{name}-{index:02d}.png")
            found = page.evaluate(CUT, OUTPUTS)
            if found:
                cut[where] = found
            page.evaluate(NORMAL_HEIGHT)
            page.set_viewport_size({"width": width, "height": 900})
        show_file_browser(page, False)  # closed again, as the participant found it
    assert not cut, "\n".join(f"cut at {where}:\n    " + "\n    ".join(items[:20]) for where, items in cut.items())
