"""Session 3: community engagement and value exchange."""

from __future__ import annotations

from ..exercises import Exercise, Session, closing_feedback, sharing
from ..kinds.checklist import Checklist, sections_filled
from ..kinds.ladder import Ladder, mountain_complete
from ..kinds.pathway import Pathway, pathway_possible
from ..kinds.reflections import Reflections, reflections_written
from ..kinds.table import TableModel, enough_rows

INFORMATION_SECTIONS = ("resources_processes", "participation", "member_value", "value_exchange")
# The Turing Way's persona sections, then the persona's pathway up the mountain.
PERSONA_COLUMNS = ("name_role", "background", "needs", "profile", "provisions", "hopes",
                   "barriers", "hurdles", "fears", "pathway")


def _phase(activities: str, barriers: str, solutions: str, recognition: str = "") -> dict[str, str]:
    return {"activities": activities, "barriers": barriers, "solutions": solutions, "recognition": recognition}

# Exercise 1, the mountain, is the call's one main activity; the rest is done after the call.
SESSION = Session("session3", (
    Exercise(
        "mountain", Ladder,
        check=mountain_complete(), points=3,
        example={"lens": "mozilla", "phases": {
            "discovery": _phase("Hear about us at a conference or online", "Jargon on the website",
                                "A plain-language welcome page", "They sign up to the newsletter"),
            "first_contact": _phase("Join a call or post a question", "Not sure where to start",
                                    "A newcomers' channel with a named host", "They come back a second time"),
            "participation": _phase("Make a first contribution", "Fear of doing it wrong\nUnclear tasks",
                                    "Good-first-issue labels and friendly review\nA list of small tasks",
                                    "A second contribution within a month"),
            "sustained": _phase("Contribute regularly", "Burn-out\nNo recognition",
                                "Rotating duties\nMonthly shout-outs", "They start helping newcomers"),
            "networked": _phase("Bring in and connect others", "No time to mentor",
                                "Short mentoring slots", "They are asked to lead a working group"),
            "leadership": _phase("Lead working groups and set direction", "Leaders step back without a successor",
                                 "A handover plan for every role"),
        }}),
    Exercise(
        "information_map", Checklist, {"sections": INFORMATION_SECTIONS},
        check=sections_filled(), points=2,
        view={"groups": {"map": INFORMATION_SECTIONS}},
        example={"items": {
            "resources_processes": ["Contributing guide", "Monthly community call", "Mentoring scheme"],
            "participation": ["Answering questions in the forum", "Reviewing pull requests", "Hosting calls"],
            "member_value": ["New skills", "Visible credit for their work", "A network of peers"],
            "value_exchange": ["All-contributors list on the website", "Thank-you round at each call",
                               "Travel grants for active members"],
        }}),
    Exercise(
        "pathway_numbers", Pathway,
        check=pathway_possible(), points=2,
        example={
            "people": {"discovery": 800, "first_contact": 250, "participation": 90,
                       "sustained": 35, "networked": 12, "leadership": 5},
            "moved_on": {"discovery": 250, "first_contact": 90, "participation": 35,
                         "sustained": 12, "networked": 5},
        }),
    Exercise(
        "personas", TableModel, {"columns": PERSONA_COLUMNS, "key": "name_role"},
        check=enough_rows(1), points=2,
        example={"rows": [{
            "name_role": "Priya, PhD student and first-time contributor",
            "background": "Second-year student in ecology, 26, works from a small regional university",
            "needs": "Clear small tasks, a mentor, evening time slots",
            "profile": "Curious, keen to learn coding, active on social media",
            "provisions": "Newcomers' channel, mentoring scheme, good-first issues",
            "hopes": "To build skills that help her career and to belong to a friendly group",
            "barriers": "Jargon, time-zone clashes",
            "hurdles": "Long review times on her first pull request",
            "fears": "Looking foolish in public",
            "pathway": "Discovery via a workshop, first contact in the newcomers' channel, first fix "
                       "with a mentor, then hosts a call after a year",
        }]}),
    Exercise(
        "bring_document", TableModel,
        {"columns": ("kind", "title", "link", "insight"), "key": "title", "link_columns": ("link",)},
        check=enough_rows(1), points=1,
        example={"rows": [{
            "kind": "Community health report", "title": "Annual community report 2025",
            "link": "https://example.org/community-report-2025",
            "insight": "Most newcomers stop after their first contribution, so our next step is review speed.",
        }]}),
    Exercise(
        "engagement_reflections", Reflections, {"prompts": ("value_exchange", "movement", "living")},
        check=reflections_written(15), hand_graded=3,
        example={"answers": {
            "value_exchange": "I give time, welcome and mentoring and receive new ideas and friendships; "
                              "members give reviews and answers but get little visible credit, so the "
                              "balance needs work.",
            "movement": "People move up when they contribute twice in a month or start helping others; "
                        "we will recognise that with a personal thank-you and an invitation to the next band.",
            "living": "We will review the mountain every six months with members, compare it with the "
                      "pathway numbers and change the barriers and solutions we list.",
        }}),
    closing_feedback({
        "worked": "Putting numbers on the pathway showed where people quietly drop away.",
        "didnt": "Choosing between the two mountain versions took longer than the exercise.",
        "change": "Suggest one version of the mountain and mention the other as an option.",
        "surprised": "Our persona needed far less from us than we assumed.",
    }),
    sharing("mountain", "bring_document"),
))
