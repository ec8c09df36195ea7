#!/usr/bin/env bash
# A newcomer's first hour, as CI: follow the README's Quick start and docs/ci.md as written, in
# fresh virtual environments, against this checkout published as a tagged git repository.
#
#   1. this checkout (with uncommitted changes) becomes a throwaway git repository, tagged
#      v<version of saa/__init__.py> as docs/releasing.md says; SAA_REPO points at it (file://)
#   2. README Quick start, first command, in a fresh clone (its own .venv)
#   3. docs/ci.md "install-git": pip install "saa-plans @ git+$SAA_REPO@vX.Y.Z" in a fresh venv
#   4. docs/ci.md "install-wheel": build the wheel, install it into a fresh venv
#   5. docs/ci.md "init": saa init, git init, pre-commit install, git commit (the hooks run and pass);
#      then a broken plan: the commit is refused by the saa-check hook
#
# Usage: tools/newcomer.sh [WORK_DIR]   (default: a temporary folder, removed at the end)
# Needs python3 (3.11+), git, and pip access to saa's dependencies. About a minute or two.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -gt 0 ]; then WORK=$(mkdir -p "$1" && cd "$1" && pwd); else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
PY=${PYTHON:-python3}
export GIT_AUTHOR_NAME=newcomer GIT_AUTHOR_EMAIL=newcomer@example.org
export GIT_COMMITTER_NAME=newcomer GIT_COMMITTER_EMAIL=newcomer@example.org
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 PIP_DISABLE_PIP_VERSION_CHECK=1
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=advice.detachedHead GIT_CONFIG_VALUE_0=false
export PRE_COMMIT_HOME="$WORK/pre-commit-home" PRE_COMMIT_COLOR=never NO_COLOR=1
unset VIRTUAL_ENV GITHUB_ACTIONS SAA_TODAY
step() { printf '\n== %s\n' "$*"; }

# the shell commands of a marked block of a markdown file: the ```sh block after <!-- newcomer: NAME
block() {
  "$PY" - "$1" "$2" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<!-- newcomer: " + re.escape(sys.argv[2]) + r"\b[^>]*-->\n```sh\n(.*?)```", text, re.S)
if not m:
    sys.exit(f"no block 'newcomer: {sys.argv[2]}' in {sys.argv[1]}")
sys.stdout.write(m.group(1))
PY
}
run_block() {  # run_block FILE NAME [LINES]: in a fresh bash, as a reader would type it
  local cmds; cmds=$(block "$1" "$2")
  if [ -n "${3:-}" ]; then cmds=$(printf '%s\n' "$cmds" | sed -n "$3p"); fi
  printf '%s\n' "$cmds" | sed 's/^/  $ /'
  bash -euo pipefail -c "$cmds"
}

VERSION=$("$PY" -c 'import re,sys; print(re.search(r"__version__ = \"([^\"]+)\"", open(sys.argv[1]).read())[1])' "$ROOT/saa/__init__.py")

step "1. saa $VERSION published as a git repository, tagged v$VERSION (docs/releasing.md)"
SRC="$WORK/saa.git"
mkdir -p "$SRC"
(cd "$ROOT" && git ls-files -z -co --exclude-standard | xargs -0 tar cf - --no-recursion) | tar xf - -C "$SRC"   # .venv/ and caches are git-ignored
git -C "$SRC" init --quiet && git -C "$SRC" add -A && git -C "$SRC" commit --quiet -m "saa $VERSION"
git -C "$SRC" tag -a "v$VERSION" -m "saa $VERSION"
export SAA_REPO="file://localhost$SRC"   # localhost: pip before 23.3 refuses git+file:/// URLs
echo "SAA_REPO=$SAA_REPO"

step "2. README Quick start, first command, in a fresh clone"
git clone --quiet "$SAA_REPO" "$WORK/clone"
(cd "$WORK/clone" && run_block README.md quick-start 1)

step "3. docs/ci.md: install from the git repository"
mkdir -p "$WORK/git-install"
(cd "$WORK/git-install" && run_block "$ROOT/docs/ci.md" install-git) | tee "$WORK/git-install.out"
grep -qx "saa $VERSION" "$WORK/git-install.out"

step "4. docs/ci.md: build a wheel, install it"
mkdir -p "$WORK/wheel"
(cd "$WORK/wheel" && run_block "$ROOT/docs/ci.md" install-wheel) | tee "$WORK/wheel.out"
grep -qx "saa $VERSION" "$WORK/wheel.out"

step "5. docs/ci.md: saa init, pre-commit install, a first commit (the hooks run)"
(cd "$WORK/wheel" && . .venv/bin/activate && run_block "$ROOT/docs/ci.md" init)
REPO="$WORK/wheel/acme-plans"
git -C "$REPO" log --oneline | grep -q "Plans repository: saa init"
echo "the first commit passed saa's hooks"

step "6. a broken plan: the commit is refused"
sed -i.bak 's/^currency: USD/currency: dollars/' "$REPO/plans/acme-corp/account.yaml" && rm "$REPO/plans/acme-corp/account.yaml.bak"
if (cd "$REPO" && . "$WORK/wheel/.venv/bin/activate" && git commit --quiet -am "broken" > "$WORK/broken.out" 2>&1); then
  cat "$WORK/broken.out"; echo "FAIL: a commit with a broken plan went through"; exit 1
fi
grep -F "plans/acme-corp/account.yaml:43:11: error: not a currency: 'dollars'" "$WORK/broken.out"
echo "the commit was refused by saa-check"

step "newcomer: all good (README Quick start and docs/ci.md work as written)"
