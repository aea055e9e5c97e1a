"""nbgrader's gradebook, written by one process of its own through nbgrader's own autograde.

The kit's verdicts take the place of nbgrader's Execute step (:mod:`~autograder.grader.bridge`);
everything else (the database, late penalties, the autograded notebooks that become feedback) is
nbgrader's. One writer process records each submission as soon as it is judged, and marks it
recorded, so an interrupted run resumes without writing anything twice.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from autograder.grader import bridge
from autograder.grader.course import Course
from autograder.grader.release import generate
from autograder.grader.results import SubmissionResult, atomic_write


def nbgrader_api(root: Path, results_dir: Path):
    """nbgrader's API on the course, with the kit's verdicts in place of its Execute step."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = Course(root).config
    config.Autograde.autograde_preprocessors = bridge.PREPROCESSORS
    config.ApplyVerdicts.results_dir = str(results_dir)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def tools_on_path() -> None:
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
    tools_on_path()
    _writer_api = nbgrader_api(Path(root), Path(results_dir))


def _writer_record(
    root: str, assignment: str, student: str, result: SubmissionResult
) -> tuple[str | None, float]:
    started = time.monotonic()
    problem = record_in_gradebook(_writer_api, Path(root), assignment, student, result)
    return problem, time.monotonic() - started


class GradebookWriter:
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
