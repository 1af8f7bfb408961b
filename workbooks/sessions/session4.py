"""Session 4: creating and communicating the community charter."""

from __future__ import annotations

from functools import partial

from ..checks import all_chosen, enough_rows, prompts_answered, reflections_written
from ..models import Choice, Form, Reflections, Timeline
from . import CLOSING_FEEDBACK, SessionSpec, closing_feedback

# Our own list of value words (the seed's list comes from a commercial page).
VALUE_WORDS = (
    "acceptance", "accountability", "adventure", "authenticity", "balance", "belonging", "care",
    "collaboration", "compassion", "courage", "creativity", "curiosity", "dignity", "diversity",
    "empathy", "equity", "excellence", "fairness", "fun", "generosity", "growth", "honesty",
    "humility", "inclusion", "independence", "integrity", "joy", "justice", "kindness", "learning",
    "loyalty", "openness", "patience", "reliability", "resilience", "respect", "responsibility",
    "simplicity", "solidarity", "sustainability", "transparency", "trust", "wellbeing", "wisdom",
)
CORE_VALUE_COUNT = 3
PRACTICE_AREAS = ("policies", "guidelines", "onboarding", "decision_making", "communication")

EXAMPLE = {
    "core_values": {"chosen": ["openness", "kindness", "learning"]},
    "value_in_action": {"answers": {
        "value": "Openness",
        "meaning": "Sharing our plans, decisions and mistakes where every member can see them.",
        "example": "We publish the notes of every steering meeting, including what we decided not to do.",
    }},
    "values_in_practice": {"answers": {
        "policies": "Our code of conduct names kindness first and says how reports are handled.",
        "guidelines": "The contributing guide invites questions and lists tasks for every level.",
        "onboarding": "Each newcomer gets a buddy and a short welcome call in their time zone.",
        "decision_making": "Proposals are open for comment for two weeks before the steering group decides.",
        "communication": "We write in plain language, caption our videos and keep notes public.",
    }},
    "vision": {"answers": {
        "what": "We build a network where researchers learn open methods from each other",
        "why": "because shared skills make research fairer and easier to check",
        "impact": "Every member leaves able to teach one open practice to someone else",
        "who": "It is for early-career researchers, the trainers who support them and the institutes that host them",
    }},
    "mission": {"answers": {
        "objectives": "This year we run monthly training calls and mentor thirty newcomers",
        "unique": "We are member-led, so trainees become trainers within a year",
        "next_steps": "Next we start two working groups and a members' survey",
    }},
    "roadmap": {"rows": [
        {"date": "2027-03", "milestone": "Members' survey", "outcome": "We know what members need most"},
        {"date": "2027-06", "milestone": "Two working groups running", "outcome": "Members lead their own projects"},
        {"date": "2028", "milestone": "Second cohort of trainers", "outcome": "Training no longer depends on staff"},
    ]},
    "roadmap_details": {"answers": {
        "scope": "Training and mentoring for researchers in our region; not software development.",
        "resources": "A part-time coordinator, volunteer trainers and a small events budget.",
        "ways_of_working": "Open notes, monthly calls and decisions made in public issues.",
        "risks": "Volunteer burn-out and the grant ending; we will share roles and seek a second funder.",
    }},
    "success": {"answers": {
        "six_months": "Fifty active members and a survey with at least thirty replies.",
        "twelve_months": "Two working groups led by members and ten new trainers.",
        "two_years": "The network runs its training without staff help and has a second funder.",
    }},
    "charter_reflections": {"answers": {
        "alignment": "Openness and learning run through my work: I publish notes and teach what I "
                     "learn, though kindness is harder to keep when deadlines press.",
        "contributor": "I would ask a contributor what they care about, show them our values and "
                       "vision, and find a task where their goals and ours overlap.",
        "conversation": "A relaxed one-to-one call with open questions, where I listen more than I "
                        "talk and we agree one small next step together.",
    }},
    CLOSING_FEEDBACK: {"answers": {
        "worked": "Picking only three values forced a conversation we had been avoiding.",
        "didnt": "The roadmap dates felt like guesses without our budget at hand.",
        "change": "Ask us to bring our planning calendar to this session.",
        "surprised": "The charter that came out read like something we could publish next week.",
    }},
}

SESSION = SessionSpec(
    id="session4",
    exercises={
        "core_values": partial(Choice, "core_values", VALUE_WORDS, CORE_VALUE_COUNT),
        "value_in_action": partial(Form, "value_in_action", ("value", "meaning", "example")),
        "values_in_practice": partial(Form, "values_in_practice", PRACTICE_AREAS),
        "vision": partial(Form, "vision", ("what", "why", "impact", "who")),
        "mission": partial(Form, "mission", ("objectives", "unique", "next_steps")),
        "roadmap": partial(Timeline, "roadmap", ("date", "milestone", "outcome"), "milestone"),
        "roadmap_details": partial(Form, "roadmap_details", ("scope", "resources", "ways_of_working", "risks")),
        "success": partial(Form, "success", ("six_months", "twelve_months", "two_years")),
        "charter_reflections": partial(
            Reflections, "charter_reflections", ("alignment", "contributor", "conversation")),
        CLOSING_FEEDBACK: closing_feedback,
    },
    checks={
        "core_values": all_chosen(),
        "value_in_action": prompts_answered(1),
        "values_in_practice": prompts_answered(5),
        "vision": prompts_answered(3),
        "mission": prompts_answered(3),
        "roadmap": enough_rows(3),
        "roadmap_details": prompts_answered(3),
        "success": prompts_answered(3),
        "charter_reflections": reflections_written(15),
    },
    previews={"vision": "vision.preview", "mission": "mission.preview"},
    example=EXAMPLE,
    ungraded=(CLOSING_FEEDBACK,),
)
