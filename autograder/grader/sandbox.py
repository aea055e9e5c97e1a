"""The submission's kernel in a bubblewrap sandbox: its scratch folder and nothing else.

Inside, the kernel sees the operating system and the Python installation read-only, the kit's own
packages read-only (test cells import :mod:`autograder`), and one writable scratch folder holding
the submission's own files. It does not see the course directory (solutions, hidden tests, other
submissions, the gradebook), has no network, no capabilities, and dies with the grader.
Where bubblewrap is missing or cannot run, :func:`problem` says why, and ``grade`` refuses to run
submissions (exit status 2) unless the instructor accepts the risk with ``--unsandboxed``; the
instructor's own trusted runs (validate, the solution's reference run) may run unsandboxed and
say so.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import autograder

SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# What programs need from /etc; /etc itself may hold secrets (shadow, keys) and stays hidden.
ETC_FILES = (
    "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group", "nsswitch.conf",
    "hosts", "fonts", "ssl", "alternatives", "mime.types", "matplotlibrc",
)  # fmt: skip
UNSANDBOXED_WARNING = (
    "WARNING: grading UNSANDBOXED (--unsandboxed): submission code runs with your rights, can read "
    "the course folder, write files and use the network. Install bubblewrap (Debian/Ubuntu: "
    "sudo apt-get install bubblewrap) to grade untrusted submissions."
)
INSTALL = (
    "sudo apt-get install bubblewrap (Fedora: sudo dnf install bubblewrap; "
    "Arch: sudo pacman -S bubblewrap)"
)


@functools.cache
def problem() -> str | None:
    """None where bubblewrap is installed and can build a sandbox on this machine; else why not."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed"
    probe = [bwrap, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "--", "true"]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as err:
        return f"bubblewrap is installed but could not run: {err}"
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        return (
            f"bubblewrap is installed but cannot build a sandbox here ({said[0]}; user namespaces "
            "may be disabled, as in some containers)"
        )
    return None


def available() -> bool:
    """Whether bubblewrap is installed and can build a sandbox on this machine."""
    return problem() is None


def refusal(assignment: str) -> str:
    """Why ``grade`` will not run submissions here, the one line that fixes it, and the flag
    that accepts the risk."""
    return (
        f"refusing to grade {assignment}: no sandbox can be built on this machine: {problem()}. "
        "Without one, every submission would run as you, with your files and your network. "
        f"Fix: {INSTALL}, then run this again. To grade anyway, accepting that risk: "
        f"python -m autograder grade {assignment} --unsandboxed"
    )


def status_line() -> str:
    """One line for ``make install``: will grading on this machine be sandboxed?"""
    if available():
        return "grading: sandboxed (bubblewrap works on this machine)"
    return (
        f"grading: NO SANDBOX on this machine ({problem()}): `python -m autograder grade` will "
        f"refuse to run submissions until you install it ({INSTALL}), or you pass --unsandboxed"
    )


def readable_paths() -> list[Path]:
    """Host paths the kernel needs to read: the system, Python, and the kit's packages."""
    paths = [Path(p) for p in SYSTEM_DIRS]
    paths += [Path("/etc") / name for name in ETC_FILES]
    paths += [Path(sys.base_prefix), Path(sys.prefix)]
    kit = Path(autograder.__file__).resolve().parent
    paths += [kit, kit.parent / "jaxcourse"]
    seen, out = set(), []
    for path in paths:
        if path.exists() and path not in seen:
            seen.add(path)
            out.append(path)
    return out


def kernel_env(scratch: Path, extra: dict[str, str]) -> dict[str, str]:
    """The whole environment of the submission's kernel: nothing of the grader's leaks in."""
    env = {
        "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(scratch / "home"),
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(extra)
    return env


def wrap(
    command: list[str],
    scratch: Path,
    env: dict[str, str],
    mounts: Sequence[tuple[Path, str, bool]] = (),
) -> list[str]:
    """``command`` run inside a sandbox whose only writable place is ``scratch`` (and those of
    ``mounts``: (host folder, path inside, writable) that are writable)."""
    # /proc read-only: where the grader runs as root, a kernel is root outside too (with no
    # capability), and could otherwise write sysctls (core_pattern: a program run as root on the
    # host) and SysRq, which check the user, not a capability. (bubblewrap covers /proc/sys only
    # where it can write it, which is not the case as root.)
    args = ["bwrap", "--tmpfs", "/tmp", "--dev", "/dev", "--proc", "/proc", "--remount-ro", "/proc"]
    for path in readable_paths():
        args += ["--ro-bind", str(path), str(path)]
    for host, inside, writable in mounts:
        args += ["--bind" if writable else "--ro-bind", str(host), inside]
    args += ["--bind", str(scratch), str(scratch), "--chdir", str(scratch)]
    args += ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    args += ["--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    return [*args, "--", *command]


def wrap_server(
    command: list[str], folder: Path, env: dict[str, str], mounts: Sequence[tuple[Path, str, bool]]
) -> list[str]:
    """``command`` run as a fork server (:mod:`autograder.grader.forks`): the sandbox of
    :func:`wrap`, with ``folder`` (every scratch folder) writable, but in the grader's process
    namespace and its /proc, so that the kernels it forks, each of which shuts itself into
    namespaces of its own (a PID one included, with its own /proc), have process IDs the grader
    can watch."""
    args = ["bwrap", "--tmpfs", "/tmp", "--dev", "/dev", "--bind", "/proc", "/proc"]
    for path in readable_paths():
        args += ["--ro-bind", str(path), str(path)]
    for host, inside, writable in mounts:
        args += ["--bind" if writable else "--ro-bind", str(host), inside]
    args += ["--bind", str(folder), str(folder), "--chdir", str(folder)]
    args += ["--unshare-user", "--unshare-ipc", "--unshare-net", "--unshare-uts"]
    # Capabilities stay (within its own user namespace): mapping a user in the kernels' namespaces
    # needs them where the grader runs as root. Each kernel drops them all before it starts.
    args += ["--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    return [*args, "--", *command]


def prepare_scratch(scratch: Path) -> None:
    (scratch / "home").mkdir(parents=True, exist_ok=True)
    os.chmod(scratch, 0o700)
