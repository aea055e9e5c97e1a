"""Verdicts reached outside the submission, from records alone."""

import jax.numpy as jnp
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from autograder import question
from autograder.grader import notebook, verdict
from autograder.kernel import check
from autograder.kernel.records import MIME


def recorded(fn) -> list[dict]:
    found = []
    check.set_sink(found.append)
    try:
        fn()
    finally:
        check.set_sink(None)
    return found


def grade_cell(gid, outputs, points=2):
    cell = new_code_cell(f'q = question("{gid}")')
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "grade_id": gid,
        "points": points,
    }
    cell.outputs = outputs
    return cell


def as_outputs(records, error=None):
    outs = [new_output("display_data", data={MIME: r, "text/plain": "rec"}) for r in records]
    if error:
        outs.append(new_output("error", ename=error[0], evalue=error[1], traceback=[]))
    return outs


def answers(total, flip):
    def run():
        q = question("q1")
        q.close("sum", total, rtol=1e-3)
        q.differ("flip", flip, 0.0)

    return run


@pytest.fixture
def reference(records):
    ref_records = recorded(answers(jnp.float32(6.0), 1.0))
    nb = new_notebook(cells=[grade_cell("q1", as_outputs(ref_records))])
    return nb, verdict.reference_records(nb)


def grade(reference, outputs):
    nb, ref = reference
    (result,) = verdict.judge_notebook(ref, nb, new_notebook(cells=[grade_cell("q1", outputs)]))
    return result


def test_matching_records_pass_and_score_the_points(reference):
    result = grade(reference, as_outputs(recorded(answers(jnp.float32(6.001), 2.0))))
    assert result.passed and result.points == 2


def test_a_wrong_value_fails_with_the_reference_tolerance(reference):
    result = grade(reference, as_outputs(recorded(answers(jnp.float32(6.1), 2.0))))
    assert not result.passed and result.points == 0
    problem = result.checks[0].problems[0]
    assert "expected 6" in problem and "got 6.1" in problem and "rtol=0.001" in problem


def test_a_check_the_cell_never_reached_fails_and_says_why(reference):
    result = grade(reference, as_outputs([], error=("NameError", "name 'f' is not defined")))
    assert not result.passed
    assert (
        "never reached" in result.checks[0].problems[0]
        and "NameError" in result.checks[0].problems[0]
    )


def test_duplicated_records_fail(reference):
    recs = recorded(answers(jnp.float32(6.0), 2.0))
    result = grade(reference, as_outputs(recs + recs[:1]))
    assert not result.checks[0].passed and "more than once" in result.checks[0].problems[0]


def test_records_naming_another_question_or_from_another_cell_are_ignored(reference):
    nb, ref = reference
    recs = recorded(answers(jnp.float32(6.0), 2.0))
    forged = [dict(r, question="q9") for r in recs]
    other = new_code_cell("print('not a test cell')")
    other.outputs = as_outputs(recs)
    sub = new_notebook(cells=[other, grade_cell("q1", as_outputs(forged))])
    (result,) = verdict.judge_notebook(ref, nb, sub)
    assert not result.passed


def test_a_record_of_the_wrong_kind_or_malformed_fails(reference):
    recs = recorded(answers(jnp.float32(6.0), 2.0))
    wrong_kind = [dict(recs[0], kind="differ"), recs[1]]
    assert not grade(reference, as_outputs(wrong_kind)).checks[0].passed
    malformed = [dict(recs[0], values={"actual": {"t": "pickle", "v": "x"}}), recs[1]]
    result = grade(reference, as_outputs(malformed))
    assert not result.checks[0].passed and "malformed" in result.checks[0].problems[0]


def test_the_submission_cannot_loosen_tolerances(reference):
    recs = recorded(answers(jnp.float32(7.0), 2.0))
    recs[0]["params"] = {"rtol": 1.0, "atol": 1.0, "check_dtype": False}
    assert not grade(reference, as_outputs(recs)).passed


def test_property_checks_judge_the_submission_alone(reference):
    recs = recorded(answers(jnp.float32(6.0), 0.0))  # flip equals 0: "differ" must fail
    result = grade(reference, as_outputs(recs))
    assert [c.passed for c in result.checks] == [True, False]


def test_a_missing_test_cell_fails_every_check(reference):
    nb, ref = reference
    (result,) = verdict.judge_notebook(ref, nb, new_notebook(cells=[]))
    assert not result.passed and "missing" in result.error


def test_a_broken_reference_is_refused():
    nb = new_notebook(cells=[grade_cell("q1", as_outputs([], error=("ValueError", "bad")))])
    with pytest.raises(verdict.BrokenReference, match="raised"):
        verdict.reference_records(nb)
    with pytest.raises(verdict.BrokenReference, match="no checks"):
        verdict.reference_records(new_notebook(cells=[grade_cell("q1", [])]))


def test_reference_tests_replace_whatever_the_submission_did_to_test_cells():
    ref = new_notebook(cells=[grade_cell("q1", [])])
    ref.cells[
        0
    ].source = 'q = question("q1")\n### BEGIN HIDDEN TESTS\nq.true("h", f())\n### END HIDDEN TESTS'
    sub = new_notebook(cells=[grade_cell("q1", [])])
    sub.cells[0].source = "pass  # the learner emptied the test cell"
    merged = notebook.with_reference_tests(sub, ref)
    assert merged.cells[0].source == ref.cells[0].source
    assert sub.cells[0].source.startswith("pass")  # the submission itself is left alone
    nbformat.validate(merged)


def test_records_of_another_format_version_are_refused(reference):
    # A kit in the grading kernel of another version than the grader's: its reference stops the
    # run, naming the cause; a submission's record of another format fails its check.
    other = [dict(r, v=99) for r in recorded(answers(jnp.float32(6.0), 1.0))]
    with pytest.raises(verdict.BrokenReference, match="format 99 where this grader reads format 1"):
        verdict.reference_records(new_notebook(cells=[grade_cell("q1", as_outputs(other))]))
    result = grade(reference, as_outputs(other))
    assert not result.checks[0].passed and "another format" in result.checks[0].problems[0]
    assert grade(reference, as_outputs(recorded(answers(jnp.float32(6.0), 1.0)))).passed
