"""``exercises/`` is made from ``solutions/`` by nbgrader's own generate_assignment, here."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.grader.course import ROOT, Course
from autograder.grader.errors import NbgraderFailure

__all__ = ["ROOT", "assignments", "differences", "generate", "release"]


def assignments(root: Path = ROOT) -> list[str]:
    """Every exercise set: a folder of the source directory holding at least one notebook."""
    return Course(root).assignments()


def generate(assignment: str, dest: Path, root: Path = ROOT, database: bool = False) -> Path:
    """Run ``nbgrader generate_assignment`` for one set into ``dest`` (a release directory).

    With ``database``, nbgrader also records the set's notebooks and graded cells in the course
    gradebook (what grading needs); without, the gradebook is left alone (what release needs).
    """
    cmd = [
        sys.executable,
        "-m",
        "nbgrader",
        "generate_assignment",
        assignment,
        *([] if database else ["--no-db"]),
        "--force",
        "--log-level=WARN",
        f"--CourseDirectory.root={root}",
        f"--CourseDirectory.release_directory={dest}",
    ]
    done = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise NbgraderFailure(
            f"nbgrader generate_assignment {assignment} failed:\n{done.stdout}{done.stderr}"
        )
    return dest / assignment


def release(assignment: str, root: Path = ROOT) -> Path:
    """Regenerate ``exercises/<set>`` from ``solutions/<set>``; nothing stale is kept."""
    target = Course(root).released(assignment)
    with tempfile.TemporaryDirectory() as tmp:
        made = generate(assignment, Path(tmp), root)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(made, target)
    return target


def differences(assignment: str, root: Path = ROOT) -> list[str]:
    """How the committed ``exercises/<set>`` differs from what release makes (empty: none)."""
    course = Course(root)
    target = course.released(assignment)
    with tempfile.TemporaryDirectory() as tmp:
        made = generate(assignment, Path(tmp), root)
        return _diff(made, target, target.relative_to(course.root))


def _diff(made: Path, committed: Path, label: Path) -> list[str]:
    if not committed.exists():
        return [f"{label} is missing"]
    cmp = filecmp.dircmp(made, committed, ignore=["__pycache__", ".ipynb_checkpoints"])
    out = [f"{label / n} is missing" for n in cmp.left_only]
    out += [f"{label / n} is not made by release (stale?)" for n in cmp.right_only]
    for name in cmp.common_files:
        if (made / name).read_bytes() != (committed / name).read_bytes():
            out.append(f"{label / name} differs from what release makes")
    for name in cmp.common_dirs:
        out += _diff(made / name, committed / name, label / name)
    return out
