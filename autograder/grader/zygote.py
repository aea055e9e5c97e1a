"""The fork server's own side: a sandboxed process that has imported ipykernel, JAX and the
test-cell API once, and forks one fresh kernel per submission from that state.

It runs inside bubblewrap (see :mod:`autograder.grader.forks`, which starts it and talks to it)
and reads one request per line on stdin, a JSON object: the submission's scratch folder, its
connection file, its whole environment and its memory cap. For each it forks a child that
shuts itself into namespaces of its own (user, mount, PID, network, IPC, UTS): a fresh ``/tmp``,
``/dev/shm`` and ``/proc``, the system read-only, and of the scratch folders only its own. Its
child, PID 1 of the new namespace, drops every capability, caps its data segment, takes the
submission's environment and starts ipykernel on the connection file. The server answers with
that kernel's process ID, as the grader sees it, on stdout.

So each submission still gets a process of its own that no other submission's code has run in,
and nothing one kernel writes reaches another: what the fork saves is starting Python, importing
JAX and ipykernel (about 1.1 s of CPU per submission on a 2-core machine).

This module runs in the sandbox and imports only the standard library at the top.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import signal
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, ST_RELATIME = 1024, 2048, 1 << 21, 4096
PR_SET_PDEATHSIG, PR_CAPBSET_DROP = 1, 24
SIOCSIFFLAGS, IFF_UP, IFF_LOOPBACK, IFF_RUNNING = 0x8914, 0x1, 0x8, 0x40
CAP_LAST = 63  # PR_CAPBSET_DROP of a capability the kernel does not know fails (EINVAL): ignored
LINUX_CAPABILITY_VERSION_3 = 0x20080522
SYS_CAPSET_BY_MACHINE = {"x86_64": 126, "aarch64": 91}

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = ""):
    _check(
        _libc.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _prctl(option: int, arg: int) -> int:
    return _libc.prctl(option, ctypes.c_ulong(arg), 0, 0, 0)


def _drop_capabilities() -> None:
    """No capability left, in the bounding set nor in any set of this process."""
    for cap in range(CAP_LAST + 1):
        _prctl(PR_CAPBSET_DROP, cap)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [(name, ctypes.c_uint32) for name in ("effective", "permitted", "inheritable")]

    header, data = Header(LINUX_CAPABILITY_VERSION_3, 0), (Data * 2)()
    number = SYS_CAPSET_BY_MACHINE[os.uname().machine]
    _check(_libc.syscall(number, ctypes.byref(header), ctypes.byref(data)), "capset")


def _shut_in(scratch: str, size: int) -> None:
    """Namespaces of this process's own; of the folders that were writable, its scratch only.
    Its /tmp and /dev/shm hold at most ``size`` bytes each (files there are memory)."""
    uid, gid = os.getuid(), os.getgid()
    os.unshare(
        CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    )
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")
    _loopback_up()
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    # The server's /tmp holds every submission's scratch folder: a fresh one hides them all. What
    # else was mounted under it (the kit or Python, where they live under /tmp) is put back, as
    # it was, and of the scratch folders, this submission's own. (Descriptors opened in this
    # mount namespace, before the fresh /tmp hides their paths.)
    keep = [(path, os.open(path, os.O_PATH), os.statvfs(path).f_flag) for path in _kept(scratch)]
    folder = os.open(scratch, os.O_PATH | os.O_DIRECTORY)
    _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,size={size}")
    for path, fd, flags in keep:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(path, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "a").close()
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        os.close(fd)
        if flags & MS_RDONLY:
            _remount_read_only(path)
    os.makedirs(scratch, exist_ok=True)
    _mount(f"/proc/self/fd/{folder}", scratch, None, MS_BIND | MS_REC)
    os.close(folder)
    _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,size={size}")
    # Its own pseudo-terminals: the server's devpts would be shared by every kernel it forks.
    _mount(
        "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620"
    )
    # What the server's sandbox left writable and shared (its root, /dev): read-only here.
    _remount_read_only("/dev")
    _remount_read_only("/")


def _kept(scratch: str) -> list[str]:
    """The outermost mount points under /tmp, but for the one that holds the scratch folders."""
    points = []
    with open("/proc/self/mountinfo") as mounts:
        for line in mounts:
            # mountinfo writes space, tab, newline and backslash as octal escapes (\040 ...)
            path = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), line.split()[4])
            if path.startswith("/tmp/"):
                points.append(path)
    scratches = max((p for p in points if scratch.startswith(p + "/")), key=len, default=None)
    outer = [
        p
        for p in points
        if p != scratches
        and not (scratches and p.startswith(scratches + "/"))
        and not any(p.startswith(q + "/") for q in points if q != p)
    ]
    return sorted(set(outer))


def _loopback_up() -> None:
    """The new network namespace's loopback interface up (as bubblewrap brings it up): 127.0.0.1
    works inside, and nothing reaches outside."""
    import fcntl
    import socket
    import struct

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH", b"lo", IFF_UP | IFF_LOOPBACK | IFF_RUNNING)
        fcntl.ioctl(sock, SIOCSIFFLAGS, request)


def _remount_read_only(path: str) -> None:
    """``path``'s mount read-only, keeping the flags it has (a mount inherited from another user
    namespace cannot lose them)."""
    have = os.statvfs(path).f_flag
    keep = have & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME)
    if have & ST_RELATIME:
        keep |= MS_RELATIME
    _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | keep)


def _kernel(request: dict) -> None:
    """In PID 1 of the submission's namespaces: become its kernel (never returns)."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    # Read-only, as sandbox.wrap has it: where the grader runs as root, the kernel is root
    # outside too, and sysctls and SysRq check the user, not a capability.
    _remount_read_only("/proc")
    os.setsid()
    _drop_capabilities()
    cap = int(request["memory_bytes"])
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["scratch"])
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    if "numpy.random" in sys.modules:  # its global generator was seeded once, in the server
        sys.modules["numpy.random"].seed()
    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
    os._exit(0)


def _child(request: dict, report: int) -> None:
    """Between the server and the kernel: shuts itself in, forks the kernel, says its process
    ID on ``report`` and waits for it (never returns)."""
    try:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1):  # the server's requests and replies are not this process's
            os.dup2(null, fd)
        os.close(null)
        _shut_in(request["scratch"], int(request["memory_bytes"]))
        pid = os.fork()
        if pid == 0:
            try:
                os.close(report)
                _kernel(request)
            finally:
                os._exit(70)
        os.write(report, json.dumps({"pid": pid}).encode())
        os.close(report)
        _, status = os.waitpid(pid, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    except BaseException as err:  # noqa: BLE001 - said to the grader, then this process ends
        try:
            import traceback

            said = "".join(traceback.format_exception(err)[-3:])
            os.write(report, json.dumps({"error": said}).encode())
        finally:
            os._exit(71)


def _serve_one(request: dict) -> dict:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(request, write)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 4096):
        chunks.append(chunk)
    os.close(read)
    if not chunks:
        return {"error": "the kernel's process ended before it started"}
    return json.loads(b"".join(chunks))


def probe(scratch: str) -> None:
    """Exit status 0 where a kernel's namespaces can be built here (as :func:`_child` and
    :func:`_kernel` build them, without starting a kernel); else 1, with the reason on stderr."""
    pid = os.fork()
    if pid == 0:
        try:
            _shut_in(scratch, 2**30)
            inner = os.fork()
            if inner == 0:
                try:
                    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
                    _drop_capabilities()
                    os._exit(0 if os.getpid() == 1 and os.listdir(scratch) == [] else 3)
                except BaseException as err:  # noqa: BLE001 - said, then this process ends
                    print(f"{type(err).__name__}: {err}", file=sys.stderr)
                    os._exit(1)
            _, status = os.waitpid(inner, 0)
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
        except BaseException as err:  # noqa: BLE001
            print(f"{type(err).__name__}: {err}", file=sys.stderr)
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))


def main(preload: list[str]) -> None:
    """Import what every kernel imports (and the modules of ``preload`` that import), say so,
    then serve requests until stdin closes."""
    requests, replies = sys.stdin, sys.stdout
    sys.stdout = sys.stderr  # nothing an import prints may reach the replies
    import importlib

    import ipykernel.debugger  # noqa: F401 - debugpy: 0.16 s of each kernel's start otherwise
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import jax  # noqa: F401
    import jax.numpy  # noqa: F401
    import numpy  # noqa: F401

    import autograder.kernel.check  # noqa: F401

    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - the kernel will import it, or fail, itself
            continue

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the children are reaped by the system
    replies.write(json.dumps({"ready": os.getpid()}) + "\n")
    replies.flush()
    for line in requests:
        if not line.strip():
            continue
        try:
            answer = _serve_one(json.loads(line))
        except Exception as err:  # noqa: BLE001 - one bad request does not stop the server
            answer = {"error": f"{type(err).__name__}: {err}"}
        replies.write(json.dumps(answer) + "\n")
        replies.flush()
