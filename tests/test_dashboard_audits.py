"""The dashboard's self-audit and openness summaries: medians per principle, projects per grid quarter,
hidden below three contributors."""

from __future__ import annotations

from types import SimpleNamespace

from model_support import new
from workbooks.facilitator.dashboard import Dashboard, openness_quarters, scorecard_medians


def audit(**scores: int):
    model = new("session5", "principles_audit")
    for item, score in scores.items():
        model.set_score(item, score)
    return model


def scales(*scores: int):
    model = new("session5", "openness_scales")
    for item, score in zip(model.items, scores, strict=False):
        model.set_score(item, score)
    return model


def test_the_median_of_each_principle_counts_only_those_who_scored_it():
    count, frame = scorecard_medians([audit(fairness=1, impact=4), audit(fairness=2), audit(fairness=4), audit()])
    assert count == 3  # the empty audit is not a contributor
    rows = {row["Item"]: (row["Median score"], row["Participants who scored it"]) for _, row in frame.iterrows()}
    assert rows["Fairness"] == ("2", 3)
    assert rows["Impact"] == ("4", 1)
    assert rows["Transparency"] == ("", 0)


def test_an_even_number_of_scores_has_a_half_point_median():
    _, frame = scorecard_medians([audit(collaboration=s) for s in (1, 2, 3, 4)])
    assert frame.set_index("Item").loc["Collaboration", "Median score"] == "2.5"


def test_projects_are_counted_by_grid_quarter_once_every_scale_is_placed():
    count, frame = openness_quarters([scales(5, 5, 5, 5), scales(4, 4, 5, 4), scales(1, 1, 1, 1), scales(5, 5)])
    assert count == 3
    assert dict(zip(frame["Where on the grid"], frame["Projects"], strict=True)) == {
        "open and domain-specific": 2, "closed and general": 1}


class FakeCohort(SimpleNamespace):
    def answers(self, session):
        return self.by_session.get(session, [])


def cohort(audits, grids):
    answers = [SimpleNamespace(models={"principles_audit": a, "openness_scales": g})
               for a, g in zip(audits, grids, strict=True)]
    return FakeCohort(sessions=["session5"], by_session={"session5": answers})


def test_the_section_draws_the_medians_with_their_text_and_hides_small_groups():
    page = Dashboard(cohort([audit(fairness=2)] * 3, [scales(5, 5, 5, 5)] * 2 + [scales(1)]))
    html = page.audits()
    assert "Median self-audit scores of 3 participants" in html and "Fairness 2" in html
    assert "<caption>Median scores: Exercise 1: Audit your community against the seven principles</caption>" in html
    assert "Hidden: 2 participants contributed to Exercise 2" in html  # only two placed every scale
    assert (page.shown, page.hidden) == (1, 1)
