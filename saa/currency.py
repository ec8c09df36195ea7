"""Amounts in one reporting currency: which rates are known, and the total they give.

A plan's amounts are in its own ``currency``; its ``settings.fx`` says what one
unit of another currency is worth in the plan's currency (``EUR: 1.08`` in a
USD plan: one euro is 1.08 dollars). Those rates, and any given by the caller
(later: the repository's configuration), are the only rates used. An amount is
converted with a rate written directly between its currency and the reporting
currency (either way round); nothing is chained through a third currency and
nothing is guessed: an amount with no rate is left out of the total and its
currency is named in :attr:`ReportingTotal.missing`. Two different rates for
the same pair make that pair unusable (named in ``conflicting``).
"""

from __future__ import annotations

from dataclasses import field
from .records import dataclass

Rates = dict   # (from currency, to currency) -> rate: 1 unit of ``from`` is ``rate`` units of ``to``


def rates_of(plans, extra: Rates | None = None) -> tuple[Rates, set]:
    """The rates written in the plans' ``settings.fx`` (plus ``extra``), and the pairs written with different rates."""
    rates: Rates = {}
    conflicting: set = set()
    pairs = [((str(code).upper(), str(p.currency).upper()), float(rate))
             for p in plans for code, rate in (p.fx or {}).items()
             if isinstance(rate, (int, float)) and not isinstance(rate, bool) and rate > 0]
    pairs += [((a.upper(), b.upper()), float(r)) for (a, b), r in (extra or {}).items() if r and r > 0]
    for pair, rate in pairs:
        if pair in rates and abs(rates[pair] - rate) > 1e-12 * max(rates[pair], rate):
            conflicting.add(pair)
        rates.setdefault(pair, rate)
    for pair in conflicting:
        rates.pop(pair, None)
    return rates, conflicting


def rate(frm: str, to: str, rates: Rates) -> float | None:
    """How many units of ``to`` one unit of ``frm`` is worth; None when no rate is given (never guessed)."""
    frm, to = frm.upper(), to.upper()
    if frm == to:
        return 1.0
    if (frm, to) in rates:
        return rates[(frm, to)]
    back = rates.get((to, frm))
    return 1.0 / back if back else None


def convert(amount: float | None, frm: str, to: str, rates: Rates) -> float | None:
    """``amount`` in ``frm`` expressed in ``to``; None when the amount is unknown or no rate is given."""
    r = rate(frm, to, rates)
    return None if amount is None or r is None else amount * r


@dataclass
class ReportingTotal:
    """A sum in one reporting currency; ``missing`` names the currencies left out for want of a rate."""

    currency: str
    total: float | None                            # None when nothing could be converted
    missing: list[str] = field(default_factory=list)
    rates_used: dict = field(default_factory=dict)   # currency -> rate into the reporting currency

    @property
    def complete(self) -> bool:
        return not self.missing

    def as_dict(self) -> dict:
        return {"currency": self.currency, "total": self.total, "complete": self.complete,
                "missing_rates": list(self.missing), "rates": dict(self.rates_used)}


def total_in(amounts, to: str, rates: Rates) -> ReportingTotal:
    """The sum of ``amounts`` (pairs of amount, currency; unknown amounts skipped) in ``to``."""
    to = to.upper()
    total = None
    missing: list[str] = []
    used: dict = {}
    unknown = given = 0
    for amount, cur in amounts:
        given += 1
        if amount is None:
            unknown += 1
            continue
        cur = str(cur).upper()
        r = rate(cur, to, rates)
        if r is None:
            if cur not in missing:
                missing.append(cur)
            continue
        used.setdefault(cur, r)
        total = (total or 0.0) + amount * r
    if total is None and not missing and unknown == given:
        total = None if given else 0.0       # only unknown amounts: unknown, never 0; nothing at all: 0
    return ReportingTotal(to, total, sorted(missing), used)
