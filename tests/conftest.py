"""Shared test helpers: a pinned today, the shipped plans, writing plans in tmp folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TELECOM = ROOT / "plans" / "telecom"
TODAY = "2026-11-27"

os.environ["SAA_TODAY"] = TODAY
os.environ["NO_COLOR"] = "1"
os.environ.pop("GITHUB_ACTIONS", None)
os.environ.pop("FORCE_COLOR", None)
os.environ["SAA_CACHE_DIR"] = "off"  # no cache of parsed files (tests/test_benchmarks.py turns it on where tested)


@pytest.fixture
def telecom(tmp_path) -> Path:
    """A private copy of the worked example."""
    dst = tmp_path / "telecom"
    shutil.copytree(TELECOM, dst)
    return dst


def write_plan(folder: Path, files: dict) -> Path:
    """Write ``{name: yaml text}`` into ``folder`` (dedented); add a minimal account.yaml if absent."""
    folder.mkdir(parents=True, exist_ok=True)
    files = dict(files)
    files.setdefault("account.yaml", "account: Test Co\nowner: Ann\nteam:\n  - name: Ann\n")
    for name, text in files.items():
        data = text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def plan_dir(tmp_path):
    def make(files: dict, name: str = "p") -> Path:
        return write_plan(tmp_path / name, files)
    return make


def run_saa(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    """Run saa as a real subprocess (python -m saa)."""
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "saa", *map(str, args)], cwd=cwd, env=e,
                          capture_output=True, text=True, timeout=120)
