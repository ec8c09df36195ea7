"""The views' ``saa: note: N errors`` count is kept in the parse cache and used again only for the same inputs."""

from __future__ import annotations

import shutil

import pytest

from conftest import TELECOM
from saa import check, config, yamlio
from saa.loader import load_plan


@pytest.fixture
def cached(tmp_path, monkeypatch):
    monkeypatch.setenv("SAA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SAA_TODAY", "2026-11-27")
    assert yamlio.enable_cache()
    config.use(None)
    yield tmp_path / "cache" / "parsed-v2"
    yamlio.enable_cache(False)
    config.use(None)


def _errors(folder) -> int:
    return sum(1 for f in check.check_plan(load_plan(folder), check.CheckOptions()) if f.severity == "error")


def test_the_kept_count_is_used_only_for_the_same_inputs(cached, tmp_path, monkeypatch):
    plan = tmp_path / "telecom"
    shutil.copytree(TELECOM, plan)
    opp = plan / "08-opportunities.yaml"
    opp.write_text(opp.read_text().replace("stage: negotiation", "stage: bogus", 1))
    assert check.error_count(load_plan(plan)) == _errors(plan) == 1
    assert len(list(cached.glob("n-*.marshal"))) == 1

    real = check._error_count
    calls = []
    monkeypatch.setattr(check, "_error_count", lambda p, o: calls.append(p) or real(p, o))
    assert check.error_count(load_plan(plan)) == 1 and calls == []          # kept: not checked again

    opp.write_text(opp.read_text().replace("stage: proposal", "stage: bogus2", 1))   # a file changed
    assert check.error_count(load_plan(plan)) == _errors(plan) == 2 and len(calls) == 1
    (plan / "saa.yaml").write_text("gates:\n  max_age: 1\n")                     # saa.yaml came (repository root)
    (plan / ".git").mkdir()
    config.use(None)
    assert check.error_count(load_plan(plan)) == _errors(plan) == 3 and len(calls) == 2
    monkeypatch.setenv("SAA_TODAY", "2031-01-01")                               # another day
    assert check.error_count(load_plan(plan)) == _errors(plan) and len(calls) == 3
    check.error_count(load_plan(plan))
    assert len(calls) == 3


def test_without_the_cache_it_is_counted_each_time(tmp_path, monkeypatch):
    monkeypatch.setenv("SAA_TODAY", "2026-11-27")
    yamlio.enable_cache(False)
    calls = []
    real = check._error_count
    monkeypatch.setattr(check, "_error_count", lambda p, o: calls.append(p) or real(p, o))
    assert check.error_count(load_plan(TELECOM)) == 0
    assert check.error_count(load_plan(TELECOM)) == 0 and len(calls) == 2


def test_a_damaged_or_foreign_entry_is_counted_again(cached, tmp_path):
    plan = tmp_path / "telecom"
    shutil.copytree(TELECOM, plan)
    assert check.error_count(load_plan(plan)) == 0
    (entry,) = cached.glob("n-*.marshal")
    import marshal

    entry.write_bytes(marshal.dumps((yamlio._CACHE_FORMAT, b"other inputs", 7)))
    assert check.error_count(load_plan(plan)) == 0
    entry.write_bytes(b"\x00garbage")
    assert check.error_count(load_plan(plan)) == 0
    inputs = check._count_inputs(load_plan(plan))
    entry.write_bytes(marshal.dumps((yamlio._CACHE_FORMAT, inputs, -3)))    # not a count
    assert check.error_count(load_plan(plan)) == 0
