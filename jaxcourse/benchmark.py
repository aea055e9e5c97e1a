"""Time every notebook top to bottom against the budgets of GUIDE.md.

Each notebook runs as a learner runs it: a fresh kernel, every cell in order, test cells in
self-check mode. The time includes starting the kernel. Budgets: 60 s a notebook (120 s for the
neural ODE and diffusion notebooks), 15 minutes for the whole kit.
"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from jaxcourse.notebooks import ROOT

LONG = ("neural-ode", "diffusion")
BUDGET_S, LONG_BUDGET_S, TOTAL_BUDGET_S = 60.0, 120.0, 900.0


def budget(path: Path) -> float:
    return LONG_BUDGET_S if any(word in path.stem for word in LONG) else BUDGET_S


def targets(root: Path = ROOT) -> list[Path]:
    return sorted(root.glob("course/*.ipynb")) + sorted(root.glob("solutions/*/*.ipynb"))


def run_once(path: Path) -> tuple[float, int]:
    """Seconds to execute ``path`` in a fresh kernel, and how many cells raised."""
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        shutil.copytree(path.parent, work, ignore=shutil.ignore_patterns("*.ipynb"))
        env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_MODE"}
        client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True)
        start = time.perf_counter()
        client.execute(cwd=str(work), env=env)
        seconds = time.perf_counter() - start
    expected_errors = sum(
        1
        for c in nb.cells
        if c.cell_type == "code" and "raises-exception" in c.metadata.get("tags", [])
    )
    errors = sum(
        1
        for c in nb.cells
        if c.cell_type == "code" and any(o.output_type == "error" for o in c.get("outputs", []))
    )
    return seconds, errors - expected_errors


def main(paths: list[Path] | None = None) -> int:
    paths = paths or targets()
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}")
    width = max([len("all notebooks"), *(len(p.relative_to(ROOT).as_posix()) for p in paths)]) + 2
    header = f"{'notebook':<{width}}{'seconds':>9}{'budget':>8}  verdict"
    print(header)
    print("-" * len(header))
    total, ok = 0.0, True
    for path in paths:
        seconds, unexpected = run_once(path)
        total += seconds
        within = seconds <= budget(path) and unexpected == 0
        ok &= within
        verdict = "ok" if within else ("ERRORS" if unexpected else "OVER BUDGET")
        rel = path.relative_to(ROOT).as_posix()
        print(f"{rel:<{width}}{seconds:>9.1f}{budget(path):>8.0f}  {verdict}", flush=True)
    ok &= total <= TOTAL_BUDGET_S
    print("-" * len(header))
    verdict = "ok" if ok else "NOT OK"
    print(f"{'all notebooks':<{width}}{total:>9.1f}{TOTAL_BUDGET_S:>8.0f}  {verdict}")
    return 0 if ok else 1
