"""Commands that write plan files or schemas: new, schema, fmt."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from .common import ConfigOpt, JsonOpt, PathsArg, fail, out, use_config


def new(
    folder: str = typer.Argument(..., metavar="DIR", help="The folder of the new plan."),
    account: str = typer.Option(..., "--account", "-a", metavar="NAME", help="The customer's name."),
    force: bool = typer.Option(False, "--force", help="Overwrite the files of an existing plan."),
    config: Optional[str] = ConfigOpt,
) -> None:
    """Write a complete plan skeleton: every file, guidance as comments, an editor schema line.

    Example: saa new plans/acme --account "Acme Corp"
    """
    use_config(config)
    import os

    from ..skeleton import SkeletonError, write_skeleton
    from .common import config_here

    # the saa.yaml that will apply to the new plan: found from its folder (or the nearest existing parent)
    start = folder
    while start and not os.path.isdir(start):
        start = os.path.dirname(start.rstrip(os.sep)) or "."
    cfg = config_here(start or ".")
    try:
        written = write_skeleton(folder, account, force=force, config=cfg)
    except SkeletonError as e:
        fail(str(e))
    out(f"wrote {len(written)} files in {folder}; next: edit them, then `saa check {folder}`\n")


def schema(
    out_dir: Optional[str] = typer.Option(None, "--output", "-o", metavar="DIR",
                                          help="Write one schema file per plan file into DIR (default: print them)."),
    out_old: Optional[str] = typer.Option(None, "--out", metavar="DIR", hidden=True,
                                          help="The former name of --output (still accepted)."),
    json_: bool = typer.Option(False, "--json", help="With -o: say what was written as JSON on stdout "
                                                     "(without -o the schemas are JSON already)."),
    config: Optional[str] = ConfigOpt,
) -> None:
    """Print the JSON Schemas (Draft 2020-12) of the plan files, or write them with -o/--output.

    Printed: one JSON object, each file name with its schema. With -o and
    --json: the folder and the names of the files written, as JSON.

    Example: saa schema -o .schemas
    """
    if out_old is not None:
        if out_dir is not None and out_dir != out_old:
            fail("--out is the former name of --output; give one of them")
        out_dir = out_old
    use_config(config)
    import json

    from ..schema import all_schemas, write_schemas
    from .common import config_here

    cfg = config_here()   # custom fields of saa.yaml (found from the current folder) are in the schemas
    if out_dir:
        try:
            names = write_schemas(out_dir, cfg)
        except OSError as e:
            fail(f"cannot write to {out_dir}: {e.strerror or e}")
        if json_:
            out(json.dumps({"output": out_dir, "files": names}, indent=2, ensure_ascii=False) + "\n")
        else:
            out(f"wrote {len(names)} schemas in {out_dir}\n")
    else:
        out(json.dumps(all_schemas(cfg), indent=2, ensure_ascii=False) + "\n")


def fmt(
    paths: Optional[List[str]] = PathsArg,
    check: bool = typer.Option(False, "--check", help="Only report the files that would change; exit 1 if any."),
    show_diff: bool = typer.Option(False, "--diff", help="Show what changes, as a unified diff."),
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """Rewrite plan files in canonical form, keeping every comment and every value.

    Canonical: 2-space indentation, lists indented under their key, keys in the
    order of the plan format, quoting normalised (relation scores always quoted),
    text never re-wrapped. Idempotent; writes are atomic. Files that do not load
    (syntax errors, duplicate keys...) are left alone with a message.
    Exit 0 when every file is canonical (or now is), 1 when --check finds files
    to reformat or a file was left alone, 2 when the command cannot run.
    --json lists every file with its status (canonical, would-reformat,
    reformatted, left-alone), the diff with --diff, and the counts.

    Example: saa fmt plans/ --check --diff
    """
    use_config(config)
    import os

    from ..fmt import stream
    from ..loader import PathError
    from ..render.progress import Progress
    from .common import config_here

    for p in paths or ["."]:    # a broken saa.yaml stops fmt too (exit 2), as every command
        if os.path.exists(p):
            config_here(p)

    progress = Progress("checking files" if check else "formatting files")   # stderr, terminals, long runs only
    try:
        each = stream(paths, check=check, want_diff=show_diff, progress=progress)
        if json_:
            results = list(each)
        else:   # the files already canonical are only counted: memory does not grow with the files
            n = 0
            results = []
            for r in each:
                n += 1
                if r.status != "unchanged":
                    results.append(r)
    except PathError as e:
        fail(str(e))
    finally:
        progress.close()
    from ..render.findings import clean

    if json_:
        from ..render.fmt import as_json

        out(as_json(results, check=check, with_diff=show_diff))
        failed = any(r.status == "skipped" for r in results) or (
            check and any(r.status == "would-reformat" for r in results))
        raise typer.Exit(1 if failed else 0)
    changed = skipped = 0
    for r in results:
        if r.status == "skipped":
            skipped += 1
            sys.stderr.write(f"{clean(r.path)}:{r.line}:{r.column}: error: {clean(r.message)} (not formatted)\n")
        elif r.status in ("reformatted", "would-reformat"):
            changed += 1
            out(f"{'would reformat' if check else 'reformatted'} {clean(r.path)}\n")
            if r.diff:
                out(r.diff if r.diff.endswith("\n") else r.diff + "\n")
    same = n - changed - skipped
    verb = "would be reformatted" if check else "reformatted"
    parts = [f"{changed} file{'s' if changed != 1 else ''} {verb}", f"{same} already canonical"]
    if skipped:
        parts.append(f"{skipped} left alone (fix them first: saa check)")
    out(", ".join(parts) + "\n")
    raise typer.Exit(1 if skipped or (check and changed) else 0)


def init(
    folder: str = typer.Argument(..., metavar="DIR", help="The folder of the new plans repository (created if needed)."),
    account: Optional[str] = typer.Option(None, "--account", "-a", metavar="NAME", help="The first plan's customer (default: Example Customer)."),
    source: Optional[str] = typer.Option(None, "--source", metavar="URL",
                                         help="The git repository pre-commit and CI install saa from "
                                              "(default: where this saa was installed from, if from git)."),
    rev: Optional[str] = typer.Option(None, "--rev", metavar="REV",
                                      help="The tag or commit of --source (default: the tag of this version)."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that are already there."),
) -> None:
    """Set up a new plans repository: a first plan, pre-commit hooks, a GitHub Actions workflow, a README.

    Example: saa init acme-plans --account "Acme Corp" --source https://github.com/OWNER/saa --rev v0.1.0
    """
    from ..repo_init import InitError, init_repo, source_from

    try:
        result = init_repo(folder, account, source_from(source, rev), force=force)
    except InitError as e:
        fail(str(e))
    from ..render.findings import clean

    where = clean(folder)
    out(f"wrote a plans repository in {where}:\n")
    out(f"  {result.plan_dir}/  the first plan: {len(result.plan_files)} files to fill in\n")
    for f in result.files:
        out(f"  {f.path}  {f.what}\n")
    if result.source is None:
        sys.stderr.write("saa: note: saa was not installed from git, so the pre-commit hooks run the saa on PATH and "
                         "the workflow says where to fill in how to install saa; "
                         "`saa init --source URL --force` writes both for a git repository of saa\n")
    import shlex

    out(f"next: cd {shlex.quote(where)} && git init && pre-commit install && saa status {result.plan_dir}\n")
