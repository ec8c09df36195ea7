"""`saa network`: contacts by role, relation, meetings per year, our link; paths to decision makers; gaps."""

from __future__ import annotations

import json

from conftest import TELECOM, write_plan
from method_helpers import EDGE, EVIL_SHOWN, golden, invoke, saa_text


def network_json(path):
    r = invoke("network", path, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_worked_example():
    data = network_json(TELECOM)
    assert data["plan"] == "telecom"
    assert [g["role"] for g in data["roles"]] == ["decision-maker", "technical-approver"]
    dms = data["roles"][0]["contacts"]
    assert [c["name"] for c in dms] == ["Ye S.", "Jiang L."]
    ye = dms[0]
    assert ye["relation"] == 1 and ye["relation_symbol"] == "+"
    assert ye["meeting_frequency"] == 1.5            # 1-2/year: the midpoint
    assert ye["our_link"] == "Dana Whitfield" and ye["link_level"] == 2
    guo = data["roles"][1]["contacts"][0]
    assert guo["meeting_frequency"] == 15 and guo["reports_to"] == "Ye S."
    paths = {p["name"]: p for p in data["decision_makers"]}
    assert paths["Ye S."]["reached"] is True and paths["Ye S."]["direct"] is False
    assert [a["ally"] for a in paths["Ye S."]["allies"]] == ["Guo J."]
    assert paths["Ye S."]["allies"][0]["our_link"] == "Chen Hao"
    assert paths["Ye S."]["allies"][0]["meeting_frequency"] == 15
    assert [r["name"] for r in paths["Ye S."]["direct_reports"]] == ["Guo J."]
    assert paths["Jiang L."]["reached"] is False and paths["Jiang L."]["allies"] == []
    assert data["gaps"] == {"unreached_decision_makers": ["Jiang L."], "without_our_link": []}
    # the shortest path, as the method reads it: Chen Hao -> Guo J. (our link, 1st level) -> Ye S. (ally)
    assert paths["Ye S."]["route"] == [{"name": "Chen Hao", "how": "team"}, {"name": "Guo J.", "how": "our link"},
                                       {"name": "Ye S.", "how": "ally"}]
    assert paths["Jiang L."]["route"] is None


def test_edge_paths_and_gaps(plan_dir):
    data = network_json(plan_dir(EDGE))
    assert [g["role"] for g in data["roles"]] == ["decision-maker", "key-influencer", "coach", None]
    paths = {p["name"]: p for p in data["decision_makers"]}
    boss, fin = paths["Boss"], paths["Finance"]
    # relation "-" and no ally: nobody reaches the boss, though Ann knows them through someone
    assert boss["reached"] is False and boss["our_link"] == "Ann" and boss["direct"] is False
    assert [r["name"] for r in boss["direct_reports"]] == ["Finance"]
    # relation 0 but an ally (Helper, ours directly via Bob) gets us to Finance
    assert fin["reached"] is True and fin["our_link"] is None
    assert fin["allies"][0] == {"ally": "Helper", "our_link": "Bob", "link_level": 1, "relation": 2,
                                "leverage": "Knows the budget", "influence_and_reward": None,
                                "meeting_frequency": None}
    assert fin["reports_to"] == ["Boss"]
    assert sorted(r["name"] for r in fin["direct_reports"]) == ["Engineer", "Helper"]
    contacts = {c["name"]: c for g in data["roles"] for c in g["contacts"]}
    assert contacts["Engineer"]["meeting_frequency"] == 52
    assert contacts["Helper"]["meeting_frequency"] == 24
    assert contacts["Nobody"]["relation"] is None and contacts["Nobody"]["relation_symbol"] is None
    assert data["gaps"] == {"unreached_decision_makers": ["Boss"], "without_our_link": ["Finance", "Nobody"]}


def test_reports_to_cycle_terminates(plan_dir):
    p = plan_dir({"02-network.yaml": """\
        contacts:
          - {name: A, role: decision-maker, reports_to: B}
          - {name: B, role: decision-maker, reports_to: A}
        """})
    data = network_json(p)
    chains = {d["name"]: d["reports_to"] for d in data["decision_makers"]}
    assert chains == {"A": ["B"], "B": ["A"]}


def test_terminal(plan_dir):
    r = invoke("network", plan_dir(EDGE))
    assert r.exit_code == 0
    out = r.stdout
    assert "Boss (CEO), relation -: NOBODY REACHES THEM" in out
    assert "Finance, relation 0: reached" in out
    assert "ally: Helper (relation ++, our link Bob (direct)" in out
    assert "decision makers nobody reaches (no path from our team): Boss" in out
    assert "path: Bob -> Helper (our link, 1st level) -> Finance (ally)" in out
    assert "contacts nobody on our team owns (no our_link): Finance, Nobody" in out
    assert "they report to: Boss" in out


def test_empty_network(plan_dir):
    p = plan_dir({})
    data = network_json(p)
    assert data["roles"] == [] and data["decision_makers"] == []
    assert "no contacts" in invoke("network", p).stdout


def test_bad_path_exits_2(tmp_path):
    assert invoke("network", tmp_path / "nope").exit_code == 2


def test_markup_in_contact_names(plan_dir):
    p = plan_dir({"02-network.yaml": """\
        contacts:
          - name: "[red]Evil[/red] :smile: \\e[31mX"
            title: "[bold]"
            role: decision-maker
            our_link: "[/]"
        """})
    r = saa_text("network", p, width=300)
    assert r.returncode == 0, r.stderr
    for s in EVIL_SHOWN:
        assert s in r.stdout
    assert "[bold]" in r.stdout and "[/]" in r.stdout
    assert "\x1b" not in r.stdout


def test_subprocess_golden_telecom():
    r = saa_text("network", TELECOM)
    assert r.returncode == 0, r.stderr
    golden("network_telecom.txt", r.stdout)


def test_subprocess_golden_edge(tmp_path):
    write_plan(tmp_path / "p", EDGE)
    r = saa_text("network", "p", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    golden("network_edge.txt", r.stdout)


def test_reach_is_a_path_search(plan_dir):
    """A first-level link of ours, or an ally we reach: nothing else is a path (relation alone, second level)."""
    p = plan_dir({"account.yaml": "account: X\nteam: [{name: Us}]\n", "02-network.yaml": """\
        contacts:
          - {name: Direct, role: user, our_link: Us, link_level: 1}
          - {name: Unlevelled, role: user, our_link: Us}
          - {name: Second, role: user, our_link: Us, link_level: 2}
          - {name: Liked, role: decision-maker, relation: "++"}
          - {name: ViaDirect, role: decision-maker}
          - {name: ViaChain, role: decision-maker}
          - {name: ViaSecond, role: decision-maker}
          - {name: ViaNobody, role: decision-maker}
          - {name: Placeholder, role: user, our_link: TODO}
          - {name: ViaPlaceholder, role: decision-maker}
        allies:
          - {ally: Direct, target: ViaDirect}
          - {ally: ViaDirect, target: ViaChain}
          - {ally: Second, target: ViaSecond}
          - {ally: Liked, target: ViaNobody}
          - {ally: Placeholder, target: ViaPlaceholder}
        """})
    from saa.loader import load_plan
    from saa.network import reach, unreached_decision_makers

    plan = load_plan(p)
    found = reach(plan)
    routes = {name: [h.name for h in r] for name, r in found.routes.items()}
    assert routes == {"Direct": ["Us", "Direct"], "Unlevelled": ["Us", "Unlevelled"],
                      "ViaDirect": ["Us", "Direct", "ViaDirect"], "ViaChain": ["Us", "Direct", "ViaDirect", "ViaChain"]}
    assert [c.name for c in unreached_decision_makers(plan)] == ["Liked", "ViaSecond", "ViaNobody", "ViaPlaceholder"]


def test_reach_is_linear_on_a_long_chain(plan_dir):
    """5,000 decision makers in one ally chain: one breadth-first search, not one search per person."""
    n = 5000
    contacts = "".join(f"  - {{name: c{i}, role: decision-maker}}\n" for i in range(1, n))
    allies = "".join(f"  - {{ally: c{i}, target: c{i + 1}}}\n" for i in range(n - 1))
    p = plan_dir({"account.yaml": "account: X\nteam: [{name: Us}]\n",
                  "02-network.yaml": "contacts:\n  - {name: c0, role: decision-maker, our_link: Us}\n" + contacts
                  + "allies:\n" + allies})
    from saa.loader import load_plan
    from saa.network import paths, unreached_decision_makers

    plan = load_plan(p)
    assert unreached_decision_makers(plan) == []
    last = paths(plan)[-1]
    # the route shown keeps our team member, the first link and the last hops; the middle is counted
    assert [h.name for h in last.route[:2]] == ["Us", "c0"] and last.route[-1].name == f"c{n - 1}"
    assert len(last.route) == 2 + 25 and last.route_left_out == n - 1 - 25
    assert len(last.route) - 2 + last.route_left_out == n - 1          # every ally of the chain, shown or counted
    from saa.network import reach

    whole = reach(plan).route(plan.contacts[-1])
    assert len(whole) == n + 1 and [h.name for h in whole[-2:]] == [f"c{n - 2}", f"c{n - 1}"]


def test_a_large_network_is_listed_line_by_line(plan_dir):
    """Above 400 contacts the contacts are one line each (a rich table that size takes seconds); nothing is cut."""
    n = 450
    contacts = "".join(f"  - {{name: c{i}, role: user, title: Engineer {i}}}\n" for i in range(1, n))
    p = plan_dir({"account.yaml": "account: X\nteam: [{name: Us}]\n",
                  "02-network.yaml": "contacts:\n  - {name: c0, role: decision-maker, our_link: Us}\n" + contacts})
    out = invoke("network", p).stdout
    assert "decision-maker (1)\n  c0; relation not scored; meets unknown; our link Us (direct)\n" in out
    assert "user (449)\n  c1, Engineer 1; relation not scored; meets unknown; our link nobody on our team\n" in out
    assert "  c449, Engineer 449;" in out and "┃" not in out
    assert "path: Us -> c0 (our link, 1st level)" in out
