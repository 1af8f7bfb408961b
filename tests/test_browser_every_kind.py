"""Every kind of exercise, completed with the keyboard alone in real JupyterLab, passes its check and is saved.

For each kind, one exercise of a released notebook: focus its first control (as Tab would reach it),
then only keys. At each stop of Tab the test reads the focused control's accessible name, as a screen
reader would, and types the worked example's answer for it: text into boxes (Enter for a new line), the
start of a choice into a closed drop-down list, Enter on "Add row" while rows remain to type. Then Enter
on "Check my work". The check's pass message shows, and the answers file holds the whole example. A kind
that is only saved, never checked (the choice of what to share), ends once everything is typed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from browser_support import (  # skips this module without playwright, JupyterLab or Chromium
    CONTROLS,
    SESSION1,
    SESSION2,
    SESSION3,
    SESSION4,
    SESSION5,
    SESSION6,
    Notebook,
    Steps,
    expect,
    open_tab,
    running_lab,
    screenshot_on_failure,
    wait_for_answers,
)
from workbooks import kinds, messages, sessions
from workbooks.kinds.ladder import PHASE_FIELDS, phase_label
from workbooks.kinds.maturity import stage_label
from workbooks.kinds.sharing import NAMED, SHARE, sharing_summary
from workbooks.views.ratings import score_options

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHECK = messages.text("check.button")
ADD = messages.text("sheet.add")
MOST_TABS = 150  # stops of Tab within one exercise before the test gives up on reaching its check button

# kind -> the exercise completed here by keyboard
KEYBOARD: dict[str, tuple[Notebook, str]] = {
    "form": (SESSION1, "start_with_why"),
    "ratings": (SESSION1, "skills_rating"),
    "checklist": (SESSION1, "skills_resources"),
    "timeline": (SESSION1, "origin_timeline"),
    "reflections": (SESSION1, "narrative_reflections"),
    "table": (SESSION2, "stakeholders"),
    "ladder": (SESSION3, "mountain"),
    "pathway": (SESSION3, "pathway_numbers"),
    "choice": (SESSION4, "core_values"),
    "scorecard": (SESSION5, "principles_audit"),
    "openness": (SESSION5, "openness_scales"),
    "canvas": (SESSION6, "canvas"),
    "maturity": (SESSION6, "maturity"),
    "badge_designs": (SESSION6, "badge_designs"),
    "sharing": (SESSION3, "sharing"),
}
# kind -> the browser test elsewhere that completes it by keyboard alone
ELSEWHERE = {"power_interest_map": ("test_browser.py", "test_the_map_by_keyboard_only")}


def cell_name(field: str, row: int) -> str:
    return messages.text("sheet.cell", field=field, n=row)


def first_word(text: str) -> str:
    """What to type into a closed drop-down list to pick ``text``: browsers match the start of a choice."""
    return text.split()[0]


# What to type at each control, by the control's accessible name, for each kind's worked example.
def rows_typed(model) -> dict[str, str]:
    return {cell_name(model.label(c), r): row[c] for r, row in enumerate(model.rows, 1) for c in model.columns
            if row.get(c)}


def answers_typed(model) -> dict[str, str]:
    return {model.label(p): model.answers[p] for p in model.prompts if model.answers.get(p)}


def items_typed(model) -> dict[str, str]:
    return {model.label(s): "\n".join(model.items[s]) for s in model.sections if model.items.get(s)}


def phases_typed(model) -> dict[str, str]:
    return {messages.text("sheet.named_cell", field=model.field_label(name), row=phase_label(phase)):
            model.phases[phase][name]
            for phase in model.order for name in PHASE_FIELDS if model.phases.get(phase, {}).get(name)}


def scores_typed(model) -> dict[str, str]:
    names = {score: name for name, score in score_options()}
    return {model.label(item): first_word(names[score]) for item, score in model.scores.items()}


def choices_typed(model) -> dict[str, str]:
    return {model.slot_label(slot): first_word(model.label(option)) for slot, option in enumerate(model.chosen())}


def numbers_typed(model) -> dict[str, str]:
    def box(column: str, phase: str) -> str:
        return messages.text("sheet.named_cell", field=messages.text(column), row=phase_label(phase))
    return ({box("pathway.people_column", p): str(n) for p, n in model.people.items()}
            | {box("pathway.moved_column", p): str(n) for p, n in model.moved_on.items()})


def records_typed(model) -> dict[str, str]:
    def box(column: str, item: str) -> str:
        return messages.text("sheet.named_cell", field=column, row=model.row_label(item))
    return ({box(model.score_column(), i): first_word(model.choice_label(s)) for i, s in model.scores.items()}
            | {box(model.note_label(n), i): text for i, notes in model.texts.items() for n, text in notes.items()})


def canvas_typed(model) -> dict[str, str]:
    return {f"{n}. {model.label(box)}": model.answers[box] for n, box in enumerate(model.prompts, 1)
            if model.answers.get(box)}


def maturity_typed(model) -> dict[str, str]:
    typed = answers_typed(model)
    typed[model.label("stage")] = first_word(stage_label(model.stage))
    return typed


def designs_typed(model) -> dict[str, str]:
    return {cell_name(model.label(c), r): first_word(model.choice_label(c, row[c])) if c in model.choices else row[c]
            for r, row in enumerate(model.rows, 1) for c in model.columns if row.get(c)}


def filled(data: object) -> object:
    """``data`` without its empty texts: a box left empty may be saved as "" or not at all."""
    if isinstance(data, dict):
        return {key: filled(value) for key, value in data.items() if value != ""}
    if isinstance(data, list):
        return [filled(value) for value in data]
    return data


# What an ungraded kind's view says once the example is typed, in place of a check's message.
SAYS = {"sharing": sharing_summary}


def sharing_typed(model) -> dict[str, str]:
    # The whole label of each choice: "With the name below" and "Without my name" share their first word.
    picked = {SHARE: messages.text("sharing.share"), NAMED: messages.text("sharing.named")}
    return {model.label(name): picked.get(value, value) for name, value in model.answers.items() if value}


TYPED: dict[str, Callable[[object], dict[str, str]]] = {
    "form": answers_typed, "reflections": answers_typed, "checklist": items_typed, "table": rows_typed,
    "timeline": rows_typed, "ladder": phases_typed, "ratings": scores_typed, "choice": choices_typed,
    "pathway": numbers_typed, "scorecard": records_typed, "openness": records_typed,
    "canvas": canvas_typed, "maturity": maturity_typed, "badge_designs": designs_typed, "sharing": sharing_typed,
}


def test_every_kind_of_exercise_is_completed_by_keyboard_in_a_browser_test():
    assert set(KEYBOARD) | set(ELSEWHERE) == set(kinds.KINDS), "a kind with no keyboard test, or one that is gone"
    assert set(TYPED) == set(KEYBOARD)
    assert set(SAYS) == {kind for kind, (notebook, exercise) in KEYBOARD.items()
                         if exercise in sessions.get(notebook.session).ungraded}
    for kind, (notebook, exercise) in KEYBOARD.items():
        assert sessions.get(notebook.session).exercise(exercise).make().kind == kind
    for file, test in ELSEWHERE.values():
        assert f"def {test}(" in (REPO / "tests" / file).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lab():
    with running_lab([SESSION1, SESSION2, SESSION3, SESSION4, SESSION5, SESSION6]) as server:
        yield server


@pytest.fixture(scope="module")
def tabs(lab, browser):
    """One tab per notebook, opened and run once, on first use."""
    opened: dict[str, object] = {}
    contexts = []

    def tab(notebook: Notebook):
        if notebook.name not in opened:
            context, _page, session = open_tab(browser, lab, notebook)
            contexts.append(context)
            session.open_notebook(workspace=f"keyboard-{notebook.session}")
            session.run_all()
            opened[notebook.name] = session
        return opened[notebook.name]

    yield tab
    for context in contexts:
        context.close()


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el) return {name: "", kind: ""};
  const name = el.getAttribute("aria-label") || (el.labels && el.labels[0] ? el.labels[0].textContent : "")
    || el.textContent || "";
  return {name: name.trim(), kind: el.tagName.toLowerCase(), value: el.value ?? ""};
}"""


@pytest.mark.parametrize("kind", sorted(KEYBOARD))
def test_one_exercise_of_each_kind_by_keyboard_alone(kind, lab, tabs):
    notebook, exercise = KEYBOARD[kind]
    declared = sessions.get(notebook.session).exercise(exercise)
    graded = exercise in sessions.get(notebook.session).graded
    example = declared.make()
    example.load(declared.example)
    to_type = TYPED[kind](example)
    assert to_type, "the worked example has answers to type"
    session = tabs(notebook)
    page = session.page
    step = Steps()
    with screenshot_on_failure(page, lab, step):
        step(f"{exercise}: focus its first control, then only keys")
        output = session.exercise(exercise)
        output.locator(CONTROLS).first.focus()
        typed: list[str] = []
        for _ in range(MOST_TABS):
            focused = page.evaluate(FOCUSED)
            name = focused["name"]
            if focused["kind"] == "button" and name == CHECK:
                break
            if not graded and len(typed) == len(to_type):  # nothing to check: Tab has left the last box
                break
            if focused["kind"] == "button" and name == ADD and len(typed) < len(to_type):
                # Add row comes after the table's last row: what is left to type goes into new rows.
                page.keyboard.press("Enter")  # the new row's first box takes the focus
                continue
            if name in to_type and name not in typed:
                page.keyboard.type(to_type[name])
                typed.append(name)
            page.keyboard.press("Tab")
        else:
            pytest.fail(f"Tab never reached {CHECK!r}; typed into {typed}")
        assert sorted(typed) == sorted(to_type), f"controls never reached by Tab: {set(to_type) - set(typed)}"

        if graded:
            step("Enter on Check my work: the check passes")
            page.keyboard.press("Enter")
            expect(output).to_contain_text(declared.check(example).message)
        else:
            step("the view says in words what was chosen")
            expect(output).to_contain_text(SAYS[kind](example))

        step("the answers file holds the whole example")
        wanted = filled(example.to_dict())

        def holds(answers: dict) -> bool:
            saved = declared.make()
            try:
                saved.load(answers["exercises"][exercise])
            except Exception:
                return False
            return filled(saved.to_dict()) == wanted

        wait_for_answers(lab["root"] / notebook.answer_file, holds, f"the example of {exercise}")
        session.assert_no_traceback(f"after {exercise}")
    print(f"\n{kind}:\n{step.report()}")
