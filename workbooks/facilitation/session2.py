"""Session 2, community of practice basics: three exercises in the call, with the stakeholder list as the main
activity; the optional power/interest map and the reflections come after the call."""

from __future__ import annotations

from .plan import Block, Breakout, SessionPlan

PLAN = SessionPlan(
    session="session2",
    before=(
        "Keep the first ten minutes of the open discussion for the Session 1 origin stories, and tell people "
        "in the invitation that they can bring theirs.",
        "Think of a good example of community building you have seen, to start the lesson with.",
    ),
    roll_call=("When you worked out your community's story for Session 1, what surprised you? Perhaps an "
               "unexpected founder, a purpose that had quietly shifted, or a gap nobody had written down."),
    blocks=(
        Block(5, "Roll call",
              "Welcome everyone, remind them of the participation guidelines and the recording policy in a "
              "sentence each, then ask the roll-call question."),
        Block(8, "Short lesson: why invest in a community of practice?",
              "Start recording if you record. Walk through domain, community and practice, and why organisations "
              "invest in them. Stop recording at the end of the lesson."),
        Block(6, "Exercise 1: purpose and outcomes, alone",
              "Quiet writing: each project or subproject with its purpose and outcomes.",
              "purpose_outcomes", "alone"),
        Block(5, "Exercise 2: who are your stakeholders, alone",
              "Quiet writing: each stakeholder, their role and how they take part.", "stakeholders", "alone"),
        Block(12, "Exercise 2: breakout rooms",
              "Open rooms of three to five with the prompts below; warn the rooms a minute before they close.",
              "stakeholders", "rooms"),
        Block(6, "Exercise 2: share with the whole group",
              "One point from each room, then the share questions.", "stakeholders", "share"),
        Block(6, "Exercise 4: resources and channels, alone",
              "Quiet writing in exercise 4. Say that an empty box is fine: not every community has every kind "
              "of channel.", "resources", "alone"),
        Block(4, "Exercise 4: whole-group share",
              "Take a few answers to the share questions; no breakout rooms for this one.", "resources", "share"),
        Block(3, "Introducing the work after the call",
              "Show the optional power/interest map (exercise 3) and the reflections, and what they ask."),
        Block(5, "Before you go: pluses and deltas",
              "Ask the closing questions and give people two minutes for the workbook's Before you go boxes."),
    ),
    breakouts=(
        Breakout(
            "purpose_outcomes",
            silent=("List the main project and any subprojects, and for each one why it exists and what it should "
                    "produce or change."),
        ),
        Breakout(
            "stakeholders",
            silent="List your stakeholders one by one, with the role each plays and how they take part.",
            prompts=("Each person names one stakeholder the others might not have thought of: a quiet "
                     "contributor, a partner outside the organisation, or someone affected but not involved.",
                     "Who on your lists gives the most and gets the least back?",
                     "Which stakeholder would you most like to hear from, and how could you reach them?"),
            share=("Which kinds of stakeholder were easiest to forget?",
                   "Whose list changed after talking in the room, and how?"),
        ),
        Breakout(
            "resources",
            silent="Note the resources your community runs on and its channels: primary, asynchronous, live.",
            share=("Which channel works best for your members, and who does it leave out?",
                   "Does the real work happen in the channels you listed, or somewhere else?"),
        ),
    ),
    after=("Participants finish exercises 1, 2 and 4 if the call cut them short, and write the three reflections, "
           "which you grade. Exercise 3, the power/interest map, is optional and carries no points: it is worth "
           "trying for a project with many stakeholders. Remind people that the workbook is meant to be reopened "
           "at a mid-year or yearly review, and that swapping it with another community manager for feedback is "
           "worth the time."),
    next_time="their stakeholder lists, maps or channels",
)
