"""The facilitator's kit of each session: a notebook made from the session's plan and the text every call shares.

``python -m workbooks.facilitation.kit`` (``make kits``) writes ``facilitator/sessionN.ipynb`` at the
repository root, outside ``release/``: participants never get a kit. The kits are derived; change a plan in
``workbooks/facilitation/`` and run it again.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .. import messages, sessions
from ..cells import PARTICIPANT_CODE_CELL
from ..facilitator.export import session_title  # "Session 3: …", as the feedback pages say it
from . import common, get_plan
from .plan import SessionPlan, Slot, Step

KITS = Path("facilitator")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
STEP_LABELS: dict[Step, str] = {"alone": "On their own", "rooms": "In breakout rooms", "share": "With the whole group"}
TEMPLATE_HEADINGS: dict[Step, str] = {"alone": "On your own", "rooms": "Breakout rooms", "share": "Whole-group share"}


# ---------------------------------------------------------------- small pieces

def number(session_id: str) -> int:
    return sessions.session_ids().index(session_id) + 1


def exercise_title(exercise: str) -> str:
    return messages.text(f"{exercise}.title")


def bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def minutes(slots: Sequence[Slot]) -> str:
    """'minutes 20–25, 5 minutes' for the slots of one step."""
    spans = " and ".join(f"{slot.start}–{slot.end}" for slot in slots)
    return f"minutes {spans}, {sum(slot.block.minutes for slot in slots)} minutes"


def code_cell(cell_id: str, comment: str, module: str, function: str, session_id: str) -> NotebookNode:
    """A hidden, locked code cell, like the participants' derived cells: its first line says what it shows."""
    source = f'# {comment}\nfrom {module} import {function}\n\n{function}("{session_id}")'
    return new_code_cell(source, id=cell_id, metadata=dict(PARTICIPANT_CODE_CELL))


# ---------------------------------------------------------------- the kit's sections

def title_text(plan: SessionPlan) -> str:
    return (f"# Facilitator's kit, {session_title(plan.session)}\n\n"
            "This kit is for whoever runs the call. Participants never see it: their workbook says only, in a "
            "short paragraph, how the session runs.\n\n"
            "- **Before the call**, work through the checklist and paste the shared-notes template into the "
            "cohort's shared document.\n"
            "- **During the call**, follow the run sheet. Choose **Run ▸ Run All Cells** to start the room timer, "
            "and share your screen on it so that everyone can see how long is left.\n"
            "- **At the end**, ask the closing questions. Once you have collected the hand-ins, the cell under "
            "them shows the cohort's closing feedback for this session.\n\n"
            f"This kit is made from the session's plan, `workbooks/facilitation/{plan.session}.py`: to change "
            "it, edit the plan and run `make kits`.")


def before_text(plan: SessionPlan) -> str:
    checklist = "\n".join(f"- [ ] {item}" for item in (*common.BEFORE_EVERY_CALL, *plan.before))
    return f"## Before the call\n\n{checklist}"


def run_sheet_text(plan: SessionPlan) -> str:
    rows = [f"| {slot.start}–{slot.end} | {slot.block.name} | {slot.block.do} |" for slot in plan.schedule()]
    low, high = plan.discussion
    total = (f"| | **Total** | **{sum(b.minutes for b in plan.blocks)} minutes, then {low} to {high} minutes of "
             "open discussion** |")
    return "\n".join(["## Run sheet", "", "| Minutes | Block | What you do |", "|---|---|---|", *rows, total])


def roll_call_text(plan: SessionPlan) -> str:
    return f"## Roll call\n\n*{plan.roll_call}*\n\n{common.ROLL_CALL_HOW}"


def guidelines_text() -> str:
    return ("## Participation guidelines\n\nRead these out at the start of the first call and paste them into the "
            "shared document; in later calls, a sentence to remind people is enough.\n\n"
            + bullets(common.PARTICIPATION_GUIDELINES))


def recording_text() -> str:
    return f"## Recording\n\n{common.RECORDING_POLICY}"


def concern_text() -> str:
    return ("## Raising a concern\n\nSay this at the start, and keep it in the shared document, with the names "
            f"filled in:\n\n> {common.CONCERN_ROUTE}\n\nWhen someone raises a concern with you:\n\n"
            + bullets(common.CONCERN_RESPONSE))


def timer_intro_text() -> str:
    return ("## Room timer\n\nThe timer counts down the blocks of the run sheet. Share your screen on it during "
            "quiet writing and breakout rooms, so that everyone knows how long is left.")


def exercise_text(plan: SessionPlan, exercise: str) -> str:
    breakout = plan.breakout(exercise)
    slots = plan.slots(exercise)

    def when(step: Step) -> str:
        mine = [slot for slot in slots if slot.block.step == step]
        return f" ({minutes(mine)})" if mine else " (no time of its own in the run sheet)"

    steps = plan.steps(exercise)
    parts = [f"## {exercise_title(exercise)}", f"**{STEP_LABELS['alone']}**{when('alone')}. {breakout.silent}"]
    if "rooms" in steps:
        parts += [f"**{STEP_LABELS['rooms']}**{when('rooms')}. {common.BREAKOUT_HOW} The prompts:",
                  bullets(breakout.prompts)]
    else:
        parts.append("No breakout rooms for this exercise in the call.")
    if "share" in steps:
        parts += [f"**{STEP_LABELS['share']}**{when('share')}. Ask:", bullets(breakout.share)]
        if "rooms" in steps:
            parts.append(common.SHARE_HOW)
    return "\n\n".join(parts)


def shared_notes_template(plan: SessionPlan) -> str:
    """The session's page for the cohort's shared document, in Markdown."""
    lines = [f"# {session_title(plan.session)}", "",
             "Date and time:", "Joining link:", "Facilitator:",
             "To raise a concern privately: [your name and e-mail address], or [a second contact's name and "
             "e-mail address]", "",
             "## How we work together", "", *(f"- {g}" for g in common.PARTICIPATION_GUIDELINES),
             f"- {common.RECORDING_RULE}", "",
             "## Roll call", "", plan.roll_call, "", "- Name: answer", ""]
    for exercise in plan.exercises:
        breakout, steps = plan.breakout(exercise), plan.steps(exercise)
        lines += [f"## {exercise_title(exercise)}", "", f"### {TEMPLATE_HEADINGS['alone']}", "", breakout.silent,
                  "Your notes stay in your workbook; add here anything you want to share.", ""]
        if "rooms" in steps:
            lines += [f"### {TEMPLATE_HEADINGS['rooms']}", "", *(f"- {p}" for p in breakout.prompts), "",
                      "Room 1 (copy for each room):", "", "- ", ""]
        if "share" in steps:
            lines += [f"### {TEMPLATE_HEADINGS['share']}", "", *(f"- {q}" for q in breakout.share), "",
                      "Notes:", "", "- ", ""]
    lines += ["## Before you go", ""]
    for label, explanation in common.CLOSING_QUESTIONS:
        lines += [f"### {label}", "", explanation, "", "- ", ""]
    lines += ["## Links to assignments shared", "", "- Name: link"]
    return "\n".join(lines)


def shared_notes_text(plan: SessionPlan) -> str:
    return ("## Shared-notes template\n\nCopy everything in the box below into this session's page of the cohort's "
            "shared document before the call.\n\n```markdown\n" + shared_notes_template(plan) + "\n```")


def closing_text() -> str:
    questions = bullets([f"**{label}**: {explanation}" for label, explanation in common.CLOSING_QUESTIONS])
    return ("## Closing\n\nAsk these aloud or in the shared document; answers can also come after the call. Then "
            "give people two minutes for the **Before you go** boxes in their workbook: that feedback travels "
            "in their hand-in, and the cell below shows the cohort's answers for this session once you have "
            f"collected them.\n\n{questions}")


def open_discussion_text(plan: SessionPlan) -> str:
    low, high = plan.discussion
    position = number(plan.session)
    if position == 1:
        opening = "This is the first call, so there is no earlier assignment to share."
    else:
        previous = get_plan(sessions.session_ids()[position - 2])
        opening = (f"Start with about ten minutes for Session {position - 1}'s assignment: anyone who wants to can "
                   f"share {previous.next_time}. Sharing is voluntary; people still working on it can simply "
                   "listen.")
    return (f"## Open discussion ({low} to {high} minutes, after the hour)\n\n{opening} Use the rest of the time "
            "for questions, for getting to know one another and for what people want to take further. The "
            "discussion is never recorded.")


def after_text(plan: SessionPlan) -> str:
    position = number(plan.session)
    if plan.next_time:
        next_call = (f"**At the next call.** {common.TEN_MINUTE_SHARE} At Session {position + 1}, that means "
                     f"{plan.next_time}.")
    else:
        next_call = ("**There is no next call**: this is the course's last session. Invite people to post a link "
                     "to their work in the shared document if they wish.")
    return f"## After the session\n\n{plan.after}\n\n{next_call}"


def credits_text() -> str:
    return f"## Credits and licence\n\n{common.FORMAT_CREDIT}\n\n{common.SOURCES_CREDIT}\n\n{common.LICENCE}"


# ---------------------------------------------------------------- the notebook

def build_kit(session_id: str) -> NotebookNode:
    """The facilitator's kit of ``session_id``: nbformat 4.5, every cell with a stable id, no outputs."""
    plan = get_plan(session_id)
    cells = [
        new_markdown_cell(title_text(plan), id="title"),
        new_markdown_cell(before_text(plan), id="before_the_call"),
        new_markdown_cell(run_sheet_text(plan), id="run_sheet"),
        new_markdown_cell(roll_call_text(plan), id="roll_call"),
        new_markdown_cell(guidelines_text(), id="participation_guidelines"),
        new_markdown_cell(recording_text(), id="recording_policy"),
        new_markdown_cell(concern_text(), id="raising_a_concern"),
        new_markdown_cell(timer_intro_text(), id="room_timer_intro"),
        code_cell("room_timer", "Shows the room timer for this session's run sheet.",
                  "workbooks.facilitation.timer", "room_timer", session_id),
        *(new_markdown_cell(exercise_text(plan, e), id=f"exercise_{e}") for e in plan.exercises),
        new_markdown_cell(shared_notes_text(plan), id="shared_notes"),
        new_markdown_cell(closing_text(), id="closing"),
        code_cell("cohort_closing_feedback", "Shows the cohort's closing feedback for this session, once collected.",
                  "workbooks.facilitation.closing", "cohort_closing_feedback", session_id),
        new_markdown_cell(open_discussion_text(plan), id="open_discussion"),
        new_markdown_cell(after_text(plan), id="after_the_session"),
        new_markdown_cell(credits_text(), id="credits"),
    ]
    notebook = new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return notebook


def kit_text(session_id: str) -> str:
    """The kit's file as written: the test compares the committed kits with it."""
    return nbformat.writes(build_kit(session_id)) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write each session's facilitator's kit.")
    parser.add_argument("folder", nargs="?", type=Path, default=KITS,
                        help="where to write sessionN.ipynb (default: facilitator/)")
    folder = parser.parse_args(argv).folder
    folder.mkdir(parents=True, exist_ok=True)
    for session_id in sessions.session_ids():
        path = folder / f"{session_id}.ipynb"
        path.write_text(kit_text(session_id), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
