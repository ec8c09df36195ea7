"""Step 10: challenge question scoring.

A category's score on each dimension is the mean of its questions' scores; a
challenge's overall score is the mean over all its scored questions (not the
mean of the category means). Questions without spoiler scores are left out of
the spoiler means; a dimension with no scores has no score (None).
"""

from __future__ import annotations

from .records import dataclass

from .vocab import COLOUR_RANK, DIMENSIONS, GUIDE, UNCHALLENGED  # noqa: F401 - GUIDE is read as saa.challenge.GUIDE
from .plan import Category, Challenge, Plan


# GUIDE (imported above from saa.vocab): the method's 12 guiding questions of the dimensions, what a
# score answers; a company replaces them in saa.yaml (challenge.guide), see saa.config.


def mean_scores(questions, who: str) -> dict:
    """Mean per dimension over ``questions`` for ``who`` (team or spoiler); None where unscored."""
    out = {}
    for dim in DIMENSIONS:
        vals = []
        for q in questions:
            s = getattr(q, who)
            if s and s.get(dim) is not None:
                vals.append(s[dim])
        out[dim] = (sum(vals) / len(vals)) if vals else None
    return out


def has_spoiler_scores(ch: Challenge) -> bool:
    """Has an independent spoiler scored any question? Without, a challenge is unchallenged, whatever its colours."""
    return any(has_scores(q.spoiler) for cat in ch.categories for q in cat.questions)


def has_scores(scores: dict | None) -> bool:
    return scores is not None and any(v is not None for v in scores.values())


def colour(score: float | None, rag: tuple) -> str | None:
    """red below rag[0], green from rag[1], yellow between; None without a score."""
    if score is None:
        return None
    # compare the score as shown (one decimal) so the colour matches what people read
    shown = round(score + 1e-9, 1)
    if shown < rag[0]:
        return "red"
    if shown >= rag[1]:
        return "green"
    return "yellow"


def colours(scores: dict | None, rag: tuple) -> dict | None:
    if scores is None:
        return None
    return {d: colour(scores.get(d), rag) for d in DIMENSIONS}


@dataclass
class CategoryScore:
    category: Category
    team: dict
    spoiler: dict | None


@dataclass
class ChallengeScore:
    challenge: Challenge
    categories: list
    overall_team: dict
    overall_spoiler: dict | None


def score(ch: Challenge) -> ChallengeScore:
    cats = []
    all_q = []
    for cat in ch.categories:
        all_q.extend(cat.questions)
        sp = mean_scores(cat.questions, "spoiler")
        cats.append(CategoryScore(cat, mean_scores(cat.questions, "team"), sp if has_scores(sp) else None))
    osp = mean_scores(all_q, "spoiler")
    return ChallengeScore(ch, cats, mean_scores(all_q, "team"), osp if has_scores(osp) else None)


def score_plan(plan: Plan, opportunity: str | None = None) -> list:
    return [score(c) for c in plan.challenges if opportunity is None or c.opportunity == opportunity]


def shown(score: float | None) -> float | None:
    """A score as people read it: one decimal."""
    return None if score is None else round(score + 1e-9, 1)


def gap(team: dict | None, spoiler: dict | None) -> dict | None:
    """team minus spoiler per dimension (positive: the team rates itself higher); None without spoiler scores."""
    if team is None or spoiler is None:
        return None
    return {d: (team[d] - spoiler[d]) if team.get(d) is not None and spoiler.get(d) is not None else None
            for d in DIMENSIONS}


def below(scores: list, threshold: float, view: str = "both") -> list:
    """Category scores in ``view`` below ``threshold``: ``[(ChallengeScore, CategoryScore, who, dimension, score)]``.

    A score is compared as shown (one decimal), so a category shown as 3.0 is
    not below 3. Dimensions without scores are not below anything.
    """
    whos = ("team", "spoiler") if view == "both" else (view,)
    out = []
    for cs in scores:
        for cat in cs.categories:
            for who in whos:
                s = getattr(cat, who)
                for d in DIMENSIONS:
                    v = (s or {}).get(d)
                    sv = shown(v)
                    if v is not None and sv is not None and sv < threshold:
                        out.append((cs, cat, who, d, v))
    return out


def worst_colour(plan: Plan) -> str | None:
    """The worst colour over every category score (team and spoiler) of the plan."""
    worst = None
    for cs in score_plan(plan):
        for cat in cs.categories:
            for s in (cat.team, cat.spoiler):
                for c in (colours(s, plan.rag) or {}).values():
                    if c is not None and (worst is None or COLOUR_RANK[c] < COLOUR_RANK[worst]):
                        worst = c
    return worst


def _worst(colour_list) -> str | None:
    worst = None
    for c in colour_list:
        if c is not None and (worst is None or COLOUR_RANK[c] < COLOUR_RANK[worst]):
            worst = c
    return worst


@dataclass
class DealChallenge:
    """How a deal stands after challenge scoring, as a reviewer reads it.

    ``colour`` is the worst colour over the team's and the spoiler's category
    scores when a spoiler scored; ``unchallenged`` when nobody but the team
    scored (a colour the team gave itself is not shown as the deal's colour);
    None when the deal has no challenge scoring at all.
    """

    opportunity: str
    colour: str | None               # red, yellow, green, UNCHALLENGED or None (not scored)
    team: str | None                 # worst colour of the team's category scores
    spoiler: str | None              # worst colour of the spoiler's category scores; None without them
    gap: float | None                # the largest team-minus-spoiler over the overall dimensions

    @property
    def challenged(self) -> bool:
        return self.spoiler is not None

    def as_dict(self) -> dict:
        return {"colour": self.colour, "team": self.team, "spoiler": self.spoiler, "gap": self.gap}


def deal_challenge(plan: Plan, opportunity: str, scores: list | None = None) -> DealChallenge:
    """The one answer to "is this deal challenged, and how does it stand" (every challenge of the deal together)."""
    scored = [cs for cs in (score_plan(plan) if scores is None else scores) if cs.challenge.opportunity == opportunity]
    if not scored:
        return DealChallenge(opportunity, None, None, None, None)
    team = _worst(c for cs in scored for cat in cs.categories for c in (colours(cat.team, plan.rag) or {}).values())
    spoiler = _worst(c for cs in scored for cat in cs.categories
                     for c in (colours(cat.spoiler, plan.rag) or {}).values())
    gaps = [g for cs in scored for g in (gap(cs.overall_team, cs.overall_spoiler) or {}).values() if g is not None]
    if spoiler is None:
        return DealChallenge(opportunity, UNCHALLENGED if has_any_team_score(scored) else None, team, None, None)
    return DealChallenge(opportunity, _worst((team, spoiler)), team, spoiler, max(gaps) if gaps else None)


def has_any_team_score(scored: list) -> bool:
    return any(has_scores(cat.team) for cs in scored for cat in cs.categories)


def plan_challenge_colour(plan: Plan) -> tuple[str | None, list[str]]:
    """``(colour, unchallenged deals)`` of a plan for a portfolio.

    The colour is the worst over the deals a spoiler challenged; it is
    ``unchallenged`` when challenges exist but no spoiler scored any of them,
    None without challenge scoring. A team's own all-green never shows as green.
    """
    scores = score_plan(plan)
    ids = list(dict.fromkeys(cs.challenge.opportunity for cs in scores))
    deals = [deal_challenge(plan, i, scores) for i in ids]
    unchallenged = [d.opportunity for d in deals if d.colour == UNCHALLENGED]
    worst = _worst(d.colour for d in deals if d.challenged)
    if worst is None and unchallenged:
        return UNCHALLENGED, unchallenged
    return worst, unchallenged


def all_green_without_spoiler(cs: ChallengeScore, rag: tuple) -> bool:
    """Every team score green and no spoiler scores: on a first pass the team is probably fooling itself."""
    team_cols = [c for cat in cs.categories for c in (colours(cat.team, rag) or {}).values()]
    return bool(team_cols) and all(c == "green" for c in team_cols) and cs.overall_spoiler is None
