"""``saa import crm``: Salesforce and HubSpot exports, bad rows at ROW:COL, dry run, comments kept, round trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import run_saa
from method_helpers import invoke
from saa.crm import parse_amount, parse_date, parse_probability, plan_import, sniff_delimiter
from saa.loader import load_plan
from saa.scalars import ScalarError

DATA = Path(__file__).resolve().parent / "data" / "crm"
SF = DATA / "salesforce.csv"
HS = DATA / "hubspot.csv"
BAD = DATA / "bad.csv"
NAME = "08-opportunities.yaml"


def opps(folder: Path) -> dict:
    return {o.id: o for o in load_plan(folder).opportunities}


# ---- cells ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, amount", [
    ("$7,500,000.00", 7_500_000.0), ("7500000", 7_500_000.0), ("4.500.000,00", 4_500_000.0),
    ("1 250 000", 1_250_000.0), ("1,5", 1.5), ("1250.50", 1250.5), ("USD 4k", 4000.0), ("7.5M", 7_500_000.0),
    ("(5,000)", -5000.0), ("1'250'000", 1_250_000.0), ("unknown", None),
])
def test_amounts_as_crms_write_them(text, amount):
    assert parse_amount(text, "USD", {}) == amount


def test_amount_in_another_currency_uses_the_plans_rate():
    assert parse_amount("1.000.000,00 €", "USD", {"EUR": 1.1}) == pytest.approx(1_100_000.0)
    with pytest.raises(ScalarError, match="settings.fx.EUR"):
        parse_amount("€1,000", "USD", {})


def test_multi_currency_rows(telecom, tmp_path):
    acc = telecom / "account.yaml"
    acc.write_text(acc.read_text() + "settings:\n  fx:\n    EUR: 1.1\n")
    csv = tmp_path / "mc.csv"
    csv.write_text("Opportunity Name,Amount,Opportunity Currency\nADSL 2,\"4,000,000.00\",EUR\n"
                   "Media Gateway,\"200,000.00\",Euro\n", encoding="utf-8")
    res = plan_import(load_plan(telecom), csv, "mc.csv")
    assert [(f.line, f.column, f.message) for f in res.findings] == [
        (3, 3, "not a currency: 'Euro'; write an ISO code such as USD or EUR")]
    csv.write_text("Opportunity Name,Amount,Opportunity Currency\nADSL 2,\"4,000,000.00\",EUR\n", encoding="utf-8")
    res = plan_import(load_plan(telecom), csv, "mc.csv")
    assert res.changes[0].fields["value"] == (4_500_000.0, pytest.approx(4_400_000.0))


@pytest.mark.parametrize("text", ["lots", "1,2,3.4.5", "$", "12abc"])
def test_money_that_is_not_money(text):
    with pytest.raises(ScalarError, match="not an amount of money"):
        parse_amount(text, "USD", {})


def test_probabilities():
    assert parse_probability("90", percent_column=True) == 0.9
    assert parse_probability("1", percent_column=True) == 0.01
    assert parse_probability("0.9", percent_column=False) == 0.9
    assert parse_probability("90%", percent_column=False) == 0.9
    assert parse_probability("90", percent_column=False) == 0.9   # above 1 without %: a percent
    with pytest.raises(ScalarError, match="at most 100%"):
        parse_probability("150", percent_column=True)


def test_dates():
    d = dt.date(2027, 3, 31)
    assert parse_date("2027-03-31") == d
    assert parse_date("3/31/2027") == d
    assert parse_date("2027-03-31 00:00") == d
    assert parse_date("2027-03-31T00:00:00Z") == d
    assert parse_date("2027-Q1") == d
    assert parse_date("31.03.2027", "%d.%m.%Y") == d
    with pytest.raises(ScalarError, match="--date-format"):
        parse_date("31/03/2027")


def test_delimiter_sniffing():
    assert sniff_delimiter('a;b;"c,d"\n1;2;3') == ";"
    assert sniff_delimiter('a,b,"c;d"\n') == ","
    assert sniff_delimiter("a\tb\n") == "\t"
    assert sniff_delimiter("one column\n") == ","


# ---- Salesforce ------------------------------------------------------------------------

def test_salesforce_report_dry_run_lists_the_change_set_in_the_methods_terms(telecom):
    before = (telecom / NAME).read_bytes()
    r = invoke("import", "crm", telecom, SF, "--dry-run")
    assert r.exit_code == 0, r.output
    assert (telecom / NAME).read_bytes() == before
    lines = r.output.splitlines()
    assert lines[0] == f"Would change {telecom / NAME} from {SF} (5 rows):"
    assert lines[1].split() == ["moved", "media-gateway", "quadrant", "III", "(customer", "delay", "or", "cancelling)",
                                "->", "II", "(early-stage", "deals),", "probability", "-", "->", "10%,", "stage",
                                "on-hold", "->", "assessment,", "decision", "-", "->", "2027-12-15", "(row", "4)"]
    assert lines[2].split()[:8] == ["re-valued", "asic-port-driver", "value", "7,000,000", "USD", "->", "7,500,000", "USD,"]
    assert lines[3].split()[:2] == ["new", "optical-transport-line-cards"]
    assert "Unchanged: adsl2" in lines
    assert "Other accounts, left out: Other Customer Inc. (1 row)" in lines
    assert lines[-1] == "1 moved, 1 re-valued, 1 new. Dry run: nothing written."


def test_salesforce_report_applied(telecom):
    text_before = (telecom / NAME).read_text()
    r = invoke("import", "crm", telecom, SF)
    assert r.exit_code == 0, r.output
    o = opps(telecom)
    assert o["asic-port-driver"].value == 7_500_000 and o["asic-port-driver"].probability == 0.9
    assert o["asic-port-driver"].crm_id == "0065e00000AbCdEAA1"
    assert o["asic-port-driver"].decision == dt.date(2027, 3, 31)
    assert o["media-gateway"].stage == "assessment" and o["media-gateway"].decision == dt.date(2027, 12, 15)
    new = o["optical-transport-line-cards"]
    assert (new.name, new.value, new.probability, new.stage, new.crm_id) == \
        ("Optical Transport Line Cards", 1_200_000, 0.2, "assessment", "0065e00000AbCdHAA4")
    assert [(a.do, a.owner) for a in new.actions] == [("Workshop with the optical BU", "Chen Hao")]
    assert "data-center-switches" not in o and len(o) == 7          # another account's deal is left out
    text = (telecom / NAME).read_text()
    # the decision date written as a quarter stays as written: 3/31/2027 is the same day
    assert "    decision: 2027-Q1\n" in text
    # lines the import did not touch are as they were
    changed = {"value: 7M", "probability: 95%", "stage: on-hold"}
    for line in text_before.splitlines():
        if line.strip() not in changed:
            assert line in text.splitlines(), line
    # nothing is left to do the second time
    r2 = invoke("import", "crm", telecom, SF)
    assert r2.exit_code == 0
    assert r2.output.startswith(f"Nothing to change in {telecom / NAME}")
    assert (telecom / NAME).read_text() == text


def test_comments_are_kept(telecom):
    f = telecom / NAME
    text = f.read_text().replace("  - id: adsl2\n", "  # price war with the incumbent\n  - id: adsl2\n")
    text = text.replace("    value: 7M\n", "    value: 7M  # list price\n")
    f.write_text("# pipeline, reviewed weekly\n" + text)
    r = invoke("import", "crm", telecom, SF)
    assert r.exit_code == 0, r.output
    out = f.read_text()
    assert out.startswith("# pipeline, reviewed weekly\n")
    assert "  # price war with the incumbent\n  - id: adsl2\n" in out
    assert "    value: 7.5M  # list price\n" in out


# ---- HubSpot ---------------------------------------------------------------------------

def test_hubspot_export_semicolons_bom_decimal_comma(telecom):
    p = load_plan(telecom)
    res = plan_import(p, HS, "hubspot.csv")
    assert res.findings == []
    assert res.columns == {"crm_id": "Record ID", "name": "Deal Name", "stage": "Deal Stage", "value": "Amount",
                           "decision": "Close Date", "owner": "Deal owner", "account": "Associated Company"}
    by = {c.id: c for c in res.changes}
    assert by["adsl2"].closed and by["adsl2"].fields["stage"] == ("proposal", "won")
    assert by["ip-router"].moved and by["ip-router"].quadrant == ("II", "I")
    assert by["ip-router"].fields["value"] == (None, 2_000_000.0)
    assert by["fiber-access-gateways"].kind == "new"     # "Example Telecom Co" without the dot is this account
    r = invoke("import", "crm", telecom, HS, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["applied"] is True
    assert [(c["label"], c["id"]) for c in data["changes"]] == [
        ("closed", "adsl2"), ("moved", "ip-router"), ("new", "fiber-access-gateways")]
    o = opps(telecom)
    assert o["adsl2"].stage == "won" and o["adsl2"].crm_id == "18342"
    assert o["fiber-access-gateways"].value is None and o["fiber-access-gateways"].value_written  # value: unknown


def test_gone_and_closed_deals_are_listed_never_deleted(telecom, tmp_path):
    invoke("import", "crm", telecom, SF)
    csv = tmp_path / "later.csv"
    csv.write_text("Opportunity ID,Opportunity Name,Stage,Amount\n"
                   "0065e00000AbCdEAA1,ASIC Port Driver,Closed Lost,\"$7,500,000\"\n"
                   "0065e00000ZZZZZAA9,Old Deal,Closed Won,\"$1,000\"\n", encoding="utf-8")
    r = invoke("import", "crm", telecom, csv)
    assert r.exit_code == 0, r.output
    assert "  closed     asic-port-driver  quadrant I (deals in progress) -> closed, stage negotiation -> lost  (row 2)" \
        in r.output
    assert "Closed in the CRM and not in the plan, not added: Old Deal (won, row 3)" in r.output
    assert ("Not in the file (kept in the plan; closed or deleted in the CRM, or filtered out of the report): "
            "adsl2 (0065e00000AbCdFAA2), media-gateway (0065e00000AbCdGAA3), "
            "optical-transport-line-cards (0065e00000AbCdHAA4)") in r.output
    assert len(opps(telecom)) == 7


# ---- bad rows --------------------------------------------------------------------------

def test_bad_rows_are_findings_at_row_and_column_and_nothing_is_applied(telecom):
    before = (telecom / NAME).read_bytes()
    r = invoke("import", "crm", telecom, BAD)
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        f"{BAD}:3:3: error: not an amount of money: 'lots'; write 1250000, $1,250,000.00 or 1.25M [crm-import]",
        f"{BAD}:4:2: error: unknown stage 'Waiting for Godot': map it to one of the method's stages with "
        "--stage \"Waiting for Godot=STAGE\" (stages: potential, concept, assessment, qualified, proposal, "
        "negotiation, on-hold, delayed, cancelling, won, lost) [crm-import]",
        f"{BAD}:5:5: error: not a date: '31/11/2028'; write 2027-03-31 or 3/31/2027, or give --date-format "
        "(e.g. %d.%m.%Y) [crm-import]",
        f"3 errors in {BAD}: nothing imported, {telecom / NAME} is untouched",
    ]
    assert (telecom / NAME).read_bytes() == before          # row 2 is fine, yet nothing of the file is applied


def test_stage_option_and_date_format_fix_the_bad_rows(telecom, tmp_path):
    csv = tmp_path / "eu.csv"
    csv.write_text("Opportunity Name;Stage;Amount;Close Date\nMedia Gateway;Waiting for Godot;250000;15.12.2027\n",
                   encoding="utf-8")
    r = invoke("import", "crm", telecom, csv, "--stage", "Waiting for Godot=delayed", "--date-format", "%d.%m.%Y")
    assert r.exit_code == 0, r.output
    o = opps(telecom)["media-gateway"]
    assert (o.stage, o.value, o.decision) == ("delayed", 250_000, dt.date(2027, 12, 15))


def test_map_option_reads_another_layout(telecom, tmp_path):
    csv = tmp_path / "other.csv"
    csv.write_text("Deal,Est. Revenue,Phase\nADSL 2,\"4,900,000\",Negotiation/Review\n", encoding="utf-8")
    r = invoke("import", "crm", telecom, csv)
    assert r.exit_code == 1 and "no column names the opportunities" in r.output
    r = invoke("import", "crm", telecom, csv, "--map", "Deal=name", "--map", "Est. Revenue=value", "--map", "Phase=stage")
    assert r.exit_code == 0, r.output
    o = opps(telecom)["adsl2"]
    assert (o.value, o.stage) == (4_900_000, "negotiation")
    r = invoke("import", "crm", telecom, csv, "--map", "Deal=nom")
    assert r.exit_code == 2 and "unknown key 'nom'" in r.output


@pytest.mark.parametrize("raw, where, message", [
    (b"\x00\x01\x02binary", "1:1", "binary data"),
    (b"Opportunity Name,Amount\nCaf\xe9,1\n", "2:4", "not UTF-8"),
    (b"\xff\xfeO\x00", "1:1", "UTF-16"),
    (b"", "1:1", "no header row"),
    (b'Opportunity Name,Amount\n"unterminated,1\n', None, None),
    (b"Opportunity Name,Amount\nADSL 2,1,2,3\n", "2:3", "the header names 2 columns"),
    (b"Opportunity Name,Stage\nADSL 2,Proposal/Price Quote\nADSL 2,Closed Won\n", "3:1", "both opportunity 'adsl2'"),
])
def test_any_csv_ends_in_a_finding_or_a_change_never_a_traceback(telecom, tmp_path, raw, where, message):
    csv = tmp_path / "x.csv"
    csv.write_bytes(raw)
    r = run_saa("import", "crm", telecom, csv, "--dry-run")
    assert "Traceback" not in r.stderr
    if where is None:
        assert r.returncode in (0, 1)
        return
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout.startswith(f"{csv}:{where}: error: ")
    assert message in r.stdout


def test_huge_file_is_refused(telecom, tmp_path, monkeypatch):
    import saa.crm

    monkeypatch.setattr(saa.crm, "MAX_CSV_BYTES", 100)
    csv = tmp_path / "big.csv"
    csv.write_text("Opportunity Name,Amount\n" + "x,1\n" * 100)
    res = plan_import(load_plan(telecom), csv, "big.csv")
    assert [(f.line, f.column) for f in res.findings] == [(1, 1)]
    assert "more than the" in res.findings[0].message


def test_bad_paths_exit_2(telecom, tmp_path):
    assert invoke("import", "crm", telecom, tmp_path / "missing.csv").exit_code == 2
    assert invoke("import", "crm", telecom, tmp_path).exit_code == 2
    assert invoke("import", "salesforce", telecom, SF).exit_code == 2
    assert invoke("import", "crm", tmp_path / "nope", SF).exit_code == 2


def test_plan_file_with_errors_is_not_touched(telecom):
    f = telecom / NAME
    f.write_text(f.read_text().replace("stage: proposal", "stage: proposl"))
    before = f.read_bytes()
    r = run_saa("import", "crm", telecom, SF)
    assert r.returncode == 1
    assert "08-opportunities.yaml has errors" in r.stderr
    assert f.read_bytes() == before


def test_missing_plan_file_is_created(telecom):
    (telecom / NAME).unlink()
    r = invoke("import", "crm", telecom, SF)
    assert r.exit_code == 0, r.output
    assert sorted(opps(telecom)) == ["adsl-2", "asic-port-driver", "media-gateway", "optical-transport-line-cards"]


# ---- the round trip ------------------------------------------------------------------

def test_round_trip_export_edit_one_cell_import(telecom, tmp_path):
    f = telecom / NAME
    f.write_text("# the pipeline\n" + f.read_text().replace("    value: 4.5M\n", "    value: 4.5M  # after discount\n"))
    before = f.read_text()
    csv = tmp_path / "opps.csv"
    r = invoke("export", telecom, "--what", "opportunities", "-o", csv)
    assert r.exit_code == 0, r.output
    # a manager edits one cell in a spreadsheet: ADSL 2's value
    text = csv.read_text(encoding="utf-8-sig")
    assert "adsl2,,ADSL 2,proposal,I,4500000,95," in text
    csv.write_text(text.replace("adsl2,,ADSL 2,proposal,I,4500000,95,", "adsl2,,ADSL 2,proposal,I,4800000,95,"),
                   encoding="utf-8-sig")
    # unchanged, the file imports as no change at all
    r = invoke("import", "crm", telecom, csv, "--dry-run")
    assert r.exit_code == 0, r.output
    assert "  re-valued  adsl2  value 4,500,000 USD -> 4,800,000 USD  (row 3)" in r.output.splitlines()
    r = invoke("import", "crm", telecom, csv)
    assert r.exit_code == 0, r.output
    after = f.read_text()
    assert after == before.replace("    value: 4.5M  # after discount\n", "    value: 4.8M  # after discount\n")


def test_round_trip_of_an_unedited_export_changes_nothing(telecom, tmp_path):
    csv = tmp_path / "opps.csv"
    assert invoke("export", telecom, "--what", "opportunities", "-o", csv).exit_code == 0
    before = (telecom / NAME).read_bytes()
    r = invoke("import", "crm", telecom, csv)
    assert r.exit_code == 0
    assert r.output.startswith("Nothing to change")
    assert (telecom / NAME).read_bytes() == before


def test_subprocess_dry_run_json(telecom):
    r = run_saa("import", "crm", telecom, SF, "--dry-run", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["applied"] is False and d["rows"] == 5
    moved = next(c for c in d["changes"] if c["id"] == "media-gateway")
    assert moved["quadrant"] == {"before": "III", "after": "II"} and moved["label"] == "moved"
    assert moved["fields"]["decision"] == {"before": None, "after": "2027-12-15"}
    assert d["other_accounts"] == {"Other Customer Inc.": 1}


@pytest.mark.parametrize("where", ["half", "rename"])
def test_import_killed_mid_write_leaves_the_old_file(telecom, where):
    from test_atomic_writes import assert_leftover_is_hidden, kill_mid_write, snapshot

    before = snapshot(telecom)
    tmp = kill_mid_write(["import", "crm", telecom, SF], where)
    assert snapshot(telecom) == before
    assert_leftover_is_hidden(telecom, tmp)


# ---- no CSV ends in a traceback ------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_PLAN = None


def _telecom_plan():
    global _PLAN
    if _PLAN is None:
        from conftest import TELECOM

        _PLAN = load_plan(TELECOM)
    return _PLAN


_CELL = st.one_of(st.text(max_size=12), st.sampled_from(["$1,000", "90", "3/31/2027", "Closed Won", "=1+1", '"', ";",
                                                          "2027-13-45", "1e400", "nan", "-", "(", "€", "\u00a0"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(st.binary(max_size=300),
                     st.lists(st.lists(_CELL, max_size=6), max_size=6).map(
                         lambda rows: "\n".join([",".join(["Opportunity Name", "Stage", "Amount", "Probability (%)",
                                                           "Close Date", "Opportunity ID"])]
                                                + [",".join(r) for r in rows]).encode("utf-8"))))
def test_any_bytes_give_findings_or_a_change_set(tmp_path_factory, raw):
    csv = tmp_path_factory.mktemp("fuzz") / "f.csv"
    csv.write_bytes(raw)
    res = plan_import(_telecom_plan(), csv, "f.csv")
    for f in res.findings:
        assert f.path == "f.csv" and f.line >= 1 and f.column >= 1 and f.rule == "crm-import"
    if not res.errors:
        from saa.crm import render

        render(_telecom_plan(), res)       # the change set can always be written
