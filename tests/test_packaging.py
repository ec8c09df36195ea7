"""Install instructions that work as written: the distribution name, the version in one place, the docs."""

from __future__ import annotations

import re
import tomllib

import saa
from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_distribution_name_is_not_the_unrelated_saa_on_the_index():
    project = PYPROJECT["project"]
    assert project["name"] == "saa-plans"
    assert project["scripts"] == {"saa": "saa.cli:main"}


def test_the_version_is_written_once():
    assert "version" not in PYPROJECT["project"] and PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"] == {"path": "saa/__init__.py"}
    from importlib.metadata import version

    assert version("saa-plans") == saa.__version__


def test_docs_install_the_current_version_and_never_the_wrong_package():
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in (ci, readme):
        assert not re.search(r"pip install saa(?![-\w])", text.replace("`pip install saa`: that name", ""))
    tags = set(re.findall(r"(?:@|rev: |--rev |--branch )(v\d+\.\d+\.\d+)", ci))
    assert tags == {f"v{saa.__version__}"}
    assert f"saa_plans-{saa.__version__}-py3-none-any.whl" in ci


def test_ci_runs_exactly_the_readmes_test_command_and_the_newcomer_script():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- newcomer: quick-start[^>]*-->\n```sh\n(.*?)```", readme, re.S).group(1).splitlines()
    assert len(block) == 2 and block[0].startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert block[1] in ci and "tools/newcomer.sh" in ci
