"""Work on many plan folders at once: worker processes, results in folder order. Never prints.

:func:`map_items` runs a function on every item of a list, in this process for
few items, else over worker processes forked from this one (one per CPU;
``SAA_JOBS=N`` sets how many, at most one per CPU; ``SAA_JOBS=1`` turns this
off). The items go to the workers in chunks, and the results come back in the
order of the items, so the result is the same either way. Where processes
cannot be used (no fork, no pipe, a worker killed), the work is done again in
this process.

:func:`map_plans` is what every command over a portfolio runs: each worker
loads a plan folder, counts the errors ``saa check`` reports for it and runs
the command's own function on the plan. That function returns small data
(rows, dicts, text), never the whole plan: sending plans back costs more
than loading them.

Both share out their work with :func:`forked`: chunks of a list the workers
already have (they are forks: nothing of the work is sent, only the results
come back, pickled), with no multiprocessing pool to import or start (about
25 ms sooner at work than one).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

PARALLEL_MIN = 24      # fewer plans than this are done in this process: starting workers costs more
CHUNKS_PER_JOB = 4     # items go to the workers in this many chunks per worker, for an even load

Progress = Callable[[int, int], None]   # progress(done, total), called in this process


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def jobs_problem() -> str | None:
    """Why ``SAA_JOBS`` is not used as written, or None (the command line warns with it)."""
    env = os.environ.get("SAA_JOBS", "").strip()
    if not env:
        return None
    try:
        n = int(env)
    except ValueError:
        return f"SAA_JOBS={env!r} is not a number of processes; using {_cpus()} (the CPUs)"
    if n < 1:
        return f"SAA_JOBS={env!r} is below 1; using 1 (one process)"
    return None


def default_jobs() -> int:
    """How many processes share the work: ``SAA_JOBS`` if set (at most the CPUs this process may use),
    else those CPUs. An invalid value counts as unset (the command line warns)."""
    cpus = _cpus()
    env = os.environ.get("SAA_JOBS", "").strip()
    if env:
        try:
            return max(1, min(int(env), cpus))
        except ValueError:
            pass
    return cpus


def map_items(items: list, fn: Callable[[Any], Any], jobs: int | None = None, parallel_min: int | None = None,
              progress: Progress | None = None, chunks_per_job: int = CHUNKS_PER_JOB) -> list:
    """``[fn(x) for x in items]``, over ``jobs`` worker processes (default :func:`default_jobs`) when there
    are at least ``parallel_min`` items (default :data:`PARALLEL_MIN`). ``fn``'s results must pickle;
    ``progress(done, total)`` is called in this process as results come in."""
    items = list(items)
    parallel_min = PARALLEL_MIN if parallel_min is None else parallel_min
    jobs = default_jobs() if jobs is None else max(1, jobs)
    jobs = max(1, min(jobs, len(items), _cpus()))   # never more processes than CPUs or items
    if jobs > 1 and len(items) >= parallel_min and can_fork():
        done = _parallel(items, fn, jobs, progress, chunks_per_job)
        if done is not None:
            return done
    results = []
    for x in items:
        results.append(fn(x))
        if progress is not None:
            progress(len(results), len(items))
    return results


def _parallel(items: list, fn, jobs: int, progress, chunks_per_job: int) -> list | None:
    """The results of ``items`` from ``jobs`` worker processes (:func:`forked`), in order; None when
    processes cannot be used here (no fork, a worker killed): then the caller does the work in this process."""
    from . import yamlio

    if not yamlio._ready:
        yamlio._setup()   # once, before the workers are forked
    size = max(1, -(-len(items) // min(jobs * chunks_per_job, MAX_CHUNKS)))
    bounds = [*range(0, len(items), size), len(items)]

    def run(i: int) -> list:
        return [fn(x) for x in items[bounds[i]:bounds[i + 1]]]

    results: list = []
    try:
        for part in forked(len(bounds) - 1, run, jobs):
            results.extend(part)
            if progress is not None:
                progress(len(results), len(items))
    except NoWorkers:
        return None
    return results


# ---- chunks of one list over forked processes, without multiprocessing ---------------------------

MAX_CHUNKS = 256   # chunk numbers go to the workers as single bytes (see forked)


class NoWorkers(Exception):
    """Worker processes cannot be used here (no fork), or one of them stopped before giving its results."""


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows)."""
    return hasattr(os, "fork")


def forked(count: int, run: Callable[[int], Any], jobs: int):
    """``run(i)`` for each ``i`` in ``range(count)`` (at most :data:`MAX_CHUNKS`), over ``jobs`` processes
    forked from this one; yields the results in the order of ``i``, each as soon as it and those before it
    are in.

    Lighter than a multiprocessing pool, so the work starts sooner: nothing of ``run`` or its data is
    sent (the workers are forks: they have it), each worker takes the next chunk number from one pipe
    (one byte: a read of one byte is never split between two readers), and sends back each result,
    pickled, on a pipe of its own. An exception raised by ``run`` is raised here (the workers stop);
    :class:`NoWorkers` when no worker could be started or when one stopped without a word (killed):
    the results yielded so far stand. The workers are gone when the generator ends (closed or not).
    """
    import gc
    import pickle
    import select

    if not 0 < count <= MAX_CHUNKS:
        raise ValueError(f"{count} chunks: from 1 to {MAX_CHUNKS}")
    jobs = max(1, min(jobs, count))
    try:
        tasks_r, tasks_w = os.pipe()
    except OSError as e:   # no file descriptors left, say
        raise NoWorkers(f"no pipe for the worker processes: {e.strerror or e}") from None
    workers: dict = {}   # the read end of a worker's results -> [pid, bytes read so far]
    finished = False
    try:
        os.write(tasks_w, bytes(range(count)))   # at most 256 bytes: one write, before any worker reads
        os.close(tasks_w)
        tasks_w = -1
        gc.freeze()   # the workers never collect what they inherit (no copy-on-write of it)
        try:
            for _ in range(jobs):
                try:
                    results_r, results_w = os.pipe()
                except OSError:
                    break
                try:
                    pid = os.fork()
                except OSError:   # no more processes: those forked already do the work
                    os.close(results_r)
                    os.close(results_w)
                    break
                if pid == 0:   # a worker: runs chunks until there is none left, then exits
                    code = 1
                    try:
                        os.close(results_r)
                        for fd in workers:
                            os.close(fd)   # the other workers' pipes
                        code = _work(tasks_r, results_w, run, pickle)
                    finally:
                        os._exit(code)   # never returns into the caller's code (nor runs its exit handlers)
                os.close(results_w)
                workers[results_r] = [pid, bytearray()]
        finally:
            gc.unfreeze()
        os.close(tasks_r)
        tasks_r = -1
        if not workers:
            raise NoWorkers("no worker process could be forked")
        got: dict = {}
        want = 0
        poller = select.poll()
        for fd in workers:
            poller.register(fd, select.POLLIN)
        open_fds = set(workers)
        while want < count:
            while want in got:
                value = got.pop(want)
                want += 1
                yield value
            if want >= count:
                break
            if not open_fds:
                raise NoWorkers("the worker processes stopped before every chunk was done")
            for fd, _event in poller.poll():
                data = os.read(fd, 1 << 16)   # what a pipe holds (a larger read would allocate more, for nothing)
                buf = workers[fd][1]
                if not data:   # the worker is gone: it said so first, or it was killed
                    poller.unregister(fd)
                    open_fds.discard(fd)
                    if buf != _DONE:
                        raise NoWorkers(f"worker process {workers[fd][0]} stopped before it was done")
                    continue
                buf += data
                while len(buf) >= 8 and buf != _DONE:
                    size = int.from_bytes(buf[:8], "little")
                    if len(buf) < 8 + size:
                        break
                    i, ok, value = pickle.loads(buf[8:8 + size])
                    del buf[:8 + size]
                    if not ok:
                        raise value
                    got[i] = value
        finished = True
    finally:
        for fd in (tasks_r, tasks_w):
            if fd >= 0:
                os.close(fd)
        for fd in workers:
            os.close(fd)   # a worker still writing stops (EPIPE)
        _reap([pid for pid, _buf in workers.values()], stop=not finished)


_DONE = b"\xff" * 8   # the last thing a worker sends: no more results


def _work(tasks: int, results: int, run, pickle) -> int:
    """A worker's loop (see :func:`forked`); its exit code."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is this process's parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and the parent stops a worker with SIGTERM
    while True:
        b = os.read(tasks, 1)
        if not b:
            break
        i = b[0]
        try:
            msg = (i, True, run(i))
        except Exception as e:   # raised in the parent
            msg = (i, False, e)
        try:
            data = pickle.dumps(msg, pickle.HIGHEST_PROTOCOL)
        except Exception as e:   # a result or an exception that does not pickle
            msg = (i, False, RuntimeError(f"in a worker process: {type(e).__name__}: {e}"))
            data = pickle.dumps(msg, pickle.HIGHEST_PROTOCOL)
        _write_all(results, len(data).to_bytes(8, "little") + data)
        if not msg[1]:
            return 1
    _write_all(results, _DONE)
    return 0


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _reap(pids: list, stop: bool) -> None:
    """Wait for each worker (each exits once it has said it is done); with ``stop`` (the parent stopped
    early: an error, a generator closed), a worker still running is stopped first."""
    import signal

    for pid in pids:
        try:
            if stop and os.waitpid(pid, os.WNOHANG)[0] == 0:
                os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except ChildProcessError:   # pragma: no cover - reaped elsewhere (a SIGCHLD handler)
            pass


@dataclass
class PlanResult:
    """What a worker sends back for one plan folder."""

    value: Any          # the command's function's result
    display: str        # the plan as commands name it
    errors: int = 0     # the errors ``saa check`` reports for the plan (0 when not counted)
    unread: bool = False  # loading the plan left something out (an error while reading)


@dataclass(eq=False)
class PlanRef:
    """A plan's names, for rows that say which plan they come from without carrying the plan."""

    id: str
    account: str
    display: str
    owner: str | None = None
    currency: str = ""
    fx: dict | None = None

    @classmethod
    def of(cls, plan) -> PlanRef:
        return cls(plan.id, plan.account, plan.display, plan.owner, plan.currency, dict(plan.fx or {}))


class _PlanTask:
    def __init__(self, fn, errors):
        self.fn, self.errors = fn, errors

    def __call__(self, folder) -> PlanResult:
        from .loader import load_plan

        plan = load_plan(folder)
        errors = self.errors(plan) if self.errors is not None else 0
        unread = any(f.severity == "error" for f in plan.findings)
        return PlanResult(self.fn(plan), plan.display, errors, unread)


def map_plans(folders: list, fn: Callable[[Any], Any], errors: Callable[[Any], int] | None = None,
              jobs: int | None = None, parallel_min: int | None = None,
              progress: Progress | None = None) -> list[PlanResult]:
    """Load every plan folder and run ``fn(plan)`` on it, in worker processes for many plans; one
    :class:`PlanResult` per folder, in folder order. ``errors(plan)``, when given, counts the errors
    ``saa check`` reports for the plan (:func:`saa.check.error_counter`), in the worker too."""
    return map_items(list(folders), _PlanTask(fn, errors), jobs, parallel_min, progress)
