"""saa.currency: totals in one reporting currency, with the rates given, never guessed."""

from __future__ import annotations

from types import SimpleNamespace as P

import pytest

from saa.currency import convert, rate, rates_of, total_in


def test_rates_come_from_the_plans_fx_either_way_round():
    rates, conflicting = rates_of([P(currency="USD", fx={"EUR": 1.08, "gbp": 1.27}), P(currency="EUR", fx={})])
    assert rates == {("EUR", "USD"): 1.08, ("GBP", "USD"): 1.27} and conflicting == set()
    assert rate("EUR", "USD", rates) == 1.08
    assert rate("usd", "eur", rates) == pytest.approx(1 / 1.08)
    assert rate("USD", "USD", {}) == 1.0
    assert rate("GBP", "EUR", rates) is None            # never chained through USD
    assert convert(100.0, "EUR", "USD", rates) == pytest.approx(108.0)
    assert convert(None, "EUR", "USD", rates) is None
    assert convert(100.0, "JPY", "USD", rates) is None


def test_conflicting_rates_are_not_used_and_extra_rates_are_a_parameter():
    rates, conflicting = rates_of([P(currency="USD", fx={"EUR": 1.08}), P(currency="USD", fx={"EUR": 1.10})])
    assert rates == {} and conflicting == {("EUR", "USD")}
    rates, _ = rates_of([], {("chf", "eur"): 1.05})
    assert rates == {("CHF", "EUR"): 1.05}


def test_a_total_names_what_it_leaves_out():
    rates = {("EUR", "USD"): 1.25}
    t = total_in([(100.0, "EUR"), (50.0, "USD"), (None, "USD"), (7.0, "JPY")], "USD", rates)
    assert (t.total, t.missing, t.complete) == (pytest.approx(175.0), ["JPY"], False)
    assert t.as_dict() == {"currency": "USD", "total": pytest.approx(175.0), "complete": False,
                           "missing_rates": ["JPY"], "rates": {"EUR": 1.25, "USD": 1.0}}
    assert total_in([], "EUR", rates).total == 0.0
    assert total_in([(None, "EUR")], "USD", rates).total is None       # only unknown amounts: unknown, never 0
    assert total_in([(1.0, "JPY")], "EUR", rates).total is None     # nothing converted: unknown, never 0
