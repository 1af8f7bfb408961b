"""Session 1: community narrative."""

from __future__ import annotations

from ..exercises import Exercise, Session, closing_feedback
from ..kinds.checklist import Checklist, required_sections
from ..kinds.form import Form, prompts_answered
from ..kinds.ratings import Ratings, all_rated
from ..kinds.reflections import Reflections, reflections_written
from ..kinds.table import enough_rows
from ..kinds.timeline import Timeline

# The five skill families of The Community Roundtable's Community Skills
# Framework. Its licence (CC BY-NC-ND) lets us name the families, nothing more.
SKILL_FAMILIES = ("engagement", "content", "strategic", "business", "technical")
HAVE_SECTIONS = ("community_has", "team_has")
NEED_SECTIONS = ("gaps", "upskilling", "invite", "priorities")
# Up-skilling and who to invite are two ways to fill a gap; either may not apply, so they may stay empty.
REQUIRED_SECTIONS = HAVE_SECTIONS + ("gaps", "priorities")

SESSION = Session("session1", (
    Exercise(
        "scenario_comparison", Form, {"prompts": ("trends", "differences", "closest")},
        check=prompts_answered(5), points=1,
        example={"answers": {
            "trends": "Three start with a few people and a shared interest, grow by word of mouth and only "
                      "later win support or money; in Scenario D the organisation comes first and has to "
                      "win members over.",
            "differences": "They differ in who starts them, how quickly formal support arrives and "
                           "whether the members or an institution set the direction.",
            "closest": "Scenario B is closest: our network began as two volunteers and only later "
                       "found a funder.",
        }}),
    Exercise(
        "start_with_why", Form, {"prompts": ("project_needs", "your_role", "others_join", "alignment")},
        check=prompts_answered(5), points=2,
        example={"answers": {
            "project_needs": "Open methods spread through people, not documents, so the project needs "
                             "peers who teach and support each other.",
            "your_role": "I took this role because a welcoming community helped me when I started "
                         "out, and I want others to have that.",
            "others_join": "People join to learn practical skills, meet peers facing the same problems "
                           "and get credit for what they share.",
            "alignment": "The project wants wider adoption, I want a kind place to learn, and members "
                         "want skills: all three grow when members teach each other.",
        }}),
    Exercise(
        "next_step", Form, {"prompts": ("direction", "resources", "rewarding")},
        check=prompts_answered(5), points=1,
        example={"answers": {
            "direction": "Next we want a small group of member-led working groups, starting with one "
                         "on training materials.",
            "resources": "A few hours a week of coordination, a shared drive and a small budget for "
                         "online events.",
            "rewarding": "A hackathon where my first small fix was thanked in public; I want every "
                         "newcomer to feel that noticed.",
        }}),
    Exercise(
        "skills_rating", Ratings, {"items": SKILL_FAMILIES},
        check=all_rated(), points=2,
        example={"scores": {"engagement": 4, "content": 3, "strategic": 2, "business": 1, "technical": 3}}),
    Exercise(
        "skills_resources", Checklist, {"sections": HAVE_SECTIONS + NEED_SECTIONS},
        check=required_sections(REQUIRED_SECTIONS), points=2,
        view={"groups": {"have": HAVE_SECTIONS, "need": NEED_SECTIONS}},
        example={"items": {
            "community_has": ["Experienced trainers", "A shared slide library"],
            "team_has": ["Event planning", "Writing and editing"],
            "gaps": ["Fundraising", "Evaluating impact"],
            "upskilling": ["Grant-writing course for the team"],
            "invite": ["An evaluation specialist from the university"],
            "priorities": ["Write a one-page community strategy", "Run a members' survey"],
        }}),
    Exercise(
        "origin_timeline", Timeline, {"columns": ("date", "event", "who"), "key": "event"},
        check=enough_rows(3), points=2,
        example={"rows": [
            {"date": "2019-03", "event": "Two researchers start a reading group", "who": "Founders"},
            {"date": "2020", "event": "The group moves online and opens to other universities",
             "who": "Founders and first members"},
            {"date": "2022-09", "event": "A small grant pays for a part-time coordinator",
             "who": "Funder, host institute"},
        ]}),
    Exercise(
        "origin_story", Form, {"prompts": ("founders", "why_started", "interviews", "next")},
        check=prompts_answered(5), points=2,
        example={"answers": {
            "founders": "Two postdoctoral researchers in neighbouring labs started it.",
            "why_started": "They were tired of solving the same data problems alone and wanted a place "
                           "to swap methods.",
            "interviews": "I will interview both founders and our first funder about the early "
                          "decisions nobody wrote down.",
            "next": "Grow from a reading group into a network with member-led training.",
        }}),
    Exercise(
        "narrative_reflections", Reflections, {"prompts": ("narrative", "alignment", "priorities")},
        check=reflections_written(15), hand_graded=3,
        example={"answers": {
            "narrative": "We began as a reading group of two researchers who wanted company in solving "
                         "data problems; today we are an online network that trains its own members.",
            "alignment": "Our institute funds community management to spread good practice, which is "
                         "exactly what members want to learn and teach, so the purposes reinforce each other.",
            "priorities": "First a short strategy and a members' survey, because both tell us what to "
                          "build next and give our funder evidence of value.",
        }}),
    closing_feedback({
        "worked": "Comparing the four scenarios side by side made our own start easier to describe.",
        "didnt": "The skills rating felt rushed at the end of the morning.",
        "change": "Give the origin timeline its own slot, with time to ask a colleague.",
        "surprised": "How much of our early history only lives in two people's heads.",
    }),
))
