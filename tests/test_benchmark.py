"""The grading benchmark's workload: learners' own answers from the answer bank, and how it reads
the differences between stock nbgrader's scores and the kit's."""

import nbformat

from autograder.grader import benchmark, notebook

SET = "01-accelerated-numpy"


def _answer_cells(nb):
    return {
        notebook.grade_id(c): c.source
        for c in nb.cells
        if c.cell_type == "code" and notebook.nbgrader_meta(c).get("solution")
    }


def test_learners_answer_with_the_banks_answers_the_solutions_or_nothing():
    work = benchmark.Workload.load(SET)
    work.learners(20)
    bank = benchmark.answer_bank(SET)
    solutions = _answer_cells(work.source)
    released = _answer_cells(work.released)
    seen = {"bank": 0, "solution": 0, "blank": 0}
    for student, (_, nb) in work.subs.items():
        for gid, src in _answer_cells(nb).items():
            label, right = work.labels[student][gid.removesuffix("-answer")]
            if src == released[gid]:
                assert (label, right) == ("blank", False)
                seen["blank"] += 1
            elif src == solutions[gid]:
                assert (label, right) == ("solution", True)
                seen["solution"] += 1
            else:
                assert (label, src, right) in bank[gid], f"{student} {gid}: not from the bank"
                seen["bank"] += 1
    assert all(seen.values()), seen  # twenty learners give every kind of answer
    assert sum(work.answers.values()) == 20 * len(solutions)
    assert work.answers["right"] > work.answers["wrong"] > work.answers["blank"] > 0


def test_the_same_seed_gives_the_same_learners_and_another_seed_others():
    def sources(seed):
        work = benchmark.Workload.load(SET)
        work.learners(5, seed=seed)
        return [nbformat.writes(nb) for _, nb in work.subs.values()]

    assert sources(0) == sources(0)
    assert sources(0) != sources(1)


def test_only_points_stock_gave_to_a_wrong_answer_count_as_stocks_error():
    work = benchmark.Workload.load(SET)
    work.subs = {"a": ("learner", None), "b": ("learner", None)}
    work.labels = {
        "a": {"q1": ("forgets the scale", False), "q2": ("solution", True)},
        "b": {"q1": ("one-hot sum", True), "q2": ("blank", False)},
    }
    stock = {"a": {"q1": 3.0, "q2": 2.0}, "b": {"q1": 3.0, "q2": 0.0}}
    kit = {"a": {"q1": 0.0, "q2": 2.0}, "b": {"q1": 0.0, "q2": 1.0}}
    stock_wrong, other = benchmark._differences(work, stock, kit)
    assert stock_wrong == ["a q1 (forgets the scale): stock 3, kit 0"]
    assert other == [
        "b q1 (one-hot sum): stock 3, kit 0",  # a right answer the kit failed
        "b q2 (blank): stock 0, kit 1",  # points for a blank
    ]


def test_the_benchmark_grades_both_ways_and_agrees_with_stock_where_stock_is_right(capsys):
    assert benchmark.main(SET, n=3, runs=1) == 0
    out = capsys.readouterr().out
    assert "3 submissions of 01-accelerated-numpy: learners' own answers" in out
    assert "nbgrader autograde (stock, sequential)" in out and "speed-up:" in out
    assert "VERDICTS DIFFER" not in out
