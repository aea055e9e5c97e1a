"""Stock ``nbgrader autograde`` against ``autograder grade``, on the same submissions, in one run.

    python -m autograder benchmark [SET] [-n 20] [--runs 1] [--mix learners|copies]

Makes a scratch course directory holding ``n`` submissions of the set, grades them with
nbgrader's own autograde (one kernel at a time, test cells judging in the submission's process),
then with the kit's grader (sandboxed kernels, one per core, verdicts outside), ``runs`` times,
each time from nothing (no gradebook, no compile cache).

The submissions are, by default, what learners write (``--mix learners``): each answer cell
holds, drawn at random per learner, one of the answers in the kit's answer bank
(``tests/answers/``: other right answers and the likely wrong ones), the solution's, or nothing.
Learners' own code compiles programs the solution never ran, so this is the honest workload.
``--mix copies`` grades copies of the solution (full, partial, blank), the cheapest case for the
kit's compile cache. Also measures one submission of each kind run plainly, top to bottom in a
fresh kernel, to give the kit's overhead beyond the notebook's own compute.
"""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.grader import grade, notebook, reference, runner, sandbox
from autograder.grader.course import Course
from autograder.grader.errors import GraderError
from autograder.grader.execute import execute


@dataclass
class Workload:
    """The set's source and released notebooks, and the submissions to grade."""

    assignment: str
    source: nbformat.NotebookNode
    released: nbformat.NotebookNode
    name: str  # the notebook's file name
    subs: dict[str, tuple[str, nbformat.NotebookNode]] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)  # right / wrong / blank answer cells
    # student: question: (the answer's label in the bank, whether it is right)
    labels: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)

    @classmethod
    def load(cls, assignment: str) -> Workload:
        kit = Course()
        found = sorted(kit.source(assignment).glob("*.ipynb"))
        if not found:
            sets = ", ".join(sorted(p.name for p in kit.source(assignment).parent.iterdir()))
            raise GraderError(f"no exercise set named {assignment!r}; the sets are: {sets}")
        path = found[0]
        source = nbformat.read(path, as_version=4)
        released = nbformat.read(kit.released(assignment) / path.name, as_version=4)
        return cls(assignment, source, released, path.name)

    def _copy(self, nb) -> nbformat.NotebookNode:
        return nbformat.from_dict(nbformat.reads(nbformat.writes(nb), as_version=4))

    def _solutions(self) -> dict[str, str]:
        return {
            notebook.grade_id(c): c.source
            for c in self.source.cells
            if c.cell_type == "code" and notebook.nbgrader_meta(c).get("solution")
        }

    def copies(self, n: int) -> None:
        """Copies of the solution: full, all but two answers, blank, in turn."""
        solutions = self._solutions()

        def filled(keep_blank: int):
            nb = self._copy(self.released)
            code = [c for c in nb.cells if notebook.grade_id(c) in solutions]
            for i, cell in enumerate(code):
                if i >= keep_blank:
                    cell.source = solutions[notebook.grade_id(cell)]
            return nb

        kinds = {"correct": filled(0), "partial": filled(2), "blank": self.released}
        names = list(kinds)
        self.subs = {f"student{i:02d}": (names[i % 3], kinds[names[i % 3]]) for i in range(n)}

    def learners(self, n: int, seed: int = 0) -> None:
        """Learners' own answers: per learner and answer cell, drawn at random, a blank (one in
        ten), else a right answer (two in three: the bank's other right ones or the solution's)
        or one of the bank's likely wrong ones."""
        bank = answer_bank(self.assignment)
        solutions = self._solutions()
        self.answers = {"right": 0, "wrong": 0, "blank": 0}
        for i in range(n):
            rng = random.Random(f"{self.assignment}:{seed}:{i}")
            nb, student = self._copy(self.released), f"learner{i:02d}"
            for cell in nb.cells:
                gid = notebook.grade_id(cell)
                if gid not in solutions:
                    continue
                variants = bank.get(gid, [])
                right = [(label, src) for label, src, ok in variants if ok]
                wrong = [(label, src) for label, src, ok in variants if not ok]
                draw = rng.random()
                if draw < 0.1:
                    kind, (label, src) = "blank", ("blank", None)
                elif draw < 0.7 or not wrong:
                    kind, (label, src) = "right", rng.choice([*right, ("solution", solutions[gid])])
                else:
                    kind, (label, src) = "wrong", rng.choice(wrong)
                if src is not None:
                    cell.source = src
                self.answers[kind] += 1
                answer = (label, kind == "right")
                self.labels.setdefault(student, {})[gid.removesuffix("-answer")] = answer
            self.subs[student] = ("learner", nb)

    def describe(self) -> str:
        if self.answers:
            a = self.answers
            return (
                f"learners' own answers from tests/answers: {a['right']} right, {a['wrong']} "
                f"wrong, {a['blank']} blank answer cells"
            )
        counts: dict[str, int] = {}
        for kind, _ in self.subs.values():
            counts[kind] = counts.get(kind, 0) + 1
        return "copies of the solution: " + ", ".join(f"{v} {k}" for k, v in counts.items())


def answer_bank(assignment: str) -> dict[str, list[tuple[str, str, bool]]]:
    """The kit's answer bank for the set (``tests/answers/set_NN_name.py``), {} without one."""
    path = Course().root / "tests" / "answers" / f"set_{assignment.replace('-', '_')}.py"
    if not path.exists():
        return {}
    spec = importlib.util.spec_from_file_location(f"_bank_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ANSWERS


def _course(root: Path, work: Workload) -> None:
    """A throwaway copy of the kit's course: the set, its configuration, the submissions."""
    kit = Course()
    root.mkdir(parents=True)
    shutil.copy(kit.root / "nbgrader_config.py", root)
    course = Course(root)
    shutil.copytree(kit.source(work.assignment), course.source(work.assignment))
    shutil.copytree(kit.released(work.assignment), course.released(work.assignment))
    for student, (_, nb) in work.subs.items():
        folder = course.submitted(student, work.assignment)
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / work.name)


def _allow_stock_autograde(root: Path) -> None:
    """The course's nbgrader_config.py makes stock autograde refuse to run submissions (it runs
    them unsandboxed). This benchmark measures exactly that on its own generated submissions, so
    in its throwaway copy of the course it puts nbgrader's default preprocessors back."""
    from nbgrader.converters.autograde import Autograde

    names = [f"{p.__module__}.{p.__name__}" for p in Autograde().autograde_preprocessors]
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Autograde.autograde_preprocessors = {names!r}\n")


def _scores(root: Path, assignment: str, students) -> dict[str, dict[str, float]]:
    """Each student's autograded score per graded cell, in the course's nbgrader gradebook."""
    from nbgrader.api import Gradebook

    course = Course(root)
    with Gradebook(course.db_url, course.course_id) as gb:
        return {
            s: {
                g.name: g.auto_score or 0.0
                for nb in gb.find_submission(assignment, s).notebooks
                for g in nb.grades
            }
            for s in students
        }


def _differences(work: Workload, stock: dict, kit: dict) -> tuple[list[str], list[str]]:
    """Where the kit's score for a question differs from stock's, with the answer given:
    (stock wrong: it gave points to an answer the bank says is wrong, which the kit's hidden
    checks caught; the others, unexplained)."""
    stock_wrong: list[str] = []
    other: list[str] = []
    for student in work.subs:
        for gid, score in stock[student].items():
            ours = kit[student].get(gid)
            if ours == score:
                continue
            label, right = work.labels.get(student, {}).get(gid, ("?", None))
            line = f"{student} {gid} ({label}): stock {score:g}, kit {ours:g}"
            (stock_wrong if right is False and ours < score else other).append(line)
    return stock_wrong, other


def _stock(root: Path, work: Workload) -> tuple[float, dict[str, dict[str, float]]]:
    """Stock nbgrader: generate_assignment (registers the set), then autograde; (s, scores)."""
    _course(root, work)
    _allow_stock_autograde(root)
    env = dict(
        os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    )
    env.pop("AUTOGRADER_MODE", None)
    nbgrader = [sys.executable, "-m", "nbgrader"]
    release = f"--CourseDirectory.release_directory={root / 'release'}"
    start = time.monotonic()
    subprocess.run(
        [
            *nbgrader,
            "generate_assignment",
            work.assignment,
            "--force",
            "--log-level=ERROR",
            release,
        ],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [*nbgrader, "autograde", work.assignment, "--force", "--log-level=ERROR"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - start
    if done.returncode != 0:
        raise RuntimeError(f"stock autograde failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds, _scores(root, work.assignment, work.subs)


def _kit(root: Path, work: Workload, stats: dict) -> tuple[float, dict[str, dict[str, float]]]:
    """The kit's grader, from the same state as stock's (a course folder, no gradebook)."""
    _course(root, work)
    start = time.monotonic()
    grade.grade(  # its own generated submissions: a trusted run
        work.assignment, root=root, log=lambda line: None, stats=stats, unsandboxed=True
    )
    return time.monotonic() - start, _scores(root, work.assignment, work.subs)


def _overheads(root: Path, work: Workload, tmp: Path) -> dict[str, tuple[float, float]]:
    """One submission of each kind, alone: (plain run top to bottom, the kit's run)."""
    settings = runner.KernelSettings()
    refs = reference.references(work.assignment, root, settings.resolved())
    out = {}
    for kind in ("correct", "partial", "blank"):
        student = next((s for s, (k, _) in work.subs.items() if k == kind), None)
        if student is None:
            continue
        folder = Course(root).submitted(student, work.assignment)
        nb = nbformat.read(folder / work.name, as_version=4)
        t0 = time.monotonic()
        execute(notebook.with_reference_tests(nb, work.source), "record", tmp)
        plain = time.monotonic() - t0
        t0 = time.monotonic()
        grade.grade_one(folder, refs, settings)
        out[kind] = (plain, time.monotonic() - t0)
    return out


def _spread(values: list[float], digits: int = 1) -> str:
    """The mean, ± the standard deviation where there are several values."""
    if len(values) < 2:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def _print_overheads(overheads: dict[str, tuple[float, float]], record: float) -> None:
    print("one submission alone, idle machine (no compile cache):")
    head = f"{'kind':<10}{'plain run':>11}{'kit run':>10}{'overhead':>10}"
    print(f"{head}   (+ gradebook {record:.2f} s each)")
    worst = max(kit - plain + record for plain, kit in overheads.values())
    for kind, (plain, kit) in overheads.items():
        print(f"{kind:<10}{plain:>10.2f}s{kit:>9.2f}s{kit - plain:>9.2f}s")
    print(
        f"per-submission overhead beyond the notebook's compute: {worst:.2f} s (GUIDE.md: <= 0.5 s)"
    )


def _print_table(work: Workload, stock_s: list[float], kit_s: list[float]) -> None:
    n, runs = len(work.subs), len(kit_s)
    workers = os.cpu_count() or 1  # grade's default
    mode = "sandboxed" if sandbox.available() else "UNSANDBOXED"
    print(f"{n} submissions of {work.assignment}: {work.describe()}")
    print(f"{os.cpu_count()} cores, kit {mode}, {runs} run(s) (mean ± sd)")
    print(f"{'grader':<44}{'total (s)':>14}{'per submission':>17}")
    for label, times in (
        ("nbgrader autograde (stock, sequential)", stock_s),
        (f"autograder grade ({workers} workers)", kit_s),
    ):
        print(f"{label:<44}{_spread(times):>14}{statistics.mean(times) / n:>16.2f}s")
    ratios = [s / k for s, k in zip(stock_s, kit_s, strict=True)]
    each = ", ".join(f"{x:.2f}x" for x in ratios)
    print(f"speed-up: {_spread(ratios, 2)}x (runs: {each})")


def main(
    assignment: str = "01-accelerated-numpy", n: int = 20, runs: int = 1, mix: str = "learners"
) -> int:
    work = Workload.load(assignment)
    if mix == "learners":
        work.learners(n)
    else:
        work.copies(n)
    stock_s: list[float] = []
    kit_s: list[float] = []
    stock_wrong: set[str] = set()
    differ: set[str] = set()
    stats: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        for r in range(runs):
            seconds, stock_scores = _stock(Path(tmp) / f"stock{r}", work)
            stock_s.append(seconds)
            seconds, kit_scores = _kit(Path(tmp) / f"kit{r}", work, stats)
            kit_s.append(seconds)
            wrong, other = _differences(work, stock_scores, kit_scores)
            stock_wrong |= set(wrong)
            differ |= set(other)
            ratio = stock_s[-1] / kit_s[-1]
            print(f"run {r + 1}: stock {stock_s[-1]:.1f} s, kit {kit_s[-1]:.1f} s, {ratio:.2f}x")
        overheads = {} if mix == "learners" else _overheads(Path(tmp) / "kit0", work, Path(tmp))
    _print_table(work, stock_s, kit_s)
    if stock_wrong:
        print(
            "stock nbgrader gave points to wrong answers that the kit's hidden checks catch (in a "
            "learner's kernel a hidden check has no reference to compare with, so it passes):"
        )
        for line in sorted(stock_wrong):
            print(f"  {line}")
    if differ:
        print("VERDICTS DIFFER from stock nbgrader's where stock is not wrong:")
        for line in sorted(differ):
            print(f"  {line}")
    else:
        others = " other" if stock_wrong else ""
        print(f"verdicts: every{others} score equals stock nbgrader's")
    if overheads:
        _print_overheads(overheads, statistics.mean(stats.get("record_seconds", [0.0])))
    return 1 if differ else 0
