"""Session 5, open research in practice: one main activity in the call, the self-audit against the seven
principles, and a short look at the four scales of openness."""

from __future__ import annotations

from .plan import Block, Breakout, SessionPlan

PLAN = SessionPlan(
    session="session5",
    before=(
        "Keep the first ten minutes of the open discussion for anyone who wants to share their Session 4 charter.",
        "Some participants do not work in research: be ready to invite them to read \"research\" as \"our work\" "
        "throughout, since the principles hold for any community that shares knowledge.",
    ),
    roll_call="Name one thing your community already does in the open, and one thing it keeps closed.",
    blocks=(
        Block(5, "Roll call",
              "Welcome everyone, remind them of the participation guidelines and the recording policy in a "
              "sentence each, then ask the roll-call question."),
        Block(9, "Short lesson: seven principles",
              "Start recording if you record. Walk through the seven principles with an example of each. "
              "Stop recording at the end of the lesson."),
        Block(8, "Exercise 1: score the principles, alone",
              "Quiet writing: a score for all seven, and evidence and a next step for two or three.",
              "principles_audit", "alone"),
        Block(12, "Exercise 1: breakout rooms",
              "Open rooms of three to five with the prompts below. Scores are private: rooms compare reasons "
              "and next steps, not numbers.", "principles_audit", "rooms"),
        Block(8, "Exercise 1: share with the whole group",
              "One next step from each room, then the share questions.", "principles_audit", "share"),
        Block(4, "Short lesson: how open is your project?",
              "Explain the four scales and the open/closed by general/specialised grid."),
        Block(4, "Exercise 2: the four scales, alone",
              "Quiet work: people place their project on the four scales.", "openness_scales", "alone"),
        Block(2, "Exercise 2: where projects landed",
              "A quick show of hands, or a word in the chat, for each corner of the grid.",
              "openness_scales", "share"),
        Block(3, "Introducing the work after the call",
              "Show where the After the session part starts and what the reflections ask."),
        Block(5, "Before you go: pluses and deltas",
              "Ask the closing questions and give people two minutes for the workbook's Before you go boxes."),
    ),
    breakouts=(
        Breakout(
            "principles_audit",
            silent=("Score your community on each of the seven principles from 1 to 4. For two or three of them, "
                    "write the evidence you can point to and one next step."),
            prompts=("Each person picks the principle they scored lowest and says why, with their evidence.",
                     "Compare reasons and next steps, not numbers.",
                     "Help each person shrink their next step until they could start it this month."),
            share=("Which principle was hardest to find evidence for?",
                   "Which next step would you like to borrow from someone else?"),
        ),
        Breakout(
            "openness_scales",
            silent="Place your project on the four scales of openness, from 1 to 5, and see where it lands.",
            share=("Which corner of the grid did your project land in?",),
        ),
    ),
    after=("Participants finish the evidence and next steps of exercise 1 for every principle, write the "
           "reflections and hand in their workbook."),
    next_time="their self-audit, or the next step they chose",
)
