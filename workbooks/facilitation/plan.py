"""A session's plan for the facilitator: the hour's run sheet, the roll call, and how each exercise done in the
call runs (quiet notes alone, breakout rooms, a whole-group share).

A plan is a declaration, checked when it is made: a plan that does not add up to the hour, names an exercise
its session does not have, or gives breakout rooms no prompts is refused, so a kit can never promise what
the call has no time for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import sessions

CALL_MINUTES = 60
# How people work on an exercise during a block: on their own, in breakout rooms, or all together.
Step = Literal["alone", "rooms", "share"]
STEPS: tuple[Step, ...] = ("alone", "rooms", "share")


class PlanError(ValueError):
    """A session plan that cannot be run as written."""


@dataclass(frozen=True)
class Block:
    """One row of the run sheet: how long it takes, its name, and what the facilitator does, in a sentence or two.

    A block that works on an exercise names it and its step."""

    minutes: int
    name: str
    do: str
    exercise: str | None = None
    step: Step | None = None


@dataclass(frozen=True)
class Breakout:
    """How one exercise runs in the call: what people write alone, what the breakout rooms discuss, and what
    to ask the whole group. Prompts and share questions are given exactly when the run sheet has time for them."""

    exercise: str
    silent: str
    prompts: tuple[str, ...] = ()
    share: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slot:
    """A block with its start and end minute in the hour."""

    start: int
    end: int
    block: Block


@dataclass(frozen=True)
class SessionPlan:
    """The facilitator's plan of one session's call."""

    session: str
    before: tuple[str, ...]          # what to get ready for this session, beside what every call needs
    roll_call: str                   # the icebreaker question everyone answers as the call starts
    blocks: tuple[Block, ...]        # the hour, in order
    breakouts: tuple[Breakout, ...]  # one per exercise worked on in the call
    after: str                       # the assignment: what participants do after the call
    next_time: str = ""              # what people may share in the next call's ten minutes ("" after the last)
    discussion: tuple[int, int] = (20, 30)  # the open discussion after the hour, in minutes

    def __post_init__(self) -> None:
        problems = self._problems()
        if problems:
            raise PlanError(f"plan for {self.session}: " + "; ".join(problems))

    def _problems(self) -> list[str]:
        if self.session not in sessions.session_ids():
            return [f"no session {self.session!r}"]
        declared = sessions.get(self.session).names
        problems: list[str] = []
        total = sum(block.minutes for block in self.blocks)
        if total != CALL_MINUTES:
            problems.append(f"the blocks add up to {total} minutes, not {CALL_MINUTES}")
        for block in self.blocks:
            if block.minutes <= 0:
                problems.append(f"block {block.name!r} has no time")
            if (block.exercise is None) != (block.step is None):
                problems.append(f"block {block.name!r} needs both an exercise and a step, or neither")
            if block.exercise is not None and block.exercise not in declared:
                problems.append(f"block {block.name!r} names {block.exercise!r}, not an exercise of {self.session}")
            if block.step is not None and block.step not in STEPS:
                problems.append(f"block {block.name!r} has an unknown step {block.step!r}")
        problems += self._breakout_problems()
        if not self.roll_call.strip() or not self.after.strip():
            problems.append("the roll call and the assignment need words")
        if not self.next_time.strip() and self.session != sessions.session_ids()[-1]:
            problems.append("say what people may share in the next call's ten minutes")
        low, high = self.discussion
        if not 0 < low <= high:
            problems.append(f"the open discussion of {low} to {high} minutes is not a range")
        return problems

    def _breakout_problems(self) -> list[str]:
        named = [b.exercise for b in self.breakouts]
        problems = [f"{name!r} has two breakouts" for name in sorted(set(named)) if named.count(name) > 1]
        for exercise in self.exercises:
            if exercise not in named:
                problems.append(f"{exercise!r} is worked on in the call but has no breakout")
        for breakout in self.breakouts:
            steps = self.steps(breakout.exercise)
            if not steps:
                problems.append(f"the breakout of {breakout.exercise!r} names an exercise the call does not run")
                continue
            if not breakout.silent.strip():
                problems.append(f"{breakout.exercise!r} needs what people write alone")
            if ("rooms" in steps) != bool(breakout.prompts):
                problems.append(f"{breakout.exercise!r}: breakout rooms need prompts, and prompts need rooms")
            if ("share" in steps) != bool(breakout.share):
                problems.append(f"{breakout.exercise!r}: a whole-group share needs questions, and questions "
                                "need time to share")
        return problems

    # ------------------------------------------------------------ reading the plan

    def schedule(self) -> tuple[Slot, ...]:
        """Every block with the minute it starts and ends."""
        slots: list[Slot] = []
        start = 0
        for block in self.blocks:
            slots.append(Slot(start, start + block.minutes, block))
            start += block.minutes
        return tuple(slots)

    def timer_presets(self) -> list[tuple[str, int]]:
        """(label, minutes) of every block, in order: the room timer's choices."""
        return [(block.name, block.minutes) for block in self.blocks]

    @property
    def exercises(self) -> tuple[str, ...]:
        """The exercises worked on in the call, in the order the call first reaches them."""
        return tuple(dict.fromkeys(b.exercise for b in self.blocks if b.exercise is not None))

    def steps(self, exercise: str) -> tuple[Step, ...]:
        """How people work on ``exercise`` in the call, block by block."""
        return tuple(b.step for b in self.blocks if b.exercise == exercise and b.step is not None)

    def slots(self, exercise: str) -> tuple[Slot, ...]:
        return tuple(slot for slot in self.schedule() if slot.block.exercise == exercise)

    def breakout(self, exercise: str) -> Breakout:
        return next(b for b in self.breakouts if b.exercise == exercise)

    @property
    def main_activity(self) -> tuple[str, ...]:
        """The exercises the call runs in breakout rooms."""
        return tuple(e for e in self.exercises if "rooms" in self.steps(e))
