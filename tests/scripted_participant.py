"""A participant who fills every exercise of a session through the widgets, in Python."""

from __future__ import annotations

import base64

from view_support import add_row, place_on_map, type_answers, type_rows
from workbooks import Workbook

REFLECTION = ("Our garden network exists so that neighbours can share tools, seeds and "
              "know-how, and we expect more shared plots and regular swap days.")

# The closing feedback they give: saved with the answers, but not graded and not shown to graders.
FEEDBACK = {"worked": "Swapping garden stories in pairs", "didnt": "The room was too warm",
            "change": "A short break halfway", "surprised": "How many neighbours already compost"}

# What each session's participant types that the graders must see afterwards.
ENTERED = {
    "session1": ["Seed swap at the library", "Neighbours wanted somewhere to share seeds", REFLECTION],
    "session2": ["Community garden network", "Allotment committee", "Local council", "Mailing list", REFLECTION],
    "session3": ["Plot rota on the noticeboard", "Maya, retired teacher", "https://example.org/garden-report",
                 REFLECTION],
    "session4": ["Generosity", "Every street has a shared growing space", "Second seed library", REFLECTION],
    "session5": ["Plot rota shared on the noticeboard", "Anyone on the street can join", REFLECTION],
}


def entered(session: str) -> list[str]:
    """What the participant typed in ``session`` that graders must see (a session without a script: its reflections)."""
    return ENTERED.get(session, [REFLECTION])


def fill_everything(workbook: Workbook, participant_id: str) -> tuple[str, bytes]:
    """Do every exercise as a participant would, then press Download my work."""
    FILL.get(workbook.spec.id, use_worked_examples)(workbook)
    for exercise in workbook.spec.exercises:
        if exercise.task_ids:  # the reflections graded by hand
            view = workbook.view(exercise.name)
            type_answers(view, **dict.fromkeys(view.model.prompts, REFLECTION))
    type_answers(workbook.view("closing_feedback"), **FEEDBACK)

    from workbooks.views.handin import HandInView

    # The panel's Download my work button sends this message; the kernel answers with the file.
    keeper = HandInView(workbook).keeper
    answers: list[dict] = []
    keeper.send = lambda content, buffers=None: answers.append(content)
    keeper._handle_msg({"content": {"data": {"method": "custom", "content": {
        "type": "download", "seq": 1, "participant_id": participant_id}}}, "buffers": []})
    assert answers and answers[-1]["type"] == "file", answers
    return answers[-1]["name"], base64.b64decode(answers[-1]["content"])


def use_worked_examples(workbook: Workbook) -> None:
    """A session with no script of its own (yet) is filled with its declared worked examples."""
    for name in workbook.spec.graded:
        workbook.use_example(name)


def add_rows(view, *rows: tuple[str, ...]) -> None:
    """Types each row into a new row of a table view, as its sheet sends it from the browser."""
    for row in rows:
        add_row(view, **dict(zip(view.model.columns, row, strict=True)))


def fill_form(view, *answers: str) -> None:
    type_answers(view, **dict(zip(view.model.prompts, answers, strict=True)))


def fill_session2(workbook: Workbook) -> None:
    add_rows(workbook.view("purpose_outcomes"), (ENTERED["session2"][0], "Share skills", "Swap days"))
    add_rows(workbook.view("stakeholders"),
             *((name, "Decides on plots", "Volunteer") for name in ENTERED["session2"][1:3]))

    chart = workbook.view("stakeholder_map")
    for name, power, interest in ((ENTERED["session2"][1], 8, 9), (ENTERED["session2"][2], 9, 2)):
        place_on_map(chart, name, power, interest)

    checklist = workbook.view("resources")
    typed = {"tools": "Shared calendar", "documentation": "Plot rules", "events": "Swap day",
             "primary": "Allotment site", "asynchronous": "Mailing list", "synchronous": "Monthly meeting"}
    type_answers(checklist, **typed)



FILL = {"session2": fill_session2}


def fill_session3(workbook: Workbook) -> None:
    checklist = workbook.view("information_map")
    typed = {"resources_processes": ENTERED["session3"][0], "participation": "Weeding mornings",
             "member_value": "Fresh vegetables", "value_exchange": "Thank-you board"}
    type_answers(checklist, **typed)

    mountain = workbook.view("mountain")
    type_rows(mountain, *({"activities": f"Neighbours at {phase} come along", "barriers": "No time\nNo tools",
                           "solutions": "Short tasks\nTool library", "recognition": "They come back twice"}
                          for phase in mountain.model.order))

    pathway = workbook.view("pathway_numbers")
    last = len(pathway.model.order) - 1
    type_rows(pathway, *({"people": str(600 // (n + 1)), "moved_on": "" if n == last else str(300 // (n + 2))}
                         for n in range(last + 1)))

    personas = workbook.view("personas")
    add_rows(personas, (ENTERED["session3"][1], "Lives nearby", "Company", "Knows plants", "Tool library",
                        "Teach children", "Bad knees", "Heavy tools", "Feeling in the way", "Visits, then leads a bed"))

    document = workbook.view("bring_document")
    add_rows(document, ("Community health report", "Garden report", ENTERED["session3"][2],
                        "Most people stop after one visit"))


FILL["session3"] = fill_session3


def fill_session1(workbook: Workbook) -> None:
    fill_form(workbook.view("scenario_comparison"), "All three start small and informal",
              "Money arrives at different times", "Scenario A is closest to our garden")
    fill_form(workbook.view("start_with_why"), "Gardeners learn faster from each other",
              "I love seeing neighbours meet", "People want fresh food and company",
              "All three are about sharing what we grow")
    fill_form(workbook.view("next_step"), "Open a second garden next spring",
              "A plot, tools and two volunteer leads", "A harvest party where everyone brought food")
    ratings = workbook.view("skills_rating")
    type_answers(ratings, **{item: str(score) for score, item in enumerate(ratings.model.items)})
    checklist = workbook.view("skills_resources")
    type_answers(checklist, **{section: f"Something for {section}" for section in checklist.model.sections})
    add_rows(workbook.view("origin_timeline"), ("2018-04", ENTERED["session1"][0], "Two neighbours"),
             ("2019", "First shared plot", "Allotment committee"), ("2021-06-12", "Harvest party", "Everyone"))
    fill_form(workbook.view("origin_story"), "Two neighbours on our street",
              ENTERED["session1"][1], "The founders and the council's parks officer",
              "More streets with shared plots")


def fill_session4(workbook: Workbook) -> None:
    type_answers(workbook.view("core_values"), slot1="generosity", slot2="care", slot3="learning")
    fill_form(workbook.view("value_in_action"), ENTERED["session4"][0],
              "Giving time and seeds freely", "Spare seedlings go on the free table")
    fill_form(workbook.view("values_in_practice"), "Sharing and care, agreed at our first street meeting",
              *(f"Our {area} put sharing first every time"
                for area in ("policies", "guidelines", "onboarding", "decisions", "messages")))
    fill_form(workbook.view("vision"), ENTERED["session4"][1], "because food brings people together",
              "Neighbours who know each other", "Residents, schools and the council")
    fill_form(workbook.view("mission"), "Open two new plots a year", "Run entirely by residents",
              "Recruit plot leads this winter")
    add_rows(workbook.view("roadmap"), ("2027-03", ENTERED["session4"][2], "Seeds for every street"),
             ("2027-09", "Harvest festival", "A hundred neighbours meet"), ("2028", "Five plots", "Food for all"))
    fill_form(workbook.view("roadmap_details"), "Our town's streets only", "Volunteers and a small grant",
              "Monthly meetings, open notes", "Volunteers tire; we share roles")
    fill_form(workbook.view("success"), "Ten regular gardeners join", "Two plots fully planted",
              "Every street has a plot")


def fill_session5(workbook: Workbook) -> None:
    audit = workbook.view("principles_audit")
    type_rows(audit, *({"score": str(1 + n % 4), "evidence": ENTERED["session5"][0] if n == 3 else f"Seen in {item}",
                        "next_step": f"Talk about {item} at the next meeting"}
                       for n, item in enumerate(audit.model.items)))
    scales = workbook.view("openness_scales")
    type_rows(scales, *({"score": score, "why": ENTERED["session5"][1] if item == "participants" else ""}
                        for item, score in zip(scales.model.items, ("1", "2", "5", "4"), strict=True)))


FILL["session1"] = fill_session1
FILL["session4"] = fill_session4
FILL["session5"] = fill_session5
