"""`saa kano`: the KANO table per area of care, and the needs of decision makers and influencers."""

from __future__ import annotations

import json

from conftest import TELECOM, write_plan
from method_helpers import EDGE, EVIL_SHOWN, golden, invoke, saa_text


def kano_json(path):
    r = invoke("kano", path, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_worked_example():
    data = kano_json(TELECOM)
    assert [r["care_about"] for r in data["kano"]] == ["Time to market", "After-sales support", "Innovation",
                                                        "Design support"]
    ttm = data["kano"][0]
    assert ttm == {"care_about": "Time to market", "must_have": ["Voice access to technology specialists"],
                   "more_is_better": ["Process improvement techniques to evaluate R&D processes and improve time to market"],
                   "delight": ["Joint ownership of IP"]}
    assert data["kano"][3]["must_have"] == []
    assert [n["contact"] for n in data["needs"]] == ["Ye S.", "Guo J."]
    ye = data["needs"][0]
    assert ye["role"] == "decision-maker" and ye["title"] == "VP R&D"
    assert ye["personal"] == ["Risk avoidance", "Innovation", "Flexibility"]
    assert ye["actions"] == [{"do": "Provide strong references where we have impacted customers' time to market",
                              "owner": None, "due": None, "status": "open"}]
    assert data["missing_needs"] == ["Jiang L."]


def test_edge_order_and_missing(plan_dir):
    data = kano_json(plan_dir(EDGE))
    # decision makers first, whatever the order written
    assert [n["contact"] for n in data["needs"]] == ["Boss", "Engineer"]
    assert data["needs"][1]["actions"] == [{"do": "Invite to the user group", "owner": "Bob", "due": "2027-02-28",
                                            "status": "open"}]
    assert data["missing_needs"] == ["Finance"]
    assert data["kano"][1] == {"care_about": "Price", "must_have": ["Fixed price"], "more_is_better": [],
                               "delight": []}


def test_terminal(plan_dir):
    r = invoke("kano", TELECOM)
    assert r.exit_code == 0
    out = r.stdout
    for s in ("Must-have", "More-is-better", "Delight", "Time to market", "Joint ownership of IP",
              "needs not written for: Jiang L. (decision-maker)"):
        assert s in out, s
    r = invoke("kano", plan_dir({"03-needs-kano.yaml": "needs:\n  - contact: Ghost\n"}))
    assert "not in 02-network.yaml" in r.stdout
    assert "no KANO rows" in r.stdout


def test_bad_path_exits_2(tmp_path):
    assert invoke("kano", tmp_path / "nope").exit_code == 2


def test_markup_in_kano(plan_dir):
    p = plan_dir({"03-needs-kano.yaml": """\
        kano:
          - care_about: "[red]Evil[/red] :smile: \\e[31mX"
            must_have: ["[bold]"]
        """})
    r = saa_text("kano", p, width=300)
    assert r.returncode == 0, r.stderr
    for s in EVIL_SHOWN:
        assert s in r.stdout
    assert "[bold]" in r.stdout
    assert "\x1b" not in r.stdout


def test_subprocess_golden_telecom():
    r = saa_text("kano", TELECOM)
    assert r.returncode == 0, r.stderr
    golden("kano_telecom.txt", r.stdout)


def test_subprocess_golden_edge(tmp_path):
    write_plan(tmp_path / "p", EDGE)
    r = saa_text("kano", "p", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    golden("kano_edge.txt", r.stdout)


def test_a_needs_entry_with_only_the_name_is_missing_in_kano_and_completeness(plan_dir):
    """One answer to "whose needs are missing": saa kano and completeness ask kano.missing_needs."""
    from saa.completeness import items
    from saa.kano import missing_needs
    from saa.loader import load_plan

    plan = load_plan(plan_dir({
        "02-network.yaml": "contacts:\n  - {name: Bo, role: decision-maker}\n  - {name: Cy, role: key-influencer}\n",
        "03-needs-kano.yaml": "needs:\n  - contact: Bo\n  - {contact: Cy, messages: [We deliver]}\n"}))
    assert [c.name for c in missing_needs(plan)] == ["Bo"]
    assert items(3)[0].check(plan) == (False, "needs missing for Bo")
