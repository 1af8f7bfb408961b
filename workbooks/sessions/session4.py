"""Session 4: creating and communicating the community charter."""

from __future__ import annotations

from ..exercises import Exercise, Session, closing_feedback, sharing
from ..kinds.choice import Choice, all_chosen
from ..kinds.form import Form, prompts_answered
from ..kinds.reflections import Reflections, reflections_written
from ..kinds.table import enough_rows
from ..kinds.timeline import Timeline

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
# The community's own values, agreed with its members: what the charter prints as its values. The three
# core values of exercise 1 are the participant's own, a personal reflection kept out of the charter.
COMMUNITY_VALUES = "community_values"
PRACTICE_AREAS = ("policies", "guidelines", "onboarding", "decision_making", "communication")

SESSION = Session("session4", (
    Exercise(
        "core_values", Choice, {"options": VALUE_WORDS, "count": CORE_VALUE_COUNT},
        check=all_chosen(), points=1,
        example={"chosen": ["openness", "kindness", "learning"]}),
    Exercise(
        "value_in_action", Form, {"prompts": ("value", "meaning", "example")},
        check=prompts_answered(1), points=1,
        example={"answers": {
            "value": "Openness",
            "meaning": "Sharing our plans, decisions and mistakes where every member can see them.",
            "example": "We publish the notes of every steering meeting, including what we decided not to do.",
        }}),
    Exercise(
        "values_in_practice", Form, {"prompts": (COMMUNITY_VALUES, *PRACTICE_AREAS)},
        check=prompts_answered(5), points=2,
        example={"answers": {
            "community_values": "Openness, kindness and shared learning, agreed with members at our spring call.",
            "policies": "Our code of conduct names kindness first and says how reports are handled.",
            "guidelines": "The contributing guide invites questions and lists tasks for every level.",
            "onboarding": "Each newcomer gets a buddy and a short welcome call in their time zone.",
            "decision_making": "Proposals are open for comment for two weeks before the steering group decides.",
            "communication": "We write in plain language, caption our videos and keep notes public.",
        }}),
    Exercise(
        "vision", Form, {"prompts": ("what", "why", "impact", "who")},
        check=prompts_answered(3), points=2,
        view={"preview": "vision.preview"},
        example={"answers": {
            "what": "We build a network where researchers learn open methods from each other",
            "why": "because shared skills make research fairer and easier to check",
            "impact": "Every member leaves able to teach one open practice to someone else",
            "who": "It is for early-career researchers, the trainers who support them and the institutes that "
                   "host them",
        }}),
    Exercise(
        "mission", Form, {"prompts": ("objectives", "unique", "next_steps")},
        check=prompts_answered(3), points=2,
        view={"preview": "mission.preview"},
        example={"answers": {
            "objectives": "This year we run monthly training calls and mentor thirty newcomers",
            "unique": "We are member-led, so trainees become trainers within a year",
            "next_steps": "Next we start two working groups and a members' survey",
        }}),
    Exercise(
        "roadmap", Timeline, {"columns": ("date", "milestone", "outcome"), "key": "milestone"},
        check=enough_rows(3), points=2,
        example={"rows": [
            {"date": "2027-03", "milestone": "Members' survey", "outcome": "We know what members need most"},
            {"date": "2027-06", "milestone": "Two working groups running",
             "outcome": "Members lead their own projects"},
            {"date": "2028", "milestone": "Second cohort of trainers",
             "outcome": "Training no longer depends on staff"},
        ]}),
    Exercise(
        "roadmap_details", Form, {"prompts": ("scope", "resources", "ways_of_working", "risks")},
        check=prompts_answered(3), points=1,
        example={"answers": {
            "scope": "Training and mentoring for researchers in our region; not software development.",
            "resources": "A part-time coordinator, volunteer trainers and a small events budget.",
            "ways_of_working": "Open notes, monthly calls and decisions made in public issues.",
            "risks": "Volunteer burn-out and the grant ending; we will share roles and seek a second funder.",
        }}),
    Exercise(
        "success", Form, {"prompts": ("six_months", "twelve_months", "two_years")},
        check=prompts_answered(3), points=1,
        example={"answers": {
            "six_months": "Fifty active members and a survey with at least thirty replies.",
            "twelve_months": "Two working groups led by members and ten new trainers.",
            "two_years": "The network runs its training without staff help and has a second funder.",
        }}),
    Exercise(
        "charter_reflections", Reflections, {"prompts": ("alignment", "contributor", "conversation")},
        check=reflections_written(15), hand_graded=3,
        example={"answers": {
            "alignment": "Openness and learning run through my work: I publish notes and teach what I "
                         "learn, though kindness is harder to keep when deadlines press.",
            "contributor": "I would ask a contributor what they care about, show them our values and "
                           "vision, and find a task where their goals and ours overlap.",
            "conversation": "A relaxed one-to-one call with open questions, where I listen more than I "
                            "talk and we agree one small next step together.",
        }}),
    closing_feedback({
        "worked": "Picking only three values forced a conversation we had been avoiding.",
        "didnt": "The roadmap dates felt like guesses without our budget at hand.",
        "change": "Ask us to bring our planning calendar to this session.",
        "surprised": "The charter that came out read like something we could publish next week.",
    }),
    sharing("charter"),
))
