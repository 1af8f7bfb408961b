"""Session 2: community of practice basics."""

from __future__ import annotations

from functools import partial

from ..checks import enough_placed, enough_rows, enough_sections, reflections_written
from ..models import Checklist, PowerInterestMap, Reflections, TableModel
from . import SessionSpec

RESOURCE_SECTIONS = ("tools", "documentation", "infrastructure", "events", "other")
CHANNEL_SECTIONS = ("primary", "asynchronous", "synchronous")

SESSION = SessionSpec(
    id="session2",
    exercises={
        "purpose_outcomes": partial(
            TableModel, "purpose_outcomes", ("project", "purpose", "outcomes"), "project"),
        "stakeholders": partial(
            TableModel, "stakeholders", ("contributor", "role", "participation"), "contributor"),
        "stakeholder_map": partial(PowerInterestMap, "stakeholder_map"),
        "resources": partial(Checklist, "resources", RESOURCE_SECTIONS + CHANNEL_SECTIONS),
        "reflections": partial(
            Reflections, "reflections", ("purpose", "stakeholders", "participation")),
    },
    checks={
        "purpose_outcomes": enough_rows(1),
        "stakeholders": enough_rows(2),
        "stakeholder_map": enough_placed(2),
        "resources": enough_sections(RESOURCE_SECTIONS, 3, CHANNEL_SECTIONS),
        "reflections": reflections_written(15),
    },
    reflections="reflections",
    groups={"resources": {"resources": RESOURCE_SECTIONS, "channels": CHANNEL_SECTIONS}},
    names_for={"stakeholder_map": "stakeholders"},
)
