"""The community charter: Session 4's answers assembled into one document, in the participant's words.

It holds the community's values (agreed with its members), never the participant's personal core values:
those are a personal reflection, and the charter is written to be shared with stakeholders.
"""

from __future__ import annotations

from html import escape

from . import messages
from .answers import Answers
from .kinds.form import Form
from .kinds.timeline import Timeline
from .sessions.session4 import COMMUNITY_VALUES
from .static_markdown import html_to_markdown

# The session 4 exercises the charter is made of, in its order (the strategy pack and the gallery show them
# as the charter, not one by one).
EXERCISES = ("values_in_practice", "vision", "mission", "roadmap", "roadmap_details", "success")


def _form(answers: Answers, exercise: str) -> Form:
    return answers.models[exercise]  # type: ignore[return-value]


def sections(answers: Answers) -> list[tuple[str, list[str]]]:
    """The charter as (heading, paragraphs) pairs; a list item starts with "- "."""
    missing = messages.text("charter.missing")
    practice = _form(answers, "values_in_practice")
    roadmap: Timeline = answers.models["roadmap"]  # type: ignore[assignment]
    details = _form(answers, "roadmap_details")
    success = _form(answers, "success")

    def labelled(form: Form, skip: tuple[str, ...] = ()) -> list[str]:
        return [f"- {form.label(p)}: {form.answer(p) or missing}" for p in form.prompts if p not in skip]

    return [
        (messages.text("charter.values"), [practice.answer(COMMUNITY_VALUES) or missing]),
        (messages.text("charter.values_in_practice"), labelled(practice, skip=(COMMUNITY_VALUES,))),
        (messages.text("charter.vision"), [_form(answers, "vision").statement() or missing]),
        (messages.text("charter.mission"), [_form(answers, "mission").statement() or missing]),
        (messages.text("charter.roadmap"),
         [f"- {r['date']}, {r['milestone']}: {r['outcome']}" for r in roadmap.in_order()] or [missing]),
        (messages.text("charter.roadmap_details"), labelled(details)),
        (messages.text("charter.success"), labelled(success)),
    ]


def _byline(answers: Answers) -> list[str]:
    return [messages.text("charter.participant", participant=answers.participant_id)] if answers.participant_id else []


def markdown(answers: Answers) -> str:
    """The charter as Markdown, read from its web page: every answer escaped, so it stays plain text."""
    return html_to_markdown(html(answers))


def sections_html(answers: Answers, level: int = 2) -> str:
    """The charter's sections, each under a heading of ``level`` (the strategy pack puts them one level down)."""
    body = []
    for heading, paragraphs in sections(answers):
        body.append(f"<h{level}>{escape(heading)}</h{level}>")
        items = [p[2:] for p in paragraphs if p.startswith("- ")]
        body += [f"<p>{escape(p)}</p>" for p in paragraphs if not p.startswith("- ")]
        if items:
            body.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
    return "\n".join(body)


def html(answers: Answers) -> str:
    """A self-contained web page: no scripts, no outside files."""
    title = escape(messages.text("charter.heading"))
    body = [f"<h1>{title}</h1>"] + [f"<p><em>{escape(p)}</em></p>" for p in _byline(answers)]
    body.append(sections_html(answers))
    return (f"<!DOCTYPE html>\n<html lang=\"{messages.language()}\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;"
            "line-height:1.5;padding:0 1em}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
