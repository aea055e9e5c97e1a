"""A submission's grading results, typed from the verdict to the gradebook, the CSV and the log.

One :class:`SubmissionResult` per student and set: per notebook, per question, per check. Scores
are computed here and only here (:attr:`QuestionResult.points`, :attr:`NotebookResult.score`,
:attr:`SubmissionResult.score`). It is stored as JSON in ``.autograder/results/SET/STUDENT.json``
(:meth:`SubmissionResult.save`, :meth:`SubmissionResult.load`: one round trip, tested), which
is what makes a killed run resumable and what nbgrader's autograde reads through the bridge.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 2  # 2: NumPy scalars are recorded as themselves


@dataclass
class CheckResult:
    name: str
    passed: bool
    problems: list[str] = field(default_factory=list)
    hint: str = ""
    visible: bool = True  # shown in the released notebook (a hidden test's is not)


@dataclass
class QuestionResult:
    question: str
    max_points: float
    checks: list[CheckResult] = field(default_factory=list)
    error: str | None = None  # what the submission's test cell raised, if it did
    incidents: list[str] = field(default_factory=list)  # limits hit by the question's cells

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def points(self) -> float:
        return self.max_points if self.passed else 0.0


@dataclass
class Incident:
    cell: int
    kind: str  # "timeout" | "crash" | "memory" | "deadline" | "output"
    message: str


@dataclass
class NotebookResult:
    questions: list[QuestionResult] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what was repaired in the submission
    fatal: str | None = None  # why the notebook could not be graded at all (it scores zero)
    incidents: list[Incident] = field(default_factory=list)
    # The solution's test cells by grade id, as nbgrader's autograde puts them back.
    test_cells: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def max_score(self) -> float:
        return sum(q.max_points for q in self.questions)

    @property
    def notes(self) -> list[str]:
        return ([self.fatal] if self.fatal else []) + self.notices


@dataclass
class SubmissionResult:
    notebooks: dict[str, NotebookResult]  # by notebook name without .ipynb
    sandboxed: bool
    seconds: float = 0.0
    key: str = ""  # digest of the submission's files and the set: unchanged key, no re-run
    format: int = FORMAT

    @property
    def score(self) -> float:
        return sum(nb.score for nb in self.notebooks.values())

    @property
    def max_score(self) -> float:
        return sum(nb.max_score for nb in self.notebooks.values())

    @property
    def questions(self) -> list[QuestionResult]:
        return [q for nb in self.notebooks.values() for q in nb.questions]

    @property
    def notes(self) -> list[str]:
        return [n for nb in self.notebooks.values() for n in nb.notes]

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=dict)

    @classmethod
    def from_json(cls, text: str) -> SubmissionResult:
        data = json.loads(text)
        notebooks = {}
        for stem, nb in data["notebooks"].items():
            questions = [
                QuestionResult(**{**q, "checks": [CheckResult(**c) for c in q["checks"]]})
                for q in nb["questions"]
            ]
            incidents = [Incident(**i) for i in nb["incidents"]]
            notebooks[stem] = NotebookResult(
                **{**nb, "questions": questions, "incidents": incidents}
            )
        return cls(**{**data, "notebooks": notebooks})

    def save(self, path: Path) -> None:
        """Write atomically: a run killed mid-write leaves the old file or none."""
        atomic_write(path, self.to_json())

    @classmethod
    def load(cls, path: Path) -> SubmissionResult | None:
        """The stored result, or None where there is none or it is of an older format."""
        try:
            text = Path(path).read_text()
            if json.loads(text).get("format") != FORMAT:
                return None
            return cls.from_json(text)
        except (OSError, ValueError, TypeError, KeyError):
            return None


def result_path(results_dir: Path, assignment: str, student: str) -> Path:
    return Path(results_dir) / assignment / f"{student}.json"


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)
