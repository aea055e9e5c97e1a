"""The guarded runner: what one submission does costs that submission's own cells, nothing more.

Every attack runs three times: in the bubblewrap sandbox (where the machine has it), in a
kernel forked from a warm sandboxed server (as ``grade`` runs submissions), and unsandboxed.
"""

import contextlib
import socket

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder.grader import forks, runner, sandbox
from autograder.grader.release import ROOT

MODES = ["sandboxed", "forked", "unsandboxed"]
SANDBOXED = ["sandboxed", "forked"]
ATTACKS = [
    "x = 1",
    "import os\nos._exit(3)",  # 1: kills the kernel
    "print('after the crash, x =', x)",
    "import time\ntime.sleep(600)",  # 3: never ends
    "print('after the timeout, x =', x)",
    "print('y' * 10_000_000)",  # 5: floods the output
    "import numpy as np\nhog = np.ones(3 * 2**30 // 8)",  # 6: 3 GiB
    "print('after the memory hog, x =', x)",
    "import ctypes\nctypes.string_at(0)",  # 8: segfault
    "print('after the segfault, x =', x)",
    "import jax.numpy as jnp\nbig = jnp.ones(3 * 2**30 // 4).block_until_ready()",  # 10: XLA's
    # 11: an allocation caught in the act. The operating system refuses it before a page is
    # touched: the kernel lives on and its peak memory never passed the cap. (A watchdog that
    # polls would have let it grow past the cap and then killed the kernel, with `x` lost.)
    "import resource\nimport numpy as np\ntry:\n    hog = np.ones(3 * 2**30 // 8)\n"
    "except MemoryError:\n    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
    "    print('refused at once; peak under the cap:', peak < 2**30, '; x =', x)",
]
# 10 s a cell: room for a JAX import and a compile at XLA's own optimisation level on a busy machine
LIMITS = runner.Limits(cell_seconds=10, memory_bytes=2**30, output_bytes=2**20)


def needs(mode):
    if mode != "unsandboxed" and not sandbox.available():
        pytest.skip("bubblewrap is not available on this machine; the unsandboxed run still runs")
    if mode == "forked" and forks.problem() is not None:
        pytest.skip(f"kernels cannot be forked here ({forks.problem()}); grade starts each afresh")


@contextlib.contextmanager
def kernels(how: str, **settings):
    """KernelSettings for ``mode``: a kernel of its own in a sandbox, one forked from a warm
    sandboxed server (while inside), or unsandboxed."""
    needs(how)
    plain = runner.KernelSettings(sandboxed=how != "unsandboxed", **settings)
    if how == "forked":
        with runner.forking(plain) as forked:
            assert forked.fork_servers is not None
            yield forked
    else:
        yield plain


def run(nb, files, how: str, **settings) -> runner.RunResult:
    with kernels(how, **settings) as chosen:
        return runner.run(nb, files, chosen)


@pytest.fixture(scope="module", params=MODES)
def attacked(request):
    nb = new_notebook(cells=[new_code_cell(src) for src in ATTACKS])
    return run(nb, None, request.param, limits=LIMITS, mode="self-check")


def texts(cell):
    """A cell's outputs as text; consecutive stream chunks (one print may arrive as several)
    joined."""
    out = []
    for o in cell.outputs:
        text = (
            o.get("text") if o.output_type == "stream" else f"{o.get('ename')}: {o.get('evalue')}"
        )
        if o.output_type == "stream" and out and out[-1][0] == "stream":
            out[-1] = ("stream", out[-1][1] + text)
        else:
            out.append((o.output_type, text))
    return [text for _, text in out]


def test_each_attack_is_reported_in_words_against_its_own_cell(attacked):
    found = {(i.cell, i.kind) for i in attacked.incidents}
    assert found == {
        (1, "crash"),
        (3, "timeout"),
        (5, "output"),
        (6, "memory"),
        (8, "crash"),
        (10, "memory"),
    }
    messages = {i.kind: i.message for i in attacked.incidents}
    assert messages["memory"] == "exceeded 1 GiB of memory"
    assert messages["timeout"] == "exceeded the 10 s limit per cell"
    assert "1 MiB" in messages["output"]


def test_the_cells_after_each_attack_still_run_with_the_state_before_it(attacked):
    cells = attacked.notebook.cells
    assert texts(cells[2]) == ["after the crash, x = 1\n"]
    assert texts(cells[4]) == ["after the timeout, x = 1\n"]
    assert texts(cells[7]) == ["after the memory hog, x = 1\n"]
    assert texts(cells[9]) == ["after the segfault, x = 1\n"]
    assert texts(cells[11]) == ["refused at once; peak under the cap: True ; x = 1\n"]
    assert texts(cells[1]) == [
        "GraderLimit: the kernel died (the code crashed or exited the process)"
    ]
    assert sum(len(t) for t in texts(cells[5])) < 2 * 2**20


def test_the_submission_deadline_stops_the_rest():
    nb = new_notebook(cells=[new_code_cell("import time\ntime.sleep(3)") for _ in range(4)])
    limits = runner.Limits(cell_seconds=60, submission_seconds=4)
    result = runner.run(
        nb, None, runner.KernelSettings(limits=limits, mode="self-check", sandboxed=False)
    )
    kinds = [i.kind for i in result.incidents]
    assert "deadline" in kinds and result.seconds < 30
    assert "used up its 4 s" in texts(result.notebook.cells[-1])[0]


def test_past_the_deadline_nothing_is_replayed_and_the_incident_names_the_deadline():
    """A cell cut short by the submission's deadline (not by its own limit) ends the run: the
    answers before it are not replayed with time that is already spent (cell 0 finished and
    must get no incident), and the message names the submission's limit, not the cell's."""
    cells = ["import time\ntime.sleep(2.5)"] + ["import time\ntime.sleep(10)"] * 3
    nb = new_notebook(cells=[new_code_cell(src) for src in cells])
    limits = runner.Limits(cell_seconds=60, submission_seconds=8)
    result = runner.run(
        nb, None, runner.KernelSettings(limits=limits, mode="self-check", sandboxed=False)
    )
    by_cell = {i.cell: (i.kind, i.message) for i in result.incidents}
    assert 0 not in by_cell  # it finished on the first pass
    assert by_cell[1] == ("timeout", "stopped when the submission's 8 s ran out")
    assert by_cell[2] == by_cell[3] == ("deadline", "not run: the submission used up its 8 s")
    assert result.restarts == 0
    assert len(result.incidents) == 3


def test_a_cell_over_its_own_limit_is_named_as_such_and_the_rest_still_runs():
    cells = ["x = 1", "import time\ntime.sleep(600)", "print('x is', x)"]
    nb = new_notebook(cells=[new_code_cell(src) for src in cells])
    limits = runner.Limits(cell_seconds=3, submission_seconds=120)
    result = runner.run(
        nb, None, runner.KernelSettings(limits=limits, mode="self-check", sandboxed=False)
    )
    assert [(i.cell, i.kind, i.message) for i in result.incidents] == [
        (1, "timeout", "exceeded the 3 s limit per cell")
    ]
    assert texts(result.notebook.cells[2]) == ["x is 1\n"]
    assert result.restarts == 1


CHILDREN = (
    "import subprocess, sys\n"
    "hog = 'import numpy as np, time; a = np.ones(600 * 2**20 // 8); time.sleep(120)'\n"
    "children = [subprocess.Popen([sys.executable, '-c', hog]) for _ in range(2)]\n"
    "for child in children:\n    child.wait()"
)


@pytest.mark.parametrize("how", MODES)
def test_memory_of_the_kernels_child_processes_counts_against_its_cap(how):
    """Two child processes of 600 MiB each stay under the 1 GiB that each inherits as its own
    data limit, but not together: the watchdog adds up the kernel's whole process tree, stops it,
    and the run goes on from the state before that cell."""
    cells = ["x = 1", CHILDREN, "print('after the children, x =', x)"]
    nb = new_notebook(cells=[new_code_cell(src) for src in cells])
    limits = runner.Limits(cell_seconds=60, memory_bytes=2**30)
    result = run(nb, None, how, limits=limits, mode="self-check")
    assert [(i.cell, i.kind, i.message) for i in result.incidents] == [
        (1, "memory", "exceeded 1 GiB of memory")
    ]
    assert texts(result.notebook.cells[2]) == ["after the children, x = 1\n"]
    assert result.seconds < 60  # stopped by the watchdog, not by the cell's time limit


@pytest.mark.parametrize("how", SANDBOXED)
def test_the_sandbox_hides_the_course_blocks_writes_and_the_network(how, tmp_path, monkeypatch):
    (tmp_path / "data.txt").write_text("the submission's own file")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"  # a folder of the grader's
    outside.mkdir()
    solutions, config = str(ROOT / "solutions"), str(ROOT / "nbgrader_config.py")
    port = _listening_port()
    probes = [
        f"import os\nprint(os.path.exists({solutions!r}), os.path.exists({config!r}))",
        "print(open('data.txt').read())",
        "open('mine.txt', 'w').write('ok'); print('scratch is writable')",
        "import autograder\ntry:\n    open(autograder.__file__, 'a')\nexcept OSError as e:\n"
        "    print('kit read-only:', e.errno)",
        f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
        "except OSError as e:\n    print('network blocked')",
        "print(os.path.exists('/etc/shadow'), os.environ.get('AUTOGRADER_MODE'))",
        "print(os.environ.get('XLA_FLAGS'), 'HOME' in os.environ, 'GRADER_SECRET' in os.environ)",
        # Where the grader runs as root, the kernel is root outside too: sysctls (core_pattern
        # runs a program as root on the host) check the user, not a capability.
        "try:\n    open('/proc/sys/kernel/core_pattern', 'w')\nexcept OSError as e:\n"
        "    print('sysctls read-only:', e.errno)",
        # A link left where the grader writes the next kernel's connection file: not followed.
        f"import os\nos.rename('.kernel', 'moved')\nos.symlink({str(outside)!r}, '.kernel')\n"
        "os._exit(1)",
        "print(os.path.islink('.kernel'))",
    ]
    nb = new_notebook(cells=[new_code_cell(src) for src in probes])
    monkeypatch.setenv("GRADER_SECRET", "the grader's environment")
    result = run(
        nb,
        tmp_path,
        how,
        limits=runner.Limits(cell_seconds=30),
        mode="record",
        xla_flags="--xla_backend_optimization_level=1",
    )
    out = [texts(c) for c in result.notebook.cells]
    assert out[0] == ["False False\n"]
    assert out[1] == ["the submission's own file\n"]
    assert out[2] == ["scratch is writable\n"]
    assert out[3] == ["kit read-only: 30\n"]
    assert out[4] == ["network blocked\n"]
    assert out[5] == ["False record\n"]
    assert out[6] == ["--xla_backend_optimization_level=1 True False\n"]
    assert out[7] == ["sysctls read-only: 30\n"]
    assert out[9] == ["False\n"]
    assert not any(outside.iterdir())  # nothing written through the link
    assert not (tmp_path / "mine.txt").exists()  # the scratch folder is a copy


_server = None


def _listening_port() -> int:
    """A port the grader's machine listens on, which a sandboxed kernel must not reach."""
    global _server
    if _server is None:
        _server = socket.socket()
        _server.bind(("127.0.0.1", 0))
        _server.listen()
    return _server.getsockname()[1]


HITS = (
    "import jax, jax.numpy as jnp\nevents = []\n"
    "jax.monitoring.register_event_listener(lambda event, **kw: events.append(event))\n"
    "total = float(jnp.arange(7.0).sum())\n"
    "print(total, 'cache hit' if '/jax/compilation_cache/cache_hits' in events else 'compiled')"
)


@pytest.mark.parametrize("how", SANDBOXED)
def test_the_compile_cache_is_written_by_trusted_runs_and_only_searched_by_submissions(
    how, tmp_path
):
    needs(how)
    cache = runner.CompileCache(tmp_path / "xla-cache", writable=True)
    # The trusted run (the solution's reference run) compiles and writes.
    trusted = runner.KernelSettings(limits=LIMITS, sandboxed=True, cache=cache)
    first = runner.run(new_notebook(cells=[new_code_cell(HITS)]), None, trusted)
    assert texts(first.notebook.cells[0]) == ["21.0 compiled\n"]
    entries = {p.name: p.read_bytes() for p in cache.folder.iterdir()}
    assert entries
    name = sorted(entries)[0]
    mount = runner.CompileCache.MOUNT
    probes = [
        HITS,  # the same program: loaded, not compiled
        f"import os\ntry:\n    os.listdir({mount!r})\nexcept OSError as e:\n"
        "    print('cannot list:', e.errno)",
        f"try:\n    open({mount!r} + '/planted-cache', 'wb')\nexcept OSError as e:\n"
        "    print('cannot plant:', e.errno)",
        f"try:\n    open({mount!r} + '/' + {name!r}, 'r+b').write(b'evil')\nexcept OSError as e:\n"
        "    print('cannot overwrite:', e.errno)",
        f"try:\n    os.chmod({mount!r}, 0o700)\nexcept OSError as e:\n"
        "    print('cannot unseal:', e.errno)",
    ]
    nb = new_notebook(cells=[new_code_cell(src) for src in probes])
    with cache.sealed() as readonly:
        assert not readonly.writable
        result = run(nb, None, how, limits=LIMITS, cache=readonly)
    out = [texts(c) for c in result.notebook.cells]
    assert out == [
        ["21.0 cache hit\n"],
        ["cannot list: 13\n"],  # EACCES: searchable by key, not listable
        ["cannot plant: 30\n"],  # EROFS
        ["cannot overwrite: 30\n"],
        ["cannot unseal: 30\n"],
    ]
    assert {p.name: p.read_bytes() for p in cache.folder.iterdir()} == entries
    assert cache.folder.stat().st_mode & 0o777 == 0o700  # listable again by its owner


def test_an_unsandboxed_kernel_gets_no_compile_cache(tmp_path):
    # Unsandboxed, a kernel could write anywhere: it must not share programs with others.
    cache = runner.CompileCache(tmp_path / "xla-cache", writable=True)
    unsandboxed = runner.KernelSettings(limits=LIMITS, sandboxed=False, cache=cache)
    result = runner.run(new_notebook(cells=[new_code_cell(HITS)]), None, unsandboxed)
    assert texts(result.notebook.cells[0]) == ["21.0 compiled\n"]
    assert not cache.folder.exists() or not any(cache.folder.iterdir())


ISOLATION = [
    # Forked: the server's imports are there before the first line runs.
    "import sys\nprint('jax' in sys.modules)",
    # PID 1 of a namespace of its own: no other process in sight.
    "import os\nprint(os.getpid(), [p for p in os.listdir('/proc') if p.isdigit()])",
    # Of the scratch folders, its own only; /tmp and /dev/shm its own and empty.
    "here = os.path.dirname(os.getcwd())\n"
    "print(os.listdir(here), os.listdir(os.path.dirname(here)) == [os.path.basename(here)],"
    " os.listdir('/dev/shm'))\n"
    "_ = open('/dev/shm/note', 'w').write('from one learner')",
    # Its own loopback network, as bubblewrap gives; no capability, so no way to undo the
    # mounts that hide the others.
    "import socket\nwith socket.create_server(('127.0.0.1', 0)) as srv:\n"
    "    socket.create_connection(srv.getsockname()).close()\n"
    "print(open('/proc/self/status').read().split('CapEff:')[1].split()[0])\n"
    "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
    "print('unmount refused:', libc.umount2(b'/tmp', 2) != 0 and ctypes.get_errno())",
    # Its own draws: NumPy's global generator is not the server's, shared by every kernel.
    "import numpy as np\nprint(np.random.randint(2**62))",
    "for place in ('/x', '/dev/x', '/proc/sysrq-trigger', '/proc/sys/vm/drop_caches'):\n"
    "    try:\n        open(place, 'w')\n    except OSError as e:\n        print(place, e.errno)",
]


def test_forked_kernels_share_nothing_but_the_servers_imports(tmp_path):
    """Two submissions' kernels forked from one server (one worker): each is PID 1 of its own
    namespaces, sees only its own scratch folder, /tmp and /dev/shm, holds no capability, draws
    its own random numbers, and cannot write to the system's or the server's shared folders."""
    nb = new_notebook(cells=[new_code_cell(src) for src in ISOLATION])
    with kernels("forked", limits=LIMITS, mode="record") as settings:
        assert settings.fork_servers is not None
        (settings.fork_servers.folder / "kit-grade-another-learner" / "work").mkdir(parents=True)
        first, second = (runner.run(nb, None, settings) for _ in range(2))
        assert len(settings.fork_servers._servers) == 1
    for result in (first, second):
        out = [texts(c) for c in result.notebook.cells]
        assert not result.incidents
        assert out[0] == ["True\n"]
        assert out[1] == ["1 ['1']\n"]
        assert out[2] == ["['work'] True []\n"]
        assert out[3] == ["0000000000000000\nunmount refused: 1\n"]  # EPERM
        refused = dict(line.split() for line in out[5][0].splitlines())
        # EROFS, as in bubblewrap's own /proc, whoever the grader runs as (root can write a
        # sysctl without a capability); SysRq may not exist at all (ENOENT)
        assert refused.pop("/proc/sysrq-trigger") in ("2", "30")
        assert refused == {"/x": "30", "/dev/x": "30", "/proc/sys/vm/drop_caches": "30"}
    assert texts(first.notebook.cells[4]) != texts(second.notebook.cells[4])


def test_where_the_server_cannot_fork_a_kernel_starts_afresh_and_a_dead_server_is_replaced(
    monkeypatch,
):
    """A fault of the fork server never costs a submission: a failed fork falls back to a kernel
    of its own in the sandbox, and a server that died is started again for the next one."""
    nb = new_notebook(cells=[new_code_cell("import sys\nprint('jax' in sys.modules)")])
    with kernels("forked", limits=LIMITS, mode="record") as settings:
        assert settings.fork_servers is not None
        forked = runner.run(nb, None, settings)
        server = settings.fork_servers.get("")
        server._process.kill()
        server._process.wait()
        again = runner.run(nb, None, settings)
        assert settings.fork_servers.get("") is not server  # replaced
        with monkeypatch.context() as patch:

            def refuse(*args, **kwargs):
                raise RuntimeError("the fork server could not start a kernel: no")

            patch.setattr(forks.ForkServer, "launch", refuse)
            fresh = runner.run(nb, None, settings)
    assert [texts(r.notebook.cells[0]) for r in (forked, again, fresh)] == [
        ["True\n"],
        ["True\n"],
        ["False\n"],  # a kernel of its own: nothing imported before its first line
    ]
    assert not (forked.incidents or again.incidents or fresh.incidents)


def test_a_forked_kernel_finds_the_sets_imports_done_but_not_those_that_read_home():
    """The server imports the modules the set's notebooks import, so each kernel need not; a
    module that does not import is left to the kernel, and matplotlib (which remembers the home
    folder it was imported under) is not preloaded."""
    probe = "import sys\nprint([m in sys.modules for m in ('xml.dom.minidom', 'matplotlib')])"
    nb = new_notebook(cells=[new_code_cell(probe)])
    needs("forked")
    settings = runner.KernelSettings(limits=LIMITS, mode="record", sandboxed=True)
    preload = ["xml.dom.minidom", "no_such_module_anywhere", "matplotlib.pyplot"]
    with runner.forking(settings, preload) as forked:
        result = runner.run(nb, None, forked)
    assert not result.incidents
    assert texts(result.notebook.cells[0]) == ["[True, False]\n"]


def test_a_forked_kernel_is_watched_when_the_grader_has_many_files_open():
    """A long grading run holds many descriptors: a kernel's pidfd past 1024 still works (the
    watchdog and jupyter_client poll it)."""
    import os
    import resource

    needs("forked")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2048:
        pytest.skip(f"only {hard} descriptors allowed here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2048), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("print('x is', x)")])
        result = run(nb, None, "forked", limits=LIMITS, mode="record")
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert not result.incidents
    assert texts(result.notebook.cells[1]) == ["x is 1\n"]


@pytest.mark.parametrize("how", ["forked", "unsandboxed"])
def test_a_kernel_leaves_no_descriptor_or_thread_behind(how):
    """A grading run starts hundreds of kernels in one process: each must give back its
    descriptors (ZeroMQ contexts, sockets) and threads (the client's heartbeat), or a class of
    a few hundred runs the grader out of them (a soft limit of 1024 descriptors is common)."""
    import gc
    import os
    import threading

    nb = new_notebook(cells=[new_code_cell("x = 1")])
    seen = []
    with kernels(how, limits=LIMITS, mode="record") as settings:
        for _ in range(4):
            result = runner.run(nb, None, settings)
            assert not result.incidents
            gc.collect()
            seen.append((len(os.listdir("/proc/self/fd")), threading.active_count()))
    (fds, threads), last = seen[1], seen[-1]
    assert last[0] <= fds + 2 and last[1] <= threads, seen
