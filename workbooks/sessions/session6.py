"""Session 6: growing a community of practice, with We Are Open Co-op's case study."""

from __future__ import annotations

from ..exercises import Exercise, Session, closing_feedback, sharing
from ..kinds.badge_designs import BadgeDesigns, badges_designed
from ..kinds.canvas import CANVAS_BOXES, Canvas
from ..kinds.form import Form, prompts_answered
from ..kinds.maturity import MATURITY_PROMPTS, Maturity, stage_placed
from ..kinds.reflections import Reflections, reflections_written
from ..kinds.scorecard import Scorecard, every_item_scored
from .session2 import CHANNEL_SECTIONS

# The five things to consider in a landscape of practice (Wenger-Trayner and others, 2015).
LANDSCAPE = ("multiplicity", "boundaries", "identity", "engagement", "negotiability")
ALLIES = ("launch", "community_call", "outreach", "agenda", "conduct_choice", "conduct_review")
# We Are Open Co-op's architecture of participation (Doug Belshaw), its eight elements.
ARCHITECTURE = ("clear_mission", "invitation", "onboarding", "modular", "leadership", "working_openly",
                "backchannels", "celebration")
ARCHITECTURE_LEVELS = ("not_yet", "planned", "in_place")  # scored 1 to 3
HOME = ("community_name", "home_link", "weekly", "monthly")

# Which earlier answers can start each canvas box: (session, exercise, the parts of it to use; all if empty).
CANVAS_EARLIER = {
    "purpose": [("session2", "purpose_outcomes", ())],
    "identity": [("session2", "stakeholders", ())],
    "values": [("session4", "values_in_practice", ("community_values",))],
    "success": [("session4", "success", ())],
    "communication": [("session2", "resources", CHANNEL_SECTIONS)],
}

SESSION = Session("session6", (
    Exercise(
        "landscape", Form, {"prompts": LANDSCAPE},
        check=prompts_answered(3), points=2,
        example={"answers": {
            "multiplicity": "Most of our members also belong to a national teaching network and a subject "
                            "association, so we are one of three places where they learn.",
            "boundaries": "We link to the teaching network's calls instead of copying them, and two members "
                          "report back from the subject association each term.",
            "identity": "New members come as 'people who use open methods'; after a year many call themselves "
                        "trainers, which we mark with a welcome at the monthly call.",
            "engagement": "About forty people read the newsletter and never post; we treat that as taking part "
                          "and invite them to small, one-off tasks.",
            "negotiability": "What counts as 'open enough' is argued every year; we write the current answer in "
                             "our guide and date it.",
        }}),
    Exercise(
        "allies_plan", Form, {"prompts": ALLIES},
        check=prompts_answered(3), points=2,
        example={"answers": {
            "launch": "We will launch with a thirty-minute session at the regional open research day, and ask "
                      "our partner networks to share the invitation.",
            "community_call": "A monthly call, first Tuesday at two different times, where members set half "
                              "the agenda.",
            "outreach": "A coordinator writes to every newcomer within a week, answers their introduction and "
                        "suggests one call or thread to join.",
            "agenda": "The agenda is a shared document open a week before each call; anyone can add an item.",
            "conduct_choice": "We start from the Contributor Covenant, and a small group of members adapts it "
                              "over two calls before everyone comments.",
            "conduct_review": "We review it every January, and after any incident, in an open call.",
        }}),
    Exercise(
        "canvas", Canvas, {"prompts": CANVAS_BOXES},
        check=prompts_answered(2), points=3,
        view={"earlier": CANVAS_EARLIER},
        example={"answers": {
            "purpose": "A place where researchers in our region learn open methods from each other, so that "
                       "no one has to work them out alone.",
            "identity": "Early-career researchers, the trainers who support them and library staff; anyone "
                        "can join by introducing themselves.",
            "values": "Openness, kindness and shared credit.",
            "success": "In twelve months: sixty active members, ten member-led sessions and a second funder.",
            "experience": "A welcome message, a monthly call, a weekly digest and a yearly open day.",
            "roles": "Members, mentors, call hosts, moderators and a small steering group.",
            "rules": "Our code of conduct, credit for every contribution, and decisions in public threads.",
            "governance": "The steering group decides on money; everything else is proposed and agreed in "
                          "the monthly call.",
            "communication": "A discussion forum as our home, the weekly digest, and the monthly video call.",
        }}),
    Exercise(
        "maturity", Maturity, {"prompts": MATURITY_PROMPTS},
        check=stage_placed(3), points=2,
        example={"answers": {
            "stage": "forming",
            "evidence": "Thirty people come to calls and a few now start threads, but the coordinator still "
                        "runs everything.",
            "next_needs": "Members who lead parts of the work, and routines that run without staff.",
            "activities": "Ask two members to host calls; start a mentor pairing scheme; publish a yearly "
                          "plan made with members.",
        }}),
    Exercise(
        "participation_architecture", Scorecard,
        {"items": ARCHITECTURE, "notes": ("evidence_or_plan",), "levels": ARCHITECTURE_LEVELS},
        check=every_item_scored(("evidence_or_plan",)), points=2,
        example={"records": {
            "clear_mission": {"score": 3, "evidence_or_plan": "Our one-paragraph purpose opens the home page."},
            "invitation": {"score": 2, "evidence_or_plan": "Add a 'how to take part' page with three first "
                                                           "steps."},
            "onboarding": {"score": 3, "evidence_or_plan": "Every newcomer gets a welcome message within a week."},
            "modular": {"score": 1, "evidence_or_plan": "Split the training into short parts people can run "
                                                        "alone."},
            "leadership": {"score": 2, "evidence_or_plan": "Train two members a term to host calls."},
            "working_openly": {"score": 3, "evidence_or_plan": "Plans and notes are in public documents."},
            "backchannels": {"score": 2, "evidence_or_plan": "Open an informal chat thread for off-topic talk."},
            "celebration": {"score": 1, "evidence_or_plan": "Mark each member-led session in the weekly digest."},
        }}),
    Exercise(
        "home_and_rhythm", Form, {"prompts": HOME},
        check=prompts_answered(1), points=1,
        example={"answers": {
            "community_name": "Open Methods North",
            "home_link": "https://openmethods.example.org",
            "weekly": "Every Monday a moderator posts the digest, answers open threads and welcomes newcomers.",
            "monthly": "The community call on the first Tuesday, and a look at what the digest showed.",
        }}),
    Exercise(
        "badge_designs", BadgeDesigns,
        check=badges_designed(2), points=3,
        view={"community_from": ("home_and_rhythm", "community_name")},
        example={"rows": [
            {"name": "First thread", "recognises": "participation",
             "criteria": "Started a discussion thread that others answered.",
             "evidence": "A link to the thread.", "awarded_by": "Moderators", "shown": "advertised"},
            {"name": "Welcomer", "recognises": "participation",
             "criteria": "Made three newcomers feel at home without being asked.",
             "evidence": "The replies, noticed by a moderator.", "awarded_by": "Moderators", "shown": "stealth"},
        ]}),
    Exercise(
        "growth_reflections", Reflections, {"prompts": ("healthy", "recognition", "next_stage")},
        check=reflections_written(15), hand_graded=3,
        example={"answers": {
            "healthy": "I will plan a simple yearly calendar, share moderation between three people on a rota, "
                       "and ask at each call how people are doing, not only what they did.",
            "recognition": "I want to recognise people who help newcomers, because that work is invisible; a "
                           "stealth badge keeps it a surprise rather than a target.",
            "next_stage": "To move from forming to maturing we need members who lead; my first step is asking "
                          "two regulars to host the next two calls with me.",
        }}),
    closing_feedback({
        "worked": "Filling the canvas from my earlier answers showed how far I have come.",
        "didnt": "The badge table was fiddly on a small screen.",
        "change": "More time for the canvas, less for the story.",
        "surprised": "How much a name mattered to the case study's community.",
    }),
    sharing("canvas"),
))
