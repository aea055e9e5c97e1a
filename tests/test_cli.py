"""The instructor commands, as an instructor types them."""

import subprocess
import sys

from autograder.grader.release import ROOT


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_release_check_passes_on_the_committed_tree():
    done = run("release", "--check")
    assert done.returncode == 0 and "up to date" in done.stdout, done.stdout + done.stderr


def test_an_unknown_set_is_a_clear_error():
    done = run("validate", "99-nope")
    assert done.returncode == 2 and "no exercise set named 99-nope" in done.stderr


def test_help_lists_the_commands():
    done = run("--help")
    assert done.returncode == 0 and "release" in done.stdout and "validate" in done.stdout


def test_sandbox_says_in_one_line_whether_grading_will_be_sandboxed():
    from autograder.grader import sandbox

    done = run("sandbox")
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and len(lines) == 1
    if sandbox.available():
        assert lines[0] == "grading: sandboxed (bubblewrap works on this machine)"
    else:
        assert lines[0].startswith("grading: NO SANDBOX") and "--unsandboxed" in lines[0]
