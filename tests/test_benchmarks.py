"""The benchmark portfolios are realistic and valid; the fast paths give exactly the slow paths' results.

Timings are never asserted here (benchmarks/run.py measures them); what is tested
is what the speed work must not change: the same findings at the same lines
whichever path ran, and a start-up that does not import what it does not need.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TELECOM, run_saa

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from saa.check import CheckOptions, check_folders, check_plans  # noqa: E402
from saa.loader import find_plans, load_plans  # noqa: E402


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "plans"
    generate.generate(out, 3, seed=7)
    return out


# ---- the generator -----------------------------------------------------------

def test_generated_plans_pass_check_without_errors(portfolio):
    r = run_saa("check", portfolio, "--format", "json")
    assert r.returncode == 0, r.stdout + r.stderr
    data = json.loads(r.stdout)
    assert data["plans"] == 3
    assert data["errors"] == 0, [f for f in data["findings"] if f["severity"] == "error"]


def test_generated_plans_are_about_60_kb_over_the_11_files(portfolio):
    plans = sorted(p for p in portfolio.iterdir() if p.is_dir())
    assert len(plans) == 3
    for plan in plans:
        files = sorted(f.name for f in plan.iterdir())
        assert len(files) == 11 and "account.yaml" in files and "10-challenge.yaml" in files
        size = sum(f.stat().st_size for f in plan.iterdir())
        assert 45_000 <= size <= 80_000, (plan.name, size)


def test_generated_plans_have_the_realistic_shape(portfolio):
    for plan in load_plans([str(portfolio)]):
        assert 20 <= len(plan.contacts) <= 30
        assert 15 <= len(plan.opportunities) <= 20
        assert 6 <= len(plan.value_opportunities) <= 10
        active = [o.id for o in plan.opportunities if o.stage in ("qualified", "proposal", "negotiation")]
        assert sorted(cp.opportunity for cp in plan.capture_plans) == sorted(active)
        assert sorted(ch.opportunity for ch in plan.challenges) == sorted(active)


def test_generated_text_uses_every_scalar_form_and_comments(portfolio):
    text = "\n".join(f.read_text(encoding="utf-8") for f in sorted(portfolio.glob("*/*.yaml")))
    for form in ("M\n", "k\n", '"$', "USD ", "%\n", "probability: 0.", "-Q", "unknown", '"+"', '"0"', "/year",
                 "/month", "{do: ", "  - do: ", "status: ", "# ", "[", ": >-"):
        assert form in text, form


def test_generator_is_seeded_and_plan_i_does_not_depend_on_the_count(tmp_path):
    a = generate.generate(tmp_path / "a", 2, seed=3)
    b = generate.generate(tmp_path / "b", 3, seed=3)
    c = generate.generate(tmp_path / "c", 1, seed=4)
    for x, y in zip(a, b):
        assert x.name == y.name
        for f in x.iterdir():
            assert f.read_bytes() == (y / f.name).read_bytes()
    assert c[0].name != a[0].name or (c[0] / "02-network.yaml").read_bytes() != (a[0] / "02-network.yaml").read_bytes()


def test_generate_command_line(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(tmp_path / "p"),
                        "--plans", "1", "--seed", "2"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("wrote 1 plans in")
    assert len(list((tmp_path / "p").glob("*/account.yaml"))) == 1


# ---- parallel and serial checking give the same result ------------------------

def _break(plan: Path) -> None:
    """Errors and warnings of many kinds, in one plan."""
    net = plan / "02-network.yaml"
    net.write_text(net.read_text(encoding="utf-8").replace("role: user", "role: usr", 1)
                   .replace("meeting_frequency: ", "meeting_frequency: often ", 1), encoding="utf-8")
    opp = plan / "08-opportunities.yaml"
    opp.write_text(opp.read_text(encoding="utf-8").replace("    stage:", "    stag:", 1), encoding="utf-8")
    cp = plan / "09-capture-plans.yaml"
    cp.write_text(cp.read_text(encoding="utf-8").replace("  - opportunity: ", "  - opportunity: x", 1), encoding="utf-8")
    (plan / "07-goals-strategy.yaml").write_text("goals: [\n", encoding="utf-8")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> list:
    out = tmp_path_factory.mktemp("mixed") / "plans"
    folders = generate.generate(out, 8, seed=11)
    for f in folders[::3]:
        _break(f)
    return find_plans([str(out)])


def test_parallel_and_serial_check_give_identical_findings(mixed):
    opts = CheckOptions(max_age=30, min_completeness=95)
    serial = check_folders(mixed, opts, jobs=1)
    parallel = check_folders(mixed, opts, jobs=2, parallel_min=0)
    loaded = check_plans(load_plans([str(f) for f in mixed]), CheckOptions(max_age=30, min_completeness=95,
                                                                         today=serial_today()))
    assert serial.errors > 5 and serial.warnings > 5
    assert parallel.findings == serial.findings          # same findings, same lines, same order
    assert parallel.as_dict() == serial.as_dict() == loaded.as_dict()
    assert parallel.plans == serial.plans == len(mixed)


def serial_today():
    from saa.clock import today

    return today()


def test_cli_output_is_the_same_with_one_or_two_processes(tmp_path):
    folders = generate.generate(tmp_path / "plans", 26, seed=5)   # above PARALLEL_MIN
    _break(folders[4])
    one = run_saa("check", tmp_path / "plans", "--format", "json", env={"SAA_JOBS": "1"})
    two = run_saa("check", tmp_path / "plans", "--format", "json", env={"SAA_JOBS": "2"})
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert json.loads(one.stdout)["plans"] == 26


# ---- start-up: nothing imported that the command does not need ----------------

def _imported(*args: str) -> set:
    env = dict(os.environ)
    r = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True, env=env,
                       cwd=ROOT, timeout=120)
    return {line.split("|")[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}


def test_version_imports_nothing_beyond_typer_and_the_cli():
    base = _imported("-c", "import typer")
    extra = _imported("-m", "saa", "--version") - base
    heavy = {m for m in extra if m.split(".")[0] in ("rich", "pydantic", "pydantic_core", "ruamel", "_ruamel_yaml_clibz",
                                                     "jsonschema", "asyncio")}
    core = {m for m in extra if m.startswith("saa.") and not m.startswith("saa.cli")
            and m not in ("saa.__main__", "saa.vocab", "saa.records")}   # records: how vocab's classes are made
    assert not heavy and not core, (heavy, core)


def test_commands_do_not_import_pydantic():
    if "pydantic" in _imported("-c", "import typer"):
        pytest.skip("this typer imports pydantic itself")
    for args in (["check", str(TELECOM)], ["challenge", str(TELECOM)], ["check", str(TELECOM), "--max-age", "400"]):
        assert "pydantic" not in _imported("-m", "saa", *args), args


# ---- option values: the shortcut converts exactly as typer's own way -----------

@pytest.mark.parametrize("annotation,kw,values", [
    (str, {}, ["plans/x", "", " a ", "ünï"]),
    (int, {"min": 0}, ["0", "12", "+5", " 7 ", "007", "-3", "1_000", "12.0", "1e3", "x", 5, -1, 10 ** 20]),
    (float, {"min": 0, "max": 100}, ["0", "95", "95.5", ".5", "1e2", "1e3", "-1", "inf", "nan", "x", 3, 2.5]),
    (float, {}, ["3", "-2.5", "1e308", "1e999", "abc"]),
    (bool, {}, [True, False]),
    (list, {}, [["a", "b"], ("c",), []]),
])
def test_plain_params_convert_like_typer(annotation, kw, values):
    from typing import List

    import typer
    from typer.models import OptionInfo

    import saa.cli  # noqa: F401 - installs the shortcut
    from saa.cli import fastparams

    if fastparams.typer_build_runtime_param is None:
        pytest.skip("this typer is coerced its own way")
    _coercion = pytest.importorskip("typer._coercion", reason="this typer has no typer._coercion to compare with (typer 0.26 has not)")
    ann = List[str] if annotation is list else annotation
    desc = _coercion.resolve_type_descriptor(ann, OptionInfo(**kw))
    from typer import core

    ours = core.build_runtime_param(desc)
    theirs = fastparams.typer_build_runtime_param(desc)
    assert type(ours).__name__ == "PlainParam"

    def outcome(rt, v):
        try:
            return ("ok", rt._coerce_value(v, param=None, ctx=None))
        except typer.BadParameter as e:
            return ("error", str(e))
        except Exception as e:  # noqa: BLE001 - compare whatever happens
            return ("raised", type(e).__name__, str(e))

    for v in values:
        a, b = outcome(ours, v), outcome(theirs, v)
        assert repr(a) == repr(b), (v, a, b)
        if a[0] == "ok":
            assert type(a[1]) is type(b[1]), v


def test_one_command_app_reads_and_runs_like_the_full_app():
    from typer.testing import CliRunner

    from saa import cli

    runner = CliRunner()
    names = [c.name or c.callback.__name__.replace("_", "-") for c in cli.app.registered_commands]
    assert "check" in names and "challenge" in names
    for name in names:
        one = cli.only(name)
        assert one is not None and len(one.registered_commands) == 1, name
        a = runner.invoke(cli.app, [name, "--help"], env={"COLUMNS": "100"})
        b = runner.invoke(one, [name, "--help"], env={"COLUMNS": "100"})
        assert (a.exit_code, a.output) == (b.exit_code, b.output), name
    assert cli.only("chalenge") is None and cli.only("--help") is None
    for args in (["check", str(TELECOM), "--format", "json"], ["challenge", str(TELECOM), "--json"],
                 ["check", str(TELECOM), "--max-age", "-1"]):
        a = runner.invoke(cli.app, args)
        b = runner.invoke(cli.only(args[0]), args)
        assert (a.exit_code, a.output) == (b.exit_code, b.output), args


# ---- the cache of parsed files ----------------------------------------------

@pytest.fixture
def cache(tmp_path, monkeypatch):
    from saa import yamlio

    monkeypatch.setenv("SAA_CACHE_DIR", str(tmp_path / "cache"))
    assert yamlio.enable_cache()
    yield tmp_path / "cache"
    yamlio.enable_cache(False)


def _docs(folder):
    from saa.loader import load_plan

    plan = load_plan(folder)
    return plan, {n: (repr(d.data), d.pos, d.kpos, d.findings, d.text) for n, d in plan.docs.items()}


def test_cached_files_read_back_exactly(cache, portfolio, tmp_path, monkeypatch):
    from saa import yamlio
    from saa.check import check_plan

    folder = sorted(p for p in portfolio.iterdir() if p.is_dir())[0]
    yamlio.enable_cache(False)
    plain, want = _docs(folder)
    yamlio.enable_cache()
    _, first = _docs(folder)                       # parsed, then stored
    assert len(list(cache.rglob("*.marshal"))) == 11

    def no_parsing(*a, **k):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(yamlio, "parse_text", no_parsing)
    cached, second = _docs(folder)                 # read back from the cache only
    assert first == second == want
    opts = CheckOptions(today=serial_today(), max_age=10)
    assert check_plan(cached, opts) == check_plan(plain, opts)


def test_cache_never_serves_stale_or_broken_files(cache, tmp_path):
    from saa import yamlio

    p = tmp_path / "a.yaml"
    p.write_text("a: 1\n", encoding="utf-8")
    assert yamlio.load_file(p).data == {"a": 1}
    p.write_text("a: 2\n", encoding="utf-8")      # same path, new content
    assert yamlio.load_file(p).data == {"a": 2}
    p.write_text("a: [1\n", encoding="utf-8")     # findings: parsed every time, never stored
    assert yamlio.load_file(p).findings and yamlio.load_file(p).data is None
    for entry in cache.rglob("*.marshal"):
        entry.write_bytes(b"garbage")             # a damaged entry is ignored
    p.write_text("a: 3\n", encoding="utf-8")
    assert yamlio.load_file(p).data == {"a": 3}


def test_cli_output_is_the_same_with_and_without_the_cache(tmp_path):
    env = {"SAA_CACHE_DIR": str(tmp_path / "cache")}
    for args in (["challenge", TELECOM], ["status", TELECOM, "--json"], ["value", TELECOM, "--json"]):
        off = run_saa(*args)
        cold = run_saa(*args, env=env)
        warm = run_saa(*args, env=env)
        assert (off.returncode, off.stdout, off.stderr) == (cold.returncode, cold.stdout, cold.stderr) \
            == (warm.returncode, warm.stdout, warm.stderr), args
    entries = list((tmp_path / "cache").rglob("*.marshal"))
    assert len([e for e in entries if not e.name.startswith("n-")]) == len(list(TELECOM.glob("*.yaml")))
    assert len([e for e in entries if e.name.startswith("n-")]) == 1   # the plan's error count (saa.check.error_count)
    run_saa("check", TELECOM, env={"SAA_CACHE_DIR": str(tmp_path / "c2")})
    assert not list((tmp_path / "c2").rglob("*.marshal"))  # `saa check` (CI) never writes the cache


# ---- the YAML reader's shortcuts --------------------------------------------

def test_parsing_in_threads_gives_the_same_documents(portfolio):
    import threading

    from saa.yamlio import parse_text

    texts = [f.read_text(encoding="utf-8") for f in sorted(portfolio.glob("*/*.yaml"))]
    want = [(repr(d.data), d.pos, d.kpos) for d in (parse_text(t, "f") for t in texts)]
    bad = []

    def work():
        for t, w in zip(texts, want):
            d = parse_text(t, "f")
            if (repr(d.data), d.pos, d.kpos) != w:
                bad.append(t[:40])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not bad


def test_ruamel_yaml_works_as_usual_after_saa_read_a_file():
    code = ("import sys, io\n"
            "from saa.yamlio import parse_text\n"
            "assert parse_text('a: [1, 2]', 'f').data == {'a': [1, 2]}\n"
            "import ruamel.yaml\n"
            "from ruamel.yaml import YAML\n"
            "y = YAML(); d = y.load('a: 1  # kept\\nb: [x, y]\\n'); out = io.StringIO(); y.dump(d, out)\n"
            "assert out.getvalue() == 'a: 1  # kept\\nb: [x, y]\\n', out.getvalue()\n"
            "assert YAML(typ='safe').load('c: 3') == {'c': 3}\n"
            "assert ruamel.yaml.__version__ and ruamel.yaml.error.YAMLError\n"
            "print('ok')\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.stdout.strip() == "ok", r.stderr
