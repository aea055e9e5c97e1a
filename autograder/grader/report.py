"""What ``grade`` tells the instructor while and after it runs: a line per submission, a
progress bar on a terminal, and ``reports/SET-scores.csv``."""

from __future__ import annotations

import csv
from pathlib import Path

from autograder.grader.course import Course
from autograder.grader.results import SubmissionResult


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


def progress_bar(assignment: str, total: int):
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


def log_result(log, n: int, total: int, student: str, result: SubmissionResult) -> None:
    log(
        f"[{n}/{total}] {student}: {result.score:g}/{result.max_score:g} autograded points "
        f"({result.seconds:.1f} s)"
    )
    for line in result.notes:
        log(f"    {line}")
    for q in result.questions:
        for note in q.incidents:
            log(f"    question {q.question}: {note}")
