"""Helpers of the method-command tests (value, matrix, challenge, network, kano, actions).

- ``EDGE``: a plan with the hard cases: unknown values, fx conversion, claimed
  mismatches, formula errors, closed deals, a written quadrant that disagrees
  with the stage, missing spoiler scores, an all-green challenge without spoiler.
- ``INJECT``: plan text holding rich markup, emoji codes and ANSI escapes.
- ``golden(name, text)``: compare terminal output with ``tests/golden/NAME``;
  ``SAA_UPDATE_GOLDEN=1 python -m pytest tests/test_*.py`` rewrites them.
- ``saa_text(*args, cwd=...)``: run ``python -m saa`` as a real subprocess at a
  fixed width (COLUMNS=100) with colour off (NO_COLOR=1) and today pinned.
"""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from conftest import TODAY, run_saa
from saa.cli import app

_runner = CliRunner()

GOLDEN = Path(__file__).resolve().parent / "golden"
WIDTH = "100"
ENV = {"NO_COLOR": "1", "SAA_TODAY": TODAY, "COLUMNS": WIDTH, "TERM": "dumb"}


def saa_text(*args, cwd=None, width: int | None = None, env: dict | None = None):
    """Run saa as a subprocess with colour off, width 100 (or ``width``) and today pinned."""
    env = {**ENV, **(env or {})}
    if width:
        env["COLUMNS"] = str(width)
    r = run_saa(*args, cwd=cwd, env=env)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def invoke(*args, width: int = 200):
    """Run a command in-process (CliRunner) at a wide fixed width so lines do not wrap."""
    return _runner.invoke(app, [str(a) for a in args], env={"COLUMNS": str(width)})


def golden(name: str, text: str) -> None:
    """Assert ``text`` equals the golden file (rewrite it when SAA_UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    if os.environ.get("SAA_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with SAA_UPDATE_GOLDEN=1 to write it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"terminal output differs from {path} (SAA_UPDATE_GOLDEN=1 rewrites it after a deliberate change)\n"
        f"--- got ---\n{text}")


EDGE = {
    "account.yaml": """\
        account: Edge Case Ltd
        id: edge
        currency: USD
        owner: Ann
        team:
          - name: Ann
          - name: Bob
        settings:
          fx:
            EUR: 1.1
        """,
    "02-network.yaml": """\
        contacts:
          - name: Boss
            title: CEO
            role: decision-maker
            relation: "-"
            our_link: Ann
            link_level: 2
          - name: Finance
            role: decision-maker
            relation: "0"
            reports_to: Boss
          - name: Helper
            role: coach
            relation: "++"
            meeting_frequency: 2/month
            our_link: Bob
            link_level: 1
            reports_to: Finance
          - name: Engineer
            role: key-influencer
            relation: "+"
            meeting_frequency: weekly
            our_link: Bob
            reports_to: Finance
          - name: Nobody
        allies:
          - ally: Helper
            target: Finance
            leverage: Knows the budget
        """,
    "03-needs-kano.yaml": """\
        needs:
          - contact: Engineer
            business_results: [Uptime]
            personal: [Wants recognition]
            actions:
              - do: Invite to the user group
                owner: Bob
                due: 2027-02
          - contact: Boss
            business_results: [Growth]
        kano:
          - care_about: Support
            must_have: [Hotline]
            more_is_better: [Fast answers]
            delight: [Named engineer]
          - care_about: Price
            must_have: [Fixed price]
        """,
    "04-value-opportunities.yaml": """\
        value_opportunities:
          - id: eur-savings
            opportunity: Cheaper parts bought in euros
            owner: Purchasing
            quantification:
              formula: units * price
              inputs:
                units: 100
                price: EUR 1,000
              per: year
              claimed: $110,000
          - id: one-off
            opportunity: One-off saving
            quantification:
              formula: (a - b) * share
              inputs:
                a: 50k
                b: 20k
                share: 100%
              per: once
              claimed: 40k
          - id: quarterly
            opportunity: Quarterly rebate
            quantification:
              formula: rebate
              inputs:
                rebate: 2.5k
              per: quarter
          - id: broken
            opportunity: Division by zero
            quantification:
              formula: x / y
              inputs:
                x: 1
                y: 0
              per: month
          - id: typo
            opportunity: Unknown input name
            quantification:
              formula: unitz * 2
              inputs:
                units: 3
        """,
    "08-opportunities.yaml": """\
        opportunities:
          - id: big
            name: Big deal
            value: 1M
            probability: 50%
            stage: proposal
            decision: 2027-01
          - id: sure
            name: Sure thing
            value: 600k
            probability: 90%
            stage: qualified
            decision: 2027-06
          - id: tie
            name: Same EV earlier decision
            value: 1M
            probability: 0.5
            stage: negotiation
            decision: 2026-12
          - id: mystery
            name: Mystery deal
            value: unknown
            probability: 50%
            stage: qualified
            decision: 2027-02
          - id: euro
            name: Euro deal
            value: EUR 100k
            probability: 50%
            stage: concept
            decision: 2027-Q4
          - id: misfiled
            name: Misfiled potential
            value: 10k
            probability: 10%
            stage: potential
            quadrant: II
          - id: stalled
            name: Stalled deal
            value: 300k
            probability: 20%
            stage: delayed
            decision: 2026-10-31
          - id: someday
            name: Someday maybe
            stage: potential
          - id: won-deal
            name: Won deal
            value: 2M
            probability: 100%
            stage: won
            decision: 2026-06
          - id: lost-deal
            name: Lost deal
            value: unknown
            stage: lost
        """,
    "09-capture-plans.yaml": """\
        capture_plans:
          - opportunity: big
            objective: Win it
            actions:
              - do: Overdue call
                owner: Ann
                due: 2026-11-01
              - do: Done thing
                owner: Bob
                due: 2026-10-01
                status: done
              - do: Dropped thing
                status: dropped
              - do: Undated for Ann
                owner: " ann "
              - Just a sentence
              - do: Future no owner
                due: 2027-Q1
          - opportunity: tie
            objective: Close it
        """,
    "10-challenge.yaml": """\
        challenges:
          - opportunity: big
            reviewed: 2026-11-01
            spoiler: Sam
            categories:
              - name: Fit
                questions:
                  - question: Does it fit?
                    team: {confidence: 5, implications: 5, actions: 4}
                    spoiler: {confidence: 3, implications: 2, actions: 4}
                  - question: Is it urgent?
                    team: {confidence: 4, implications: 4, actions: 4}
              - name: Politics
                questions:
                  - question: Who wins?
                    team: {confidence: 2, implications: 3, actions: 3}
          - opportunity: sure
            categories:
              - name: Everything
                questions:
                  - question: Are we great?
                    team: {confidence: 5, implications: 4, actions: 4}
                  - question: Really?
                    team: {confidence: 4, implications: 5, actions: 4}
        """,
}

# text from a plan that must print literally: markup, emoji codes, escape sequences
EVIL = "[red]Evil[/red] :smile: \\e[31mX"       # as written in a YAML double-quoted string
EVIL_SHOWN = ("[red]Evil[/red]", ":smile:", "\\x1b[31mX")
