"""Session 6, growing a community of practice: one main activity in the call, gathering allies; the canvas and
the rest come after. It is the course's last call."""

from __future__ import annotations

from .plan import Block, Breakout, SessionPlan

PLAN = SessionPlan(
    session="session6",
    before=(
        "Keep the first ten minutes of the open discussion for anyone who wants to share their Session 5 "
        "self-audit.",
        "Open the community canvas (exercise 3) once yourself, to show its button at the end of the call.",
    ),
    roll_call=("Name one community you belong to apart from the one you look after, and one thing you learn "
               "there."),
    blocks=(
        Block(5, "Roll call",
              "Welcome everyone, remind them of the participation guidelines and the recording policy in a "
              "sentence each, then ask the roll-call question."),
        Block(6, "Short lesson: communities of practice and their landscape",
              "Start recording if you record. Explain domain, community and practice, and the landscape of "
              "communities around each one."),
        Block(5, "Exercise 1: your landscape of practice, alone",
              "Quiet writing in exercise 1: a map for each person, not shared.", "landscape", "alone"),
        Block(7, "Short lesson: the case study",
              "Tell the story of the ORE community: its vision, its name and how it keeps itself healthy. "
              "Stop recording at the end of the lesson."),
        Block(5, "Exercise 2: gathering allies, alone",
              "Quiet writing: the five tactics for the person's own community.", "allies_plan", "alone"),
        Block(12, "Exercise 2: breakout rooms",
              "Open rooms of three to five with the prompts below. Ask each room to agree one idea every member "
              "could try.", "allies_plan", "rooms"),
        Block(8, "Exercise 2: share with the whole group",
              "The idea each room agreed, then the share questions.", "allies_plan", "share"),
        Block(4, "Short lesson: the community canvas",
              "Show the canvas and its button. It starts from earlier answers only when those sessions were "
              "done in the same place (the same Binder or computer); otherwise people type their own, which "
              "works just as well."),
        Block(3, "Introducing the work after the call",
              "Show where the After the session part starts and what exercises 3 to 8 ask."),
        Block(5, "Before you go: pluses and deltas",
              "Ask the closing questions and give people two minutes for the workbook's Before you go boxes."),
    ),
    breakouts=(
        Breakout(
            "landscape",
            silent=("Write a few sentences on each of the five ideas about the communities around yours. The map "
                    "is for you."),
        ),
        Breakout(
            "allies_plan",
            silent=("Note how you would launch, start a community call, reach out to newcomers, build agendas "
                    "together and agree a code of conduct, with a date, a place or a person where you can."),
            prompts=("Each person shares the tactic they are least sure about; the room helps make it concrete: "
                     "a date, a place, a person.",
                     "Agree one idea that every member of the room could try in their own community.",
                     "Who would you ask to help shape your code of conduct, and how would you agree it together?"),
            share=("What one idea did your room agree to try?",
                   "What could stop you trying it in the next month, and who could help?"),
        ),
    ),
    after=("Participants fill in their community canvas (exercise 3), read the short lessons, work through "
           "exercises 4 to 7, write the reflections and hand in their workbook."),
)
