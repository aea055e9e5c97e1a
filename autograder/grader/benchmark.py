"""Stock ``nbgrader autograde`` against ``autograder grade``, on the same submissions, in one run.

    python -m autograder benchmark [SET] [-n 20]

Makes a scratch course directory holding ``n`` submissions of the set (correct, partially
correct and blank, in turn), grades them with nbgrader's own autograde (one kernel at a time,
test cells judging in the submission's process), then with the kit's grader (sandboxed kernels,
one per core, verdicts outside, XLA told not to optimise the grading programs). Also measures
each kind of submission run plainly, top to bottom in a fresh kernel with the same XLA flags, to
give the kit's overhead beyond the notebook's own compute.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.grader import grade, notebook, reference, runner, sandbox
from autograder.grader.course import Course
from autograder.grader.execute import execute


def _submissions(source, released, n: int) -> dict[str, tuple[str, nbformat.NotebookNode]]:
    answers = {
        notebook.grade_id(c): c.source
        for c in source.cells
        if notebook.nbgrader_meta(c).get("solution")
    }

    def filled(keep_blank: int):
        nb = nbformat.from_dict(nbformat.reads(nbformat.writes(released), as_version=4))
        code_answers = [
            c for c in nb.cells if notebook.grade_id(c) in answers and c.cell_type == "code"
        ]
        for i, cell in enumerate(code_answers):
            if i >= keep_blank:
                cell.source = answers[notebook.grade_id(cell)]
        return nb

    kinds = {"correct": filled(0), "partial": filled(2), "blank": released}
    names = list(kinds)
    return {f"student{i:02d}": (names[i % 3], kinds[names[i % 3]]) for i in range(n)}


def _course(root: Path, assignment: str, subs) -> None:
    """A throwaway copy of the kit's course: the set, its configuration, the submissions."""
    kit = Course()
    root.mkdir(parents=True)
    shutil.copy(kit.root / "nbgrader_config.py", root)
    course = Course(root)
    shutil.copytree(kit.source(assignment), course.source(assignment))
    shutil.copytree(kit.released(assignment), course.released(assignment))
    for student, (_, nb) in subs.items():
        folder = course.submitted(student, assignment)
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{assignment}.ipynb")


def _allow_stock_autograde(root: Path) -> None:
    """The course's nbgrader_config.py makes stock autograde refuse to run submissions (it runs
    them unsandboxed). This benchmark measures exactly that on its own generated submissions, so
    in its throwaway copy of the course it puts nbgrader's default preprocessors back."""
    from nbgrader.converters.autograde import Autograde

    names = [f"{p.__module__}.{p.__name__}" for p in Autograde().autograde_preprocessors]
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Autograde.autograde_preprocessors = {names!r}\n")


def _scores(root: Path, assignment: str, students) -> dict[str, float]:
    """Each student's autograded score in the course's nbgrader gradebook."""
    from nbgrader.api import Gradebook

    course = Course(root)
    with Gradebook(course.db_url, course.course_id) as gb:
        return {s: gb.find_submission(assignment, s).score for s in students}


@contextlib.contextmanager
def _xla_flags(flags: str):
    saved = os.environ.get("XLA_FLAGS")
    os.environ["XLA_FLAGS"] = flags
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("XLA_FLAGS", None)
        else:
            os.environ["XLA_FLAGS"] = saved


def main(assignment: str = "01-accelerated-numpy", n: int = 20) -> int:
    kit = Course()
    source_path = next(kit.source(assignment).glob("*.ipynb"))
    source = nbformat.read(source_path, as_version=4)
    released = nbformat.read(kit.released(assignment) / source_path.name, as_version=4)
    subs = _submissions(source, released, n)
    env = dict(
        os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    )
    env.pop("AUTOGRADER_MODE", None)
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        stock_root, kit_root = Path(tmp) / "stock", Path(tmp) / "kit"
        _course(stock_root, assignment, subs)
        _allow_stock_autograde(stock_root)
        _course(kit_root, assignment, subs)
        nbgrader = [sys.executable, "-m", "nbgrader"]
        # Both graders start from the same state (a course folder and its submissions, no
        # gradebook) and do the same setup: nbgrader's generate_assignment registers the set.
        start = time.monotonic()
        subprocess.run(
            [
                *nbgrader,
                "generate_assignment",
                assignment,
                "--force",
                "--log-level=ERROR",
                f"--CourseDirectory.release_directory={Path(tmp) / 'release'}",
            ],
            cwd=stock_root,
            env=env,
            check=True,
            capture_output=True,
        )
        stock = subprocess.run(
            [*nbgrader, "autograde", assignment, "--force", "--log-level=ERROR"],
            cwd=stock_root,
            env=env,
            capture_output=True,
            text=True,
        )
        stock_s = time.monotonic() - start
        if stock.returncode != 0:
            print(stock.stdout[-2000:], stock.stderr[-2000:])
            return 1

        stats: dict = {}
        start = time.monotonic()
        results = grade.grade(  # its own generated submissions: a trusted run
            assignment, root=kit_root, log=lambda line: None, stats=stats, unsandboxed=True
        )
        kit_s = time.monotonic() - start

        stock_scores = _scores(stock_root, assignment, subs)
        kit_scores = _scores(kit_root, assignment, subs)

        # Overhead beyond the notebook's own compute, one submission at a time on an idle
        # machine: the kit's run (prepare, sandbox, limits, records, verdict) against the same
        # notebook run plainly, top to bottom in a fresh kernel.
        refs = reference.references(assignment, kit_root, runner.KernelSettings().resolved())
        plain, alone = {}, {}
        for kind in ("correct", "partial", "blank"):
            student = next(s for s, (k, _) in subs.items() if k == kind)
            folder = Course(kit_root).submitted(student, assignment)
            nb = nbformat.read(folder / source_path.name, as_version=4)
            t0 = time.monotonic()
            with _xla_flags(runner.KernelSettings().xla_flags):  # as the kit's kernels compile
                execute(notebook.with_reference_tests(nb, source), "record", Path(tmp))
            plain[kind] = time.monotonic() - t0
            t0 = time.monotonic()
            grade.grade_one(folder, refs, runner.KernelSettings())
            alone[kind] = time.monotonic() - t0

    per_kind: dict[str, list[float]] = {}
    for student, (kind, _) in subs.items():
        per_kind.setdefault(kind, []).append(results[student].seconds)
    record = statistics.mean(stats.get("record_seconds", [0.0]))
    workers = os.cpu_count() or 1  # grade's default
    mix = ", ".join(f"{len(v)} {k}" for k, v in per_kind.items())
    mode = "sandboxed" if sandbox.available() else "UNSANDBOXED"
    print(f"{n} submissions of {assignment} ({mix}), {os.cpu_count()} cores, kit {mode}")
    print(f"{'grader':<44}{'total':>10}{'per submission':>17}")
    print(f"{'nbgrader autograde (stock, sequential)':<44}{stock_s:>9.1f}s{stock_s / n:>16.2f}s")
    print(f"{f'autograder grade ({workers} workers)':<44}{kit_s:>9.1f}s{kit_s / n:>16.2f}s")
    print(f"speed-up: {stock_s / kit_s:.2f}x (GUIDE.md's target: >= 3x)")
    differ = {s: (stock_scores[s], kit_scores[s]) for s in subs if stock_scores[s] != kit_scores[s]}
    if differ:
        print(f"VERDICTS DIFFER from stock nbgrader's (student: stock, kit): {differ}")
    else:
        print(f"verdicts: every score equals stock nbgrader's ({sorted(set(kit_scores.values()))})")
    flags = runner.KernelSettings().xla_flags or "XLA's defaults"
    print(f"(stock compiles with XLA's defaults, the kit's kernels with {flags})")
    print("one submission alone, idle machine (no compile cache):")
    head = f"{'kind':<10}{'plain run':>11}{'kit run':>10}{'overhead':>10}"
    print(f"{head}   (+ gradebook {record:.2f} s each)")
    overheads = []
    for kind in plain:
        over = alone[kind] - plain[kind]
        overheads.append(over + record)
        print(f"{kind:<10}{plain[kind]:>10.2f}s{alone[kind]:>9.2f}s{over:>9.2f}s")
    worst = max(overheads)
    print(
        f"per-submission overhead beyond the notebook's compute: {worst:.2f} s "
        "(GUIDE.md's target: <= 0.5 s)"
    )
    return 1 if differ else 0
