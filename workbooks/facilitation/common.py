"""What the facilitator says and does in every call, written once for all six kits.

Placeholders in square brackets are for the facilitator to fill in before the first call.
"""

from __future__ import annotations

# Ready before every call, whatever the session.
BEFORE_EVERY_CALL: tuple[str, ...] = (
    "Send the date, the time (with the time zone) and the joining link to everyone a few days ahead, "
    "with the link to the session's workbook.",
    "Start the session's page in the cohort's shared document: paste the shared-notes template from this kit "
    "and put the link to the document in the invitation.",
    "Fill in your contact details and a second contact's in the section on raising a concern, and tell that "
    "person they are named.",
    "Check that you can open breakout rooms and move people between them, and that you can share your screen "
    "with the room timer.",
    "Ask a co-host or a volunteer to keep an eye on the chat and to help people who cannot find their room.",
)

PARTICIPATION_GUIDELINES: tuple[str, ...] = (
    "If you usually hold back in groups, treat these calls as a place to speak up more. If you usually speak "
    "first, try leaving room for others before you do.",
    "Quiet time is part of the plan. When nobody speaks, people are often still thinking; wait a little "
    "before filling the gap.",
    "You can step away from the call and come back whenever you need to. Nobody needs to explain why.",
    "Cameras are optional. Typing in the chat counts as taking part just as much as speaking does.",
    "Anyone can pass, in the roll call, in the breakout rooms and in the group share.",
)

# The rule, as the shared document states it; the kit adds when to say it.
RECORDING_RULE = (
    "Only the short lesson or presentation is recorded, for people who cannot join the call. The quiet writing, "
    "the breakout rooms and every discussion are never recorded, so that people can speak openly."
)
RECORDING_POLICY = (
    f"{RECORDING_RULE} Say this at the start of the call, before you press record, and say so again when you "
    "stop the recording."
)

# How a participant raises a concern privately, and what the facilitator does with it.
CONCERN_ROUTE = (
    "If anything in a session makes you uncomfortable, whether a topic, something someone said or the way the "
    "call is run, you can tell the facilitator privately: send a private message in the call, or write to "
    "[your name and e-mail address] afterwards. If you would rather not go to the facilitator, write to "
    "[a second contact's name and e-mail address] instead. You do not need to have proof, or to have "
    "decided what should happen."
)
CONCERN_RESPONSE: tuple[str, ...] = (
    "Thank the person, and keep what they told you between you, the second contact and them.",
    "Ask what they would like to happen, and tell them what you can and cannot do.",
    "Act before the next block if you can: change the format, move rooms, or have a quiet word with someone.",
    "Follow up with the person after the call, and note what you did, without their name, to improve the course.",
)

# Asked in the last minutes of every call; the participants' own boxes are the workbook's "Before you go".
CLOSING_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("Questions and suggestions", "Anything you want to ask or suggest. It can wait: add it to the shared "
                                  "document after the call and the facilitator answers there."),
    ("Pluses", "What worked for you in this session and should stay."),
    ("Deltas", "What did not work, and what you would change next time."),
    ("Main takeaway", "The one thing you will take away from today."),
    ("What was unclear", "Anything you are still unsure about, so the next call can come back to it."),
)

TEN_MINUTE_SHARE = (
    "Every session ends with work people do after the call. At the start of the next call's open discussion, "
    "keep ten minutes for anyone who wants to share what they found. Sharing is voluntary and unfinished work "
    "is welcome; people can also post a link to their work in the shared document instead. Where participants "
    "chose to share their work with the cohort when they handed it in, `workbooks gallery` puts it on one page "
    "you can show here."
)

ROLL_CALL_HOW = (
    "Ask the question as people arrive and go round in turn; a sentence or two each is plenty, and anyone can "
    "pass. With more than about fifteen people, ask everyone to type their answer in the chat or the shared "
    "document, and invite three or four people to say theirs aloud."
)

BREAKOUT_HOW = (
    "Make rooms of three to five people. Before you open them, paste the prompts into the chat and the shared "
    "document, say when the rooms close, and ask each room to choose one person to take notes in the shared "
    "document and one to report back a single point."
)

SHARE_HOW = (
    "With many rooms, ask each room for one point only, and let the rest live in the shared document."
)

FORMAT_CREDIT = (
    "The shape of every call (a short lesson, quiet writing alone, breakout rooms, a share with the whole group, "
    "and pluses and deltas at the end) comes from Mozilla's Open Leaders programme, as *Foundational Community "
    "Building* says it does."
)

SOURCES_CREDIT = (
    "This kit is adapted, with changes and in new words, from *Foundational Community Building* by Malvika "
    "Sharan (The Alan Turing Institute), "
    "https://github.com/malvikasharan/community-building-foundational-training, whose code is under the MIT "
    "licence and whose documentation is under CC BY 4.0; its facilitation logistics are the starting point of "
    "this kit. Session 6 retells *How to Build a Community of Practice* by "
    "[We Are Open Co-op](https://weareopen.coop/); that guide's images are under CC BY-ND and are not reused."
)

LICENCE = (
    "The text of this kit is shared under the [Creative Commons Attribution 4.0 International licence "
    "(CC BY 4.0)](https://creativecommons.org/licenses/by/4.0/)."
)
