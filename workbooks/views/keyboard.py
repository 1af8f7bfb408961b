"""Keep JupyterLab's notebook shortcuts away from the keys pressed in an exercise.

In command mode JupyterLab reads single keys as commands. On a focused drop-down
list or button, "k" or the up arrow moves to another cell, "m" turns the
exercise's cell into Markdown and "x" cuts it (ipywidgets issue #3912), so a
participant choosing a value by keyboard loses their place or the exercise.
JupyterLab handles shortcuts when a key press bubbles up to the document; this
invisible widget stops plain key presses at the output it is shown in, so they
only do what the control itself does. Tab, Escape, Shift+Enter and shortcuts
with Ctrl, Alt or Cmd (such as Ctrl+S) still reach JupyterLab.

It also brings the exercises' style: boxes, labels and tables never wider than their output, and a
focus style: ipywidgets marks the focused control with a 1 px light-blue line (2.2:1 on white);
WCAG 2.2 asks for 3:1. Ours is a 3 px line in Okabe-Ito blue (5.2:1), drawn only in our exercises'
outputs.
"""

from __future__ import annotations

import anywidget
import ipywidgets as widgets

from ..static import NOTE_TEXT_COLOUR, OK_COLOUR

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


EXERCISE_CLASS = "workbooks-exercise"  # on every exercise's outermost box (views/base.py)
EXAMPLE_CLASS = "workbooks-example"  # a worked example, folded away (views/common.py)
FOCUS_STYLE = f"""
.{EXERCISE_CLASS} :is(input, textarea, select, button, a, summary, [tabindex]):focus-visible {{
  outline: 3px solid {OK_COLOUR} !important;
  outline-offset: 1px;
}}
.{EXERCISE_CLASS} :is(.widget-textarea, .widget-text, .widget-dropdown, .widget-combobox, .widget-inline-hbox) {{
  max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px));
}}
.{EXERCISE_CLASS} .widget-dropdown select {{ min-width: 0; }}
.{EXERCISE_CLASS} .widget-label {{ white-space: normal; overflow: visible; height: auto; line-height: 1.3; }}
.{EXERCISE_CLASS} .widget-textarea textarea {{ box-sizing: border-box; max-width: 100%; }}
.{EXERCISE_CLASS} .widget-html, .{EXERCISE_CLASS} .widget-html-content {{ max-width: 100%; min-width: 0; }}
.{EXERCISE_CLASS} .widget-html-content table {{ max-width: 100%; }}
.{EXERCISE_CLASS} .widget-html-content :is(th, td) {{ white-space: normal; overflow-wrap: anywhere; }}
.{EXAMPLE_CLASS} {{ margin: 0.5em 0; }}
.{EXAMPLE_CLASS} > summary {{ cursor: pointer; color: {OK_COLOUR}; text-decoration: underline; width: fit-content; }}
.{EXAMPLE_CLASS} > div {{ border-left: 4px solid {NOTE_TEXT_COLOUR}; padding: 0.25em 0 0.25em 1em; margin-top: 0.5em; }}
"""


class KeyboardGuard(anywidget.AnyWidget):
    """Invisible; see the module docstring."""

    _esm = GUARD_OUTPUT
    _css = FOCUS_STYLE


def exercise_box(*children: widgets.Widget) -> widgets.VBox:
    """An exercise's outermost box: its keys kept in it, its focus always visible."""
    box = widgets.VBox([KeyboardGuard(), *children])
    box.add_class(EXERCISE_CLASS)
    return box
