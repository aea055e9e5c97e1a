"""Kernels forked from a warm, sandboxed server instead of started from nothing.

A fresh kernel pays about 1.2 s of CPU before a submission's first line runs (Python, ipykernel
and ``import jax``); on a 2-core machine grading is CPU-bound, so that is a fifth of a small
submission's cost. A :class:`ForkServer` (one per grading worker) imports all that once inside
bubblewrap, then forks each submission's kernel from it, shut into namespaces of its own
(:mod:`autograder.grader.zygote`): still one fresh process per submission, nothing shared
between submissions but the read-only system, and no other submission's scratch folder in sight.

The grader talks to the kernel as to any other: :class:`ForkProvisioner` is a jupyter_client
provisioner whose process is the forked kernel, watched and signalled through a pidfd.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

from autograder.grader import sandbox
from autograder.grader.errors import GraderSetupError

SERVER = "import sys, autograder.grader.zygote as z; z.main(sys.argv[1:])"
# Modules that read the home or working folder when imported (matplotlib finds its config and
# cache folders then): imported in the server, they would remember the server's, not the kernel's.
NOT_PRELOADED = ("matplotlib", "seaborn", "__main__")
PROBE = "import sys, autograder.grader.zygote as z; z.probe(sys.argv[1])"
PER_SUBMISSION = ("HOME",)  # what differs between two kernels of the same server's environment


@functools.cache
def problem() -> str | None:
    """None where kernels can be forked in their own namespaces here (bubblewrap works, and user
    namespaces nest inside it); else why not. Where not, ``grade`` starts each kernel afresh."""
    if sandbox.problem() is not None:
        return sandbox.problem()
    if not hasattr(os, "pidfd_open") or not hasattr(os, "unshare"):
        return "this Python has no os.unshare or os.pidfd_open (Python 3.12 on Linux 5.3 or later)"
    with tempfile.TemporaryDirectory(prefix="kit-forks-") as folder:
        scratch = Path(folder) / "probe"
        scratch.mkdir()
        command = [sys.executable, "-c", PROBE, str(scratch)]
        env = sandbox.kernel_env(scratch, {})
        try:
            done = subprocess.run(
                sandbox.wrap_server(command, Path(folder), env, []),
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError) as err:
            return f"the fork server's sandbox could not start: {err}"
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        return f"a kernel's own namespaces cannot be built in the sandbox here ({said[0]})"
    return None


class ForkServer:
    """One sandboxed server, forking kernels for one worker (one request at a time).

    ``folder`` holds every scratch folder the server's kernels will use (the server sees it
    writable; each kernel sees only its own); ``env`` is the kernels' environment less what
    differs per submission; ``mounts`` as for :func:`sandbox.wrap`; ``preload``: modules the
    set's notebooks import, imported once in the server too (those that import)."""

    def __init__(
        self,
        folder: Path,
        env: dict[str, str],
        mounts: list[tuple[Path, str, bool]],
        cpus: str = "",
        preload: Sequence[str] = (),
    ):
        self.folder, self.env, self.cpus = folder, dict(env), cpus
        keep = [m for m in preload if m.split(".")[0] not in NOT_PRELOADED]
        command = [sys.executable, "-c", SERVER, *keep]
        if cpus and shutil.which("taskset"):
            command = ["taskset", "-c", cpus, *command]
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            sandbox.wrap_server(command, folder, env, mounts),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self._ready = False

    def _reply(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            code = self._process.poll()
            raise GraderSetupError(f"the kernels' fork server ended (exit status {code})")
        return json.loads(line)

    def launch(self, scratch: Path, connection_file: str, env: dict[str, str], memory: int) -> int:
        """Fork a kernel for ``scratch`` (a folder under :attr:`folder`); its process ID."""
        different = {k for k in set(env) | set(self.env) if env.get(k) != self.env.get(k)}
        if different - set(PER_SUBMISSION):
            raise ValueError(f"a kernel's environment differs from its server's: {different}")
        request = {
            "scratch": str(scratch),
            "connection_file": connection_file,
            "env": env,
            "memory_bytes": memory,
        }
        with self._lock:
            assert self._process.stdin is not None
            if not self._ready:
                self._reply()  # {"ready": pid}: the imports are done
                self._ready = True
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            answer = self._reply()
        if "error" in answer:
            raise RuntimeError(f"the fork server could not start a kernel: {answer['error']}")
        return int(answer["pid"])

    def alive(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


class ForkServers:
    """A fork server per worker's cores, started when first asked for, all closed on exit."""

    def __init__(self, env_for, mounts: list[tuple[Path, str, bool]], preload: Sequence[str] = ()):
        self._env_for, self._mounts, self._preload = env_for, mounts, tuple(preload)
        self._servers: dict[str, ForkServer] = {}
        self._lock = threading.Lock()
        self.folder = Path(tempfile.mkdtemp(prefix="kit-forks-"))
        os.chmod(self.folder, 0o700)

    def get(self, cpus: str) -> ForkServer:
        with self._lock:
            if cpus not in self._servers or not self._servers[cpus].alive():
                env = self._env_for(cpus)
                self._servers[cpus] = ForkServer(
                    self.folder, env, self._mounts, cpus, self._preload
                )
            return self._servers[cpus]

    def close(self) -> None:
        with self._lock:
            for server in self._servers.values():
                server.close()
            self._servers.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def servers(env_for, mounts, preload: Sequence[str] = ()) -> Iterator[ForkServers]:
    pool = ForkServers(env_for, mounts, preload)
    try:
        yield pool
    finally:
        pool.close()


def _is_pid_one(pid: int) -> bool:
    """Whether process ``pid`` is PID 1 of its own namespace (as a forked kernel is)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("NSpid:"):
            ids = line.split()[1:]
            return len(ids) > 1 and ids[-1] == "1"
    return False


class _Forked:
    """The forked kernel, for jupyter_client, as if it were a ``subprocess.Popen``: not our child,
    so it is watched and signalled through a pidfd (no mistaking a reused process ID)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            self._fd, self.returncode = None, -signal.SIGKILL
            return
        if not _is_pid_one(pid):  # it ended before the pidfd was open: the ID is another's now
            os.close(self._fd)
            self._fd, self.returncode = None, -signal.SIGKILL

    def poll(self) -> int | None:
        if self.returncode is None and self._fd is not None:
            watch = select.poll()  # not select.select: the descriptor may be past 1024
            watch.register(self._fd, select.POLLIN)
            if watch.poll(0):
                self.returncode = -signal.SIGKILL  # not our child: its status is not ours to read
                os.close(self._fd)
                self._fd = None
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None and self._fd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._fd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel forked by a :class:`ForkServer`
    instead of started from the kernel spec's command line."""

    server: ForkServer | None = None
    scratch: Path = Path()
    kernel_env: dict[str, str] = {}  # the whole environment, as the sandbox's --clearenv gives
    memory_bytes: int = 0

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        """Fork the kernel; where the server cannot, start it as ``cmd`` says (a kernel of its
        own in the sandbox), so that a fault of the server never costs a submission."""
        assert self.server is not None
        connection_file = self.parent.connection_file  # type: ignore[union-attr]
        try:
            pid = self.server.launch(
                self.scratch, connection_file, self.kernel_env, self.memory_bytes
            )
        except (GraderSetupError, RuntimeError, OSError, ValueError):
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)  # type: ignore[assignment]
        self.pid = pid
        self.pgid = None  # signals go to the kernel, PID 1 of its namespace, and end it all
        return self.connection_info
