"""Grading results: typed from verdict to gradebook, scored in one place, stored as JSON."""

import json

import nbformat

from autograder.grader import bridge
from autograder.grader.results import (
    FORMAT,
    CheckResult,
    Incident,
    NotebookResult,
    QuestionResult,
    SubmissionResult,
)


def sample() -> SubmissionResult:
    cell = nbformat.v4.new_code_cell("q = question('q1')", metadata={"nbgrader": {"points": 3}})
    q1 = QuestionResult("q1", 3, [CheckResult("a", True), CheckResult("b", True, visible=False)])
    q2 = QuestionResult(
        "q2",
        2.5,
        [CheckResult("c", False, ["got 12, expected 13", "second line"], hint="count from 0")],
        error="ValueError: no",
        incidents=["exceeded the 5 s time limit"],
    )
    q3 = QuestionResult("q3", 1)  # no checks recorded: never passes
    nb = NotebookResult(
        questions=[q1, q2, q3],
        notices=["test cell 'q1' was edited; the original was graded"],
        incidents=[Incident(4, "timeout", "exceeded the 5 s time limit")],
        test_cells={"q1": cell},
    )
    unreadable = NotebookResult(
        questions=[QuestionResult("q9", 4, [CheckResult("z", False, ["invalid JSON"])])],
        fatal="the notebook is invalid JSON",
    )
    return SubmissionResult({"set": nb, "extra": unreadable}, sandboxed=True, seconds=1.5, key="k")


def test_scores_come_from_the_checks_in_one_place():
    result = sample()
    q1, q2, q3 = result.notebooks["set"].questions
    assert (q1.passed, q1.points) == (True, 3)
    assert (q2.passed, q2.points) == (False, 0.0)
    assert (q3.passed, q3.points) == (False, 0.0)
    assert result.notebooks["set"].score == 3 and result.notebooks["set"].max_score == 6.5
    assert result.score == 3 and result.max_score == 10.5
    assert result.notes == [
        "test cell 'q1' was edited; the original was graded",
        "the notebook is invalid JSON",
    ]


def test_json_round_trip_keeps_every_field(tmp_path):
    result = sample()
    path = tmp_path / "results" / "set" / "student.json"
    result.save(path)
    back = SubmissionResult.load(path)
    assert back is not None
    assert back.to_json() == result.to_json()
    assert back.notebooks["set"].questions[1].checks[0].problems[1] == "second line"
    assert back.notebooks["set"].incidents == [
        Incident(4, "timeout", "exceeded the 5 s time limit")
    ]
    assert back.notebooks["set"].test_cells["q1"]["source"] == "q = question('q1')"
    assert back.score == result.score and back.key == "k" and back.format == FORMAT


def test_an_old_or_broken_stored_result_is_not_used(tmp_path):
    path = tmp_path / "student.json"
    data = json.loads(sample().to_json())
    path.write_text(json.dumps(data | {"format": FORMAT - 1}))
    assert SubmissionResult.load(path) is None
    path.write_text(sample().to_json()[:40])  # cut short by a kill
    assert SubmissionResult.load(path) is None
    assert SubmissionResult.load(tmp_path / "missing.json") is None


def test_the_feedback_text_shows_points_checks_and_hides_hidden_detail():
    q1, q2, _ = sample().notebooks["set"].questions
    assert bridge.verdict_text(q1).splitlines() == [
        "q1: 2 of 2 checks passed, 3 of 3 points",
        "  ✓ a",
        "  ✓ b (hidden test)",
    ]
    assert bridge.verdict_text(q2).splitlines() == [
        "q2: 0 of 1 checks passed, 0 of 2.5 points",
        "  ! exceeded the 5 s time limit",
        "  ✗ c",
        "      got 12, expected 13",
        "      second line",
        "      hint: count from 0",
    ]
    hidden = QuestionResult(
        "q", 1, [CheckResult("h", False, ["got 1\ninput was x", "more"], visible=False)]
    )
    assert bridge.verdict_text(hidden).splitlines()[1:] == ["  ✗ h (hidden test)", "      got 1"]
    assert [o.output_type for o in bridge.verdict_outputs(q2)] == ["stream", "error"]
    assert [o.output_type for o in bridge.verdict_outputs(q1)] == ["stream"]
