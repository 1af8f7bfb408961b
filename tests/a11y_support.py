"""What the accessibility checks share: axe-core injected into JupyterLab, audited on our outputs only, and
a search for anything of ours cut off at the window's width.

axe-core comes from the npm registry (``tests/axe``, installed by ``make test``). Importing this module skips
the importing test module when it is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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
# JupyterLab's own notices (toasts) are hidden: one over an output would leave its contrast unjudged.
FULL_HEIGHT = """() => {
    for (const element of [document.documentElement, document.body]) {
        element.style.height = 'auto';
        element.style.minHeight = '100%';
        element.style.overflow = 'visible';
    }
    const style = document.createElement('style');
    style.id = 'workbooks-audit-style';
    style.textContent = '.jp-Notebook .jp-Cell { content-visibility: visible !important; }'
        + '.Toastify { display: none !important; }';
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


# True once JupyterLab has laid the notebook out in the taller window: every output shows without scrolling.
WHOLE_NOTEBOOK_SHOWN = """(selector) => {
    const outer = document.querySelector('.jp-WindowedPanel-outer');
    outer.scrollTop = 0;
    const shown = outer.getBoundingClientRect();
    const bottom = Math.min(shown.bottom, window.innerHeight) + 1;
    return [...document.querySelectorAll(selector)].every((output) => {
        const box = output.getBoundingClientRect();
        return box.top >= shown.top - 1 && box.bottom <= bottom;
    });
}"""
LAYOUT_TIMEOUT = 30_000  # ms: JupyterLab lays itself out again after a resize, later on a loaded machine


def show_whole_notebook(page, width: int) -> None:
    """Make the window as tall as the whole notebook at ``width`` px and wait until JupyterLab has laid it
    out so. Until then outputs below the old fold are still scrolled out of view, and axe skips their
    colour contrast without a word (it calls that "incomplete", not a violation)."""
    page.evaluate(FULL_HEIGHT)
    tall = page.evaluate("() => document.querySelector('.jp-WindowedPanel-outer').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(tall + 400, MAX_HEIGHT)})
    page.wait_for_function(WHOLE_NOTEBOOK_SHOWN, arg=OUTPUTS, timeout=LAYOUT_TIMEOUT)


def audit(page, meanwhile: Callable[[Any], None] | None = None) -> list[dict]:
    """axe's serious and critical violations in the outputs of the notebook on ``page``, all at once.

    axe judges colour contrast only on screen, so the window is made as tall as the whole notebook
    (at the same width), which puts every output on screen at once. ``meanwhile(page)``, if given, runs
    after the audit, with the window still that tall.
    """
    width = page.viewport_size["width"]
    page.add_script_tag(path=str(AXE))
    try:
        show_whole_notebook(page, width)
        found = [v for v in page.evaluate(AUDIT, [OUTPUTS, WCAG_AA]) if v["impact"] in SERIOUS]
        if meanwhile:
            meanwhile(page)
        return found
    finally:
        page.evaluate(NORMAL_HEIGHT)
        page.set_viewport_size({"width": width, "height": 900})


def audit_whole_page(page) -> list[dict]:
    """axe's serious and critical violations in a whole page of ours (not JupyterLab), as it is on screen."""
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(AUDIT, ["html", WCAG_AA]) if v["impact"] in SERIOUS]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
                     for v in violations)


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


def cut_off(page, width: int, photograph=None) -> list[str]:
    """What in our outputs is cut off or reaches past its output's edge at ``width`` px, with the window as
    tall as the whole notebook. ``photograph(page)``, if given, runs while everything is on screen."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(500)  # charts follow their box's new width
    try:
        show_whole_notebook(page, width)
        page.wait_for_timeout(500)
        if photograph:
            photograph(page)
        found: list[str] = page.evaluate(CUT, OUTPUTS)
        return found
    finally:
        page.evaluate(NORMAL_HEIGHT)
        page.set_viewport_size({"width": width, "height": 900})


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
    diagnosis: list[str] = []
    try:
        violations = audit(page, meanwhile=lambda page: diagnosis.append(planted_diagnosis(page)))
    finally:
        page.evaluate("(id) => document.getElementById(id)?.remove()", PLANTED)
    assert any(v["id"] == "color-contrast" and any(PLANTED in node for node in v["nodes"]) for v in violations), (
        f"{describe(violations) or 'axe reported nothing'}\n{' '.join(diagnosis)}")


# Where the planted paragraph is and what axe made of it, for a failure message: still there? on screen?
# covered by something? judged "incomplete" (axe could not tell its background)?
PLANTED_DIAGNOSIS = """async (id) => {
    const planted = document.getElementById(id);
    if (!planted) return {present: false};
    const box = planted.getBoundingClientRect();
    const x = box.left + Math.min(box.width, 20) / 2, y = box.top + box.height / 2;
    const on_top = document.elementsFromPoint(x, y).slice(0, 3).map((e) => e.tagName.toLowerCase()
        + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' ? '.' + e.className : ''));
    const result = await axe.run(planted, {runOnly: {type: 'rule', values: ['color-contrast']}});
    const judged = (list) => list.flatMap((r) => r.nodes.map((n) => (n.failureSummary || '')
        + (n.any || []).map((c) => c.message).join(' ')));
    return {present: true, box: [box.left, box.top, box.width, box.height], window: [innerWidth, innerHeight],
            on_top, violations: judged(result.violations), incomplete: judged(result.incomplete)};
}"""


def planted_diagnosis(page) -> str:
    """What the planted paragraph looks like to axe, in words."""
    try:
        return f"the planted paragraph: {page.evaluate(PLANTED_DIAGNOSIS, PLANTED)}"
    except Exception as problem:  # a failure message must not fail
        return f"the planted paragraph could not be examined: {problem}"
