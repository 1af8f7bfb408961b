"""Session 1, community narrative: the first call, with five short exercises and one main activity (start with why).

The call keeps every exercise the workbook places in it, each given the time it really needs: most are
quiet work alone, one runs in breakout rooms, and the origin-story assignment and the reflections come after.
"""

from __future__ import annotations

from .plan import Block, Breakout, SessionPlan

PLAN = SessionPlan(
    session="session1",
    before=(
        "This is the cohort's first call: send the participation guidelines, the recording policy and the way to "
        "raise a concern with the invitation, and plan to read them out at the start.",
        "Read the four scenarios in the lesson, so that you can sum up each one in a sentence.",
    ),
    roll_call=("Think of a community you admire. What is the one thing about it you admire most? Have you managed "
               "to bring that quality into your own project? If so, how; if not, what stood in the way?"),
    blocks=(
        Block(6, "Welcome and roll call",
              "Welcome everyone, read out the participation guidelines and the recording policy, say how to raise "
              "a concern, then ask the roll-call question."),
        Block(7, "Short lesson: community and community of practice",
              "Start recording if you record. Explain domain, community and practice, and sum up the four "
              "scenarios. Stop recording at the end of the lesson."),
        Block(3, "Exercise 1: compare the scenarios, alone",
              "Ask people to note, in exercise 1, what the scenarios share and what sets them apart.",
              "scenario_comparison", "alone"),
        Block(4, "Exercise 1: whole-group discussion",
              "Ask the share questions below and take a few answers; no breakout rooms for this one.",
              "scenario_comparison", "share"),
        Block(5, "Exercise 2: start with why, alone",
              "Quiet writing: the four why questions in exercise 2.", "start_with_why", "alone"),
        Block(8, "Exercise 2: breakout rooms",
              "Open rooms of three to five with the prompts below; warn the rooms a minute before they close.",
              "start_with_why", "rooms"),
        Block(5, "Exercise 2: share with the whole group",
              "One point from each room, then the share questions.", "start_with_why", "share"),
        Block(4, "Exercise 3: where next, alone",
              "Quiet writing in exercise 3: the next step, what it needs, and a time people felt they belonged.",
              "next_step", "alone"),
        Block(3, "Short lesson: the skills behind community work",
              "Introduce the five skill families, and say that a low score marks something to learn, not a "
              "failure."),
        Block(3, "Exercise 4: rate your skills, alone",
              "People rate themselves by instinct in exercise 4 and look at the shape of their chart.",
              "skills_rating", "alone"),
        Block(4, "Exercise 5: skills, resources and gaps, alone",
              "People start the six lists of exercise 5 with one item each; the rest can wait until after "
              "the call.", "skills_resources", "alone"),
        Block(3, "Introducing the work after the call",
              "Show where exercises 6 and 7 (the origin story) and the reflections are, and what they ask. "
              "Say that the origin story usually needs a few interviews."),
        Block(5, "Before you go: pluses and deltas",
              "Ask the closing questions and give people two minutes for the workbook's Before you go boxes."),
    ),
    breakouts=(
        Breakout(
            "scenario_comparison",
            silent=("Read the four scenarios again. Note what they have in common, what sets them apart, and "
                    "which one sounds most like your own community."),
            share=("What do the four stories have in common: how they began, who took the first step, when "
                   "formal support arrived?",
                   "What sets them apart?",
                   "Which story is closest to your own community, and where does yours differ?"),
        ),
        Breakout(
            "start_with_why",
            silent=("Answer the four why questions: why the project needs a community, why you took on the role, "
                    "why others would join, and how those reasons fit together."),
            prompts=("Each person reads out one of their reasons. Which reasons do you share, and which are "
                     "yours alone?",
                     "Where do the project's reasons, your own and your members' pull in different directions?",
                     "What would a newcomer need to hear to understand why your community exists?"),
            share=("Which reason came up in more than one room?",
                   "Did anyone find that their own reasons and their organisation's do not line up? What could "
                   "they do about it?"),
        ),
        Breakout(
            "next_step",
            silent=("Write where you would like to take your community, the very next step and what it needs, "
                    "and a time a community made you feel you belonged."),
        ),
        Breakout(
            "skills_rating",
            silent="Rate each of the five skill families from 0 to 5, by instinct, then look at the chart.",
        ),
        Breakout(
            "skills_resources",
            silent=("Start the six lists with one item each: what the community has, what you and your team "
                    "have, the gaps, learning, who to invite and your priority goals."),
        ),
    ),
    after=("The origin-story assignment, exercises 6 and 7: a timeline of the community's history and its "
           "story, with the people to interview. Most people need a few interviews, so they finish it in the "
           "weeks after the call. Participants also finish exercise 5 if the call cut it short, write the three "
           "reflections, which you grade, and hand in their workbook."),
    next_time="the origin stories they pieced together in exercises 6 and 7",
)
