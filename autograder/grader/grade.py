"""``python -m autograder grade SET``: every submission of a set, into nbgrader's gradebook.

This module keeps the run order only: what to run, run it, judge it, log it.

1. A probe kernel, started as the submissions' are, checks the grader's own setup, and beside
   it the solution runs once per notebook as the reference (:mod:`~autograder.grader.reference`).
2. Submissions run in parallel, each in its own sandboxed kernel under limits
   (:mod:`~autograder.grader.runner`), reading that cache, and are judged here, outside them
   (:mod:`~autograder.grader.verdict`). Each result is written to
   ``.autograder/results/SET/STUDENT.json`` before anything else.
3. One process of its own writes the gradebook, through nbgrader's own autograde with the
   kit's verdicts in place of its execution (:mod:`~autograder.grader.gradebook`).

A run killed at any point loses nothing: on the next run, a submission whose files have not
changed and whose result is stored is not executed again, and one already in the gradebook is
skipped. Reports (:mod:`~autograder.grader.report`): ``reports/SET-scores.csv`` and, per
student, the autograded notebook that ``nbgrader generate_feedback`` turns into feedback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import queue
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.grader import (
    gradebook,
    notebook,
    reference,
    report,
    runner,
    sandbox,
    submission,
    verdict,
)
from autograder.grader.course import ROOT, Course
from autograder.grader.errors import GraderSetupError
from autograder.grader.results import (
    FORMAT,
    CheckResult,
    NotebookResult,
    QuestionResult,
    SubmissionResult,
    result_path,
)
from autograder.kernel.check import RECORD


def run_submission(
    folder: Path,
    sources: dict[str, nbformat.NotebookNode],
    settings: runner.KernelSettings,
    cpus: str = "",
) -> dict:
    """Prepare and execute every notebook of one submission folder (no verdict yet)."""
    runs = {}
    start = time.monotonic()
    for name, source in sources.items():
        prepared = submission.read(folder, name, source)
        run = None
        if prepared.notebook is not None and not prepared.fatal:
            run = runner.run(
                prepared.notebook, folder, dataclasses.replace(settings, mode=RECORD, cpus=cpus)
            )
        runs[name] = (prepared, run)
    return {"runs": runs, "seconds": time.monotonic() - start}


def judge_submission(
    executed: dict, refs: list[reference.Reference], sandboxed: bool
) -> SubmissionResult:
    """Verdicts for one executed submission."""
    result = SubmissionResult({}, sandboxed=sandboxed, seconds=executed["seconds"])
    for ref in refs:
        prepared, run = executed["runs"][ref.name]
        cells = {notebook.grade_id(c): c for c in notebook.test_cells(ref.source)}
        entry = NotebookResult(notices=prepared.notices, fatal=prepared.fatal, test_cells=cells)
        if prepared.fatal:
            for gid, records in ref.records.items():
                checks = [CheckResult(r["name"], False, [prepared.fatal]) for r in records]
                entry.questions.append(QuestionResult(gid, notebook.points(cells[gid]), checks))
        else:
            entry.incidents = run.incidents
            for q in verdict.judge_notebook(ref.records, ref.source, run.notebook):
                entry.questions.append(q)
            for inc in run.incidents:
                question = notebook.question_of(run.notebook.cells[inc.cell])
                for q in entry.questions:
                    if q.question == question:
                        q.incidents.append(inc.message)
        for q in entry.questions:
            visible = ref.visible_names.get(q.question, set())
            for c in q.checks:
                c.visible = c.name in visible
        result.notebooks[Path(ref.name).stem] = entry
    return result


def grade_one(
    folder: Path, refs: list[reference.Reference], settings: runner.KernelSettings
) -> SubmissionResult:
    """Execute and judge one submission folder, in this thread."""
    sources = {ref.name: ref.source for ref in refs}
    settings = settings.resolved()
    executed = run_submission(folder, sources, settings)
    return judge_submission(executed, refs, bool(settings.sandboxed))


class _Cores:
    """One core per worker (when there are several): kernels that each start a thread per core
    on a shared machine only slow each other down."""

    def __init__(self, workers: int):
        self._free: queue.Queue[str] = queue.Queue()
        for slot in range(workers):
            self._free.put(str(slot % (os.cpu_count() or 1)) if workers > 1 else "")

    def run(self, fn, *args, **kwargs):
        core = self._free.get()
        try:
            return fn(*args, cpus=core, **kwargs)
        finally:
            self._free.put(core)


def _to_run(root: Path, assignment: str, students, settings: runner.KernelSettings):
    """(results stored and still valid, {student: (folder, key)} to run)."""
    course = Course(root)
    source_key = reference.folder_digest(course.source(assignment)) + str(FORMAT)
    source_key += settings.xla_flags
    results_dir = course.state("results")
    stored_results: dict[str, SubmissionResult] = {}
    todo = {}
    for student, folder in course.submissions(assignment, students).items():
        key = reference.digest(
            reference.folder_digest(folder).encode(),
            source_key.encode(),
            str(settings.sandboxed).encode(),
        )
        stored = SubmissionResult.load(result_path(results_dir, assignment, student))
        if stored is not None and stored.key == key:
            stored_results[student] = stored
        else:
            todo[student] = (folder, key)
    return stored_results, todo


@dataclass
class _Run:
    """What stays fixed through one grading run."""

    assignment: str
    root: Path
    settings: runner.KernelSettings  # sandboxed decided; the writable cache, for the reference
    workers: int
    log: Callable[[str], object]

    def __post_init__(self) -> None:
        self.cores = _Cores(self.workers)
        self.results_dir = Course(self.root).state("results")

    @property
    def sandboxed(self) -> bool:
        return bool(self.settings.sandboxed)

    @contextlib.contextmanager
    def cache_sealed(self) -> Iterator[runner.KernelSettings]:
        """The submissions' settings: the compile cache sealed, read-only, while inside."""
        assert self.settings.cache is not None
        with self.settings.cache.sealed() as readonly:
            yield dataclasses.replace(self.settings, cache=readonly)


def _sandbox_or_refuse(assignment: str, root: Path, unsandboxed: bool, log) -> bool:
    """Whether kernels will be sandboxed; raises GraderSetupError, before anything runs, where
    they cannot be and the instructor did not accept the risk, or the gradebook is unusable."""
    sandboxed = sandbox.available()
    if not sandboxed and not unsandboxed:
        raise GraderSetupError(sandbox.refusal(assignment))
    problem = Course(root).gradebook_problem()
    if problem:
        raise GraderSetupError(f"nothing was graded: {problem}.")
    if not sandboxed:
        log(sandbox.UNSANDBOXED_WARNING)
    return sandboxed


def _start(run: _Run, anything_to_run: bool) -> list[reference.Reference]:
    """The setup probe and the solution's reference run, side by side; then the gradebook knows
    the set. A fault of the grader's own (the kit not importable in the sandbox, JAX failing to
    start, no kernel) would otherwise score every submission zero: it stops the run here, before
    any grade. The reference run fills XLA's compile cache."""
    if not anything_to_run:
        gradebook.register_assignment(run.root, run.assignment)
        return []
    with ThreadPoolExecutor(max_workers=run.workers) as pool:
        setup = pool.submit(run.cores.run, reference.check_setup, run.settings)
        solution = pool.submit(
            run.cores.run, reference.references, run.assignment, run.root, run.settings
        )
        setup.result()  # raises GraderSetupError before the gradebook exists
        gradebook.register_assignment(run.root, run.assignment)
        return solution.result()


def _imports(refs: list[reference.Reference]) -> list[str]:
    """The modules the set's notebooks import, each once."""
    found: dict[str, None] = {}
    for ref in refs:
        found.update((name, None) for name in notebook.imported_modules(ref.source))
    return list(found)


def _run_all(run: _Run, todo, refs, results, writer, progress: bool) -> None:
    """Run and judge every submission of ``todo`` in parallel, each result saved, then handed to
    the gradebook's writer, as soon as it is judged."""
    log = run.log
    bar = report.progress_bar(run.assignment, len(todo)) if progress else None
    if bar is not None and log is print:  # lines go above the bar, which stays at the bottom
        log = functools.partial(bar.console.print, markup=False, highlight=False)
        writer.log = log
    sources = {ref.name: ref.source for ref in refs}
    with (
        bar or contextlib.nullcontext(),
        run.cache_sealed() as sealed,
        runner.forking(sealed, _imports(refs)) as settings,
        ThreadPoolExecutor(max_workers=run.workers) as pool,
    ):
        futures = {
            pool.submit(run.cores.run, run_submission, folder, sources, settings): (student, key)
            for student, (folder, key) in todo.items()
        }
        for n, future in enumerate(as_completed(futures), 1):
            student, key = futures[future]
            if bar is not None:
                bar.advance(bar.task_ids[0])
            try:
                result = judge_submission(future.result(), refs, run.sandboxed)
            except verdict.BrokenReference:
                raise
            except Exception as err:  # noqa: BLE001 - one broken submission never stops the rest
                log(f"[{n}/{len(todo)}] {student}: the grader failed on it: {err!r}")
                continue
            result.key = key
            result.save(result_path(run.results_dir, run.assignment, student))
            results[student] = result
            writer.record(student, result)
            report.log_result(log, n, len(todo), student, result)


def grade(
    assignment: str,
    root: Path = ROOT,
    students: list[str] | None = None,
    workers: int | None = None,
    settings: runner.KernelSettings | None = None,
    log=print,
    stats: dict | None = None,
    progress: bool = False,
    unsandboxed: bool = False,
) -> dict[str, SubmissionResult]:
    """Grade every submission of ``assignment`` (or of ``students``). ``log`` gets a line per
    event (a graded submission, a problem); ``progress`` adds a live progress bar (rich) under
    those lines, for a terminal. Where no sandbox can be built, nothing runs (GraderSetupError)
    unless ``unsandboxed`` accepts the risk; the report and the feedback then say so."""
    sandboxed = _sandbox_or_refuse(assignment, root, unsandboxed, log)
    gradebook.tools_on_path()
    settings = dataclasses.replace(
        settings or runner.KernelSettings(),
        sandboxed=sandboxed,
        cache=runner.CompileCache(Course(root).state("xla-cache"), writable=True),
    )
    results, todo = _to_run(root, assignment, students, settings)
    if not results and not todo:
        log(f"no submissions of {assignment} under {Course(root).submitted('*', assignment)}")
        return {}
    run = _Run(assignment, root, settings, workers or os.cpu_count() or 1, log)
    log(
        f"{assignment}: {len(results) + len(todo)} submissions, {len(results)} already graded, "
        f"{len(todo)} to run with {run.workers} workers{'' if sandboxed else ' (UNSANDBOXED)'}"
    )
    refs = _start(run, bool(todo))
    writer = gradebook.GradebookWriter(root, assignment, run.results_dir, log, stats)
    for student, result in results.items():
        writer.record(student, result)
    if todo:
        _run_all(run, todo, refs, results, writer, progress)
    writer.close()
    log(f"scores: {report.write_csv(root, assignment, results).relative_to(root)}")
    if not sandboxed:
        log("these grades were made UNSANDBOXED (--unsandboxed): the CSV and every feedback say so")
    return results
