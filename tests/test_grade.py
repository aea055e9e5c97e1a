"""``autograder grade`` end to end, on exercise set 01, with honest and hostile submissions.

One course directory (a copy of the kit's solutions and exercises) is graded once; each test
then checks one submission's verdict in nbgrader's gradebook, the CSV report and the feedback.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import pytest

import autograder
from autograder.grader import grade, gradebook, notebook, runner, sandbox
from autograder.grader.release import ROOT

SET = "01-accelerated-numpy"
NB = f"{SET}.ipynb"
FULL = 12.0


def answers_of(nb):
    """The solution's answers, as a learner would write them: without nbgrader's markers."""
    return {
        notebook.grade_id(c): "\n".join(
            line for line in c.source.splitlines() if not SOLUTION_MARKER.match(line)
        ).strip()
        for c in nb.cells
        if notebook.nbgrader_meta(c).get("solution")
    }


# nbgrader's solution delimiters, in code ("### BEGIN SOLUTION") and in markdown ("## BEGIN ...").
SOLUTION_MARKER = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$")


def student_notebook(released, solution, overrides=None, keep_blank=()):
    nb = nbformat.from_dict(json.loads(json.dumps(released)))
    sol = answers_of(solution)
    for cell in nb.cells:
        gid = notebook.grade_id(cell)
        if gid in sol and gid.removesuffix("-answer") not in keep_blank:
            cell.source = sol[gid]
        if overrides and gid in overrides:
            cell.source = overrides[gid]
    return nb


def course_copy(root):
    """Set 01 as a course of its own under root; returns its released and solution notebooks."""
    for name in ("solutions", "exercises"):
        shutil.copytree(ROOT / name / SET, root / name / SET)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    released = nbformat.read(ROOT / "exercises" / SET / NB, as_version=4)
    solution = nbformat.read(ROOT / "solutions" / SET / NB, as_version=4)
    return released, solution


CHEAT_ALLCLOSE = """
import jax.numpy as jnp, numpy as np
jnp.allclose = lambda *a, **k: True
np.allclose = lambda *a, **k: True
import autograder.kernel.judge
autograder.kernel.judge.judge = lambda *a, **k: []
def logsumexp(x):
    return jnp.float32(0.0)
"""
CHEAT_COPY_EXPECTED = """
import autograder.kernel.check as c
_orig = c.Question._check
def _forged(self, kind, name, values, params, hint):
    if values.get("expected", c._MISSING) is not c._MISSING:  # a real reference value
        values = dict(values, actual=values["expected"])
    return _orig(self, kind, name, values, params, hint)
c.Question._check = _forged
def logsumexp(x):
    return jnp.float32(0.0)
"""
CHEAT_READ_SOLUTIONS = f"""
import glob
leaked = glob.glob({str(ROOT)!r} + "/**/solutions/**/*.ipynb", recursive=True)
leaked += glob.glob("/tmp/**/solutions/**/*.ipynb", recursive=True)
print("LEAKED" if leaked else "nothing to read")
def logsumexp(x):
    return jnp.float32(0.0)
"""
CHEAT_GRADEBOOK = """
import glob, sqlite3
found = glob.glob("/tmp/**/gradebook.db", recursive=True)
for db in found + glob.glob("/work/**/gradebook.db", recursive=True):
    con = sqlite3.connect(db); con.execute("UPDATE grade SET auto_score = 100"); con.commit()
def logsumexp(x):
    return jnp.float32(0.0)
"""
CRASH = "import os\nos._exit(1)"
BLANK_LATER_CELLS = """
get_ipython().input_transformers_cleanup.append(lambda lines: [])
def logsumexp(x):
    c = jnp.max(x)
    return c + jnp.log(jnp.sum(jnp.exp(x - c)))
"""
STASH_TESTS = """
seen_cells = []
get_ipython().events.register("pre_run_cell", lambda info: seen_cells.append(info.raw_cell))
def logsumexp(x):
    c = jnp.max(x)
    return c + jnp.log(jnp.sum(jnp.exp(x - c)))
"""


NEEDS_SANDBOX = ("reads-solutions", "writes-gradebook")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    released, solution = course_copy(root)
    subs = {
        "honest": student_notebook(released, solution),
        "blank": released,
        "partial": student_notebook(
            released, solution, keep_blank=("q2-scatter-add-counts", "q5-moving-average")
        ),
        "crashes-in-q2": student_notebook(
            released, solution, {"q2-scatter-add-counts-answer": CRASH}
        ),
        "patches-allclose": student_notebook(
            released, solution, {"q1-stable-logsumexp-answer": CHEAT_ALLCLOSE}
        ),
        "copies-expected": student_notebook(
            released, solution, {"q1-stable-logsumexp-answer": CHEAT_COPY_EXPECTED}
        ),
        "reads-solutions": student_notebook(
            released, solution, {"q1-stable-logsumexp-answer": CHEAT_READ_SOLUTIONS}
        ),
        "writes-gradebook": student_notebook(
            released, solution, {"q1-stable-logsumexp-answer": CHEAT_GRADEBOOK}
        ),
    }
    subs["blanks-later-cells"] = student_notebook(
        released, solution, {"q1-stable-logsumexp-answer": BLANK_LATER_CELLS}
    )
    leaker = student_notebook(released, solution, {"q1-stable-logsumexp-answer": STASH_TESTS})
    leaker.cells.append(nbformat.v4.new_code_cell("print('\\n'.join(seen_cells))"))
    subs["leaks-tests"] = leaker
    edited = student_notebook(released, solution)
    for cell in edited.cells:  # empties a test cell and deletes another
        if notebook.grade_id(cell) == "q1-stable-logsumexp":
            cell.source = "pass"
    edited.cells = [c for c in edited.cells if notebook.grade_id(c) != "q4-pairwise-sq-dists"]
    subs["edits-tests"] = edited
    if not sandbox.available():  # unsandboxed grading is insecure by design, and says so
        for student in NEEDS_SANDBOX:
            del subs[student]
    for student, nb in subs.items():
        folder = root / "submitted" / student / SET
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / NB)
    bad = root / "submitted" / "malformed" / SET
    bad.mkdir(parents=True)
    (bad / NB).write_text('{"cells": [ this is not json')
    renamed = root / "submitted" / "renamed" / SET
    renamed.mkdir(parents=True)
    nbformat.write(subs["honest"], renamed / "my-work.ipynb")
    lines = []
    limits = runner.Limits(cell_seconds=60, submission_seconds=300)
    settings = runner.KernelSettings(limits=limits)
    results = grade.grade(SET, root=root, settings=settings, log=lines.append, unsandboxed=True)
    return root, results, lines


def scores(root):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions(SET)}


def question(results, student, qid):
    return next(q for q in results[student].notebooks[SET].questions if q.question == qid)


def test_honest_gets_full_marks_and_blank_gets_zero(graded):
    root, results, _ = graded
    got = scores(root)
    assert got["honest"] == FULL and got["blank"] == 0.0


def test_partial_credit_per_question(graded):
    root, results, _ = graded
    assert scores(root)["partial"] == FULL - 2 - 2
    assert not question(results, "partial", "q2-scatter-add-counts").passed


def test_a_crash_costs_only_its_question(graded):
    root, results, _ = graded
    assert scores(root)["crashes-in-q2"] == FULL - 2
    q2 = question(results, "crashes-in-q2", "q2-scatter-add-counts")
    assert any("kernel died" in note for note in q2.incidents)


@pytest.mark.parametrize(
    "student", ["patches-allclose", "copies-expected", "reads-solutions", "writes-gradebook"]
)
def test_attacks_change_nothing_but_their_own_wrong_answer(graded, student):
    if student in NEEDS_SANDBOX and not sandbox.available():
        pytest.skip("needs bubblewrap: without it the grader runs unsandboxed, and says so")
    root, results, _ = graded
    assert scores(root)[student] == FULL - 3  # q1 is wrong: exactly what an honest wrong q1 scores
    assert scores(root)["honest"] == FULL and scores(root)["blank"] == 0.0


def test_blanking_the_test_cells_scores_nothing(graded):
    root, _, _ = graded
    assert scores(root)["blanks-later-cells"] == 0.0


def test_hidden_tests_seen_by_the_kernel_never_reach_the_feedback(graded):
    root, _, _ = graded
    assert scores(root)["leaks-tests"] == FULL
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "generate_feedback",
            SET,
            "--student",
            "leaks-tests",
            "--force",
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    html = (root / "feedback" / "leaks-tests" / SET / f"{SET}.html").read_text()
    assert "jax.random.key(1)" not in html and "BEGIN HIDDEN TESTS" not in html
    assert "hidden test" in html


def test_edited_and_deleted_test_cells_are_restored_and_reported(graded):
    root, results, _ = graded
    assert scores(root)["edits-tests"] == FULL
    notices = " ".join(results["edits-tests"].notebooks[SET].notices)
    assert (
        "'q4-pairwise-sq-dists' was deleted" in notices
        and "'q1-stable-logsumexp' was edited" in notices
    )


def test_unreadable_and_renamed_submissions_are_reported_and_score_zero(graded):
    root, results, _ = graded
    got = scores(root)
    assert got["malformed"] == 0.0 and got["renamed"] == 0.0
    assert "invalid JSON" in results["malformed"].notebooks[SET].fatal
    assert "renamed?" in results["renamed"].notebooks[SET].fatal


def test_csv_report_and_progress(graded):
    root, results, lines = graded
    rows = (root / "reports" / f"{SET}-scores.csv").read_text().splitlines()
    assert rows[0].startswith("student,q1-stable-logsumexp,")
    flag = "yes" if sandbox.available() else "NO (unsandboxed)"
    assert any(r.startswith(f"honest,3,2,3,2,2,12,{flag}") for r in rows)
    n = len(list((root / "submitted").iterdir()))
    assert any(re.match(rf"\[\d+/{n}\] honest: 12/12 autograded points", line) for line in lines)


def test_a_second_run_grades_nothing_again(graded):
    root, results, _ = graded
    lines = []
    again = grade.grade(SET, root=root, log=lines.append, unsandboxed=True)
    assert "0 to run" in lines[-2] or any("0 to run" in line for line in lines)
    assert {s: r.key for s, r in again.items()} == {s: r.key for s, r in results.items()}
    assert scores(root)["honest"] == FULL


def test_feedback_and_export_through_nbgrader(graded):
    root, _, _ = graded
    nbgrader = [sys.executable, "-m", "nbgrader"]
    for cmd in (["generate_feedback", SET, "--force"], ["export"]):
        done = subprocess.run([*nbgrader, *cmd], cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    html = (root / "feedback" / "blank" / SET / f"{SET}.html").read_text()
    assert "hidden test" in html and "BEGIN HIDDEN TESTS" not in html
    assert "jax.random.key(1)" not in html  # hidden test code stays hidden
    assert ("Graded without a sandbox" in html) == (not sandbox.available())
    export = (root / "grades.csv").read_text()
    assert "honest" in export


def test_a_killed_run_resumes_without_losing_or_redoing_work(tmp_path):
    root = tmp_path / "course"
    released, solution = course_copy(root)
    expected = {"s1": FULL, "s2": 0.0, "s3": FULL, "s4": 0.0}
    for student, points in expected.items():
        folder = root / "submitted" / student / SET
        folder.mkdir(parents=True)
        nb = student_notebook(released, solution) if points else released
        nbformat.write(nb, folder / NB)
    script = (
        "from pathlib import Path\nfrom autograder.grader import grade\n"
        f"grade.grade({SET!r}, root=Path({str(root)!r}), workers=1, unsandboxed=True)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results_dir = root / ".autograder" / "results" / SET
    deadline = time.monotonic() + 300
    while (
        proc.poll() is None and time.monotonic() < deadline and not list(results_dir.glob("*.json"))
    ):
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)  # mid-run: workers, kernels and all
    proc.wait()
    graded_before = {p.stem for p in results_dir.glob("*.json")}
    assert 1 <= len(graded_before) < len(expected)
    lines = []
    grade.grade(SET, root=root, log=lines.append, unsandboxed=True)
    assert any(f"{len(graded_before)} already graded" in line for line in lines), lines
    assert scores(root) == expected


def test_stock_autograde_refuses_to_run_submissions_and_says_where_to_grade(tmp_path):
    # Formgrader's Autograde button and `nbgrader autograde` go through nbgrader's API with the
    # course's nbgrader_config.py: no submitted code may run that way (unsandboxed).
    root = tmp_path / "course"
    course_copy(root)
    gradebook.tools_on_path()  # nbgrader runs alembic by name
    gradebook.register_assignment(root, SET)
    marker = tmp_path / "the-submission-ran"
    released = nbformat.read(ROOT / "exercises" / SET / NB, as_version=4)
    canary = nbformat.from_dict(json.loads(json.dumps(released)))
    canary.cells.insert(0, nbformat.v4.new_code_cell(f"open({str(marker)!r}, 'w').close()"))
    folder = root / "submitted" / "canary" / SET
    folder.mkdir(parents=True)
    nbformat.write(canary, folder / NB)

    cli = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", SET, "--student", "canary", "--force"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert cli.returncode != 0
    assert f"python -m autograder grade {SET}" in cli.stdout + cli.stderr

    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    outcome = api.autograde(SET, "canary", force=True)  # what formgrader's button calls
    assert not outcome["success"]
    assert f"python -m autograder grade {SET}" in outcome["log"] + outcome.get("error", "")
    assert not marker.exists(), "a submission ran under stock autograde"


@pytest.mark.skipif(not sandbox.available(), reason="needs bubblewrap to build the sandbox")
def test_a_broken_setup_stops_before_any_grade_naming_cause_and_fix(tmp_path, monkeypatch):
    # The kit not importable inside the sandbox (as when it is installed from another checkout
    # than the one the sandbox shows) used to grade the honest submission and the blank one 0/12.
    root = tmp_path / "course"
    released, solution = course_copy(root)
    for student, nb in (("honest", student_notebook(released, solution)), ("blank", released)):
        folder = root / "submitted" / student / SET
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / NB)
    kit = os.path.dirname(os.path.realpath(autograder.__file__))
    shown = sandbox.readable_paths
    monkeypatch.setattr(
        sandbox, "readable_paths", lambda: [p for p in shown() if os.path.realpath(p) != kit]
    )
    with pytest.raises(grade.GraderSetupError) as caught:
        grade.grade(SET, root=root, log=lambda line: None, unsandboxed=True)
    message = str(caught.value)
    assert "No module named 'autograder'" in message
    assert "cannot import the kit" in message and "install the kit" in message
    assert "no grade was written" in message
    assert not (root / ".autograder" / "results").exists()
    assert not (root / "gradebook.db").exists()


def _one_submission_course(root, marker):
    """Set 01 under root with one honest submission that, if it ever runs, creates ``marker``."""
    released, solution = course_copy(root)
    nb = student_notebook(released, solution)
    nb.cells.insert(0, nbformat.v4.new_code_cell(f"open({str(marker)!r}, 'w').close()"))
    folder = root / "submitted" / "honest" / SET
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / NB)


def test_without_a_sandbox_nothing_runs_and_the_fix_is_named(tmp_path, monkeypatch, capsys):
    root, marker = tmp_path / "course", tmp_path / "the-submission-ran"
    _one_submission_course(root, marker)
    monkeypatch.setattr(sandbox, "problem", lambda: "bubblewrap (bwrap) is not installed")
    with pytest.raises(grade.GraderSetupError) as caught:
        grade.grade(SET, root=root, log=lambda line: None)
    message = str(caught.value)
    assert "bubblewrap (bwrap) is not installed" in message
    assert "sudo apt-get install bubblewrap" in message
    assert f"python -m autograder grade {SET} --unsandboxed" in message
    # The command line: exit status 2, the same words, and still nothing run or written.
    from autograder.__main__ import main

    real = grade.grade
    monkeypatch.setattr(grade, "grade", lambda *a, **k: real(*a, **{**k, "root": root}))
    assert main(["grade", SET]) == 2
    assert "sudo apt-get install bubblewrap" in capsys.readouterr().err
    assert not marker.exists()
    assert not (root / ".autograder").exists() and not (root / "gradebook.db").exists()


def test_unsandboxed_on_request_grades_and_says_so_in_the_report_and_the_feedback(
    tmp_path, monkeypatch
):
    root, marker = tmp_path / "course", tmp_path / "the-submission-ran"
    _one_submission_course(root, marker)
    monkeypatch.setattr(sandbox, "problem", lambda: "bubblewrap (bwrap) is not installed")
    lines = []
    results = grade.grade(SET, root=root, log=lines.append, unsandboxed=True)
    assert marker.exists()  # it ran, as the instructor accepted
    assert results["honest"].sandboxed is False and scores(root)["honest"] == FULL
    assert any("UNSANDBOXED" in line for line in lines)
    rows = (root / "reports" / f"{SET}-scores.csv").read_text().splitlines()
    assert rows[1].startswith("honest,") and "NO (unsandboxed)" in rows[1]
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_feedback", SET, "--force"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    html = (root / "feedback" / "honest" / SET / f"{SET}.html").read_text()
    assert "Graded without a sandbox" in html
