"""Keep JupyterLab's notebook shortcuts away from the keys pressed in an exercise.

In command mode JupyterLab reads single keys as commands. On a focused drop-down
list or button, "k" or the up arrow moves to another cell, "m" turns the
exercise's cell into Markdown and "x" cuts it (ipywidgets issue #3912), so a
participant choosing a value by keyboard loses their place or the exercise.
JupyterLab handles shortcuts when a key press bubbles up to the document; this
invisible widget stops plain key presses at the output it is shown in, so they
only do what the control itself does. Tab, Escape, Shift+Enter and shortcuts
with Ctrl, Alt or Cmd (such as Ctrl+S) still reach JupyterLab.
"""

from __future__ import annotations

import anywidget

GUARD_OUTPUT = """
function render({ el }) {
  el.style.display = "none";
  let tries = 0;
  const guard = () => {
    const output = el.closest(".jp-OutputArea-output, .widget-subarea, .output_subarea");
    if (!output) {
      if (tries++ < 100) setTimeout(guard, 50);
      return;
    }
    if (output.dataset.workbooksKeyboardGuard) return;
    output.dataset.workbooksKeyboardGuard = "on";
    output.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "Tab" || event.key === "Escape" || (event.key === "Enter" && event.shiftKey)) return;
      event.stopPropagation();
    });
  };
  guard();
}
export default { render };
"""


class KeyboardGuard(anywidget.AnyWidget):
    """Invisible; see the module docstring."""

    _esm = GUARD_OUTPUT
