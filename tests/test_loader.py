"""Loading: the typed plan of plans/telecom, a few exact fields and positions; entries as written."""

from __future__ import annotations

import datetime as dt

from saa.findings import Loc
from saa.loader import load_plan
from saa.plan import Plan
from conftest import TELECOM, write_plan


def loc(name: str, line: int, col: int) -> Loc:
    return Loc(f"{TELECOM}/{name}", line, col)


def telecom() -> Plan:
    return load_plan(TELECOM, str(TELECOM))


def test_account_header():
    p = telecom()
    assert (p.id, p.account, p.currency, p.industry, p.region) == (
        "telecom", "Example Telecom Co.", "USD", "Telecommunications equipment", "China")
    assert p.review_last == dt.date(2026, 10, 15) and p.review_cadence_days == 90
    assert p.alignment.communicate_activities == "not-well" and p.alignment.written
    assert p.team[0].name == "Dana Whitfield" and p.team[0].loc == loc("account.yaml", 11, 5)


def test_network():
    p = telecom()
    ye = p.contacts[0]
    assert (ye.name, ye.role, ye.relation, ye.meeting_frequency, ye.link_level) == ("Ye S.", "decision-maker", 1, 1.5, 2)
    assert ye.loc == loc("02-network.yaml", 3, 5) and ye.our_link_loc == loc("02-network.yaml", 10, 15)
    assert ye.business_results[0] == "Time to market"
    assert ye.strategies[0].do.startswith("Peer-to-peer relationships")
    ally = p.allies[0]
    assert (ally.ally, ally.target, ally.meeting_frequency) == ("Guo J.", "Ye S.", 15.0)
    assert ally.target_loc == loc("02-network.yaml", 45, 13)


def test_steps_3_to_7():
    p = telecom()
    assert p.needs[0].contact == "Ye S." and p.needs[0].contact_loc == loc("03-needs-kano.yaml", 3, 14)
    assert p.kano[0].delight == ["Joint ownership of IP"]
    vo = p.value_opportunities[0]
    assert vo.id == "slurry-yield" and vo.per == "month"
    assert vo.inputs == {"wafers_per_month": 2000.0, "wafer_value": 4000.0, "yield_improvement": 0.03}
    assert vo.input_locs["yield_improvement"] == loc("04-value-opportunities.yaml", 14, 28)
    assert p.value_buyers[0].perception == 0 and p.value_buyers[0].process == "Operations and logistics"
    assert [g.horizon for g in p.goals[:2]] == ["short", "long"] and p.goals[0].by == dt.date(2027, 12, 31)


def test_opportunities_and_challenges():
    p = telecom()
    o = p.opportunities[0]
    assert (o.id, o.value, o.probability, o.stage, o.decision) == (
        "asic-port-driver", 7_000_000.0, 0.95, "negotiation", dt.date(2027, 3, 31))
    q = p.challenges[0].categories[0].questions[0]
    assert q.team == {"confidence": 5, "implications": 4, "actions": 2} and q.spoiler is None
    assert q.loc == loc("10-challenge.yaml", 8, 13)


def test_entries_kept_as_written(tmp_path):
    """all_* lists keep every entry in the file's order, also those without their id or name."""
    p = load_plan(write_plan(tmp_path / "p", {
        "02-network.yaml": "contacts:\n  - name: Bo\n  - {}\n  - title: CTO\n",
        "07-goals-strategy.yaml": "time_allocation: {sales_opportunities: 60%, customer_knowledge: ~}\n",
    }))
    assert [c.name for c in p.all_contacts] == ["Bo", "", ""]
    assert [c.blank for c in p.all_contacts] == [False, True, False]
    assert [c.name for c in p.contacts] == ["Bo"]
    assert p.time_allocation == {"sales_opportunities": 0.6}
    assert p.time_allocation_loc is not None and p.time_allocation_loc.line == 1
