"""Keep JupyterLab's notebook shortcuts away from the keys typed into an exercise.

In command mode JupyterLab reads single keys as commands. On a focused drop-down
list, "k" or the up arrow moves to another cell and "x" cuts one (ipywidgets
issue #3912), so a participant choosing a value by keyboard loses their place.
Lumino skips its shortcuts for key presses inside an element marked
``data-lm-suppress-shortcuts``; this invisible widget marks the output it is
shown in, so the keys reach the exercise's own controls. Tab still moves on.
"""

from __future__ import annotations

import anywidget

MARK_OUTPUT = """
function render({ el }) {
  el.style.display = "none";
  let tries = 0;
  const mark = () => {
    const output = el.closest(".jp-OutputArea-output, .widget-subarea, .output_subarea");
    if (output) {
      output.setAttribute("data-lm-suppress-shortcuts", "true");
    } else if (tries++ < 100) {
      setTimeout(mark, 50);
    }
  };
  mark();
}
export default { render };
"""


class KeyboardGuard(anywidget.AnyWidget):
    """Invisible; see the module docstring."""

    _esm = MARK_OUTPUT
