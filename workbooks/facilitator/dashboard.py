"""``workbooks report``: a cohort dashboard for the facilitator, as one self-contained web page.

The page shows who handed in what and how far grading has got (the only part
that names participants), then anonymised aggregates: score distributions,
stakeholder quadrants, engagement pathways and mountains, chosen values, the
self-audits and openness grid places, how complete the charter canvas is, the closing feedback, and which reflections
were answered. An
aggregate that fewer than ``MIN_GROUP`` participants contributed to is hidden.

Charts are plotly figures with plotly.js inlined once, so the page opens
offline; every chart has a sentence and a table beside it saying the same thing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from numbers import Real
from pathlib import Path
from typing import Any

import pandas as pd

from .. import messages
from ..answers import Answers
from ..exercises import CLOSING_FEEDBACK, Exercise, Session
from ..kinds.choice import Choice
from ..kinds.ladder import LENSES, Ladder, phase_label
from ..kinds.pathway import Pathway
from ..kinds.power_interest_map import QUADRANT_COLOURS, QUADRANTS, PowerInterestMap
from ..kinds.scorecard import Openness, Scorecard
from ..static import OKABE_ITO, table_html, tint
from .course import Course
from .progress import Progress, Summary
from .results import AWAITING, GRADED, NOT_GRADED, NOT_SUBMITTED, STATUSES, Cohort, load, number, specs
from .safe_html import csp_meta, policy, script_hashes

HELP = "write the cohort dashboard (one web page that opens offline)"
DESCRIPTION = """\
Write a dashboard of the cohort's progress and answers for the facilitator:
who handed in and who is graded, score distributions, and anonymised summaries
of the stakeholder maps, engagement pathways, chosen values, charter canvas,
closing feedback and reflections. Summaries that fewer than 3 participants
contributed to are hidden.

The page (default: reports/dashboard.html) holds everything it needs, so it opens
without a network. Its completion table names participants: keep it private."""

MIN_GROUP = 3
HTML = ".html"
# The session whose exercises make up the community charter, our canvas.
CANVAS_SESSION = "session4"
STATUS_LOOK = {  # symbol and Okabe-Ito colour, so status never relies on colour alone
    GRADED: ("&#10003;", "#009E73"),
    AWAITING: ("&#8230;", "#E69F00"),
    NOT_GRADED: ("&#9675;", "#56B4E9"),
    NOT_SUBMITTED: ("&#8211;", ""),
}
PLOT_CONFIG = {"displayModeBar": False, "responsive": True}


def add_arguments(parser) -> None:
    parser.add_argument("--output", type=Path, default=None, metavar="FILE",
                        help="the page to write (default: reports/dashboard.html in the course folder)")


def run(course: Course, args, progress: Progress) -> Summary:
    output = (args.output or course.reports / ("dashboard" + HTML)).resolve()
    progress.note("Reading the gradebook and the graded notebooks ...")
    cohort = load(course)
    page = Dashboard(cohort)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page.render(), encoding="utf-8")
    summary = Summary("Report: cohort dashboard")
    summary.count("participants", len(cohort.participants))
    summary.count("summaries shown", page.shown)
    summary.count("hidden (fewer than 3 contributors)", page.hidden)
    summary.lines += cohort.all_problems()
    summary.outputs.append(output)
    return summary


# ---------------------------------------------------------------- aggregates (plain data)

def listing(frame: pd.DataFrame, label: str, value: str) -> str:
    """Two columns as "label value; label value.", for a chart's text alternative."""
    return "; ".join(f"{row[label]} {row[value]}" for _, row in frame.iterrows()) + "."


def exercises_where(cohort: Cohort, keep: Callable[[Exercise[Any]], bool]
                    ) -> Iterator[tuple[Session, Exercise[Any], list[Any]]]:
    """For every declared exercise that ``keep`` accepts: its session, declaration and each participant's model."""
    for spec in specs().values():
        if spec.id not in cohort.sessions:
            continue
        for exercise in spec.exercises:
            if keep(exercise):
                yield spec, exercise, [a.models[exercise.name] for a in cohort.answers(spec.id)]


def models_of(cohort: Cohort, model: type) -> Iterator[tuple[Session, str, list[Any]]]:
    """For every exercise of exactly the kind ``model``: its session, name and each participant's model."""
    for spec, exercise, models in exercises_where(cohort, lambda e: e.model is model):
        yield spec, exercise.name, models


def quadrant_counts(maps: list[PowerInterestMap]) -> tuple[int, pd.DataFrame]:
    used = [m for m in maps if not m.is_empty()]
    rows = [{"Quadrant": messages.text(f"quadrant.{q}"),
             "Stakeholders placed": sum(p.quadrant == q for m in used for p in m.placements),
             "Participants using it": sum(any(p.quadrant == q for p in m.placements) for m in used)}
            for q in QUADRANTS]
    return len(used), pd.DataFrame(rows)


def pathway_totals(pathways: list[Pathway]) -> tuple[int, pd.DataFrame]:
    used = [p for p in pathways if not p.is_empty()]
    order = used[0].order if used else LENSES["mozilla"]
    rows = [{"Phase": phase_label(phase),
             "People (sum)": sum(p.people.get(phase, 0) for p in used),
             "Moved on (sum)": sum(p.moved_on.get(phase, 0) for p in used) if phase != order[-1] else None,
             "Participants who entered it": sum(phase in p.people for p in used)}
            for phase in order]
    return len(used), pd.DataFrame(rows)


def mountain_completion(ladders: list[Ladder]) -> dict[str, tuple[int, pd.DataFrame]]:
    """Per lens: how many used it, and for each phase the share whose phase is fully filled in."""
    result = {}
    for lens, order in LENSES.items():
        used = [m for m in ladders if not m.is_empty() and m.lens == lens]
        rows = [{"Phase": phase_label(phase),
                 "Complete": sum(not m.missing(phase) for m in used),
                 "Share complete": f"{sum(not m.missing(phase) for m in used) / len(used):.0%}" if used else ""}
                for phase in order]
        result[lens] = (len(used), pd.DataFrame(rows))
    return result


def value_counts(choices: list[Choice]) -> tuple[int, pd.DataFrame]:
    used = [c for c in choices if not c.is_empty()]
    counts = Counter(v for c in used for v in c.chosen())
    label = used[0].label if used else str
    rows = [{"Value": label(v), "Participants who chose it": n}
            for v, n in sorted(counts.items(), key=lambda item: (-item[1], label(item[0])))]
    return len(used), pd.DataFrame(rows, columns=["Value", "Participants who chose it"])


def scorecard_medians(cards: list[Scorecard]) -> tuple[int, pd.DataFrame]:
    """For each item of a self-audit: the median score and how many participants scored it."""
    used = [c for c in cards if c.scores]
    columns = ["Item", "Median score", "Participants who scored it"]
    if not used:
        return 0, pd.DataFrame(columns=columns)
    rows = []
    for item in used[0].items:
        scores = sorted(c.scores[item] for c in used if item in c.scores)
        middle = (scores[(len(scores) - 1) // 2] + scores[len(scores) // 2]) / 2 if scores else None
        rows.append({"Item": used[0].label(item), "Median score": number(middle) if middle is not None else "",
                     "Participants who scored it": len(scores)})
    return len(used), pd.DataFrame(rows, columns=columns)


def openness_quarters(scales: list[Openness]) -> tuple[int, pd.DataFrame]:
    """How many participants' projects sit in each quarter of the openness grid (or on a middle line)."""
    placed = [s for s in scales if s.position() is not None]
    counts = Counter(s.quarter() for s in placed)
    rows = [{"Where on the grid": quarter, "Projects": n} for quarter, n in sorted(counts.items())]
    return len(placed), pd.DataFrame(rows, columns=["Where on the grid", "Projects"])


def canvas_completeness(answers: list[Answers]) -> tuple[int, pd.DataFrame]:
    """For each building block of the charter, how many participants filled it in."""
    spec = specs().get(CANVAS_SESSION)
    if spec is None:
        return 0, pd.DataFrame()
    rows = []
    for name in (e.name for e in spec.exercises if e.points):  # the autograded building blocks
        filled = sum(not a.models[name].is_empty() for a in answers)
        rows.append({"Canvas section": messages.text(f"{name}.title"), "Filled in": filled,
                     "Share": f"{filled / len(answers):.0%}" if answers else ""})
    return len(answers), pd.DataFrame(rows)


def reflections_answered(cohort: Cohort) -> list[tuple[str, int, pd.DataFrame]]:
    """For each session's graded reflections: how many participants wrote an answer to each prompt."""
    found = []
    for spec, exercise, models in exercises_where(cohort, lambda e: bool(e.task_ids)):
        rows = [{"Reflection": models[0].label(p) if models else p,
                 "Answered": sum(bool(m.answer(p)) for m in models),
                 "Share": f"{sum(bool(m.answer(p)) for m in models) / len(models):.0%}" if models else ""}
                for p in exercise.prompts]
        found.append((spec.id, len(models), pd.DataFrame(rows)))
    return found


def feedback_answers(cohort: Cohort) -> list[tuple[str, int, dict[str, list[tuple[str, int]]]]]:
    """Per session, the closing feedback: for each prompt, every distinct answer and how often it was given.

    Answers are grouped and sorted alphabetically per prompt, so nothing links one
    person's answers to each other or to the cohort's order.
    """
    found = []
    for spec, exercise, models in exercises_where(cohort, lambda e: e.name == CLOSING_FEEDBACK):
        used = [m for m in models if not m.is_empty()]
        prompts = {}
        for prompt in exercise.prompts:
            counts = Counter(" ".join(m.answer(prompt).split()) for m in used if m.answer(prompt))
            prompts[used[0].label(prompt) if used else prompt] = sorted(
                counts.items(), key=lambda item: (item[0].casefold(), item[0]))
        found.append((spec.id, len(used), prompts))
    return found


def feedback_html(contributors: int, prompts: dict[str, list[tuple[str, int]]], heading: str) -> str:
    """One session's closing feedback (from ``feedback_answers``): a list of answers under each prompt.
    Only for ``MIN_GROUP`` contributors or more: the caller hides it below that."""
    parts = [f"<p>{contributors} participants gave feedback.</p>"]
    for prompt, answers in prompts.items():
        items = "".join(f"<li>{escape(text)}{f' ({n})' if n > 1 else ''}</li>" for text, n in answers)
        parts.append(f"<{heading}>{escape(prompt)}</{heading}>"
                     + (f"<ul>{items}</ul>" if items else "<p><em>No answers.</em></p>"))
    return "".join(parts)


def score_table(cohort: Cohort) -> tuple[pd.DataFrame, dict[str, list[float]], dict[str, list[float]]]:
    """Per session: autograded and reflection points (fully graded only), and their spread."""
    auto: dict[str, list[float]] = {}
    reflections: dict[str, list[float]] = {}
    rows = []
    for session in cohort.sessions:
        results = list(cohort.results(session))
        auto[session] = [r.auto_points for r in results if r.auto_points is not None]
        reflections[session] = [r.reflection_points or 0.0 for r in results if r.status == GRADED]
        maxima = [r.auto_max for r in results] + [0.0]
        refl_max = [r.reflection_max for r in results] + [0.0]
        for label, values, top in (("Completeness checks", auto[session], max(maxima)),
                                   ("Reflections", reflections[session], max(refl_max))):
            rows.append({"Session": session, "Points from": label, "Participants": len(values),
                         "Lowest": number(min(values)) if len(values) >= MIN_GROUP else "",
                         "Median": number(float(pd.Series(values).median())) if len(values) >= MIN_GROUP else "",
                         "Highest": number(max(values)) if len(values) >= MIN_GROUP else "",
                         "Out of": number(top)})
    return pd.DataFrame(rows), auto, reflections


# ---------------------------------------------------------------- the page

@dataclass
class Dashboard:
    cohort: Cohort
    shown: int = 0
    hidden: int = 0
    _plotly_included: bool = field(default=False, repr=False)
    # The hashes of plotly's inline scripts: the only scripts the page's policy lets run.
    _scripts: list[str] = field(default_factory=list, repr=False)

    # -- building blocks

    def figure(self, fig, alt: str, height: int = 340) -> str:
        """A plotly chart described by ``alt``; plotly.js goes inline with the first one only."""
        import plotly.io as pio

        fig.update_layout(template="simple_white", height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                          font={"family": "system-ui, sans-serif", "size": 13}, colorway=list(OKABE_ITO))
        for axis, values in (("x", [t.x for t in fig.data]), ("y", [t.y for t in fig.data])):
            counts = [v for vs in values if vs is not None for v in vs if isinstance(v, Real)]
            if counts and all(float(v).is_integer() for v in counts) and max(counts) <= 12:
                fig.update_layout({f"{axis}axis": {"dtick": 1}})  # whole numbers: no 0.5 ticks
        plot = pio.to_html(fig, full_html=False, include_plotlyjs=False if self._plotly_included else "inline",
                           config=PLOT_CONFIG, default_width="100%", default_height=f"{height}px")
        self._plotly_included = True
        self._scripts += script_hashes(plot)  # made here from our figure, never from participants' text
        return (f'<figure><div role="img" aria-label="{escape(alt)}">{plot}</div>'
                f"<figcaption>{escape(alt)}</figcaption></figure>")

    def chart(self, fig, alt: str, frame: pd.DataFrame, caption: str, height: int = 340) -> list[str]:
        """A chart and the table that says the same, counted as one summary shown."""
        self.shown += 1
        return [self.figure(fig, alt, height), table_html(frame, caption)]

    def too_few(self, what: str, count: int) -> str:
        self.hidden += 1
        people = "participant" if count == 1 else "participants"
        return (f'<p class="hidden-note">Hidden: {count} {people} contributed to {escape(what)}. Summaries need at '
                f"least {MIN_GROUP}, so that no one's answers can be picked out.</p>")

    # -- sections

    def completion(self) -> str:
        sessions = self.cohort.sessions
        head = "".join(f'<th scope="col">{escape(s)}</th>' for s in sessions)
        rows = []
        for p in self.cohort.participants:
            cells = []
            for session in sessions:
                result = p.sessions[session]
                symbol, colour = STATUS_LOOK[result.status]
                text = result.status + (", complete" if result.complete else "")
                if result.total is not None:
                    text += f" ({number(result.total)} of {number(result.total_max)})"
                warn = (f' <span class="warn">&#9888; {escape("; ".join(result.problems))}</span>'
                        if result.problems else "")
                style = f' style="background:{tint(colour, 0.22)}"' if colour else ""
                cells.append(f"<td{style}>{symbol} {escape(text)}{warn}</td>")
            name = f" ({escape(p.name)})" if p.name else ""
            rows.append(f'<tr><th scope="row">{escape(p.id)}{name}</th>{"".join(cells)}</tr>')
        counts = []
        for status in STATUSES:
            per = [sum(r.status == status for r in self.cohort.results(s)) for s in sessions]
            counts.append(f'<tr class="count"><th scope="row">{escape(status)}</th>'
                          + "".join(f"<td>{n}</td>" for n in per) + "</tr>")
        complete = [sum(r.complete for r in self.cohort.results(s)) for s in sessions]
        counts.append('<tr class="count"><th scope="row">complete (badge)</th>'
                      + "".join(f"<td>{n}</td>" for n in complete) + "</tr>")
        legend = ", ".join(f"{symbol} {escape(status)}" for status, (symbol, _) in STATUS_LOOK.items())
        return ('<section aria-labelledby="completion"><h2 id="completion">Completion by participant</h2>'
                f"<p>Each cell shows the session's status and points. Key: {legend}. "
                "&#9888; marks a problem to look at. This is the only section that names participants.</p>"
                f'<table class="completion"><caption>Status of every participant in every session</caption>'
                f'<thead><tr><th scope="col">Participant</th>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody><tfoot>{''.join(counts)}</tfoot></table></section>")

    def scores(self) -> str:
        import plotly.graph_objects as go

        frame, auto, reflections = score_table(self.cohort)
        parts = ['<section aria-labelledby="scores"><h2 id="scores">Score distributions</h2>',
                 "<p>Completeness-check points count every autograded participant; reflection points only those "
                 "whose three reflections are all graded. Each dot is one participant, unnamed.</p>"]
        fig, drawn = go.Figure(), []
        for label, values, colour in (("Completeness checks", auto, OKABE_ITO[0]),
                                      ("Reflections", reflections, OKABE_ITO[1])):
            xs, ys = [], []
            for session in self.cohort.sessions:
                if len(values[session]) >= MIN_GROUP:
                    xs += [session] * len(values[session])
                    ys += values[session]
                    drawn.append((session, label))
            if ys:
                fig.add_trace(go.Box(x=xs, y=ys, name=label, marker_color=colour, boxpoints="all", jitter=0.4,
                                     pointpos=0, hoverinfo="y"))
        if drawn:
            fig.update_layout(boxmode="group", yaxis_title="Points", xaxis_title="Session")
            alt = ("Box plots of points per session: "
                   + "; ".join(f"{s} {label.lower()}" for s, label in drawn)
                   + ". The table below gives the lowest, median and highest points.")
            parts.append(self.figure(fig, alt))
            self.shown += 1
        hidden = [f"{row['Session']} {row['Points from'].lower()}" for _, row in frame.iterrows()
                  if 0 < row["Participants"] < MIN_GROUP]
        if hidden:
            self.hidden += 1
            parts.append(f'<p class="hidden-note">Spread hidden where fewer than {MIN_GROUP} participants have '
                         f"points: {escape(', '.join(hidden))}.</p>")
        parts.append(table_html(frame, "Points per session (spread shown for 3 or more participants)"))
        parts.append("</section>")
        return "".join(parts)

    def quadrants(self) -> str:
        import plotly.graph_objects as go

        parts = ['<section aria-labelledby="quadrants"><h2 id="quadrants">Stakeholder quadrants</h2>']
        for spec, name, maps in models_of(self.cohort, PowerInterestMap):
            contributors, frame = quadrant_counts(maps)
            parts.append(f"<h3>{escape(spec.id)}: {escape(messages.text(f'{name}.title'))}</h3>")
            if contributors < MIN_GROUP:
                parts.append(self.too_few("the stakeholder map", contributors))
                continue
            total = int(frame["Stakeholders placed"].sum())
            alt = (f"From {contributors} participants' maps, {total} stakeholders were placed: "
                   + listing(frame, "Quadrant", "Stakeholders placed"))
            fig = go.Figure(go.Bar(x=frame["Quadrant"], y=frame["Stakeholders placed"],
                                   marker_color=[QUADRANT_COLOURS[q] for q in QUADRANTS],
                                   text=frame["Stakeholders placed"], textposition="outside"))
            fig.update_layout(yaxis_title="Stakeholders placed", showlegend=False)
            parts += self.chart(fig, alt, frame, "Stakeholders placed in each quadrant")
        parts.append("</section>")
        return "".join(parts)

    def engagement(self) -> str:
        import plotly.graph_objects as go

        parts = ['<section aria-labelledby="engagement"><h2 id="engagement">Engagement levels</h2>']
        for spec, name, pathways in models_of(self.cohort, Pathway):
            contributors, frame = pathway_totals(pathways)
            parts.append(f"<h3>{escape(spec.id)}: {escape(messages.text(f'{name}.title'))}</h3>")
            if contributors < MIN_GROUP:
                parts.append(self.too_few("the pathway numbers", contributors))
                continue
            alt = (f"Pathway numbers from {contributors} participants, summed per phase: "
                   + "; ".join(f"{r['Phase']} {int(r['People (sum)'])} people" for _, r in frame.iterrows()) + ".")
            fig = go.Figure([go.Bar(x=frame["Phase"], y=frame["People (sum)"], name="People",
                                    marker_color=OKABE_ITO[0]),
                             go.Bar(x=frame["Phase"], y=frame["Moved on (sum)"], name="Moved on",
                                    marker_color=OKABE_ITO[2])])
            fig.update_layout(barmode="group", yaxis_title="People (sum over participants)")
            shown = frame.astype(object).where(frame.notna(), "")
            parts += self.chart(fig, alt, shown, "Pathway numbers summed over participants")
        for spec, name, ladders in models_of(self.cohort, Ladder):
            parts.append(f"<h3>{escape(spec.id)}: {escape(messages.text(f'{name}.title'))}</h3>")
            for lens, (contributors, frame) in mountain_completion(ladders).items():
                lens_name = messages.text(f"lens.{lens}")
                parts.append(f"<h4>{escape(lens_name)}</h4>")
                if contributors < MIN_GROUP:
                    parts.append(self.too_few(f"the {lens_name}", contributors))
                    continue
                shares = frame["Complete"] / contributors * 100
                alt = (f"Of {contributors} participants using this lens, the share who filled in each phase "
                       "completely: " + listing(frame, "Phase", "Share complete"))
                fig = go.Figure(go.Bar(y=frame["Phase"], x=shares, orientation="h", marker_color=OKABE_ITO[2],
                                       text=frame["Share complete"], textposition="outside"))
                fig.update_layout(xaxis={"title": "Share of participants (%)", "range": [0, 110]},
                                  yaxis={"autorange": "reversed"})
                parts += self.chart(fig, alt, frame, f"Phases filled in completely ({lens_name})", 60 + 40 * len(frame))
        parts.append("</section>")
        return "".join(parts)

    def values(self) -> str:
        import plotly.graph_objects as go

        parts = ['<section aria-labelledby="values"><h2 id="values">Values chosen</h2>']
        for spec, name, choices in models_of(self.cohort, Choice):
            contributors, frame = value_counts(choices)
            parts.append(f"<h3>{escape(spec.id)}: {escape(messages.text(f'{name}.title'))}</h3>")
            if contributors < MIN_GROUP:
                parts.append(self.too_few("the core values", contributors))
                continue
            col = "Participants who chose it"
            alt = (f"Values chosen by {contributors} participants, most often first: "
                   + listing(frame, "Value", col))
            fig = go.Figure(go.Bar(y=frame["Value"], x=frame[col], orientation="h", marker_color=OKABE_ITO[3],
                                   text=frame[col], textposition="outside"))
            fig.update_layout(xaxis_title="Participants", yaxis={"autorange": "reversed"})
            parts += self.chart(fig, alt, frame, "How many participants chose each value", 60 + 28 * len(frame))
        parts.append("</section>")
        return "".join(parts)

    def audits(self) -> str:
        import plotly.graph_objects as go

        parts = ['<section aria-labelledby="audits"><h2 id="audits">Self-audits and openness</h2>',
                 "<p>How participants scored their own communities (the median of their scores for each item), "
                 "and where their projects sit on the openness grid. Each participant describes a different "
                 "community, so these show the cohort's spread, not one community's state.</p>"]
        for spec, name, cards in models_of(self.cohort, Scorecard):
            contributors, frame = scorecard_medians(cards)
            title = messages.text(f"{name}.title")
            parts.append(f"<h3>{escape(spec.id)}: {escape(title)}</h3>")
            if contributors < MIN_GROUP:
                parts.append(self.too_few(title, contributors))
                continue
            alt = (f"Median self-audit scores of {contributors} participants: "
                   + listing(frame, "Item", "Median score"))
            fig = go.Figure(go.Bar(y=frame["Item"], x=pd.to_numeric(frame["Median score"]), orientation="h",
                                   marker_color=OKABE_ITO[0], text=frame["Median score"], textposition="outside"))
            fig.update_layout(xaxis={"title": "Median score", "range": [0, cards[0].high + 0.5]},
                              yaxis={"autorange": "reversed"})
            parts += self.chart(fig, alt, frame, f"Median scores: {title}", 60 + 36 * len(frame))
        for spec, name, scales in models_of(self.cohort, Openness):
            contributors, frame = openness_quarters(scales)
            title = messages.text(f"{name}.title")
            parts.append(f"<h3>{escape(spec.id)}: {escape(title)}</h3>")
            if contributors < MIN_GROUP:
                parts.append(self.too_few(title, contributors))
                continue
            parts.append(table_html(frame, f"Where {contributors} participants' projects sit on the openness grid"))
            self.shown += 1
        parts.append("</section>")
        return "".join(parts)

    def canvas(self) -> str:
        import plotly.graph_objects as go

        parts = ['<section aria-labelledby="canvas"><h2 id="canvas">Charter canvas completeness</h2>',
                 "<p>The community charter (session 4) is the course's canvas: values, vision, mission, roadmap "
                 "and success. For each of its sections, the share of participants who handed in session 4 and "
                 "filled it in.</p>"]
        if CANVAS_SESSION not in self.cohort.sessions:
            parts.append("<p>This course has no session 4.</p></section>")
            return "".join(parts)
        contributors, frame = canvas_completeness(self.cohort.answers(CANVAS_SESSION))
        if contributors < MIN_GROUP:
            parts.append(self.too_few("the charter canvas", contributors))
        else:
            alt = (f"Of {contributors} participants, the share who filled in each charter section: "
                   + listing(frame, "Canvas section", "Share"))
            fig = go.Figure(go.Bar(y=frame["Canvas section"], x=frame["Filled in"] / contributors * 100,
                                   orientation="h", marker_color=OKABE_ITO[4], text=frame["Share"],
                                   textposition="outside"))
            fig.update_layout(xaxis={"title": "Share of participants (%)", "range": [0, 110]},
                              yaxis={"autorange": "reversed"})
            parts += self.chart(fig, alt, frame, "Charter sections filled in", 60 + 36 * len(frame))
        parts.append("</section>")
        return "".join(parts)

    def closing(self) -> str:
        parts = ['<section aria-labelledby="closing"><h2 id="closing">Closing feedback</h2>',
                 "<p>What participants wrote in the ungraded &ldquo;Before you go&rdquo; boxes at the end of each "
                 "session, without names: answers are grouped and sorted alphabetically for each question, so "
                 "one person's answers cannot be linked together. A number in brackets says how many gave "
                 "the same answer.</p>"]
        sessions = feedback_answers(self.cohort)
        if not sessions:
            parts.append("<p>These workbooks do not save closing feedback.</p>")
        for session, contributors, prompts in sessions:
            parts.append(f"<h3>{escape(session)}</h3>")
            if contributors < MIN_GROUP:
                parts.append(self.too_few(f"the {session} closing feedback", contributors))
                continue
            parts.append(feedback_html(contributors, prompts, "h4"))
            self.shown += 1
        parts.append("</section>")
        parts += ['<section aria-labelledby="reflections"><h2 id="reflections">Reflections answered</h2>',
                  "<p>How many participants wrote an answer to each graded reflection (the texts are in the "
                  "formgrader).</p>"]
        for session, contributors, frame in reflections_answered(self.cohort):
            parts.append(f"<h3>{escape(session)}</h3>")
            if contributors < MIN_GROUP:
                parts.append(self.too_few(f"the {session} reflections", contributors))
                continue
            parts.append(table_html(frame, f"Reflections answered in {session}, out of {contributors} participants"))
            self.shown += 1
        parts.append("</section>")
        return "".join(parts)

    def render(self) -> str:
        cohort = self.cohort
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        problems = cohort.problems
        notes = "".join(f'<p class="warn">&#9888; {escape(p)}</p>' for p in problems)
        sections = [self.completion(),
                    '<div id="aggregates">',
                    '<p>Everything below is anonymised: no participant IDs or names, and each summary is hidden '
                    f"when fewer than {MIN_GROUP} participants contributed to it.</p>",
                    self.scores(), self.quadrants(), self.engagement(), self.values(), self.audits(), self.canvas(),
                    self.closing(), "</div>"]
        if not self._plotly_included:
            sections.append("<p>No charts yet: too few participants have been graded.</p>")
        # The sections are drawn first, so the policy names every script they hold.
        return ('<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
                f"{csp_meta(policy(self._scripts))}"
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>Cohort dashboard</title><style>{STYLE}</style></head>\n<body><main>"
                "<h1>Cohort dashboard</h1>"
                f"<p>{len(cohort.participants)} participants, sessions {escape(', '.join(cohort.sessions))}. "
                f"Made {stamp} from the gradebook and the graded notebooks. This page holds participants' "
                f"data: keep it private.</p>{notes}"
                f"{''.join(sections)}</main>\n</body>\n</html>\n")


STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 70rem; margin: 0 auto; padding: 1rem;
       color: #1a1a1a; background: #fff; }
table { border-collapse: collapse; margin: 0.5rem 0 1.2rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
tfoot th, tfoot td { font-style: italic; }
figure { margin: 0.5rem 0; }
figcaption { font-size: 0.95rem; }
.hidden-note { font-style: italic; }
.warn { color: #8a3b00; }
section { margin-bottom: 2rem; }
"""
