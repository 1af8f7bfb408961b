"""WCAG 2.2 AA in our outputs: axe-core audits every released notebook after Run All, at 1366 and 800 px.

axe-core comes from the npm registry (``tests/axe``, installed by ``make test``) and is injected into
the page. Only our outputs are audited (JupyterLab's own interface is not ours to fix). Two things
make sure the audit really sees the text: every cell is drawn (JupyterLab skips drawing cells out of
view), and the page body, which JupyterLab gives no height with hidden overflow, gets its full
height. A low-contrast paragraph planted in an output proves it: axe must report it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    ALL_NOTEBOOKS,
    Steps,
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
    style.textContent = '.jp-Notebook .jp-Cell { content-visibility: visible !important; }';
    document.head.append(style);
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


@pytest.mark.parametrize("notebook", ALL_NOTEBOOKS, ids=lambda n: n.session)
def test_our_outputs_have_no_serious_or_critical_axe_violations_at_either_width(lab, browser, notebook):
    context, page, session = open_tab(browser, lab, notebook)
    step = Steps()
    try:
        with screenshot_on_failure(page, lab, step):
            step("open the notebook and run all cells")
            session.open_notebook(workspace=f"audit-{notebook.session}")
            session.run_all()
            session.exercise(first_exercise(notebook))  # the widgets are drawn
            problems = {}
            for width in WIDTHS:
                step(f"audit every output at {width} px")
                page.set_viewport_size({"width": width, "height": 900})
                violations = audit(page)
                if violations:
                    problems[width] = describe(violations)
            assert not problems, "\n".join(f"at {width} px:\n{text}" for width, text in problems.items())
    finally:
        print("\n" + step.report())
        context.close()


def test_the_audit_sees_the_text_of_our_outputs(lab, browser):
    """A test that cannot fail is a defect: a grey-on-white paragraph planted in an output must be reported."""
    notebook = ALL_NOTEBOOKS[0]
    context, page, session = open_tab(browser, lab, notebook)
    try:
        session.open_notebook(workspace="audit-planted")
        session.run_all()
        session.exercise(first_exercise(notebook))
        page.evaluate("""(id) => {
            const outputs = document.querySelectorAll('.jp-Notebook .jp-OutputArea-output');
            const planted = document.createElement('p');
            planted.id = id;
            planted.textContent = 'Planted text, far too pale to read';
            planted.style.color = '#c8c8c8';
            outputs[outputs.length - 1].append(planted);
        }""", PLANTED)
        violations = audit(page)
        assert any(v["id"] == "color-contrast" and any(PLANTED in node for node in v["nodes"]) for v in violations), (
            describe(violations) or "axe reported nothing")
    finally:
        context.close()
