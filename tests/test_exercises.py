"""Every exercise set: released from its solution, sound, and graded on behaviour.

- ``exercises/`` is exactly what ``python -m autograder release`` makes from ``solutions/``;
- ``validate``: the solution scores full marks and the blank notebook zero;
- for each question, other correct answers pass and the likely wrong answers fail.
"""

import importlib
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder import notebook, release, validate, verdict
from autograder.check import RECORD, REFERENCE
from autograder.execute import execute

SETS = release.assignments()


def test_there_are_exercise_sets():
    assert "01-accelerated-numpy" in SETS


@pytest.mark.parametrize("name", SETS)
def test_released_exercises_are_exactly_what_release_makes(name):
    assert release.differences(name) == []


@pytest.mark.parametrize("name", SETS)
def test_validate_full_marks_for_solution_zero_for_blank(name):
    reports = validate.validate(name)
    assert reports, f"no notebooks in solutions/{name}"
    for report in reports:
        assert report.ok, report.table()
        assert sum(r.solution for r in report.rows) == sum(r.max_points for r in report.rows) > 0
        assert sum(r.blank for r in report.rows) == 0


def answer_sets():
    for name in SETS:
        module = importlib.import_module(f"tests.answers.set_{name.replace('-', '_')}")
        yield name, module.ANSWERS


def _variant(source_nb, answers: dict, index: int):
    """The solution with, for each question, its index-th other answer (or the solution's)."""
    nb = nbformat.from_dict(source_nb)
    expected = {}
    for cell in nb.cells:
        options = answers.get(notebook.grade_id(cell), [])
        if index < len(options):
            label, src, passes = options[index]
            cell.source = src
            expected[notebook.grade_id(cell).removesuffix("-answer")] = (label, passes)
    return nb, expected


@pytest.mark.parametrize("name, answers", list(answer_sets()), ids=[n for n, _ in answer_sets()])
def test_other_answers_are_graded_on_behaviour(name, answers, tmp_path):
    folder = release.ROOT / release.SOURCE / name
    (path,) = folder.glob("*.ipynb")
    source = nbformat.read(path, as_version=4)
    known = {notebook.grade_id(c) for c in source.cells}
    assert set(answers) <= known, f"unknown answer cells: {set(answers) - known}"
    for gid in {notebook.grade_id(c) for c in notebook.test_cells(source)}:
        assert sum(not p for _, _, p in answers.get(f"{gid}-answer", [])) >= 3, (
            f"{gid}: too few wrong answers"
        )
    work = tmp_path / "work"
    shutil.copytree(folder, work, ignore=shutil.ignore_patterns("*.ipynb"))
    reference_nb = execute(source, REFERENCE, work)
    reference = verdict.reference_records(reference_nb)
    wrong = []
    for index in range(max(len(v) for v in answers.values())):
        nb, expected = _variant(source, answers, index)
        results = {
            r.question: r for r in verdict.grade(reference, source, execute(nb, RECORD, work))
        }
        for gid, (label, passes) in expected.items():
            if results[gid].passed != passes:
                failed = [f"{c.name}: {c.problems}" for c in results[gid].checks if not c.passed]
                wrong.append(
                    f"{gid} / {label}: expected {'pass' if passes else 'fail'}; failed {failed}"
                )
    assert not wrong, "\n".join(wrong)


def test_wrong_answers_get_messages_that_help(tmp_path):
    """In self-check mode, a wrong answer to a visible test says expected, got and a hint."""
    folder = release.ROOT / release.SOURCE / "01-accelerated-numpy"
    source = nbformat.read(next(folder.glob("*.ipynb")), as_version=4)
    answers = importlib.import_module("tests.answers.set_01_accelerated_numpy").ANSWERS
    naive = next(
        src for label, src, _ in answers["q1-stable-logsumexp-answer"] if label.startswith("naive")
    )
    for cell in source.cells:
        if notebook.grade_id(cell) == "q1-stable-logsumexp-answer":
            cell.source = naive
    released_view = nbformat.from_dict(source)
    for cell in notebook.test_cells(released_view):
        cell.source = notebook.split_hidden(cell.source)[0]
    ran = execute(released_view, "self-check", Path(tmp_path))
    (cell,) = [c for c in ran.cells if notebook.grade_id(c) == "q1-stable-logsumexp"]
    (error,) = [o for o in cell.outputs if o.output_type == "error"]
    assert error.ename == "CheckFailed"
    assert "two large equal numbers" in error.evalue and "expected" in error.evalue
    assert "got:" in error.evalue and "inf" in error.evalue and "hint:" in error.evalue
