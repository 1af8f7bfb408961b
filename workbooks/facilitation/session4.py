"""Session 4, the community charter: one main activity in the call, a value in action; the charter itself is
built after the call."""

from __future__ import annotations

from .plan import Block, Breakout, SessionPlan

PLAN = SessionPlan(
    session="session4",
    before=(
        "Keep the first ten minutes of the open discussion for the documents people brought from Session 3.",
        "Read the lessons on vision, mission and roadmaps below the workbook's After the session heading: the "
        "short talk walks through them.",
    ),
    roll_call=("Pick three values from the list in exercise 1 that fit the work you are doing now, and say them to "
               "the group. They are not fixed for life: the three that fit today may change as the work does."),
    blocks=(
        Block(5, "Roll call: three values each (exercise 1)",
              "Welcome everyone, remind them of the guidelines and the recording policy, then ask the roll-call "
              "question. People can pick their values in exercise 1 first.", "core_values", "share"),
        Block(7, "Short lesson: personal and organisational values",
              "Start recording if you record. Explain how values guide choices, and the six principles of "
              "authentic community engagement. Stop recording at the end of the lesson."),
        Block(8, "Exercise 2: one value in action, alone",
              "Quiet writing: one value, what it means, and a moment it was acted on.", "value_in_action", "alone"),
        Block(12, "Exercise 2: pairs or breakout rooms",
              "Open pairs or rooms of three with the prompts below. Say that anyone can pass.",
              "value_in_action", "rooms"),
        Block(8, "Exercise 2: share with the whole group",
              "Invite a few people to share; passing is always fine.", "value_in_action", "share"),
        Block(10, "Short talk: from values to a charter",
              "Walk through the lessons on vision, mission and roadmaps, so that people know what the exercises "
              "after the call ask. Encourage a rough first draft, to refine with stakeholders later."),
        Block(5, "Introducing the work after the call",
              "Show where the After the session part starts and what it asks. Say that the written reflections "
              "are graded but read only by you, never shown to the group."),
        Block(5, "Before you go: pluses and deltas",
              "Ask the closing questions and give people two minutes for the workbook's Before you go boxes."),
    ),
    breakouts=(
        Breakout(
            "core_values",
            silent="Pick three values from the list in exercise 1 that fit your work right now.",
            share=("Which three values fit your work right now? Anyone can pass.",),
        ),
        Breakout(
            "value_in_action",
            silent=("Take one of your three values. Say what it means to you, and note one moment when you or "
                    "someone in your community acted on it."),
            prompts=("Each person names their value and tells the story of it in action, in two minutes or less.",
                     "Listeners: what does that value mean to you? The same word often means different things.",
                     "Where could this value show more in your community's everyday work?"),
            share=("Which value came up most often, and did it mean the same to everyone?",
                   "Which story of a value in action stayed with you?"),
        ),
    ),
    after=("Participants write down their community's values and where they show (exercise 3), read the lessons "
           "on vision, mission and roadmaps, work through exercises 4 to 8, build their charter (exercise 9), "
           "write the reflections and hand in their workbook. Sharing values aloud is always optional; the "
           "written reflections are graded, and only you read them."),
    next_time="their charter, or the part of it they feel surest about",
)
