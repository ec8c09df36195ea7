"""``saa challenge score PLAN --opportunity ID --view team|spoiler``: score a capture plan question by question.

The reviewer is walked through every question of the challenge, category by
category; for each question the three dimensions are asked in turn, each with
the method's challenge questions (Confidence, Implications, Actions), and a
1-5 answer is taken (Enter keeps the current score, ``?`` repeats the guide).
A spoiler does not see the team's scores: the point of a spoiler is an
independent view.

At the end the changes are summarised (category means before and after) and,
once confirmed, written into ``10-challenge.yaml``, with ``reviewed`` set to
today, keeping every comment: the file is rewritten by the same emitter as
``saa fmt`` (so it comes out in canonical form) and the result is read back
and checked before an atomic rename. Ctrl-C (or the end of the input) at any
point leaves the file untouched.

It needs a terminal: without one (stdin not a TTY) it stops with exit 2.
"""

from __future__ import annotations

import copy
import os
import sys
from typing import Any

from ..vocab import DIMENSIONS

NAME = "10-challenge.yaml"
WHO = ("team", "spoiler")


class _Abort(Exception):
    pass


class _Declined(_Abort):
    """The user answered no to writing the scores: their choice, exit 0."""


def stdin_is_tty() -> bool:
    """Is someone at a terminal? (Tests replace this to drive the questions with scripted input.)"""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _err(message: str) -> int:
    sys.stderr.write(f"saa: error: {_clean(message)}\n")
    sys.stderr.flush()
    return 2


class _Term:
    """Plain text out, ``input()`` in; colour only when the terminal wants it."""

    def __init__(self):
        from .common import colour_wanted

        self.colour = colour_wanted()

    def style(self, text: str, code: str) -> str:
        from ..render.ansi import style

        return style(text, code, self.colour)

    def say(self, text: str = "") -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def ask(self, prompt: str) -> str:
        sys.stdout.flush()
        try:
            return input(prompt)
        except EOFError:
            raise _Abort("the input ended") from None


def _clean(text) -> str:
    from ..render.sanitise import terminal_text

    return terminal_text(text)


def _mean(vals):
    vals = [v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return sum(vals) / len(vals) if vals else None


def _show(x) -> str:
    return "-" if x is None else f"{x:.1f}"


def run_score(plan_path: str | None, opportunity: str, as_: str) -> int:
    """Score the challenge of ``opportunity`` as ``as_`` (team or spoiler). Returns the exit code."""
    if as_ not in WHO:
        return _err(f"--view must be team or spoiler, not {as_!r}")
    if not stdin_is_tty():
        return _err("`saa challenge score` asks its questions one by one and needs a terminal (stdin is not a TTY); "
                    f"without one, write the scores into {NAME} and run `saa challenge` to see the tables")
    from ..fmt import FormatError, build, normalise, spec_for
    from ..loader import PathError, find_plan
    from ..yamlio import MAX_BYTES, parse_text

    try:
        folder = find_plan(plan_path or ".")
    except PathError as e:
        return _err(str(e))
    path = folder / NAME
    shown = os.path.join(str(folder), NAME)
    from ..atomic import Snapshot
    from ..config import config_for
    from ..safefile import NotReadable, read_plan_file, root_of

    cfg = config_for(folder)      # a broken saa.yaml raises ConfigError: the command stops with exit 2
    snapshot = None               # a file that does not exist yet is created (a challenge started from the set)
    if os.path.lexists(path):
        try:
            raw = read_plan_file(path, root_of(folder), MAX_BYTES)
            if raw is None:
                raise FileNotFoundError(2, "No such file or directory")
        except NotReadable as e:
            return _err(f"{shown}: {e.message}")
        except OSError as e:
            return _err(f"cannot read {shown}: {e.strerror or e}")
        snapshot = Snapshot.of_bytes(raw)   # what the answers apply to: the write stops if the file changes meanwhile
        if len(raw) > MAX_BYTES:
            return _err(f"{shown} is too large for a plan file")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _err(f"{shown} is not UTF-8 text; save it as UTF-8")
    else:
        text = ""
    norm = normalise(text)
    doc = parse_text(norm, shown)
    if doc.findings:
        f = doc.findings[0]
        return _err(f"{f.path}:{f.line}:{f.column}: {f.message}; fix it first (`saa check {folder}`)")
    data = doc.data
    if data is not None and not isinstance(data, dict):
        return _err(f"{shown} has no list of challenges")
    challenges = data.get("challenges") if isinstance(data, dict) else None
    if challenges is not None and not isinstance(challenges, list):
        return _err(f"{shown} has no list of challenges")
    challenges = challenges or []
    index = next((i for i, c in enumerate(challenges)
                  if isinstance(c, dict) and str(c.get("opportunity")) == opportunity), None)
    started = False
    if index is None:
        if not _has_capture_plan(folder, opportunity):
            from ..validate import did_you_mean

            known = [str(c.get("opportunity")) for c in challenges if isinstance(c, dict) and c.get("opportunity")]
            hint = did_you_mean(opportunity, set(known))
            if not hint:
                hint = f" (challenges: {', '.join(known)})" if known else " (it has no challenges yet)"
            return _err(f"no challenge for opportunity {opportunity!r} in {shown}{hint}, and no capture plan for it "
                        f"in 09-capture-plans.yaml to start one from the standard question set")
        try:
            norm = _start(norm, opportunity, cfg.questions)
        except FormatError as e:
            return _err(f"{shown}:{e.line}:{e.column}: {e.message}")
        started = True
        data = parse_text(norm, shown).data
        challenges = data["challenges"]
        index = len(challenges) - 1
    ch = challenges[index]

    questions = []   # (category index, question index, category name, question dict)
    for ci, cat in enumerate(ch.get("categories") or []):
        if not isinstance(cat, dict):
            continue
        for qi, q in enumerate(cat.get("questions") or []):
            if isinstance(q, dict) and q.get("question") is not None:
                questions.append((ci, qi, str(cat.get("name") or f"category {ci + 1}"), q))
    if not questions:
        return _err(f"the challenge of {opportunity} has no questions to score; "
                    f"write its categories and questions in {shown} first")

    try:
        tree = build(norm, spec_for(NAME))
    except FormatError as e:
        return _err(f"{shown}:{e.line}:{e.column}: {e.message}")

    term = _Term()
    try:
        if started:
            term.say(f"No challenge of {_clean(opportunity)} yet: starting one from the standard question set "
                     f"({cfg.path or 'the method'}).")
        changes, spoiler_name = _interview(term, opportunity, as_, ch, questions, cfg.guide)
    except (_Abort, KeyboardInterrupt) as e:
        why = "interrupted" if isinstance(e, KeyboardInterrupt) else str(e)
        sys.stdout.write("\n")
        sys.stderr.write(f"saa: {why}: nothing written, {_clean(shown)} is untouched\n")
        return 130 if isinstance(e, KeyboardInterrupt) else 0 if isinstance(e, _Declined) else 1

    if not changes and not spoiler_name and not started:
        term.say("No score changed: nothing written.")
        return 0

    from ..clock import today

    expected = copy.deepcopy(data)
    ech = expected["challenges"][index]
    for (ci, qi), new in changes.items():
        q = ech["categories"][ci]["questions"][qi]
        cur = q.get(as_) if isinstance(q.get(as_), dict) else {}
        merged = dict(cur)
        merged.update(new)
        q[as_] = merged
    reviewed = today().isoformat() if changes or spoiler_name else None
    if reviewed:
        ech["reviewed"] = reviewed
    if spoiler_name:
        ech["spoiler"] = spoiler_name
    _apply(tree, index, changes, as_, reviewed, spoiler_name)

    from ..atomic import write_text
    from ..fmt import render_checked

    try:
        out = render_checked(tree, expected, tree.comments, NAME)
    except FormatError as e:
        _save_answers(folder, shown, opportunity, as_, reviewed, spoiler_name, changes, questions, e.message)
        return _err(f"{shown}: {e.message}")
    written = False
    try:
        write_text(path, out, expect=snapshot)
        written = True
    except KeyboardInterrupt:
        if not written:
            sys.stderr.write(f"saa: interrupted: nothing written, {_clean(shown)} is untouched\n")
            _save_answers(folder, shown, opportunity, as_, reviewed, spoiler_name, changes, questions, "interrupted")
            return 130
    except OSError as e:
        reason = e.strerror or str(e)
        code = _err(f"cannot write {shown}: {reason}")
        _save_answers(folder, shown, opportunity, as_, reviewed, spoiler_name, changes, questions, reason)
        return code
    n = sum(len(v) for v in changes.values())
    if started and not n:
        term.say(f"Wrote the challenge of {_clean(opportunity)} ({len(questions)} questions, not scored yet) "
                 f"to {_clean(shown)}.")
        return 0
    term.say(f"Wrote {n} score{'s' if n != 1 else ''} to {_clean(shown)} (reviewed: {reviewed}). "
             f"See them with `saa challenge {_clean(folder)} --opportunity {_clean(opportunity)}`.")
    return 0


def answers_yaml(shown: str, opportunity: str, as_: str, reviewed: str | None, spoiler_name, changes: dict,
                 questions: list, reason: str) -> str:
    """The answers of an interview that could not be written, as YAML to paste into 10-challenge.yaml."""
    import json

    def q(s) -> str:  # a double-quoted YAML scalar (JSON strings are YAML)
        return json.dumps(str(s), ensure_ascii=False)

    lines = [f"# saa challenge score: these answers were NOT written to {shown}",
             f"# because: {' '.join(str(reason).split())}",
             "# Copy each score into its question in 10-challenge.yaml, or run the interview again.",
             f"opportunity: {q(opportunity)}", f"as: {as_}"] + ([f"reviewed: {q(reviewed)}"] if reviewed else [])
    if spoiler_name:
        lines.append(f"spoiler: {q(spoiler_name)}")
    lines.append("answers:")
    for ci, qi, cat_name, question in questions:
        new = changes.get((ci, qi))
        if not new:
            continue
        scores = ", ".join(f"{d}: {new[d]}" for d in DIMENSIONS if d in new)
        lines += [f"  - category: {q(cat_name)}", f"    question: {q(question.get('question'))}",
                  f"    {as_}: {{{scores}}}"]
    return "\n".join(lines) + "\n"


def _save_answers(folder, shown, opportunity, as_, reviewed, spoiler_name, changes, questions, reason) -> None:
    """Keep the answers of a finished interview that could not be written: a side file, else stdout."""
    import datetime as _dt

    from ..atomic import write_text

    text = answers_yaml(shown, opportunity, as_, reviewed, spoiler_name, changes, questions, reason)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    side = os.path.join(str(folder), f"10-challenge.{as_}-answers-{stamp}.yaml")
    try:
        if os.path.lexists(side):
            raise FileExistsError(side)
        write_text(side, text)
    except OSError:
        sys.stderr.write("saa: your answers are below, as YAML to paste into 10-challenge.yaml:\n")
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stderr.write(f"saa: your answers are saved in {_clean(side)} (YAML to paste into 10-challenge.yaml)\n")


def _interview(term: _Term, opportunity: str, as_: str, ch: dict, questions: list, guide: dict | None = None):
    from ..vocab import GUIDE as _METHOD

    GUIDE = guide or _METHOD   # saa.yaml's challenge.guide, else the method's 12

    cats: list[tuple] = []
    for ci, _qi, name, _q in questions:
        if ci not in [c[0] for c in cats]:
            cats.append((ci, name))
    term.say(term.style(f"Challenge of {_clean(opportunity)}, scored by the {as_}", "bold")
             + f": {len(questions)} question{'s' if len(questions) != 1 else ''} in {len(cats)} "
             f"categor{'ies' if len(cats) != 1 else 'y'}.")
    term.say("Answer 1 (weak) to 5 (strong). Enter keeps the current score, ? shows the guide again, "
             "Ctrl-C stops without writing anything.")
    spoiler_name = None
    if as_ == "spoiler":
        term.say("The team's scores are hidden: a spoiler scores independently.")
        if not ch.get("spoiler"):
            name = term.ask("Your name, as the spoiler (Enter to skip): ").strip()
            spoiler_name = name or None
    changes: dict = {}
    last_cat = None
    for n, (ci, qi, cat_name, q) in enumerate(questions, 1):
        if ci != last_cat:
            term.say("")
            term.say(term.style(f"Category: {_clean(cat_name)}", "heading"))
            last_cat = ci
        term.say("")
        term.say(term.style(f"Question {n}/{len(questions)}: {_clean(q.get('question'))}", "bold"))
        if q.get("evidence"):
            term.say(f"  evidence: {_clean(q.get('evidence'))}")
        current = q.get(as_) if isinstance(q.get(as_), dict) else {}
        new: dict = {}
        for dim in DIMENSIONS:
            term.say(f"  {term.style(dim.capitalize(), 'bold')}: " + " ".join(GUIDE[dim]))
            cur = current.get(dim)
            shown = str(cur) if cur is not None else "-"
            while True:
                ans = term.ask(f"  {dim} 1-5 [{shown}]: ").strip()
                if ans == "":
                    break
                if ans == "?":
                    term.say("    " + " ".join(GUIDE[dim]))
                    continue
                if ans in ("1", "2", "3", "4", "5"):
                    v = int(ans)
                    if v != cur:
                        new[dim] = v
                    break
                term.say("    answer 1, 2, 3, 4 or 5 (Enter keeps the current score)")
        if new:
            changes[(ci, qi)] = new
    # summary: category means before and after
    term.say("")
    if not changes and not spoiler_name:
        return changes, spoiler_name
    term.say(term.style(f"{as_.capitalize()} scores by category (before -> after)", "bold"))
    for ci, cat_name in cats:
        qs = [(qi, q) for c, qi, _n, q in questions if c == ci]
        parts = []
        for dim in DIMENSIONS:
            before = _mean([(q.get(as_) or {}).get(dim) if isinstance(q.get(as_), dict) else None for _qi, q in qs])
            after = _mean([changes.get((ci, qi), {}).get(dim, (q.get(as_) or {}).get(dim) if isinstance(q.get(as_), dict) else None)
                           for qi, q in qs])
            mark = "" if before == after else " *"
            parts.append(f"{dim} {_show(before)} -> {_show(after)}{mark}")
        term.say(f"  {_clean(cat_name)}: " + ", ".join(parts))
    n = sum(len(v) for v in changes.values())
    ans = term.ask(f"Write {n} changed score{'s' if n != 1 else ''} to {NAME}? [Y/n] ").strip().lower()
    if ans not in ("", "y", "yes"):
        raise _Declined("not confirmed")
    return changes, spoiler_name


def _value(coll, key: str) -> Any:
    """The node under ``key`` in a map of the tree, which is there (10-challenge.yaml was read first)."""
    from ..fmt import map_entry

    e = map_entry(coll, key)
    assert e is not None, key
    return e.value


def _apply(tree, index: int, changes: dict, as_: str, reviewed: str | None, spoiler_name) -> None:
    """Write the changes into the comment-keeping tree of 10-challenge.yaml."""
    from ..fmt import Coll, map_entry, map_set, new_map, new_scalar

    chs = _value(tree.root, "challenges")
    ch = chs.entries[index].value
    cats = _value(ch, "categories")
    for (ci, qi), new in changes.items():
        qmap = _value(cats.entries[ci].value, "questions").entries[qi].value
        e = map_entry(qmap, as_)
        if e is None or not isinstance(e.value, Coll) or e.value.kind != "map" or not e.value.entries:
            current = {}
            if e is not None and isinstance(e.value, Coll) and e.value.kind == "map":
                current = {x.key.value: x.value for x in e.value.entries}
            pairs = []
            for dim in DIMENSIONS:
                if dim in new:
                    pairs.append((dim, new[dim]))
                elif dim in current:
                    pairs.append((dim, current[dim]))
            map_set(qmap, as_, new_map(pairs, flow=True))
        else:
            for dim, v in new.items():
                map_set(e.value, dim, new_scalar(v))
    if reviewed:
        map_set(ch, "reviewed", new_scalar(reviewed))
    if spoiler_name:
        map_set(ch, "spoiler", new_scalar(spoiler_name))


def _has_capture_plan(folder, opportunity: str) -> bool:
    from ..yamlio import load_file

    doc = load_file(folder / "09-capture-plans.yaml")
    cps = doc.data.get("capture_plans") if isinstance(doc.data, dict) else None
    return any(isinstance(c, dict) and str(c.get("opportunity")) == opportunity for c in cps or [])


def _start(norm: str, opportunity: str, question_set) -> str:
    """The text of 10-challenge.yaml with a new challenge of ``opportunity`` from ``question_set``, comments kept."""
    from ..fmt import Coll, Entry, build, map_entry, map_set, new_map, render_checked, spec_for
    from ..yamlio import parse_text

    tree = build(norm, spec_for(NAME))
    data = parse_text(norm, NAME).data
    expected = copy.deepcopy(data) if isinstance(data, dict) else {}
    entry = {"opportunity": opportunity,
             "categories": [{"name": cat, "questions": [{"question": q} for q in qs]} for cat, qs in question_set]}
    expected["challenges"] = list(expected.get("challenges") or []) + [entry]

    def seq(items):
        c = Coll("seq", flow=False)
        for node in items:
            e = Entry(None, node, c)
            node.owner = e
            c.entries.append(e)
        return c

    node = new_map([("opportunity", opportunity),
                    ("categories", seq([new_map([("name", cat),
                                                 ("questions", seq([new_map([("question", q)], flow=False)
                                                                    for q in qs]))], flow=False)
                                        for cat, qs in question_set]))], flow=False)
    if not isinstance(tree.root, Coll) or tree.root.kind != "map":
        tree.root = Coll("map", flow=False)
    e = map_entry(tree.root, "challenges")
    if e is not None and isinstance(e.value, Coll) and e.value.kind == "seq":
        e.value.flow = False
        new = Entry(None, node, e.value)
        node.owner = new
        e.value.entries.append(new)
    else:
        map_set(tree.root, "challenges", seq([node]))
    return render_checked(tree, expected, tree.comments, NAME)
