"""``saa init DIR``: a new plans repository, ready to use.

What it writes is listed by one function, :func:`repo_files` (the files next to the plans:
a README for the account team, ``.pre-commit-config.yaml``, a GitHub Actions workflow);
the first plan is written by :func:`saa.skeleton.write_skeleton`. A file that joins the set
later is one more entry in :func:`repo_files` (``saa.yaml``, the company's own method, joined
with every setting commented out).

Where pre-commit and CI get saa from (``source``): a git repository URL (or a local path) and
a revision. Without one, :func:`installed_source` reads how this saa was installed (pip's
``direct_url.json``, PEP 610): installed from git, the hooks and the workflow pin that
repository at the very commit pip installed. Otherwise the pre-commit hooks run the ``saa``
on PATH (``repo: local``) and the workflow stops with a message saying what to fill in.
"""

from __future__ import annotations

import json
import re
from .records import dataclass
from pathlib import Path

from . import __version__
from .atomic import write_text_atomic
from .fileformat import FILES
from .skeleton import SkeletonError, slug_of, write_skeleton, yaml_str

DISTRIBUTION = "saa-plans"   # the name on the package index; the command is `saa`
PLANS_DIR = "plans"
DEFAULT_ACCOUNT = "Example Customer"

# the hooks of saa's .pre-commit-hooks.yaml (tests/test_init.py keeps the two equal)
FILES_PATTERN = r"(^|/)(" + "|".join(n[:-len(".yaml")] for n in FILES) + r")\.yaml$"
HOOKS = (
    {"id": "saa-fmt", "name": "saa fmt (plans)", "entry": "saa fmt"},
    {"id": "saa-check", "name": "saa check (plans)", "entry": "saa check"},
)


class InitError(SkeletonError):
    """``saa init`` cannot run as asked (exit 2)."""


@dataclass(frozen=True)
class Source:
    """Where saa is installed from: a git repository and a revision (a tag or a commit)."""

    repo: str            # a URL pip and pre-commit can clone (https://..., file:///...)
    rev: str
    note: str = ""       # e.g. the tag a commit was installed as, written as a comment

    @property
    def pip_requirement(self) -> str:
        url = self.repo if self.repo.startswith("git+") else "git+" + self.repo
        return f"{DISTRIBUTION} @ {url}@{self.rev}"


@dataclass(frozen=True)
class RepoFile:
    path: str            # relative to the repository, with /
    text: str
    what: str            # one line for the summary `saa init` prints


def source_from(repo: str | None, rev: str | None) -> Source | None:
    """The source given on the command line (``--source``, ``--rev``), else the installed one."""
    if repo is None:
        if rev is not None:
            raise InitError("--rev needs --source: the git repository of saa the revision is in")
        return installed_source()
    repo = repo.strip()
    if not repo or any(c in repo for c in "\r\n\"'` ") or repo.startswith("-"):
        raise InitError(f"--source must be a git repository URL or path, not {repo!r}")
    if "://" not in repo and not repo.startswith("git@"):
        # a local clone of saa; file://localhost/..., since pip before 23.3 refuses git+file:///...
        repo = "file://localhost" + Path(repo).resolve().as_uri()[len("file://"):]
    rev = (rev or f"v{__version__}").strip()
    if not re.fullmatch(r"[A-Za-z0-9._/+-]+", rev) or rev.startswith("-"):
        raise InitError(f"--rev must be a tag, a branch or a commit of saa, not {rev!r}")
    return Source(repo, rev)


def installed_source() -> Source | None:
    """How this saa was installed, when pip installed it from a git repository (PEP 610)."""
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        text = distribution(DISTRIBUTION).read_text("direct_url.json")
    except (ImportError, PackageNotFoundError, OSError):
        return None
    try:
        info = json.loads(text or "")
    except ValueError:
        return None
    vcs = info.get("vcs_info") if isinstance(info, dict) else None
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git" or not vcs.get("commit_id"):
        return None
    url, commit, asked = info.get("url"), vcs["commit_id"], vcs.get("requested_revision")
    if not isinstance(url, str) or not re.fullmatch(r"[0-9a-f]{40}", str(commit)):
        return None
    note = f"frozen: {asked}" if isinstance(asked, str) and asked != commit else ""
    return Source(url, commit, note)


def _hooks_yaml(source: Source | None) -> str:
    lines = [
        "# pre-commit (https://pre-commit.com) runs saa on the plan files of every commit:",
        "# saa-fmt puts them in canonical form (look at the change, then git add it),",
        "# saa-check stops a commit with errors. Set up once per clone: pre-commit install",
        "repos:",
    ]
    if source is not None:
        rev = source.rev + (f"  # {source.note}" if source.note else "")
        lines += [f"  - repo: {yaml_str(source.repo)}", f"    rev: {rev}", "    hooks:"]
        lines += [f"      - id: {h['id']}" for h in HOOKS]
    else:
        lines += [
            "  # The saa installed where git runs (saa --version). To let pre-commit install saa",
            "  # itself, replace `repo: local` and the hooks with:",
            "  #   - repo: <the git repository of saa>",
            f"  #     rev: v{__version__}",
            "  #     hooks: [{id: saa-fmt}, {id: saa-check}]",
            "  - repo: local",
            "    hooks:",
        ]
        for h in HOOKS:
            lines += [
                f"      - id: {h['id']}",
                f"        name: {h['name']}",
                f"        entry: {h['entry']}",
                "        language: system",
                f"        files: {yaml_str(FILES_PATTERN)}",
                "        require_serial: true",
            ]
    return "\n".join(lines) + "\n"


def _install_step(source: Source | None) -> list[str]:
    if source is not None:
        comment = f"  # {source.note}" if source.note else ""
        return ["      - name: Install saa",
                f"        run: {yaml_str('python -m pip install ' + repr_shell(source.pip_requirement))}{comment}"]
    return [
        "      - name: Install saa",
        "        # Fill in where saa comes from, e.g.",
        f'        #   python -m pip install "{DISTRIBUTION} @ git+https://HOST/OWNER/saa@v{__version__}"',
        "        # (or run `saa init --source URL` again with --force)",
        "        run: |",
        "          echo \"::error title=saa not installed::say where saa comes from in .github/workflows/plans.yml\"",
        "          exit 1",
    ]


def repr_shell(s: str) -> str:
    """``s`` as one word for a POSIX shell (double quotes: a requirement holds spaces and @)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'


def _workflow(source: Source | None) -> str:
    lines = [
        "# GitHub Actions: check the plans on every push and pull request.",
        "# Findings show as annotations on the lines of the pull request. Written by `saa init`;",
        "# saa's docs/ci.md adds steps (what changed in the method's terms, HTML reports).",
        "name: plans",
        "on:",
        "  pull_request:",
        "  push:",
        "    branches: [main]",
        "",
        "permissions:",
        "  contents: read",
        "",
        "jobs:",
        "  plans:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - uses: actions/setup-python@v5",
        "        with:",
        '          python-version: "3.12"',
        *_install_step(source),
        "      - name: Check the plans (findings show on the pull request)",
        f"        run: saa check --format github {PLANS_DIR}/",
        "      - name: Canonical form",
        f"        run: saa fmt --check --diff {PLANS_DIR}/",
    ]
    return "\n".join(lines) + "\n"


def _readme(plan_dir: str, account: str, source: Source | None) -> str:
    install = (f"python -m pip install {repr_shell(source.pip_requirement)} pre-commit" if source is not None
               else "python -m pip install pre-commit            # and saa, the way your team installs it")
    return f"""# Strategic Account Alignment plans

One folder per strategic customer under `{PLANS_DIR}/`, one YAML file per step of the
10-step method. Start with `{plan_dir}/` ({account}): every file explains its step and
what "done" means, as comments.

## Every day

```sh
saa status {plan_dir}     # what is still missing, step by step
saa check {PLANS_DIR}/          # errors and warnings, with file:line:column
saa fmt {PLANS_DIR}/            # canonical form, every comment kept
```

A new account: `saa new {PLANS_DIR}/NAME --account "Customer name"`.

## Set up once per clone

```sh
python3 -m venv .venv && . .venv/bin/activate
{install}
pre-commit install                          # saa fmt and saa check on every commit
```

Editors with YAML language support (VS Code's YAML extension, JetBrains IDEs, vim/neovim
with yaml-language-server) complete keys and show the method's guidance: the first line
of each plan file points at the schemas in the plan's `.schemas/` folder.

## On GitHub

`.github/workflows/plans.yml` runs `saa check` on every push and pull request; findings show
on the changed lines of the pull request. `saa report PLAN -o report.html` writes the whole
plan as one page for the account review.
"""


def repo_files(account: str, plan_dir: str, source: Source | None) -> list[RepoFile]:
    """Every file ``saa init`` writes besides the plan skeleton, in the order it writes them."""
    return [
        RepoFile("README.md", _readme(plan_dir, account, source), "what the account team does, in a page"),
        RepoFile(".pre-commit-config.yaml", _hooks_yaml(source),
                 "saa fmt and saa check on every commit (pre-commit install)"),
        RepoFile(".github/workflows/plans.yml", _workflow(source),
                 "saa check on every push and pull request, findings on the changed lines"),
        RepoFile("saa.yaml", _config(plan_dir),
                 "the company's own method for every plan (all commented out: saa's defaults)"),
    ]


def _config(plan_dir: str) -> str:
    """A saa.yaml with every setting commented out (docs/configuration.md): the defaults until a line is opened."""
    return f"""\
# yaml-language-server: $schema={plan_dir}/.schemas/saa.schema.json
# saa.yaml: this company's own method, for every plan of the repository (docs/configuration.md).
# Everything is commented out, so saa uses its defaults; `saa config PLAN` shows what is in force.

# gates: {{min_completeness: 60, max_age: 120, strict: false}}   # saa check fails plans below them
# rules: {{quadrant-mismatch: "off", no-capture-plan: error}}     # off, warning or error per rule id
# challenge:
#   rag: {{red_below: 3.0, green_from: 4.0}}                       # the colours of challenge scores
#   questions:                                                    # the standard question set
#     - category: Customer issues and objectives that are driving their process now
#       questions:
#         - What is the customer trying to accomplish?
#         - How urgently does the customer need to accomplish the objectives?
#         - Why did the customer begin the process now?
# currency: {{report_in: EUR, fx: {{USD: 0.92}}}}                    # portfolio totals in one currency
# fields:                                                         # the company's own fields on items
#   opportunities:
#     crm_region: {{type: text, required: true, description: Sales region as the CRM names it}}
# steps:
#   required: [1, 2, 4, 8, 9, 10]                                 # the steps completeness counts
#   crm_stages: {{Discovery: concept, Closed Won: won}}             # the CRM's stage names
"""


@dataclass(frozen=True)
class InitResult:
    folder: str
    plan_dir: str        # relative to folder
    files: list          # RepoFile written
    plan_files: list     # the plan's file names
    source: Source | None


def plan_dir_for(account: str) -> str:
    return f"{PLANS_DIR}/{slug_of(account) or 'plan'}"


def init_repo(folder: str, account: str | None = None, source: Source | None = None,
              force: bool = False) -> InitResult:
    """Write a new plans repository into ``folder``; refuses to overwrite anything unless ``force``."""
    account = (account or DEFAULT_ACCOUNT).strip()
    if not account or any(ch in account for ch in "\r\n"):
        raise InitError("the account name must be one line of text")
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise InitError(f"{folder} is a file, not a folder; name a folder for the new repository")
    plan_dir = plan_dir_for(account)
    files = repo_files(account, plan_dir, source)
    if not force:
        present = [f.path for f in files if (root / f.path).exists()]
        present += [f"{plan_dir}/{n}" for n in FILES if (root / plan_dir / n).exists()]
        if present:
            shown = ", ".join(present[:4]) + (f" and {len(present) - 4} more" if len(present) > 4 else "")
            raise InitError(f"{folder} already has {shown}; use --force to overwrite")
    try:
        plan_files = write_skeleton(str(root / plan_dir), account, force=force, shown=plan_dir)
        for f in files:
            target = root / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(target, f.text)
    except OSError as e:
        raise InitError(f"cannot write in {folder}: {e.strerror or e}") from None
    return InitResult(str(folder), plan_dir, files, plan_files, source)
