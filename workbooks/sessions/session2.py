"""Session 2: community of practice basics."""

from __future__ import annotations

from ..exercises import Exercise, Session, closing_feedback, sharing
from ..kinds.checklist import Checklist, enough_sections
from ..kinds.power_interest_map import PowerInterestMap, enough_placed
from ..kinds.reflections import Reflections, reflections_written
from ..kinds.table import TableModel, enough_rows

RESOURCE_SECTIONS = ("tools", "documentation", "infrastructure", "events", "other")
CHANNEL_SECTIONS = ("primary", "asynchronous", "synchronous")


# A worked example, used by the instructor's solution notebook.

SESSION = Session("session2", (
    Exercise(
        "purpose_outcomes", TableModel, {"columns": ("project", "purpose", "outcomes"), "key": "project"},
        check=enough_rows(1), points=2,
        example={"rows": [
            {"project": "Peer mentoring", "purpose": "Help new members find their feet in the community",
             "outcomes": "Twelve mentor pairs a year; mentees who go on to contribute"},
            {"project": "Monthly community call", "purpose": "Give members a regular place to share work",
             "outcomes": "Recorded talks, new collaborations, a growing list of speakers"},
        ]}),
    Exercise(
        "stakeholders", TableModel, {"columns": ("contributor", "role", "participation"), "key": "contributor"},
        check=enough_rows(2), points=2,
        example={"rows": [
            {"contributor": "Core team", "role": "Coordinate and maintain", "participation": "Staff"},
            {"contributor": "Volunteer mentors", "role": "Mentor newcomers", "participation": "Volunteer"},
            {"contributor": "Research funder", "role": "Funds the programme", "participation": "Funder"},
            {"contributor": "Newsletter readers", "role": "Follow the news", "participation": "Users"},
        ]}),
    Exercise(
        "stakeholder_map", PowerInterestMap,
        # Optional, as its lesson says: its Check my work button still helps, but it has no graded cell, so it
        # is not needed for full points, completion or the badge.
        check=enough_placed(2), points=0,
        view={"names_from": "stakeholders"},
        example={"stakeholders": [
            {"name": "Core team", "power": 9, "interest": 9},
            {"name": "Research funder", "power": 8, "interest": 3},
            {"name": "Volunteer mentors", "power": 3, "interest": 8},
            {"name": "Newsletter readers", "power": 1, "interest": 2},
        ]}),
    Exercise(
        "resources", Checklist, {"sections": RESOURCE_SECTIONS + CHANNEL_SECTIONS},
        check=enough_sections(RESOURCE_SECTIONS, 2, CHANNEL_SECTIONS), points=2,
        view={"groups": {"resources": RESOURCE_SECTIONS, "channels": CHANNEL_SECTIONS}},
        example={"items": {
            "tools": ["GitHub", "Shared drive"], "documentation": ["Contributing guide", "Code of conduct"],
            "infrastructure": ["Video-call account"], "events": ["Annual meet-up"], "other": [],
            "primary": ["GitHub"], "asynchronous": ["Newsletter", "Chat space"],
            "synchronous": ["Fortnightly co-working call"],
        }}),
    Exercise(
        "reflections", Reflections, {"prompts": ("purpose", "stakeholders", "participation")},
        check=reflections_written(15), hand_graded=3,
        example={"answers": {
            "purpose": "Our community of practice helps early-career researchers share open research "
                       "methods, so that fewer people struggle alone; we expect more shared code and "
                       "more newcomers who stay and contribute.",
            "stakeholders": "The core team coordinates, volunteer mentors support newcomers, a research "
                            "funder pays for the programme and newsletter readers follow along; each "
                            "needs a different level of contact from us.",
            "participation": "Work happens on GitHub, news goes out by newsletter and chat, and a "
                             "fortnightly co-working call gives people a friendly time to join in live "
                             "and meet the mentors.",
        }}),
    closing_feedback({
        "worked": "Placing people on the power/interest map started a useful argument in our pair.",
        "didnt": "Listing resources was slow because we kept debating the headings.",
        "change": "Share one finished map as an example before we start ours.",
        "surprised": "Our funder ended up in the same corner as our newest volunteers.",
    }),
    sharing("stakeholder_map"),
))
