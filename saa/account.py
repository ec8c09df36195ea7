"""The account header's questions: how old is the last review, and is a review due.

One home for each: ``saa check`` (the staleness gate and the review rule),
``saa status``, ``saa portfolio`` and the reports all ask these functions.
"""

from __future__ import annotations

import datetime as _dt

from .plan import Plan


def review_age(plan: Plan, today: _dt.date) -> int | None:
    """Days since ``review.last``; None when the plan was never reviewed."""
    return (today - plan.review_last).days if plan.review_last else None


def review_due(plan: Plan) -> _dt.date | None:
    """When the next review is due: ``review.next``, or ``review.last`` plus ``cadence_days``, whichever is earlier."""
    dates = []
    if plan.review_next:
        dates.append(plan.review_next)
    if plan.review_last and plan.review_cadence_days:
        try:
            dates.append(plan.review_last + _dt.timedelta(days=plan.review_cadence_days))
        except OverflowError:
            pass
    return min(dates) if dates else None


def review_overdue(plan: Plan, today: _dt.date) -> bool:
    """A review is overdue when the date it was due by has passed."""
    due = review_due(plan)
    return due is not None and due < today
