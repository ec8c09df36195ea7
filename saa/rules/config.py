"""Rules that come with the configuration file (saa.yaml): its own findings, suppression comments,
the company's standard question set."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class ConfigProblem(Rule):
    """The configuration file saa.yaml says something saa cannot use.

    A value of the wrong kind or out of range, an unknown rule id, a custom
    field that clashes with a key of the format, red_below above green_from...
    Every command stops (exit 2) with these findings before reading a plan:
    a broken configuration is never silently ignored.

    Example: `saa.yaml:2:3: error: unknown rule id 'quadrant-mismach' (did you
    mean 'quadrant-mismatch'?) [config]`. Fix saa.yaml (docs/configuration.md
    describes every setting) or name another file with --config.
    """

    ID = "config"
    KIND = "config"


class UnusedIgnore(Rule):
    """A `# saa: ignore[rule-id]` comment that suppresses nothing on its line.

    A suppression is for one finding a team has decided to live with; once the
    finding is gone (or the id is misspelt) the comment only hides the next
    one, so saa check reports it where it is written. An id of the file
    format itself (a wrong type, an unknown key) cannot be ignored: fix it.

    Example: `08-opportunities.yaml:2:27: warning: `# saa: ignore[quadrant-mismatch]`
    suppresses nothing on this line [unused-ignore]`. Remove the comment, or
    the id that no longer applies.
    """

    ID = "unused-ignore"
    SEVERITY = "warning"


class MissingStandardQuestion(Rule):
    """A challenge leaves out questions of the company's standard question set (off unless saa.yaml turns it on).

    Scores compare across accounts only when every team answers the same
    questions. With `rules: {missing-question: warning}` in saa.yaml,
    each challenge is compared with the set of `challenge.questions` (questions
    compare ignoring case and spacing); teams may still add their own.

    Example: `10-challenge.yaml:2:5: warning: challenge of asic-port-driver
    leaves out 1 question of the standard set: Who pays for it?
    [missing-question]`. Add the questions (`saa challenge score`
    starts a new challenge with all of them).
    """

    ID = "missing-question"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        cfg = plan.config
        if cfg is None or cfg.rules.get(cls.ID, "off") == "off":
            return
        for ch in plan.challenges:
            asked = {norm_question(q.question) for cat in ch.categories for q in cat.questions}
            left = [q for _cat, qs in cfg.questions for q in qs if norm_question(q) not in asked]
            if left:
                n = len(left)
                yield cls.finding(ch.loc, f"challenge of {ch.opportunity} leaves out {n} question{'s' if n != 1 else ''} "
                                          "of the standard set: " + "; ".join(left[:5]) + ("; ..." if n > 5 else ""))


def norm_question(q) -> str:
    """A question as compared with the standard set: case, spacing and a final ? or . ignored."""
    return " ".join(str(q).split()).casefold().rstrip("?. ")


RULES = (ConfigProblem, UnusedIgnore, MissingStandardQuestion)
