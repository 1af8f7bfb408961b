"""Session 3, engagement and value exchange: one main activity in the call, the mountain of engagement."""

from __future__ import annotations

from .plan import Block, Breakout, SessionPlan

PLAN = SessionPlan(
    session="session3",
    before=(
        "Decide how to share the phases (or modes) between rooms, two or three each, so that together the rooms "
        "cover the whole mountain.",
        "Keep the first ten minutes of the open discussion for the Session 2 work people want to share.",
    ),
    roll_call=("What do you bring into your community, and what do you get back from it? Kindness, patience, "
               "expertise, resources, technical know-how or mentoring can sit on either side. Does the balance "
               "feel right to you?"),
    blocks=(
        Block(5, "Roll call",
              "Welcome everyone, remind them of the participation guidelines and the recording policy in a "
              "sentence each, then ask the roll-call question."),
        Block(5, "Short lesson: participation and value exchange",
              "Start recording if you record. Explain equitable participation and what members give and get."),
        Block(7, "Short lesson: the mountain of engagement and the CSCCE modes",
              "Show both models and when each fits. Stop recording at the end of the lesson."),
        Block(8, "Exercise 1: map how people take part, alone",
              "Quiet writing: people pick a model and start on what people do and the barriers they meet.",
              "mountain", "alone"),
        Block(15, "Exercise 1: breakout rooms",
              "Open rooms of three to five, each with its two or three phases or modes and the prompts below.",
              "mountain", "rooms"),
        Block(10, "Exercise 1: share with the whole group",
              "One barrier and one solution from each room, then the share questions.", "mountain", "share"),
        Block(5, "Introducing the work after the call",
              "Show where the After the session part starts, what exercises 2 to 5 ask, and that exercise 5 "
              "means bringing a document to the next call."),
        Block(5, "Before you go: pluses and deltas",
              "Ask the closing questions and give people two minutes for the workbook's Before you go boxes."),
    ),
    breakouts=(
        Breakout(
            "mountain",
            silent=("Pick a model, Mozilla's mountain or the CSCCE modes. For each phase or mode, note what people "
                    "do there in your community and the barriers they meet."),
            prompts=("Take your room's phases or modes. For each one, everyone names a barrier people meet there "
                     "in their own community.",
                     "For each barrier, find one way to lower it that someone has tried or could try.",
                     "How do you notice that someone is ready to move on, or how do you thank the people in "
                     "that mode?"),
            share=("Which barrier came up in more than one room?",
                   "Which solution would you like to try first, and what would it take?",
                   "Where does the map differ from what members actually do?"),
        ),
    ),
    after=("Participants finish exercise 1 if the call left some phases or modes empty, then work through "
           "exercises 2 to 5 and the reflections, and hand in their workbook. Exercise 5 asks them to choose one "
           "document about engagement, such as a health report, a policy or a strategy, to bring to Session 4."),
    next_time="the document they chose in exercise 5 and what it says about engagement",
)
