"""The facilitator's kit: each session's plan for the call (``sessionN.PLAN``), what every call shares
(``common``), and the kit notebooks made from them (``kit``). Participants never get any of it: nothing on
the participant's side imports this package.
"""

from __future__ import annotations

from importlib import import_module

from .. import sessions
from .plan import PlanError, SessionPlan


def get_plan(session_id: str) -> SessionPlan:
    """The plan of ``session_id``: the ``PLAN`` of the module named like the session, beside this one."""
    if session_id not in sessions.session_ids():
        raise PlanError(f"no session {session_id!r}")
    module = import_module("." + session_id, __name__)
    plan = getattr(module, "PLAN", None)
    if not isinstance(plan, SessionPlan) or plan.session != session_id:
        raise PlanError(f"{module.__name__} needs PLAN = SessionPlan(session={session_id!r}, ...)")
    return plan


def plans() -> tuple[SessionPlan, ...]:
    """Every session's plan, in the course's order."""
    return tuple(get_plan(session_id) for session_id in sessions.session_ids())
