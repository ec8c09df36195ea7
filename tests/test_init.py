"""``saa init DIR``: a new plans repository that works as written, with the real pre-commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT, run_saa
from saa import repo_init
from saa.fileformat import FILES
from saa.repo_init import HOOKS, InitError, Source, init_repo, source_from

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd, *args) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def test_init_writes_a_repository_that_checks_clean(tmp_path):
    r = run_saa("init", tmp_path / "acme", "--account", "Acme Corp", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    root = tmp_path / "acme"
    assert sorted(p.name for p in (root / "plans" / "acme-corp").glob("*.yaml")) == sorted(FILES)
    for name in ("README.md", ".pre-commit-config.yaml", ".github/workflows/plans.yml"):
        assert (root / name).is_file(), name
    assert "plans/acme-corp/  the first plan: 11 files to fill in" in r.stdout
    assert run_saa("check", root / "plans").stdout == "no problems in 1 plan\n"
    assert run_saa("fmt", "--check", root / "plans").returncode == 0
    # the comments name the plan as the team sees it, from the repository's top
    assert "saa check plans/acme-corp" in (root / "plans/acme-corp/account.yaml").read_text()
    # the workflow and the hooks are YAML GitHub and pre-commit read
    flow = YAML(typ="safe").load((root / ".github/workflows/plans.yml").read_text())
    runs = [s.get("run", "") for s in flow["jobs"]["plans"]["steps"]]
    assert "saa check --format github plans/" in runs


def test_init_refuses_to_overwrite_without_force(tmp_path):
    init_repo(str(tmp_path), "Acme")
    readme = tmp_path / "README.md"
    readme.write_text("ours\n")
    r = run_saa("init", tmp_path, "--account", "Acme")
    assert r.returncode == 2
    assert r.stderr.startswith(f"saa: error: {tmp_path} already has README.md, .pre-commit-config.yaml, "
                               ".github/workflows/plans.yml, saa.yaml and 11 more; use --force")
    assert readme.read_text() == "ours\n"
    # one existing file is enough to refuse, and nothing is written then
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / ".pre-commit-config.yaml").write_text("repos: []\n")
    assert run_saa("init", tmp_path / "other").returncode == 2
    assert not (tmp_path / "other" / "plans").exists()
    assert run_saa("init", tmp_path, "--account", "Acme", "--force").returncode == 0
    assert readme.read_text() != "ours\n"


def test_init_rejects_a_file_and_odd_sources(tmp_path):
    (tmp_path / "f").write_text("")
    r = run_saa("init", tmp_path / "f")
    assert (r.returncode, r.stderr) == (2, f"saa: error: {tmp_path / 'f'} is a file, not a folder; "
                                           "name a folder for the new repository\n")
    with pytest.raises(InitError):
        source_from("https://x.example/saa\n - repo: evil", None)
    with pytest.raises(InitError):
        source_from("https://x.example/saa", "--upload-pack=evil")
    with pytest.raises(InitError):
        source_from(None, "v1")


@pytest.mark.parametrize("source", [None, Source("https://git.example/saa", "v0.1.0")], ids=["local", "git"])
def test_what_init_writes_is_valid_for_pre_commit_and_github(tmp_path, source):
    init_repo(str(tmp_path), "Acme", source)
    r = subprocess.run([*_pre_commit(), "validate-config", ".pre-commit-config.yaml"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    exe = shutil.which("check-jsonschema") or shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("check-jsonschema is not installed (pip install check-jsonschema)")
    r = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", ".github/workflows/plans.yml"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def test_local_hooks_match_the_shipped_hooks():
    shipped = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    text = repo_init._hooks_yaml(None)
    local = YAML(typ="safe").load(text)["repos"][0]["hooks"]
    assert [h["id"] for h in local] == ["saa-fmt", "saa-check"] == [h["id"] for h in HOOKS]
    by_id = {h["id"]: h for h in shipped}
    for h in local:
        s = by_id[h["id"]]
        assert (h["entry"], h["files"], h["require_serial"]) == (s["entry"], s["files"], s["require_serial"])
        assert (h["language"], s["language"]) == ("system", "python")


def test_source_from_a_git_install(monkeypatch):
    sha = "0123456789abcdef0123456789abcdef01234567"

    class Dist:
        def read_text(self, name):
            assert name == "direct_url.json"
            return json.dumps({"url": "https://git.example/saa", "vcs_info": {
                "vcs": "git", "requested_revision": "v0.1.0", "commit_id": sha}})

    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Dist())
    src = source_from(None, None)
    assert src == Source("https://git.example/saa", sha, "frozen: v0.1.0")
    assert src.pip_requirement == f"saa-plans @ git+https://git.example/saa@{sha}"
    assert f"    rev: {sha}  # frozen: v0.1.0\n" in repo_init._hooks_yaml(src)
    assert (f'        run: python -m pip install "saa-plans @ git+https://git.example/saa@{sha}"  # frozen: v0.1.0\n'
            in repo_init._workflow(src))


# ---- the real pre-commit on what init wrote --------------------------------------------------

def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (it is in the test extra: pip install -e '.[test]')")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return [sys.executable, "-m", "pre_commit"]


def run_pre_commit(repo: Path, home: Path, path_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("SAA_CACHE_DIR", None)
    if path_dir is not None:
        env["PATH"] = str(path_dir) + os.pathsep + env.get("PATH", "")
    return subprocess.run([*_pre_commit(), "run", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)


def break_plan(plan: Path) -> None:
    account = plan / "account.yaml"
    account.write_text(account.read_text().replace("\ncurrency: USD", "\ncurrency: dollars", 1))


def snapshot_of_this_checkout(dst: Path) -> str:
    """This checkout as it is now (uncommitted changes too) in a git repository; its commit."""
    files = git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file() and not name.startswith(".venv/"):
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    git(dst, "init", "-q")
    git(dst, "add", "-A")
    git(dst, "commit", "-q", "-m", "snapshot")
    return git(dst, "rev-parse", "HEAD")


def test_pre_commit_with_saas_hooks_from_this_checkout(tmp_path):
    """What a team gets: pre-commit installs saa from its git repository at a commit and runs the hooks."""
    _pre_commit()
    src = tmp_path / "saa-src"
    src.mkdir()
    sha = snapshot_of_this_checkout(src)
    repo = tmp_path / "plans-repo"
    r = run_saa("init", repo, "--account", "Acme Corp", "--source", src, "--rev", sha)
    assert r.returncode == 0, r.stderr
    config = (repo / ".pre-commit-config.yaml").read_text()
    assert f"  - repo: file://localhost{src.as_posix()}\n    rev: {sha}\n" in config
    assert (f'python -m pip install "saa-plans @ git+file://localhost{src.as_posix()}@{sha}" pre-commit\n'
            in (repo / "README.md").read_text())
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    ok = run_pre_commit(repo, tmp_path / "pre-commit-home")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "saa check (plans)...." in ok.stdout and "Passed" in ok.stdout
    break_plan(repo / "plans" / "acme-corp")
    bad = run_pre_commit(repo, tmp_path / "pre-commit-home")
    assert bad.returncode == 1
    assert ("plans/acme-corp/account.yaml:43:11: error: not a currency: 'dollars'; "
            "write an ISO code such as USD, EUR or GBP [currency]") in bad.stdout


def test_pre_commit_with_local_hooks(tmp_path):
    """Without a git source, the hooks run the saa on PATH: the one the tests run."""
    _pre_commit()
    bin_dir = Path(sys.executable).parent
    if shutil.which("saa", path=str(bin_dir)) is None:
        pytest.skip(f"no saa command next to {sys.executable}")
    repo = tmp_path / "plans-repo"
    init_repo(str(repo), "Acme Corp")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    ok = run_pre_commit(repo, tmp_path / "home", bin_dir)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    break_plan(repo / "plans" / "acme-corp")
    bad = run_pre_commit(repo, tmp_path / "home", bin_dir)
    assert bad.returncode == 1
    assert "plans/acme-corp/account.yaml:43:11: error: not a currency: 'dollars'" in bad.stdout
