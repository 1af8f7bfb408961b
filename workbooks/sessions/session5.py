"""Session 5: open research implementation."""

from __future__ import annotations

from ..exercises import Exercise, Session, closing_feedback
from ..kinds.reflections import Reflections, reflections_written
from ..kinds.scorecard import Openness, Scorecard, every_item_scored

# The seven key principles of Leonelli's report for the European Commission, Implementing Open Science
# (MLE on Open Science, Thematic Report No 4, December 2017), in the report's order.
PRINCIPLES = ("respect_for_diversity", "collaboration", "accountability", "transparency",
              "social_responsibility", "fairness", "impact")
AUDIT_NOTES = ("evidence", "next_step")
AUDIT_LEVELS = ("not_started", "first_steps", "in_place", "strength")  # scored 1 to 4

SESSION = Session("session5", (
    Exercise(
        "principles_audit", Scorecard, {"items": PRINCIPLES, "notes": AUDIT_NOTES, "levels": AUDIT_LEVELS},
        check=every_item_scored(AUDIT_NOTES), points=3,
        example={"records": {
            "respect_for_diversity": {
                "score": 2, "evidence": "Members come from twelve universities, but every call is in English "
                                        "and at a European lunchtime.",
                "next_step": "Ask members in other regions which call times and languages would work for them."},
            "collaboration": {
                "score": 3, "evidence": "Working groups write the training materials together in shared documents.",
                "next_step": "Invite two partner networks to co-write the next module."},
            "accountability": {
                "score": 2, "evidence": "The steering group decides, but members rarely hear why.",
                "next_step": "Publish a short note after each steering meeting with decisions and reasons."},
            "transparency": {
                "score": 3, "evidence": "Our materials and meeting notes are public; the budget is not.",
                "next_step": "Share a one-page summary of how the grant is spent."},
            "social_responsibility": {
                "score": 1, "evidence": "We have never asked people outside research what they need from us.",
                "next_step": "Run one open session with a local patient group and a library."},
            "fairness": {
                "score": 2, "evidence": "Volunteers who write materials are thanked, but only staff are named "
                                        "as authors.",
                "next_step": "Name every contributor on the materials and in our annual report."},
            "impact": {
                "score": 3, "evidence": "Former trainees now teach open methods in their own labs.",
                "next_step": "Collect three short stories of that change for our funder and members."},
        }}),
    Exercise(
        "openness_scales", Openness,
        check=every_item_scored(), points=2,
        example={"records": {
            "subject": {"score": 2, "why": "Open methods for any research field, with a few subject tracks."},
            "infrastructure": {"score": 4, "why": "Our materials live on an open platform; the chat tool is not "
                                                  "open source."},
            "participants": {"score": 3, "why": "Anyone can join the calls, but the mentoring is for members."},
            "outcomes": {"score": 5, "why": "Everything we make is published under an open licence."},
        }}),
    Exercise(
        "open_reflections", Reflections, {"prompts": ("open_up", "equity", "participation")},
        check=reflections_written(15), hand_graded=3,
        example={"answers": {
            "open_up": "I will open our steering notes first: members keep asking why things were decided, and "
                       "a short public note costs little. The hard part is that some discussions involve "
                       "funders, so we will agree what stays private and say so.",
            "equity": "Members outside Europe and people without English as a first language find it hardest "
                      "to take part, because our calls are at one time and in one language. We will rotate "
                      "call times and accept questions in writing, in any language, before each call.",
            "participation": "Today members are consulted; I want them to co-decide. Next term the working "
                             "groups will set their own priorities and present them, and the steering group "
                             "will only step in on budget.",
        }}),
    closing_feedback({
        "worked": "Scoring the principles one by one showed gaps we had never named.",
        "didnt": "Four levels felt too few for some principles.",
        "change": "Give us the report's summary to read before the session.",
        "surprised": "We are more open in what we publish than in who can take part.",
    }),
))
