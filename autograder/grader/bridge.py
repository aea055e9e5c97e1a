"""The kit's verdicts inside nbgrader's own autograde pipeline.

``python -m autograder grade`` executes submissions itself (sandboxed, in parallel) and judges
them outside the submission. nbgrader then does the bookkeeping it is good at (the gradebook,
timestamps and late penalties, the autograded notebooks that formgrader and
``generate_feedback`` read) with :class:`ApplyVerdicts` in place of its ``Execute`` step: each
test cell gets, as its output, the list of its checks with ✓ or ✗, and an error output when the
question failed, which is what nbgrader's ``SaveAutoGrades`` scores as zero. Hidden checks are
listed by name, their code is never shown, and no other output of the submission is kept (the
learner has their own; the instructor has the submitted notebook).
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    SaveAutoGrades,
)
from traitlets import Unicode

from autograder.grader import notebook
from autograder.grader.errors import GraderError, StockAutogradeRefused
from autograder.grader.results import (
    NotebookResult,
    QuestionResult,
    SubmissionResult,
    result_path,
)


def verdict_text(question: QuestionResult) -> str:
    checks = question.checks
    passed = sum(c.passed for c in checks)
    lines = [
        f"{question.question}: {passed} of {len(checks)} checks passed, "
        f"{question.points:g} of {question.max_points:g} points"
    ]
    for note in question.incidents:
        lines.append(f"  ! {note}")
    for check in checks:
        mark = "✓" if check.passed else "✗"
        label = check.name + ("" if check.visible else " (hidden test)")
        lines.append(f"  {mark} {label}")
        if not check.passed:
            for problem in check.problems if check.visible else check.problems[:1]:
                for line in problem.splitlines()[: 4 if check.visible else 1]:
                    lines.append(f"      {line}")
            if check.hint:
                lines.append(f"      hint: {check.hint}")
    return "\n".join(lines) + "\n"


def verdict_outputs(question: QuestionResult | None) -> list:
    if question is None:
        return [
            nbformat.v4.new_output("error", ename="NotGraded", evalue="no result", traceback=[])
        ]
    text = verdict_text(question)
    outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    if not question.passed:
        outputs.append(
            nbformat.v4.new_output(
                "error",
                ename="TestsFailed",
                evalue=f"{question.question} did not pass",
                traceback=[text],
            )
        )
    return outputs


UNSANDBOXED_NOTE = (
    "**Graded without a sandbox.** Your notebook was graded with `--unsandboxed`: on the "
    "grading machine it ran with the instructor's rights, not in the isolated sandbox the kit "
    "normally uses. Your score is computed the same way."
)


class ApplyVerdicts(NbGraderPreprocessor):
    """Put the kit's verdicts (from ``results_dir``) where nbgrader's Execute would put outputs."""

    results_dir = Unicode("", help="Where `autograder grade` keeps its results").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        path = result_path(Path(self.results_dir), info["assignment"], info["student"])
        stored = SubmissionResult.load(path)
        if stored is None:
            raise GraderError(f"no result of the kit's grader at {path}")
        result = stored.notebooks.get(info["notebook"], NotebookResult())
        if not stored.sandboxed:  # the learner is told, as the instructor's report tells them
            nb.cells.insert(0, nbformat.v4.new_markdown_cell(UNSANDBOXED_NOTE))
        verdicts = {q.question: q for q in result.questions}
        present = {notebook.grade_id(c) for c in nb.cells}
        for gid, cell in reversed(list(result.test_cells.items())):
            if gid not in present:  # deleted by the learner: put it back to be scored
                restored = nbformat.from_dict(copy.deepcopy(cell))
                nb.cells.insert(notebook.after_answer(nb, gid), restored)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            if notebook.is_test_cell(cell):
                gid = notebook.grade_id(cell)
                visible, hidden = notebook.split_hidden(cell.source)
                if hidden.strip():
                    cell.source = visible + "\n# (hidden tests: their results are listed below)"
                cell.outputs = verdict_outputs(verdicts.get(gid))
            else:
                # Nothing the submission printed reaches the feedback: a cell could print what it
                # saw of the hidden tests. Incidents and errors are in the verdicts instead.
                cell.outputs = []
        return nb, resources


PREPROCESSORS = [
    ApplyVerdicts,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]


REFUSAL = (
    "This course does not grade with nbgrader's stock autograde: it would run each submission's "
    "code unsandboxed, with your account's rights, and judge it by cell errors that a "
    "submission can fake. Grade with the kit instead, from the course folder: "
    "`python -m autograder grade {assignment}` (sandboxed, in parallel, resumable). It fills "
    "the same gradebook, so formgrader then shows the scores for manual grading and feedback."
)


class RefuseStockAutograde(NbGraderPreprocessor):
    """Stands in for nbgrader's ``Execute`` in ``nbgrader_config.py``: formgrader's Autograde
    button and ``nbgrader autograde`` stop here, before any submitted code runs, and say where
    to grade. ``python -m autograder grade`` sets its own preprocessors and never meets this one."""

    def preprocess(self, nb, resources):
        assignment = resources.get("nbgrader", {}).get("assignment", "<set>")
        raise StockAutogradeRefused(REFUSAL.format(assignment=assignment))
