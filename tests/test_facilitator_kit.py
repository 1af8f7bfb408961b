"""The facilitator's kit: every session has a plan and a kit notebook, the committed kits are what ``build_kit``
makes, and each kit holds what the facilitator needs in the call; a plan that cannot be run is refused."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import nbformat
import pytest

from workbooks import messages, sessions
from workbooks.facilitation import get_plan, plans
from workbooks.facilitation.closing import cohort_closing_feedback
from workbooks.facilitation.kit import build_kit, kit_text
from workbooks.facilitation.plan import CALL_MINUTES, Block, Breakout, PlanError
from workbooks.facilitation.timer import room_timer

REPO = Path(__file__).resolve().parents[1]
KITS = REPO / "facilitator"
IDS = sessions.session_ids()
RUN_SHEET_ROW = re.compile(r"^\| (\d+)–(\d+) \| (.+?) \| (.+?) \|$", re.M)
FENCED = re.compile(r"```markdown\n(.*?)\n```", re.S)


def kit(session_id: str) -> nbformat.NotebookNode:
    return nbformat.read(KITS / f"{session_id}.ipynb", as_version=4)


def cell(session_id: str, cell_id: str) -> str:
    return next(c.source for c in kit(session_id).cells if c.id == cell_id)


def whole_text(session_id: str) -> str:
    return "\n".join(c.source for c in kit(session_id).cells)


# ---------------------------------------------------------------- one plan and one kit per session

def test_every_session_has_a_plan_and_a_committed_kit():
    assert [plan.session for plan in plans()] == IDS
    assert sorted(p.name for p in KITS.glob("*.ipynb")) == sorted(f"{s}.ipynb" for s in IDS)


@pytest.mark.parametrize("session_id", IDS)
def test_the_committed_kit_is_what_build_kit_makes(session_id):
    committed = (KITS / f"{session_id}.ipynb").read_text(encoding="utf-8")
    assert committed == kit_text(session_id), f"facilitator/{session_id}.ipynb is out of date; run `make kits`"


@pytest.mark.parametrize("session_id", IDS)
def test_the_kit_is_a_clean_notebook_with_a_unique_id_on_every_cell(session_id):
    notebook = kit(session_id)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    assert notebook.metadata.kernelspec.name == "python3"
    cell_ids = [c.get("id") for c in notebook.cells]
    assert all(cell_ids) and len(set(cell_ids)) == len(cell_ids)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.id for c in code] == ["room_timer", "cohort_closing_feedback"]
    for c in code:
        assert c.outputs == [] and c.execution_count is None, c.id
        assert c.metadata["jupyter"]["source_hidden"] is True and c.source.startswith("# "), c.id


def test_building_a_kit_twice_gives_the_same_notebook():
    assert kit_text("session3") == kit_text("session3")
    assert [c.id for c in build_kit("session3").cells] == [c.id for c in build_kit("session3").cells]


# ---------------------------------------------------------------- what the kit holds

@pytest.mark.parametrize("session_id", IDS)
def test_the_run_sheet_covers_the_hour_minute_by_minute_then_the_open_discussion(session_id):
    text = cell(session_id, "run_sheet")
    rows = [(int(start), int(end)) for start, end, _, _ in RUN_SHEET_ROW.findall(text)]
    assert rows[0][0] == 0 and rows[-1][1] == CALL_MINUTES
    assert all(end == next_start for (_, end), (next_start, _) in zip(rows, rows[1:], strict=False)), rows
    assert len(rows) == len(get_plan(session_id).blocks)
    assert text.splitlines()[-1] == "| | **Total** | **60 minutes, then 20 to 30 minutes of open discussion** |"


@pytest.mark.parametrize("session_id", IDS)
def test_every_exercise_in_the_call_has_its_section_with_prompts_and_share_questions(session_id):
    plan = get_plan(session_id)
    assert plan.main_activity, "the call has no exercise in breakout rooms"
    for exercise in plan.exercises:
        section = cell(session_id, f"exercise_{exercise}")
        breakout = plan.breakout(exercise)
        assert section.startswith(f"## {messages.text(f'{exercise}.title')}\n")
        assert breakout.silent in section
        if exercise in plan.main_activity:
            assert breakout.prompts and breakout.share
        assert all(prompt in section for prompt in breakout.prompts)
        assert all(question in section for question in breakout.share)
    sections = [c.id for c in kit(session_id).cells if c.id.startswith("exercise_")]
    assert sections == [f"exercise_{e}" for e in plan.exercises]


@pytest.mark.parametrize("session_id", IDS)
def test_the_shared_notes_template_has_a_heading_for_each_exercise_and_the_closing(session_id):
    plan = get_plan(session_id)
    (template,) = FENCED.findall(cell(session_id, "shared_notes"))
    headings = re.findall(r"^(#+ .+)$", template, re.M)
    for exercise in plan.exercises:
        assert f"## {messages.text(f'{exercise}.title')}" in headings
    for heading in ("## Roll call", "### Questions and suggestions", "### Pluses", "### Deltas",
                    "### Main takeaway", "### What was unclear", "## Links to assignments shared"):
        assert heading in headings
    assert plan.roll_call in template
    main = plan.main_activity[0]
    after_main = template.split(f"## {messages.text(f'{main}.title')}", 1)[1]
    assert after_main.index("### On your own") < after_main.index("### Breakout rooms") < after_main.index(
        "### Whole-group share")


@pytest.mark.parametrize("session_id", IDS)
def test_the_kit_says_the_ground_rules_the_recording_policy_and_how_to_raise_a_concern(session_id):
    text = whole_text(session_id)
    for rule in ("hold back", "speak up", "leaving room for others", "Quiet time is part of the plan",
                 "step away from the call and come back", "Cameras are optional", "Anyone can pass"):
        assert rule in text, rule
    recording = cell(session_id, "recording_policy")
    assert "short lesson" in recording and "never recorded" in recording and "at the start of the call" in recording
    concern = cell(session_id, "raising_a_concern")
    assert "private message" in concern and "[your name and e-mail address]" in concern
    assert "[a second contact's name and e-mail address]" in concern and "When someone raises a concern" in concern


@pytest.mark.parametrize("session_id", IDS)
def test_the_kit_credits_mozilla_open_leaders_and_both_sources(session_id):
    credits = cell(session_id, "credits")
    assert "Mozilla's Open Leaders programme" in credits
    assert "https://github.com/malvikasharan/community-building-foundational-training" in credits
    assert "https://weareopen.coop/" in credits and "CC BY 4.0" in credits


@pytest.mark.parametrize("session_id", IDS)
def test_the_closing_asks_the_four_closing_questions_and_then_shows_the_cohorts_feedback(session_id):
    closing = cell(session_id, "closing")
    for question in ("Questions and suggestions", "Pluses", "Deltas", "Main takeaway", "What was unclear"):
        assert f"**{question}**" in closing
    ids = [c.id for c in kit(session_id).cells]
    assert ids.index("closing") + 1 == ids.index("cohort_closing_feedback") < ids.index("after_the_session")
    assert f'cohort_closing_feedback("{session_id}")' in cell(session_id, "cohort_closing_feedback")
    assert f'room_timer("{session_id}")' in cell(session_id, "room_timer")


def test_the_timer_and_closing_placeholders_run_and_show_nothing():
    assert room_timer("session1") is None and cohort_closing_feedback("session1") is None


@pytest.mark.parametrize("session_id", IDS)
def test_after_the_session_keeps_ten_minutes_of_the_next_call_for_sharing(session_id):
    after = cell(session_id, "after_the_session")
    assert get_plan(session_id).after in after
    if session_id == IDS[-1]:
        assert "no next call" in after
    else:
        assert "ten minutes" in after and f"Session {IDS.index(session_id) + 2}" in after


def test_no_kit_reaches_the_participants_release():
    released = [p for p in (REPO / "release").rglob("*") if p.is_file()]
    assert released and not any("Facilitator's kit" in p.read_text(errors="replace") for p in released)


# ---------------------------------------------------------------- plans that cannot be run are refused

PLAN = get_plan("session3")


def with_blocks(*changes: tuple[int, dict]) -> tuple[Block, ...]:
    blocks = list(PLAN.blocks)
    for index, change in changes:
        blocks[index] = dataclasses.replace(blocks[index], **change)
    return tuple(blocks)


def test_an_unchanged_plan_is_accepted():
    assert dataclasses.replace(PLAN) == PLAN


def test_a_plan_of_59_minutes_is_refused():
    shorter = with_blocks((0, {"minutes": PLAN.blocks[0].minutes - 1}))
    with pytest.raises(PlanError, match="59 minutes, not 60"):
        dataclasses.replace(PLAN, blocks=shorter)


def test_a_plan_naming_an_unknown_exercise_is_refused():
    index = next(i for i, b in enumerate(PLAN.blocks) if b.exercise)
    with pytest.raises(PlanError, match="'no_such_exercise', not an exercise of session3"):
        dataclasses.replace(PLAN, blocks=with_blocks((index, {"exercise": "no_such_exercise"})))


def test_a_plan_naming_another_sessions_exercise_is_refused():
    with pytest.raises(PlanError, match="not an exercise of session3"):
        dataclasses.replace(PLAN, blocks=with_blocks(*[(i, {"exercise": "start_with_why"})
                                                       for i, b in enumerate(PLAN.blocks) if b.exercise]))


def test_an_exercise_run_in_the_call_without_a_breakout_is_refused():
    with pytest.raises(PlanError, match="'mountain' is worked on in the call but has no breakout"):
        dataclasses.replace(PLAN, breakouts=())


def test_breakout_rooms_without_prompts_and_a_share_without_questions_are_refused():
    (mountain,) = PLAN.breakouts
    with pytest.raises(PlanError, match="breakout rooms need prompts"):
        dataclasses.replace(PLAN, breakouts=(dataclasses.replace(mountain, prompts=()),))
    with pytest.raises(PlanError, match="a whole-group share needs questions"):
        dataclasses.replace(PLAN, breakouts=(dataclasses.replace(mountain, share=()),))


def test_prompts_for_rooms_the_call_has_no_time_for_are_refused():
    rooms = next(i for i, b in enumerate(PLAN.blocks) if b.step == "rooms")
    with pytest.raises(PlanError, match="prompts need rooms"):
        dataclasses.replace(PLAN, blocks=with_blocks((rooms, {"step": "alone"})))


def test_a_breakout_for_an_exercise_the_call_does_not_run_is_refused():
    extra = Breakout("personas", silent="Write a persona.")
    with pytest.raises(PlanError, match="'personas' names an exercise the call does not run"):
        dataclasses.replace(PLAN, breakouts=(*PLAN.breakouts, extra))


def test_a_block_with_an_exercise_but_no_step_is_refused():
    index = next(i for i, b in enumerate(PLAN.blocks) if b.exercise)
    with pytest.raises(PlanError, match="needs both an exercise and a step"):
        dataclasses.replace(PLAN, blocks=with_blocks((index, {"step": None})))


def test_every_session_but_the_last_says_what_is_shared_at_the_next_call():
    with pytest.raises(PlanError, match="next call's ten minutes"):
        dataclasses.replace(PLAN, next_time="")
    assert dataclasses.replace(get_plan(IDS[-1]), next_time="") == get_plan(IDS[-1])


def test_an_unknown_session_has_no_plan():
    with pytest.raises(PlanError, match="no session 'session99'"):
        get_plan("session99")


# ---------------------------------------------------------------- what the timer takes

@pytest.mark.parametrize("session_id", IDS)
def test_the_schedule_and_the_timer_presets_follow_the_blocks(session_id):
    plan = get_plan(session_id)
    schedule = plan.schedule()
    assert schedule[0].start == 0 and schedule[-1].end == CALL_MINUTES
    assert all(a.end == b.start for a, b in zip(schedule, schedule[1:], strict=False))
    assert plan.timer_presets() == [(b.name, b.minutes) for b in plan.blocks]
