"""``validate``: prove an exercise set is sound before learners see it.

For every notebook of a set: the solution passes every test (run as the reference, and again as
if a learner had submitted it, which also proves its records are reproducible); the released
blank notebook, graded with the hidden tests put back, fails every autograded question; and the
test cells follow the kit's rules (see :func:`lint`). Every run goes through the grader's own
runner, sandbox, limits and compile cache, so a set that validates grades the same way.
"""

from __future__ import annotations

import ast
import dataclasses
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.grader import notebook, runner, verdict
from autograder.grader.course import ROOT, Course
from autograder.kernel.check import RECORD, REFERENCE, Question

CHECKS = {name for name in vars(Question) if not name.startswith("_")}


@dataclass
class Row:
    question: str
    max_points: float
    solution: float
    blank: float


@dataclass
class Report:
    assignment: str
    rows: list[Row] = field(default_factory=list)
    manual_points: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def table(self) -> str:
        lines = [
            f"{self.assignment}",
            f"  {'question':<34}{'points':>8}{'solution':>10}{'blank':>8}",
        ]
        for r in self.rows:
            lines.append(f"  {r.question:<34}{r.max_points:>8g}{r.solution:>10g}{r.blank:>8g}")
        total = sum(r.max_points for r in self.rows)
        lines.append(
            f"  {'autograded total':<34}{total:>8g}{sum(r.solution for r in self.rows):>10g}"
            f"{sum(r.blank for r in self.rows):>8g}"
        )
        if self.manual_points:
            lines.append(f"  {'manually graded (not run here)':<34}{self.manual_points:>8g}")
        lines += [f"  PROBLEM: {p}" for p in self.problems]
        lines.append(f"  {'OK' if self.ok else 'FAILED'}")
        return "\n".join(lines)


def _calls(tree: ast.AST, names: set[str]):
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in names
        ):
            yield node


def _trailing_expression(source: str, where: str) -> list[str]:
    """nbgrader counts a test cell's trailing *number* as a partial score and any other trailing
    value as a pass: a test cell must end with a statement or a check call (which returns None)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return []  # reported by the caller
    last = body[-1] if body else None
    if isinstance(last, ast.Expr) and not (
        isinstance(last.value, ast.Call)
        and isinstance(last.value.func, ast.Attribute)
        and last.value.func.attr in CHECKS
    ):
        return [f"{where}: ends with a bare expression; end with a check instead"]
    return []


def lint(nb, label: str) -> list[str]:
    """The kit's rules for test cells, checked on the source notebook."""
    problems = []
    ids = [notebook.grade_id(c) for c in nb.cells if notebook.nbgrader_meta(c).get("grade_id")]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        problems.append(f"{label}: grade ids used twice: {sorted(dupes)}")
    cells = notebook.test_cells(nb)
    if not cells:
        problems.append(f"{label}: no test cells")
    for cell in cells:
        gid = notebook.grade_id(cell)
        where = f"{label}, test cell {gid!r}"
        if notebook.points(cell) <= 0:
            problems.append(f"{where}: needs points")
        if f'question("{gid}")' not in cell.source:
            problems.append(f'{where}: must open question("{gid}") (the cell\'s grade id)')
        visible, hidden = notebook.split_hidden(cell.source)
        if not hidden.strip():
            problems.append(f"{where}: has no hidden tests")
        try:
            for call in _calls(ast.parse(visible), {"close", "equal"}):
                if len(call.args) < 3 and not any(k.arg == "expected" for k in call.keywords):
                    problems.append(
                        f"{where}: visible check on line {call.lineno} has no expected value"
                    )
            for call in _calls(ast.parse(textwrap.dedent(hidden)), {"close", "equal"}):
                if len(call.args) >= 3 or any(k.arg == "expected" for k in call.keywords):
                    problems.append(
                        f"{where}: hidden check on line {call.lineno} passes an expected value; "
                        "hidden checks take their reference from the solution's record"
                    )
        except SyntaxError as err:
            problems.append(f"{where}: {err}")
        problems += _trailing_expression(cell.source, where)
    for cell in nb.cells:
        if notebook.is_manual_cell(cell) and notebook.points(cell) <= 0:
            problems.append(
                f"{label}: manually graded cell {notebook.grade_id(cell)!r} needs points"
            )
    return problems


def _run(nb, mode: str, folder: Path, settings: runner.KernelSettings, cache: runner.CompileCache):
    """Run ``nb`` as the grader runs it: the guarded runner, sandboxed where bubblewrap is, and
    ``settings``, the ones ``grade`` will run the solution and the submissions with."""
    return runner.run(nb, folder, dataclasses.replace(settings, mode=mode, cache=cache)).notebook


def validate_notebook(
    name: str, assignment: str, root: Path, settings: runner.KernelSettings
) -> Report:
    course = Course(root)
    src_dir, rel_dir = course.source(assignment), course.released(assignment)
    label = f"{assignment}/{name}"
    report = Report(label)
    source = nbformat.read(src_dir / name, as_version=4)
    report.problems += lint(source, label)
    report.manual_points = sum(
        notebook.points(c) for c in source.cells if notebook.is_manual_cell(c)
    )
    if not (rel_dir / name).exists():
        missing = (rel_dir / name).relative_to(course.root)
        report.problems.append(f"{missing} is missing: run release")
        return report
    released = nbformat.read(rel_dir / name, as_version=4)
    blank = notebook.with_reference_tests(released, source)

    with tempfile.TemporaryDirectory(prefix="kit-validate-") as tmp:
        cache = runner.CompileCache(Path(tmp) / "xla-cache", writable=True)
        executed = _run(source, REFERENCE, src_dir, settings, cache)
        report.problems += [
            f"{label}: the solution raised in cell {i}: {e}" for i, e in notebook.errors(executed)
        ]
        for cell in notebook.test_cells(executed):
            if any(o.get("name") == "stderr" for o in cell.get("outputs", [])):
                report.problems.append(
                    f"{label}, test cell {notebook.grade_id(cell)!r}: writes to stderr, which "
                    "stock nbgrader counts as a failure (silence the warning at its source)"
                )
        try:
            reference = verdict.reference_records(executed)
        except verdict.BrokenReference as err:
            report.problems.append(f"{label}: {err}")
            return report
        with cache.sealed() as readonly, ThreadPoolExecutor(max_workers=2) as pool:
            as_submission = pool.submit(_run, source, RECORD, src_dir, settings, readonly)
            blank_run = pool.submit(_run, blank, RECORD, rel_dir, settings, readonly)
            solution_results = verdict.judge_notebook(reference, source, as_submission.result())
            blank_results = verdict.judge_notebook(reference, source, blank_run.result())
    for sol, blk in zip(solution_results, blank_results, strict=True):
        report.rows.append(Row(sol.question, sol.max_points, sol.points, blk.points))
        if not sol.passed:
            failed = [f"{c.name}: {'; '.join(c.problems)}" for c in sol.checks if not c.passed]
            report.problems.append(
                f"{sol.question}: the solution, graded as a submission, fails {failed}"
            )
        if blk.points:
            report.problems.append(f"{blk.question}: the blank notebook scores {blk.points:g}")
    return report


def validate(
    assignment: str, root: Path = ROOT, settings: runner.KernelSettings | None = None
) -> list[Report]:
    """Prove each notebook of the set sound, with ``settings``: grade's own by default, so that
    a solution that validates also runs as grade's reference."""
    settings = settings or runner.KernelSettings()
    names = sorted(p.name for p in Course(root).source(assignment).glob("*.ipynb"))
    return [validate_notebook(n, assignment, root, settings) for n in names]
