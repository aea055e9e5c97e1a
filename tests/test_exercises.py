"""Every exercise set: released from its solution, sound, and graded on behaviour.

- ``exercises/`` is exactly what ``python -m autograder release`` makes from ``solutions/``;
- ``validate``: the solution scores full marks and the blank notebook zero;
- for each question, other correct answers pass and the likely wrong answers fail.
"""

import importlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from autograder.grader import notebook, release, runner, validate, verdict
from autograder.grader.course import Course
from autograder.grader.execute import execute
from autograder.kernel.check import RECORD, REFERENCE

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


def answers_module(name: str) -> str:
    return f"tests.answers.set_{name.replace('-', '_')}"


def answer_sets():
    """(set, its ANSWERS) for every set that has an answers module; see the test below."""
    for name in SETS:
        try:
            module = importlib.import_module(answers_module(name))
        except ModuleNotFoundError:
            continue
        yield name, module.ANSWERS


@pytest.mark.parametrize("name", SETS)
def test_every_set_has_its_answer_variants(name):
    """Each set's likely wrong answers and other right answers live in tests/answers/."""
    assert name in dict(answer_sets()), f"write {answers_module(name).replace('.', '/')}.py"


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
    folder = Course().source(name)
    (path,) = folder.glob("*.ipynb")
    source = nbformat.read(path, as_version=4)
    known = {notebook.grade_id(c) for c in source.cells}
    assert set(answers) <= known, f"unknown answer cells: {set(answers) - known}"
    for gid in {notebook.grade_id(c) for c in notebook.test_cells(source)}:
        assert sum(not p for _, _, p in answers.get(f"{gid}-answer", [])) >= 3, (
            f"{gid}: too few wrong answers"
        )
    # Graded as the grader grades: its runner, sandbox, limits, XLA flags, compile cache, forks.
    cache = runner.CompileCache(tmp_path / "xla-cache", writable=True)
    settings = runner.KernelSettings(mode=REFERENCE, cache=cache)
    reference_nb = runner.run(source, folder, settings).notebook
    reference = verdict.reference_records(reference_nb)
    variants = [_variant(source, answers, i) for i in range(max(len(v) for v in answers.values()))]
    # Each kernel forked from a warm server that imported the set's modules, as grade does.
    with (
        cache.sealed() as readonly,
        runner.forking(
            runner.KernelSettings(mode=RECORD, cache=readonly), notebook.imported_modules(source)
        ) as graded,
        ThreadPoolExecutor(max_workers=2) as pool,  # both cores
    ):
        runs = list(pool.map(lambda v: runner.run(v[0], folder, graded).notebook, variants))
    wrong = []
    for (_, expected), ran in zip(variants, runs, strict=True):
        results = {r.question: r for r in verdict.judge_notebook(reference, source, ran)}
        for gid, (label, passes) in expected.items():
            failing = [c for c in results[gid].checks if not c.passed]
            if results[gid].passed != passes:
                failed = [f"{c.name}: {c.problems}" for c in failing]
                wrong.append(
                    f"{gid} / {label}: expected {'pass' if passes else 'fail'}; failed {failed}"
                )
            elif not passes and not (
                all(c.problems for c in failing) and any(c.hint for c in failing)
            ):
                wrong.append(f"{gid} / {label}: fails without a reason and a hint for the learner")
    assert not wrong, "\n".join(wrong)


def _learner_view(source_nb, answers: dict, index: int):
    """The notebook a learner runs, visible tests only, with each question's index-th other
    right answer (or the solution's, where it has fewer)."""
    nb = nbformat.from_dict(source_nb)
    for cell in nb.cells:
        right = [src for _, src, passes in answers.get(notebook.grade_id(cell), []) if passes]
        if index < len(right):
            cell.source = right[index]
        if notebook.is_test_cell(cell):
            cell.source = notebook.split_hidden(cell.source)[0]
    return nb


@pytest.mark.parametrize("name, answers", list(answer_sets()), ids=[n for n, _ in answer_sets()])
def test_right_answers_pass_the_visible_checks_in_the_learners_own_notebook(
    name, answers, tmp_path
):
    """One verdict: the right answers that the grader passes (the test above) also show a ✓ in
    a learner's own notebook, run as their Jupyter runs it (self-check mode, the course's kernel,
    XLA's own flags, every core), so nobody sees ✓ at home and loses the points, or the reverse."""
    folder = Course().source(name)
    source = nbformat.read(next(folder.glob("*.ipynb")), as_version=4)
    most = max(sum(p for _, _, p in options) for options in answers.values())
    failed = []
    for index in range(max(most, 1)):
        ran = execute(_learner_view(source, answers, index), "self-check", Path(tmp_path))
        for cell in notebook.test_cells(ran):
            for error in notebook.error_outputs(cell):
                failed.append(f"right answer {index}, {error.ename}: {error.evalue[:300]}")
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("name, answers", list(answer_sets()), ids=[n for n, _ in answer_sets()])
def test_likely_wrong_answers_are_caught_by_visible_tests_with_help(name, answers, tmp_path):
    """A learner's first likely mistake on each question fails a *visible* check, in self-check
    mode, with a message that says what was expected and gives a hint."""
    folder = Course().source(name)
    source = nbformat.read(next(folder.glob("*.ipynb")), as_version=4)
    learner_view = nbformat.from_dict(source)
    for cell in learner_view.cells:
        options = answers.get(notebook.grade_id(cell), [])
        wrong = [src for _, src, passes in options if not passes]
        if wrong:
            cell.source = wrong[0]
        if notebook.is_test_cell(cell):
            cell.source = notebook.split_hidden(cell.source)[0]
    ran = execute(learner_view, "self-check", Path(tmp_path))
    for cell in notebook.test_cells(ran):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors, f"{notebook.grade_id(cell)}: the first wrong answer passes the visible tests"
        (error,) = errors
        assert error.ename == "CheckFailed", (
            f"{notebook.grade_id(cell)}: {error.ename}: {error.evalue}"
        )
        assert error.evalue.startswith(notebook.grade_id(cell))
        assert "expected" in error.evalue and "hint:" in error.evalue, error.evalue
