"""Run a notebook as a learner's own Jupyter runs it, in a chosen test-cell mode.

There are two executors on purpose. :func:`autograder.grader.runner.run` is the grader's: a
sandbox, limits on time, memory and output, replay after a crash. This one is the learner's side:
the course's own kernel, no sandbox and no limits, exactly what a learner who presses "Run all"
gets. The tests use it to check what a learner sees (the self-check mode's messages), and the
benchmark uses it to time a notebook run plainly, the baseline for the grader's overhead."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode
from traitlets.config import Config

from autograder.kernel.check import MODE_ENV, MODES


def execute(nb: NotebookNode, mode: str, cwd: Path, timeout: int = 300) -> NotebookNode:
    """Execute a copy of ``nb`` in folder ``cwd`` with the test cells in ``mode``; return it.

    Errors do not stop the run (``allow_errors``): a cell that raises is recorded as such and
    the next cell runs, so one broken answer does not hide the others.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    nb = nbformat.from_dict(nb)
    env = dict(os.environ)
    env[MODE_ENV] = mode
    env.setdefault("PYTHONHASHSEED", "0")
    # Unix sockets in a folder of their own, not TCP ports: kernels started at the same moment
    # (test workers, threads) cannot race for a port ("Address already in use"). Set through the
    # client's config, not by handing it a kernel manager: nbclient shuts down only the kernels
    # of managers it made itself, and a leaked kernel per run adds up to gigabytes.
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(sockets, "k")
        client = NotebookClient(
            nb,
            config=config,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(cwd)}},
        )
        client.execute(env=env, cwd=str(cwd))
    return nb
