"""Run one submission's notebook under limits, so that nothing it does costs more than itself.

- Each cell has a time limit, and the whole submission a wall-clock limit.
- The kernel's memory is capped by the operating system: its allocations past the cap fail
  at once (``MemoryError``, XLA's ``RESOURCE_EXHAUSTED``), before a page is touched, and the
  cell is reported as out of memory. Its whole process tree is also watched, and killed past
  the cap (what a child process allocates counts too).
- Output past a per-cell cap is dropped.
- When a cell kills the kernel (``os._exit``, a segfault, the memory cap) or runs out of time,
  a fresh kernel replays the cells before it (answers only; test cells are not re-run) and the
  run goes on after it: the incident costs the question that cell belongs to, nothing else.

The kernel runs in the bubblewrap sandbox of :mod:`autograder.grader.sandbox` when it is available.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import nbformat
import psutil
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpec
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from autograder.grader import forks, notebook, sandbox
from autograder.grader.results import Incident
from autograder.kernel.check import MODE_ENV, RECORD

GiB = 2**30
MiB = 2**20
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error", "update_display_data")


@dataclass(frozen=True)
class Limits:
    cell_seconds: float = 120.0
    submission_seconds: float = 900.0
    memory_bytes: int = 2 * GiB
    output_bytes: int = 4 * MiB  # per cell
    max_restarts: int = 20


@dataclass(frozen=True)
class CompileCache:
    """XLA's persistent compilation cache, shared by the sandboxed kernels of a grading run.

    Most of a small submission's time goes to XLA compiling the many little programs that its
    test cells run eagerly (set 01: 212 of them); the solution's reference run compiles the same
    ones first. Only trusted runs write the cache (``writable``: the solution's reference run):
    a submission that could write could plant a program that another submission's test cells
    would then run. Submissions read it through a read-only mount of a folder they may search
    but not list (see :meth:`sealed`): a kernel finds an entry only by its key, a hash of the
    program it compiled itself, so it can load what it was about to compile anyway and cannot
    browse the solution's programs.
    """

    folder: Path
    writable: bool = False
    MOUNT: ClassVar[str] = "/xla-cache"  # where the kernel sees it

    def env(self) -> dict[str, str]:
        return {
            "JAX_COMPILATION_CACHE_DIR": self.MOUNT,
            "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "-1",  # every program, however small
            # A reader never tries to write (the mount would refuse, with a warning in its output).
            "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0" if self.writable else "1e9",
        }

    def mount(self) -> tuple[Path, str, bool]:
        """(host folder, path inside, writable) for :func:`sandbox.wrap`; makes the folder."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.writable:  # a grading run killed while sealed left it search-only
            os.chmod(self.folder, 0o700)
        return (self.folder, self.MOUNT, self.writable)

    @contextlib.contextmanager
    def sealed(self) -> Iterator[CompileCache]:
        """While inside, the folder is search-only (mode 0100): entries open by name, the folder
        cannot be listed, not even by its owner, whom the sandboxed kernels run as; and its mount
        is read-only, so they cannot change that mode. Yields the cache's read-only view."""
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o100)
        try:
            yield CompileCache(self.folder, writable=False)
        finally:
            os.chmod(self.folder, 0o700)


@dataclass(frozen=True)
class KernelSettings:
    """Everything one kernel run is started with, in one place: its limits, the test cells'
    mode, the sandbox, its cores, XLA's compile cache and XLA's flags (which are not a limit)."""

    limits: Limits = Limits()
    mode: str = RECORD
    sandboxed: bool | None = None  # None: wherever bubblewrap can build one
    cpus: str = ""  # e.g. "1": pin the kernel to these cores (taskset), when grading in parallel
    cache: CompileCache | None = None
    # How XLA compiles (the solution's kernel and every submission's alike). Empty: as a
    # learner's own notebook compiles, so that a check that passes at home passes here. Faster
    # flags exist ("--xla_backend_optimization_level=0" cut a set-01 run's CPU time by about a
    # quarter) but round differently: a right answer that ended an Adam fit 0.55 % from the
    # target at home ended it 2.3 % away under them, and failed a 2 % check.
    xla_flags: str = ""
    # Fork each kernel from a warm server (sandboxed runs only); see autograder.grader.forks.
    fork_servers: forks.ForkServers | None = dataclasses.field(default=None, compare=False)

    def resolved(self) -> KernelSettings:
        """These settings with ``sandboxed`` decided."""
        if self.sandboxed is not None:
            return self
        return dataclasses.replace(self, sandboxed=sandbox.available())


@dataclass
class RunResult:
    notebook: nbformat.NotebookNode
    incidents: list[Incident] = field(default_factory=list)
    seconds: float = 0.0
    restarts: int = 0


def describe_bytes(n: int) -> str:
    return f"{n / GiB:g} GiB" if n >= GiB else f"{n / MiB:g} MiB"


def kernel_argv(memory_bytes: int) -> list[str]:
    """ipykernel, started by the grader's own interpreter with its data segment (the heap and
    every private mapping: NumPy's and XLA's buffers) capped at ``memory_bytes`` by the kernel.

    A 50 ms watchdog alone lets a fast allocation overshoot the cap before it looks; under the
    rlimit the allocation itself fails, and the kernel lives on to run the next cells."""
    launch = (
        "import resource, runpy, sys; "
        f"resource.setrlimit(resource.RLIMIT_DATA, ({memory_bytes}, {memory_bytes})); "
        "sys.argv[0] = 'ipykernel_launcher'; "
        "runpy.run_module('ipykernel_launcher', run_name='__main__', alter_sys=True)"
    )
    return [sys.executable, "-c", launch, "-f", "{connection_file}"]


# What a kernel's failed allocation raises: NumPy's and Python's, and XLA's (JaxRuntimeError,
# XlaRuntimeError on older JAX).
OUT_OF_MEMORY = ("MemoryError",)
XLA_OUT_OF_MEMORY = "RESOURCE_EXHAUSTED"


def ran_out_of_memory(cell) -> bool:
    """Whether the cell stopped on a failed allocation."""
    for out in notebook.error_outputs(cell):
        if out.get("ename") in OUT_OF_MEMORY:
            return True
        if out.get("ename", "").endswith("RuntimeError") and XLA_OUT_OF_MEMORY in out.get(
            "evalue", ""
        ):
            return True
    return False


class _KernelManager(AsyncKernelManager):
    """A python kernel of the grader's own interpreter, optionally inside the sandbox."""

    def __init__(
        self,
        scratch: Path,
        env: dict[str, str],
        sandboxed: bool,
        memory_bytes: int,
        mounts: list[tuple[Path, str, bool]],
        server: forks.ForkServer | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self._scratch, self._env, self._sandboxed = scratch, env, sandboxed
        self._mounts = mounts
        self._kernel_spec = KernelSpec(
            argv=kernel_argv(memory_bytes),
            display_name="Python 3 (graded)",
            language="python",
            interrupt_mode="message",
        )
        if server is not None:
            self.kernel_id = str(uuid.uuid4())
            fork = forks.ForkProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self._kernel_spec, parent=self
            )
            fork.server, fork.scratch, fork.kernel_env = server, scratch, env
            fork.memory_bytes = memory_bytes
            self.provisioner = fork

    cpus: str = ""  # e.g. "1": pin the kernel to these cores (taskset), when grading in parallel

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.cpus and shutil.which("taskset"):
            cmd = ["taskset", "-c", self.cpus, *cmd]
        if not self._sandboxed:
            return cmd
        return sandbox.wrap(cmd, self._scratch, self._env, self._mounts)


class _GuardedClient(NotebookClient):
    """nbclient with a cap on how much output one cell may produce."""

    def __init__(self, *args, output_limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.output_limit = output_limit
        self.output_used: dict[int, int] = {}
        self.output_cut: set[int] = set()

    def process_message(self, msg, cell, cell_index):
        if msg.get("msg_type") in OUTPUT_TYPES:
            size = len(json.dumps(msg.get("content", {}), default=str))
            used = self.output_used.get(cell_index, 0) + size
            self.output_used[cell_index] = used
            if used > self.output_limit:
                if cell_index not in self.output_cut:
                    self.output_cut.add(cell_index)
                    limit = describe_bytes(self.output_limit)
                    note = f"[the grader dropped this cell's output past {limit}]"
                    cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=note))
                return None
        return super().process_message(msg, cell, cell_index)


def kernel_extras(settings: KernelSettings) -> tuple[dict[str, str], list]:
    """What ``settings`` add to a kernel's environment, and the mounts it needs (the compile
    cache only when sandboxed: unsandboxed, a kernel could write it)."""
    extra = {MODE_ENV: settings.mode}
    mounts = []
    if settings.cache is not None and settings.sandboxed:
        extra |= settings.cache.env()
        mounts.append(settings.cache.mount())
    if settings.xla_flags:
        extra["XLA_FLAGS"] = settings.xla_flags
    if settings.cpus:  # one core each: keep BLAS and OpenMP from starting a thread per core
        threads = str(len(settings.cpus.split(",")))
        extra |= {
            k: threads for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
        }
    return extra, mounts


@contextlib.contextmanager
def forking(settings: KernelSettings, preload: Sequence[str] = ()) -> Iterator[KernelSettings]:
    """``settings`` with kernels forked from warm servers (one per worker's cores) while inside,
    where they are sandboxed; as they are elsewhere. The servers import ``preload`` too (the
    modules the set's notebooks import)."""
    settings = settings.resolved()
    if not settings.sandboxed or forks.problem() is not None:
        yield settings
        return

    def env_for(cpus: str) -> dict[str, str]:
        extra, _ = kernel_extras(dataclasses.replace(settings, cpus=cpus))
        return sandbox.kernel_env(pool.folder / "server", extra)

    _, mounts = kernel_extras(settings)
    with forks.servers(env_for, mounts, preload) as pool:
        yield dataclasses.replace(settings, fork_servers=pool)


def _fresh_kernel_folder(folder: Path) -> None:
    """The folder of a kernel's connection file and sockets, made anew for each kernel: the one
    before it was writable by a submission's code, which could have left a link there for the
    grader to write through."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700)


class _Session:
    """One kernel, its client and its memory watchdog."""

    def __init__(self, nb, scratch: Path, settings: KernelSettings):
        limits, sandboxed = settings.limits, bool(settings.sandboxed)
        self.limits = limits
        self.memory_exceeded = False
        extra, mounts = kernel_extras(settings)
        env = sandbox.kernel_env(scratch, extra)
        _fresh_kernel_folder(scratch / ".kernel")
        server = None
        if settings.fork_servers is not None and sandboxed:
            server = settings.fork_servers.get(settings.cpus)
        self.km = _KernelManager(
            scratch,
            env,
            sandboxed,
            limits.memory_bytes,
            mounts,
            server,
            transport="ipc",
            ip=str(scratch / ".kernel" / "k"),
        )
        self.km.cpus = settings.cpus
        self.km.connection_file = str(scratch / ".kernel" / "connection.json")
        self.client = _GuardedClient(
            nb,
            km=self.km,
            timeout=int(limits.cell_seconds),
            allow_errors=True,
            interrupt_on_timeout=False,
            output_limit=limits.output_bytes,
            resources={"metadata": {"path": str(scratch)}},
            startup_timeout=120,
            shutdown_kernel="immediate",  # no shutdown request to wait on: the kernel is killed
        )
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}  # no console chatter
        # cleanup_kc: nbclient leaves a manager it was handed (and its client's channels, their
        # heartbeat thread and ZeroMQ contexts) alone unless told; each kernel would then cost the
        # grader a thread and about 15 descriptors for good, and a long run would run out.
        self._context = self.client.setup_kernel(
            env=env, cwd=str(scratch), cleanup_kc=True, **quiet
        )
        self._context.__enter__()
        self._stop = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, daemon=True)
        self._watchdog.start()

    def _processes(self) -> list[psutil.Process]:
        proc = getattr(self.km.provisioner, "process", None)
        if proc is None or proc.poll() is not None:  # gone: its process ID may be another's
            return []
        try:
            root = psutil.Process(proc.pid)
            return [root, *root.children(recursive=True)]
        except psutil.Error:
            return []

    # The watchdog reads the tree's memory every TICK seconds, and walks the process table to
    # find the tree (psutil reads every process's /proc entry: the watchdog's main cost, 0.35 s of
    # CPU per 8 s kernel when done every tick) every WALK_EVERY ticks. A process started between
    # two walks is counted within 0.25 s; until then the RLIMIT_DATA it inherits caps it alone.
    TICK, WALK_EVERY = 0.05, 5

    def _watch(self) -> None:
        procs: list[psutil.Process] = []
        tick = 0
        while not self._stop.wait(self.TICK):
            if tick % self.WALK_EVERY == 0 or not procs:
                procs = self._processes()
            tick += 1
            rss = 0
            for p in procs:
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            if rss > self.limits.memory_bytes:
                self.memory_exceeded = True
                for p in reversed(self._processes() or procs):
                    try:
                        p.kill()
                    except psutil.Error:
                        pass
                return

    def execute(self, cell, index: int, timeout: float) -> None:
        self.client.timeout = max(1, int(timeout))
        self.client.execute_cell(cell, index)

    def close(self) -> None:
        self._stop.set()
        try:
            self._context.__exit__(None, None, None)
        except Exception:  # noqa: BLE001 - a dead kernel may not shut down cleanly
            pass
        for p in self._processes():
            try:
                p.kill()
            except psutil.Error:
                pass


def _incident_output(incident: Incident):
    return nbformat.v4.new_output(
        "error", ename="GraderLimit", evalue=incident.message, traceback=[incident.message]
    )


def run(
    nb: nbformat.NotebookNode, files: Path | None, settings: KernelSettings = KernelSettings()
) -> RunResult:
    """Execute a copy of ``nb`` in a fresh scratch folder holding a copy of ``files``, as
    ``settings`` say (XLA's compile cache only when sandboxed)."""
    settings = settings.resolved()
    limits = settings.limits
    nb = nbformat.from_dict(copy.deepcopy(nb))
    for cell in nb.cells:
        notebook.clear_outputs(cell)
    result = RunResult(nb)
    started = time.monotonic()
    deadline = started + limits.submission_seconds
    folder = settings.fork_servers.folder if settings.fork_servers is not None else None
    with tempfile.TemporaryDirectory(prefix="kit-grade-", dir=folder) as tmp:
        scratch = Path(tmp) / "work"
        if files is not None:
            shutil.copytree(files, scratch, ignore=shutil.ignore_patterns("*.ipynb", ".*"))
        scratch.mkdir(exist_ok=True)
        sandbox.prepare_scratch(scratch)
        _run_cells(nb, scratch, settings, deadline, result)
    result.seconds = time.monotonic() - started
    return result


@dataclass
class _Pass:
    """Where one kernel's pass over the notebook got to."""

    done: int  # position in `code` of the next cell to run for real
    current: int | None = None  # the cell running, or last run
    replaying: bool = False  # whether it was an earlier answer, replayed after a restart
    cut_by_deadline: bool = False  # whether its timeout was the submission's deadline


def _run_cells(nb, scratch, settings: KernelSettings, deadline, result: RunResult) -> None:
    limits = settings.limits
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    skip: set[int] = set()
    next_index = 0  # position in `code` of the next cell to run for real
    used_up = f"not run: the submission used up its {limits.submission_seconds:g} s"
    while next_index < len(code):
        if result.restarts > limits.max_restarts:
            too_often = "not run: the kernel was restarted too often"
            _stop_all(nb, code[next_index:], result, "deadline", too_often)
            return
        session, state = None, _Pass(done=next_index)
        try:
            session = _Session(nb, scratch, settings)
            _one_pass(session, nb, code, skip, deadline, result, state)
            next_index = state.done
        except _DeadlineError:
            _stop_all(nb, code[state.done :], result, "deadline", used_up)
            return
        except (CellTimeoutError, DeadKernelError, RuntimeError, TimeoutError) as err:
            next_index = state.done
            if state.current is None:  # the kernel did not even start
                crash = f"the kernel could not start: {err}"
                _stop_all(nb, code[next_index:], result, "crash", crash)
                return
            timed_out = isinstance(err, CellTimeoutError | TimeoutError)
            if timed_out and state.cut_by_deadline and state.replaying:
                # The deadline ran out while earlier answers were replayed: they had finished
                # before, so no incident of theirs; what was still to run is not run.
                _stop_all(nb, code[next_index:], result, "deadline", used_up)
                return
            memory = session is not None and session.memory_exceeded
            kind, message = _what_happened(limits, memory, timed_out, state.cut_by_deadline)
            incident = Incident(state.current, kind, message)
            result.incidents.append(incident)
            nb.cells[state.current].outputs.append(_incident_output(incident))
            after = code.index(state.current) + 1
            if kind == "timeout" and state.cut_by_deadline:  # no time is left for the rest
                _stop_all(nb, code[after:], result, "deadline", used_up)
                return
            skip.add(state.current)
            next_index = max(next_index, after)
            result.restarts += 1
        finally:
            if session is not None:
                session.close()
                _note_output_cuts(session, session.limits, result)


def _one_pass(session: _Session, nb, code, skip, deadline, result: RunResult, state: _Pass) -> None:
    """In a fresh kernel: replay the answers before ``state.done`` (outputs discarded), then run
    the rest. A failure propagates, with ``state`` saying where it happened."""
    limits = session.limits
    state.replaying = True
    for i in code[: state.done]:
        if i in skip or notebook.is_test_cell(nb.cells[i]):
            continue
        state.current = i
        timeout, state.cut_by_deadline = _timeout(deadline, limits)
        session.execute(copy.deepcopy(nb.cells[i]), i, timeout)
    state.replaying = False
    for position in range(state.done, len(code)):
        i = state.current = code[position]
        timeout, state.cut_by_deadline = _timeout(deadline, limits)
        session.execute(nb.cells[i], i, timeout)
        if ran_out_of_memory(nb.cells[i]):
            message = f"exceeded {describe_bytes(limits.memory_bytes)} of memory"
            result.incidents.append(Incident(i, "memory", message))
        state.done = position + 1


def _what_happened(
    limits: Limits, memory: bool, timed_out: bool, cut_by_deadline: bool
) -> tuple[str, str]:
    """The incident's kind and its message, naming the limit that was hit."""
    if memory:
        return "memory", f"exceeded {describe_bytes(limits.memory_bytes)} of memory"
    if timed_out and cut_by_deadline:
        return "timeout", f"stopped when the submission's {limits.submission_seconds:g} s ran out"
    if timed_out:
        return "timeout", f"exceeded the {limits.cell_seconds:g} s limit per cell"
    return "crash", "the kernel died (the code crashed or exited the process)"


def _note_output_cuts(session: _Session, limits: Limits, result: RunResult) -> None:
    noted = {(i.cell, i.kind) for i in result.incidents}
    for i in sorted(session.client.output_cut):
        if (i, "output") not in noted:
            message = (
                f"printed more than {describe_bytes(limits.output_bytes)}; the rest was dropped"
            )
            result.incidents.append(Incident(i, "output", message))


class _DeadlineError(Exception):
    pass


def _timeout(deadline: float, limits: Limits) -> tuple[float, bool]:
    """The next cell's time limit, and whether it is the submission's deadline rather than the
    per-cell limit; raises _DeadlineError when no time is left."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _DeadlineError
    return min(limits.cell_seconds, left), left < limits.cell_seconds


def _stop_all(nb, indices, result: RunResult, kind: str, message: str) -> None:
    for i in indices:
        incident = Incident(i, kind, message)
        result.incidents.append(incident)
        nb.cells[i].outputs.append(_incident_output(incident))
