"""``workbooks gallery``: one page per session of the work participants chose to share with the cohort.

A session that offers sharing declares its shareable outputs once (``exercises.sharing``); ``OUTPUTS`` says
how the gallery shows each one. The gallery reads each participant's collected hand-in in ``submitted/``
as grading reads it (the newest of the answers file and the notebook's copies), and shows only the
outputs their answers say "share", under the name they gave or none. A hand-in without that choice, an
unreadable one, or a later hand-in that takes it back shares nothing.

Each page is self-contained: no script (its policy forbids any), nothing from outside, every text a
participant wrote escaped by its kind's own static HTML, each figure with its text alternative. Nothing
on it names a participant unless they asked: no IDs, no times, and contributions in an order that
follows from their content, not from who they are.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .. import charter, messages
from ..answers import Answers
from ..exercises import SHARING, Session
from ..kinds import render
from ..kinds.canvas import Canvas, canvas_grid
from ..kinds.sharing import Sharing
from ..models import AnswerError
from ..sessions import get
from ..static import NOTE_TEXT_COLOUR, OK_COLOUR, OK_TEXT_COLOUR, csp_meta, one_level_down, tint
from ..store import AnswerStore
from .course import Course, add_session_option
from .progress import Progress, Summary

HELP = "make the cohort gallery: a page per session of the work participants chose to share"
DESCRIPTION = """\
Make one web page per session of the work participants chose to share with the cohort.

  export/gallery/<session>.html    the work shared from that session, to send to the cohort

A participant chooses in their workbook, before they hand in, which of a session's outputs
to share (stakeholder map, mountain of engagement, documents brought, charter, canvas) and
whether their name appears. Everything is private until they choose otherwise, and a later
hand-in changes the choice: run `workbooks collect`, then this, to bring the pages up to date.
Only submitted/ is read; nothing is changed."""

HTML = ".html"


def exercises_body(*names: str) -> Callable[[Answers], str]:
    """Each of ``names`` the participant has started, under its title, as its kind shows it."""
    def body(answers: Answers) -> str:
        parts = []
        for name in names:
            model = answers.models.get(name)
            if model is not None and not model.is_empty():
                parts.append(f"<h4>{escape(messages.text(f'{name}.title'))}</h4>{one_level_down(render(model))}")
        return "".join(parts)
    return body


def charter_body(answers: Answers) -> str:
    return charter.sections_html(answers, level=4)


def canvas_body(answers: Answers) -> str:
    model = answers.models.get("canvas")
    return one_level_down(canvas_grid(model)) if isinstance(model, Canvas) else ""


@dataclass(frozen=True)
class Output:
    """A piece of work a participant may share, and how the gallery shows it."""

    name: str                          # as the session's sharing choice names it
    heading: str                       # the message key of its heading on the page
    exercises: tuple[str, ...]         # the exercises it is made of: shown when any has an answer
    body: Callable[[Answers], str]
    credit: str = ""                   # the message key of a credit shown under it, for a borrowed format

    def has_work(self, answers: Answers) -> bool:
        return any((m := answers.models.get(n)) is not None and not m.is_empty() for n in self.exercises)


# The one place that says how each shareable output is shown. tests/test_gallery.py checks it against
# every session's sharing choice.
OUTPUTS: dict[str, Output] = {o.name: o for o in (
    Output("stakeholder_map", "gallery.heading.stakeholder_map", ("stakeholders", "stakeholder_map"),
           exercises_body("stakeholders", "stakeholder_map")),
    Output("mountain", "gallery.heading.mountain", ("mountain",), exercises_body("mountain")),
    Output("bring_document", "gallery.heading.bring_document", ("bring_document",), exercises_body("bring_document")),
    Output("charter", "gallery.heading.charter", charter.EXERCISES, charter_body),
    Output("canvas", "gallery.heading.canvas", ("canvas",), canvas_body, credit="canvas.page_credit"),
)}


@dataclass(frozen=True)
class Contribution:
    output: str
    name: str          # the name the participant asked to show; "" for none
    html: str          # their work, as the output shows it

    @property
    def order(self) -> str:
        """Where it goes among the output's contributions: from what is shown, never from who sent it."""
        return hashlib.sha256(f"{self.name}\n{self.html}".encode()).hexdigest()


def shared_by(answers: Answers) -> list[Contribution]:
    """What one participant's answers share with the cohort: nothing unless their choice says so."""
    choice = answers.models.get(SHARING)
    if not isinstance(choice, Sharing):
        return []
    return [Contribution(name, choice.shown_name(), output.body(answers)) for name in choice.shared()
            if (output := OUTPUTS.get(name)) is not None and output.has_work(answers)]


def handed_in(course: Course, spec: Session) -> tuple[list[Answers], list[str]]:
    """The answers in each participant's collected hand-in of ``spec``, read as grading reads them (the newest
    of the answers file and the notebook's copies), and the hand-ins with nothing readable."""
    found: list[Answers] = []
    problems: list[str] = []
    root = course.submitted
    participants = sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()) if root.is_dir() else []
    for participant in participants:
        folder = participant / spec.id
        if folder.is_symlink() or not folder.is_dir():
            continue
        answers, _notices = AnswerStore(spec, folder, folder / spec.notebook, read_only=True).load()
        if answers.is_empty():
            problems.append(f"{participant.name}: the {spec.id} hand-in holds no readable answers, "
                            "so it shares nothing")
            continue
        found.append(answers)
    return found, problems


# ---------------------------------------------------------------- the page

_ID = re.compile(r'\bid="([^"]+)"')
_LABELLED = re.compile(r'\baria-labelledby="([^"]+)"')


def scoped_ids(html: str, prefix: str) -> str:
    """``html`` with each of its ids (and the references to them) made unique to one contribution: a page
    with two stakeholder maps would otherwise have two figures named by the same ids. Participants' texts
    are escaped, so every ``id="`` here is ours."""
    ids = set(_ID.findall(html))
    html = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', html)
    return _LABELLED.sub(lambda m: 'aria-labelledby="' + " ".join(
        f"{prefix}-{i}" if i in ids else i for i in m.group(1).split()) + '"', html)


STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;max-width:60em;"
    "margin:0 auto;padding:1em;background:#ffffff;color:#000000}"
    f"h1,h2{{color:{OK_TEXT_COLOUR}}}h2{{border-bottom:2px solid {OK_COLOUR};margin-top:2em}}"
    f"article{{border:1px solid {NOTE_TEXT_COLOUR};border-radius:4px;padding:0 1em 1em;margin:1em 0}}"
    f"article>h3{{margin:0 -1em 0.5em;padding:0.4em 1em;background:{tint(OK_COLOUR, 0.12)}}}"
    "table{border-collapse:collapse;width:100%;margin:0.5em 0 1em}"
    f"th,td{{border:1px solid {NOTE_TEXT_COLOUR};padding:0.3em 0.5em;text-align:left;vertical-align:top;"
    "overflow-wrap:break-word}"
    # A table of many columns only fits 800 pixels if long words may break anywhere.
    "table:has(th:nth-child(7)){font-size:90%}table:has(th:nth-child(7)) :is(th,td){overflow-wrap:anywhere}"
    # The exercise's title is the heading above its table: the caption stays for screen readers only.
    "article caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    f"thead th{{background:{tint(OK_COLOUR, 0.12)}}}caption{{text-align:left;font-weight:600;padding:0.3em 0}}"
    f".note,footer{{color:{NOTE_TEXT_COLOUR}}}svg{{max-width:100%;height:auto}}"
    f"a:focus{{outline:3px solid {OK_COLOUR};outline-offset:2px}}"
    "@media print{body{max-width:none;padding:0}nav{display:none}article{break-inside:avoid}}"
)


def _output_html(output: Output, contributions: list[Contribution]) -> str:
    anchor = f"gallery-{output.name}"
    parts = [f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{escape(messages.text(output.heading))}</h2>']
    for number, item in enumerate(sorted(contributions, key=lambda c: c.order), 1):
        label = f"{anchor}-{number}"
        who = (messages.text("gallery.by", name=item.name) if item.name else messages.text("gallery.anonymous"))
        parts.append(f'<article aria-labelledby="{label}"><h3 id="{label}">{escape(who)}</h3>'
                     f"{scoped_ids(item.html, label)}</article>")
    if output.credit:
        parts.append(f'<p class="note"><small>{escape(messages.text(output.credit))}</small></p>')
    parts.append("</section>")
    return "".join(parts)


def gallery_page(spec: Session, contributions: list[Contribution]) -> str:
    """The session's gallery: every contribution under its output, in the order the session offers them."""
    title = messages.text("gallery.page_title", session=spec.title)
    offered = spec.exercise(SHARING).options["outputs"]
    by_output = {name: [c for c in contributions if c.output == name] for name in offered}
    shown = [(OUTPUTS[name], items) for name, items in by_output.items() if items]
    parts = [f"<h1>{escape(title)}</h1>", f"<p>{escape(messages.text('gallery.intro'))}</p>",
             f'<p class="note">{escape(messages.text("gallery.keep_within"))}</p>']
    if shown:
        links = "".join(f'<li><a href="#gallery-{o.name}">{escape(messages.text(o.heading))}</a> '
                        f'({escape(messages.text("gallery.output_count", count=len(items)))})</li>'
                        for o, items in shown)
        parts.append(f'<nav aria-labelledby="gallery-contents"><h2 id="gallery-contents">'
                     f'{escape(messages.text("gallery.contents"))}</h2><ul>{links}</ul></nav>')
        parts += [_output_html(o, items) for o, items in shown]
    else:
        parts.append(f"<p>{escape(messages.text('gallery.empty'))}</p>")
    return (f'<!DOCTYPE html>\n<html lang="{escape(messages.language())}"><head><meta charset="utf-8">'
            f'{csp_meta()}<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body><main>\n"
            + "\n".join(parts) + "\n</main></body></html>\n")


# ---------------------------------------------------------------- the command

def add_arguments(parser) -> None:
    add_session_option(parser, "include")
    parser.add_argument("--output", type=Path, default=None, metavar="DIR",
                        help="where to write (default: export/gallery/ in the course folder)")


def sharing_sessions(sessions: list[str]) -> list[Session]:
    """The chosen sessions that offer sharing, in course order."""
    specs = []
    for session in sessions:
        try:
            spec = get(session)
        except AnswerError:  # a course session these workbooks do not declare
            continue
        if SHARING in spec.names:
            specs.append(spec)
    return specs


def run(course: Course, args, progress: Progress) -> Summary:
    output = (args.output or course.export / "gallery").resolve()
    summary = Summary("Gallery: the work participants chose to share")
    specs = sharing_sessions(course.pick_sessions(args.session))
    if not specs:
        summary.lines.append("None of the chosen sessions offers sharing: sessions 2, 3, 4 and 6 do.")
        return summary
    output.mkdir(parents=True, exist_ok=True)
    for spec in progress.over(specs, "Gallery pages", lambda s: s.id):
        found, problems = handed_in(course, spec)
        each = [shared_by(answers) for answers in found]
        contributions = [c for shared in each for c in shared]
        sharers = sum(bool(shared) for shared in each)
        page = output / (spec.id + HTML)
        page.write_text(gallery_page(spec, contributions), encoding="utf-8")
        summary.outputs.append(page)
        pieces = f"{len(contributions)} piece{'' if len(contributions) == 1 else 's'}"
        summary.lines.append(f"{spec.id}: {sharers} of {len(found)} hand-ins share work ({pieces} shown)")
        summary.lines += problems
        summary.count("pages")
    return summary
