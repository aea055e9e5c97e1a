"""``python -m autograder grade SET``: every submission of a set, into nbgrader's gradebook.

1. A probe kernel, started as the submissions' are, checks the grader's own setup (the kit and
   JAX importable in the sandbox): a broken setup stops the run before any grade is written.
   Beside it the solution runs once per notebook as the reference (its records, its
   tolerances), in the same sandbox; its programs fill XLA's compile cache.
2. Submissions run in parallel, each in its own sandboxed kernel under limits
   (:mod:`~autograder.grader.runner`), reading that cache, and are judged here, outside them
   (:mod:`~autograder.grader.verdict`). Each result is written to
   ``.autograder/results/SET/STUDENT.json`` before anything else.
3. One process of its own writes the gradebook, through nbgrader's own autograde with the
   kit's verdicts in place of its execution (:mod:`~autograder.grader.bridge`).

A run killed at any point loses nothing: on the next run, a submission whose files have not
changed and whose result is stored is not executed again, and one already in the gradebook is
skipped. Reports: ``reports/SET-scores.csv`` and, per student, the autograded notebook that
``nbgrader generate_feedback`` turns into feedback.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import json
import multiprocessing
import os
import queue
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.grader import bridge, notebook, runner, sandbox, submission, verdict
from autograder.grader.course import ROOT, Course
from autograder.grader.release import generate
from autograder.grader.results import (
    FORMAT,
    CheckResult,
    NotebookResult,
    QuestionResult,
    SubmissionResult,
    atomic_write,
    result_path,
)
from autograder.kernel.check import RECORD, REFERENCE


@dataclass
class Reference:
    name: str  # notebook file name
    source: nbformat.NotebookNode
    records: dict[str, list[dict]]
    visible_names: dict[str, set[str]]


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return _digest(
        *(x for p in files for x in (str(p.relative_to(folder)).encode(), p.read_bytes()))
    )


def references(
    assignment: str,
    root: Path,
    limits: runner.Limits,
    cpus: str = "",
    sandboxed: bool = False,
    cache: runner.CompileCache | None = None,
) -> list[Reference]:
    """Run each solution notebook once as the reference (cached while the source is unchanged),
    in the same sandbox and under the same limits as the submissions: what breaks a submission's
    kernel for reasons of the grader's setup breaks the reference first. Its kernel is the one
    trusted to write XLA's compile ``cache`` (:class:`runner.CompileCache`)."""
    course = Course(root)
    folder, released = course.source(assignment), course.released(assignment)
    refs = []
    for path in sorted(folder.glob("*.ipynb")):
        source = nbformat.read(path, as_version=4)
        stored_at = course.state("reference", assignment, f"{path.stem}.json")
        key = _digest(
            path.read_bytes(),
            folder_digest(folder).encode(),
            str(FORMAT).encode(),
            limits.xla_flags.encode(),
        )
        records = None
        if stored_at.exists():
            stored = json.loads(stored_at.read_text())
            records = stored["records"] if stored.get("key") == key else None
        if records is None:
            run = runner.run(
                source, folder, limits, REFERENCE, sandboxed=sandboxed, cpus=cpus, cache=cache
            )
            records = verdict.reference_records(run.notebook)
            atomic_write(stored_at, json.dumps({"key": key, "records": records}))
        visible = {}
        student_view = released / path.name
        view = nbformat.read(student_view, as_version=4) if student_view.exists() else source
        for cell in notebook.test_cells(view):
            text = notebook.split_hidden(cell.source)[0]
            visible[notebook.grade_id(cell)] = {
                r["name"]
                for r in records.get(notebook.grade_id(cell), [])
                if repr(r["name"]) in text or f'"{r["name"]}"' in text
            }
        refs.append(Reference(path.name, source, records, visible))
    return refs


class GraderSetupError(RuntimeError):
    """A fault of the grader's own setup, not of any submission: nothing was graded."""


# What every test cell needs: the kit and a working JAX, in a kernel started like a submission's.
SETUP_PROBE = "import autograder, jax, jax.numpy as jnp\nfloat(jnp.ones(3).sum())"


def check_setup(limits: runner.Limits, sandboxed: bool, cpus: str = "") -> None:
    """Raise GraderSetupError, naming the cause and the fix, unless a kernel started as the
    submissions' kernels are (same sandbox, same limits) imports the kit and runs JAX."""
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP_PROBE)])
    run = runner.run(probe, None, limits, mode=RECORD, sandboxed=sandboxed, cpus=cpus)
    errors = [o for o in run.notebook.cells[0].outputs if o.get("output_type") == "error"]
    if run.incidents:
        cause = run.incidents[0].message
    elif errors:
        cause = f"{errors[0].ename}: {errors[0].evalue}"
    else:
        return
    where = "the sandboxed grading kernel" if sandboxed else "the grading kernel"
    if "No module named 'autograder'" in cause or "No module named 'jaxcourse'" in cause:
        fix = (
            f"{where} cannot import the kit. It runs {sys.prefix}'s Python and sees the kit at "
            f"{Path(__file__).resolve().parents[2]} only; install the kit into that "
            "environment from the course's own checkout (make install, or pip install -e .), "
            "and grade again"
        )
    elif "jax" in cause.lower() or "xla" in cause.lower():
        fix = f"JAX does not start in {where}; check that `python -c 'import jax'` works there"
    elif "could not start" in cause:
        fix = f"no kernel could start; check that ipykernel is installed in {sys.prefix}"
    else:
        fix = f"{where} cannot run the kit's test cells"
    raise GraderSetupError(
        f"the grader's own setup is broken, so nothing was graded and no grade was written: "
        f"{cause}. Fix: {fix}."
    )


def _question_of(nb, index: int) -> str:
    gid = notebook.grade_id(nb.cells[index])
    return gid.removesuffix("-answer") if gid else ""


def run_submission(
    folder: Path,
    sources: dict[str, nbformat.NotebookNode],
    limits: runner.Limits,
    sandboxed: bool,
    cpus: str = "",
    cache: runner.CompileCache | None = None,
) -> dict:
    """Prepare and execute every notebook of one submission folder (no verdict yet)."""
    runs = {}
    start = time.monotonic()
    for name, source in sources.items():
        prepared = submission.read(folder, name, source)
        run = None
        if prepared.notebook is not None and not prepared.fatal:
            run = runner.run(
                prepared.notebook, folder, limits, RECORD, sandboxed, cpus=cpus, cache=cache
            )
        runs[name] = (prepared, run)
    return {"runs": runs, "seconds": time.monotonic() - start}


def judge_submission(executed: dict, refs: list[Reference], sandboxed: bool) -> SubmissionResult:
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
                question = _question_of(run.notebook, inc.cell)
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
    folder: Path, refs: list[Reference], limits: runner.Limits, sandboxed: bool
) -> SubmissionResult:
    """Execute and judge one submission folder, in this thread."""
    sources = {ref.name: ref.source for ref in refs}
    return judge_submission(run_submission(folder, sources, limits, sandboxed), refs, sandboxed)


def _nbgrader_api(root: Path, results_dir: Path):
    """nbgrader's API on the course, with the kit's verdicts in place of its Execute step."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = Course(root).config
    config.Autograde.autograde_preprocessors = bridge.PREPROCESSORS
    config.ApplyVerdicts.results_dir = str(results_dir)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _tools_on_path() -> None:
    """nbgrader runs helper programs (alembic) by name: make the kit's own ones findable even
    when its virtual environment is not activated."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def register_assignment(root: Path, assignment: str) -> None:
    """Make sure nbgrader's gradebook knows the set's notebooks and graded cells (idempotent):
    nbgrader's generate_assignment with its database, released into a throwaway folder."""
    with tempfile.TemporaryDirectory() as tmp:
        generate(assignment, Path(tmp), root, database=True)


def record_in_gradebook(
    api, root: Path, assignment: str, student: str, result: SubmissionResult
) -> str | None:
    """nbgrader's autograde with the kit's verdicts; zeros for notebooks it cannot read."""
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():  # nbgrader's own session use makes SQLAlchemy chatter
        warnings.simplefilter("ignore", SAWarning)
        outcome = api.autograde(assignment, student, force=True, create=True)
    problem = None if outcome.get("success") else (outcome.get("error") or outcome.get("log") or "")
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        for stem, entry in result.notebooks.items():
            if not entry.fatal:
                continue
            try:
                sub = gb.find_submission_notebook(stem, assignment, student)
            except MissingEntry:
                gb.update_or_create_submission(assignment, student)
                sub = gb.find_submission_notebook(stem, assignment, student)
            for grade in sub.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
            gb.db.commit()
            problem = None  # nbgrader's failure was this unreadable notebook: recorded as zero
    return problem


_writer_api = None


def _writer_start(root: str, results_dir: str) -> None:
    """In the gradebook writer process: one nbgrader API for the whole run."""
    global _writer_api
    _tools_on_path()
    _writer_api = _nbgrader_api(Path(root), Path(results_dir))


def _writer_record(
    root: str, assignment: str, student: str, result: SubmissionResult
) -> tuple[str | None, float]:
    started = time.monotonic()
    problem = record_in_gradebook(_writer_api, Path(root), assignment, student, result)
    return problem, time.monotonic() - started


def write_csv(root: Path, assignment: str, results: dict[str, SubmissionResult]) -> Path:
    path = Course(root).report(f"{assignment}-scores.csv")
    questions: list[str] = []
    for result in results.values():
        questions += [q.question for q in result.questions if q.question not in questions]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *questions, "autograded_total", "sandboxed", "notes"])
        for student, result in sorted(results.items()):
            points = {q.question: q.points for q in result.questions}
            writer.writerow(
                [
                    student,
                    *[f"{points.get(q, 0.0):g}" for q in questions],
                    f"{result.score:g}",
                    "yes" if result.sandboxed else "NO (unsandboxed)",
                    "; ".join(result.notes),
                ]
            )
    return path


def _progress_bar(assignment: str, total: int):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn(f"grading {assignment}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    bar.add_task("submissions", total=total)
    return bar


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


class _Gradebook:
    """The gradebook's one writer, a process of its own: nbgrader's bookkeeping then never holds
    this process's GIL while the worker threads are feeding cells to their kernels. A submission
    is marked recorded (``.autograder/recorded/SET/STUDENT.key``) once nbgrader has taken it."""

    def __init__(self, root: Path, assignment: str, results_dir: Path, log, stats: dict | None):
        self.root, self.assignment, self.log, self.stats = root, assignment, log, stats
        self.done_dir = Course(root).state("recorded", assignment)
        self.pending: dict = {}
        self.writer = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_writer_start,
            initargs=(str(root), str(results_dir)),
        )

    def record(self, student: str, result: SubmissionResult) -> None:
        marker = self.done_dir / f"{student}.key"
        if marker.exists() and marker.read_text() == result.key:
            return
        args = (str(self.root), self.assignment, student, result)
        self.pending[self.writer.submit(_writer_record, *args)] = (student, result.key)
        self.collect(wait=False)

    def collect(self, wait: bool) -> None:
        for future in [f for f in self.pending if wait or f.done()]:
            student, key = self.pending.pop(future)
            problem, seconds = future.result()
            if self.stats is not None:
                self.stats.setdefault("record_seconds", []).append(seconds)
            if problem:
                last = problem.strip().splitlines()[-1] if problem.strip() else "unknown error"
                self.log(f"  {student}: nbgrader could not record the grade: {last}")
            else:
                atomic_write(self.done_dir / f"{student}.key", key)

    def close(self) -> None:
        self.collect(wait=True)
        self.writer.shutdown()


def _to_run(root: Path, assignment: str, students, sandboxed: bool, limits: runner.Limits):
    """(results stored and still valid, {student: (folder, key)} to run)."""
    course = Course(root)
    source_key = folder_digest(course.source(assignment)) + str(FORMAT) + limits.xla_flags
    results_dir = course.state("results")
    stored_results: dict[str, SubmissionResult] = {}
    todo = {}
    for student, folder in course.submissions(assignment, students).items():
        key = _digest(folder_digest(folder).encode(), source_key.encode(), str(sandboxed).encode())
        stored = SubmissionResult.load(result_path(results_dir, assignment, student))
        if stored is not None and stored.key == key:
            stored_results[student] = stored
        else:
            todo[student] = (folder, key)
    return stored_results, todo


def _log_result(log, n: int, total: int, student: str, result: SubmissionResult) -> None:
    log(
        f"[{n}/{total}] {student}: {result.score:g}/{result.max_score:g} autograded points "
        f"({result.seconds:.1f} s)"
    )
    for line in result.notes:
        log(f"    {line}")
    for q in result.questions:
        for note in q.incidents:
            log(f"    question {q.question}: {note}")


def grade(
    assignment: str,
    root: Path = ROOT,
    students: list[str] | None = None,
    workers: int | None = None,
    limits: runner.Limits | None = None,
    log=print,
    stats: dict | None = None,
    progress: bool = False,
    unsandboxed: bool = False,
) -> dict[str, SubmissionResult]:
    """Grade every submission of ``assignment`` (or of ``students``). ``log`` gets a line per
    event (a graded submission, a problem); ``progress`` adds a live progress bar (rich) under
    those lines, for a terminal. Where no sandbox can be built, nothing runs (GraderSetupError)
    unless ``unsandboxed`` accepts the risk; the report and the feedback then say so."""
    sandboxed = sandbox.available()
    if not sandboxed and not unsandboxed:
        raise GraderSetupError(sandbox.refusal(assignment))
    limits = limits or runner.Limits()
    problem = Course(root).gradebook_problem()
    if problem:
        raise GraderSetupError(f"nothing was graded: {problem}.")
    _tools_on_path()
    if not sandboxed:
        log(sandbox.UNSANDBOXED_WARNING)
    results, todo = _to_run(root, assignment, students, sandboxed, limits)
    if not results and not todo:
        log(f"no submissions of {assignment} under {Course(root).submitted('*', assignment)}")
        return {}
    workers = workers or os.cpu_count() or 1
    log(
        f"{assignment}: {len(results) + len(todo)} submissions, {len(results)} already graded, "
        f"{len(todo)} to run with {workers} workers{'' if sandboxed else ' (UNSANDBOXED)'}"
    )
    cores = _Cores(workers)
    cache = runner.CompileCache(Course(root).state("xla-cache"), writable=True)
    refs: list[Reference] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        if todo:
            # A fault of the grader's own (the kit not importable in the sandbox, JAX failing to
            # start, no kernel) would otherwise score every submission zero: stop here, before
            # any grade. Beside it, the solution's reference run fills XLA's compile cache.
            setup = pool.submit(cores.run, check_setup, limits, sandboxed)
            reference = pool.submit(
                cores.run, references, assignment, root, limits, sandboxed=sandboxed, cache=cache
            )
            setup.result()  # raises GraderSetupError before the gradebook exists
            register_assignment(root, assignment)
            refs = reference.result()
        else:
            register_assignment(root, assignment)
    results_dir = Course(root).state("results")
    gradebook = _Gradebook(root, assignment, results_dir, log, stats)
    for student, result in results.items():
        gradebook.record(student, result)
    if todo:
        bar = _progress_bar(assignment, len(todo)) if progress else None
        if bar is not None and log is print:  # lines go above the bar, which stays at the bottom
            log = functools.partial(bar.console.print, markup=False, highlight=False)
            gradebook.log = log
        sources = {ref.name: ref.source for ref in refs}
        with (
            bar or contextlib.nullcontext(),
            cache.sealed() as readonly,
            ThreadPoolExecutor(max_workers=workers) as pool,
        ):
            futures = {
                pool.submit(
                    cores.run, run_submission, folder, sources, limits, sandboxed, cache=readonly
                ): (student, key)
                for student, (folder, key) in todo.items()
            }
            for n, future in enumerate(as_completed(futures), 1):
                student, key = futures[future]
                if bar is not None:
                    bar.advance(bar.task_ids[0])
                try:
                    result = judge_submission(future.result(), refs, sandboxed)
                except verdict.BrokenReference:
                    raise
                except Exception as err:  # noqa: BLE001 - one broken submission never stops the rest
                    log(f"[{n}/{len(todo)}] {student}: the grader failed on it: {err!r}")
                    continue
                result.key = key
                result.save(result_path(results_dir, assignment, student))
                results[student] = result
                gradebook.record(student, result)
                _log_result(log, n, len(todo), student, result)
    gradebook.close()
    log(f"scores: {write_csv(root, assignment, results).relative_to(root)}")
    if not sandboxed:
        log("these grades were made UNSANDBOXED (--unsandboxed): the CSV and every feedback say so")
    return results
