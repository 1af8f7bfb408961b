"""A participant's strategy pack: their work from any of the sessions, in their own words, as one document.

``pack_markdown`` and ``pack_html`` take a participant's answers, one ``Answers`` per session (one session
or all). ``SECTIONS`` says which exercise goes in which section, once; a section shows only when the
participant has written something in it. Each exercise is shown by its kind's own static HTML (which
escapes what the participant typed); the Markdown is read from that same HTML (``static_markdown``).

The web page is one self-contained file: no script, nothing loaded from outside, readable at 800 pixels
and printable. Reflections and the closing feedback stay out: they are written for the facilitator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from . import charter, messages
from .answers import Answers
from .kinds import render
from .kinds.canvas import Canvas, canvas_grid
from .kinds.form import Form
from .models import ExerciseModel
from .static import NOTE_TEXT_COLOUR, OK_COLOUR, OK_TEXT_COLOUR, csp_meta, tint
from .static_markdown import html_to_markdown

# Each exercise's answers, by exercise name (names are unique across the course but for the closing
# feedback, which the pack leaves out).
Found = Mapping[str, Answers]


def model_of(found: Found, exercise: str) -> ExerciseModel | None:
    answers = found.get(exercise)
    return answers.models[exercise] if answers is not None else None


def exercise_html(name: str, content: str) -> str:
    return f'<section class="exercise"><h3>{escape(messages.text(f"{name}.title"))}</h3>{content}</section>'


def exercises_html(section: PackSection, found: Found) -> str:
    """Each exercise of ``section`` the participant has started, under its title, as its kind shows it."""
    return "".join(exercise_html(name, render(model)) for name in section.exercises
                   if (model := model_of(found, name)) is not None and not model.is_empty())


def canvas_html(section: PackSection, found: Found) -> str:
    """The canvas as the canvas page draws it, nine boxes in a grid (the feedback pages keep no layout)."""
    name = section.exercises[0]
    model = model_of(found, name)
    return exercise_html(name, canvas_grid(model)) if isinstance(model, Canvas) else ""


def charter_html(section: PackSection, found: Found) -> str:
    """Session 4's charter, as the charter download shows it, one heading level down."""
    return charter.sections_html(found[section.exercises[0]], level=3)


@dataclass(frozen=True)
class PackSection:
    heading: str                   # the message key of its heading: "pack.section.<name>"
    exercises: tuple[str, ...]     # the exercises it gathers, in the order shown
    body: Callable[[PackSection, Found], str] = exercises_html
    credit: str = ""               # the message key of a credit shown under it, for a borrowed format

    @property
    def anchor(self) -> str:
        return "pack-" + self.heading.rsplit(".", 1)[-1]

    def shown(self, found: Found) -> bool:
        """Whether the participant has written anything in this section."""
        return any(model is not None and not model.is_empty() for model in (model_of(found, n) for n in self.exercises))


# The one place that says which exercise goes in which section, in the pack's order.
# tests/test_strategy_pack.py checks every name against the sessions' declarations.
SECTIONS: tuple[PackSection, ...] = (
    PackSection("pack.section.story", ("origin_story", "origin_timeline", "start_with_why", "next_step")),
    PackSection("pack.section.purpose", ("purpose_outcomes",)),
    PackSection("pack.section.stakeholders", ("stakeholders", "stakeholder_map")),
    PackSection("pack.section.resources", ("resources",)),
    PackSection("pack.section.engagement",
                ("mountain", "pathway_numbers", "information_map", "personas", "bring_document")),
    # The charter's own parts (workbooks/charter.py), shown as the charter, not exercise by exercise.
    PackSection("pack.section.charter", charter.EXERCISES, body=charter_html),
    PackSection("pack.section.open_research", ("principles_audit", "openness_scales")),
    PackSection("pack.section.canvas", ("canvas",), body=canvas_html, credit="canvas.page_credit"),
    PackSection("pack.section.growth",
                ("landscape", "allies_plan", "maturity", "participation_architecture", "home_and_rhythm")),
    PackSection("pack.section.badges", ("badge_designs",)),
)
# Exercises the pack leaves out on purpose (reflections and closing feedback aside, which it never shows):
# they are about the participant, or about the course's own examples, rather than their community.
LEFT_OUT = (
    "scenario_comparison",          # the course's four scenarios, not their community
    "skills_rating",                # a personal self-rating
    "skills_resources",             # the participant's and their team's skills, a self-assessment
    "core_values",                  # personal values, kept out of the charter too (charter.py)
    "value_in_action",              # one of those personal values made concrete
)
COMMUNITY_NAME = ("home_and_rhythm", "community_name")  # the exercise and prompt that name the community

STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;max-width:50em;"
    "margin:0 auto;padding:1em;background:#ffffff;color:#000000}"
    f"h1,h2{{color:{OK_TEXT_COLOUR}}}h2{{border-bottom:2px solid {OK_COLOUR};margin-top:2em}}"
    "h3{margin-top:1.5em}h4{margin:1em 0 0.2em}"
    "table{border-collapse:collapse;width:100%;margin:0.5em 0 1em}"
    f"th,td{{border:1px solid {NOTE_TEXT_COLOUR};padding:0.3em 0.5em;text-align:left;vertical-align:top;"
    "overflow-wrap:break-word}"
    # A table of many columns (personas) only fits 800 pixels if long words may break anywhere.
    "table:has(th:nth-child(7)){font-size:90%}table:has(th:nth-child(7)) :is(th,td){overflow-wrap:anywhere}"
    f"thead th{{background:{tint(OK_COLOUR, 0.12)}}}caption{{text-align:left;font-weight:600;padding:0.3em 0}}"
    f".note,footer{{color:{NOTE_TEXT_COLOUR}}}svg{{max-width:100%;height:auto}}"
    "@page{margin:1.5cm}"
    "@media print{body{max-width:none;padding:0}nav{display:none}h2,h3,h4{break-after:avoid}"
    "tr,svg,.exercise>p{break-inside:avoid}}"
)


def gathered(answers: Sequence[Answers]) -> dict[str, Answers]:
    """Each exercise's answers; when a session comes more than once, its newest copy."""
    found: dict[str, Answers] = {}
    for copy in sorted(answers, key=lambda a: a.saved_at):
        found.update(dict.fromkeys(copy.models, copy))
    return found


def community_name(found: Found) -> str:
    """The community's name as the participant gave it in session 6, or "" before they have."""
    exercise, prompt = COMMUNITY_NAME
    model = model_of(found, exercise)
    return " ".join(model.answer(prompt).split()) if isinstance(model, Form) else ""


def participant(answers: Sequence[Answers]) -> str:
    ids = [a.participant_id for a in sorted(answers, key=lambda a: a.saved_at) if a.participant_id]
    return ids[-1] if ids else ""


def _section_html(section: PackSection, found: Found) -> str:
    credit = f'<p class="note"><small>{escape(messages.text(section.credit))}</small></p>' if section.credit else ""
    return (f'<section aria-labelledby="{section.anchor}"><h2 id="{section.anchor}">'
            f"{escape(messages.text(section.heading))}</h2>{section.body(section, found)}{credit}</section>")


def body_html(answers: Sequence[Answers]) -> str:
    """The pack's content, from its title to its credits, every text of the participant's escaped."""
    found = gathered(answers)
    name, who = community_name(found), participant(answers)
    shown = [s for s in SECTIONS if s.shown(found)]
    parts = [f"<h1>{escape(name or messages.text('pack.title'))}</h1>",
             f"<p>{escape(messages.text('pack.subtitle'))}</p>"]
    if who:
        parts.append(f"<p><em>{escape(messages.text('charter.participant', participant=who))}</em></p>")
    parts.append(f'<p class="note">{escape(messages.text("pack.private_note"))}</p>')
    if shown:
        links = "".join(f'<li><a href="#{s.anchor}">{escape(messages.text(s.heading))}</a></li>' for s in shown)
        parts.append(f'<nav aria-labelledby="pack-contents"><h2 id="pack-contents">'
                     f'{escape(messages.text("pack.contents"))}</h2><ul>{links}</ul></nav>')
        parts += [_section_html(s, found) for s in shown]
    else:
        parts.append(f"<p>{escape(messages.text('pack.empty'))}</p>")
    parts.append(f"<footer><p>{escape(messages.text('pack.credits'))}</p></footer>")
    return "\n".join(parts)


def pack_html(answers: Sequence[Answers]) -> str:
    """The strategy pack as one self-contained web page: inline style only, no script, nothing from outside."""
    name = community_name(gathered(answers))
    title = messages.text("pack.page_title", community=name) if name else messages.text("pack.title")
    return (f'<!DOCTYPE html>\n<html lang="{escape(messages.language())}"><head><meta charset="utf-8">'
            f'{csp_meta()}<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body><main>\n"
            f"{body_html(answers)}\n</main></body></html>\n")


def pack_markdown(answers: Sequence[Answers]) -> str:
    """The strategy pack as Markdown: the page's content, with every text escaped for Markdown."""
    return html_to_markdown(body_html(answers))
