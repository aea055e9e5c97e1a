"""The gradebook in PostgreSQL, as a course shared by several graders would keep it: a real
server (Debian's postgresql package), started here for the test and stopped after it.

The course's nbgrader_config.py names the database (``CourseDirectory.db_url``); the kit's
grader, nbgrader's generate_assignment, feedback and export all go through it, and no
``gradebook.db`` file appears in the course.
"""

import getpass
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from test_grade import FULL, NB, SET, course_copy, student_notebook

from autograder.grader import grade, sandbox
from autograder.grader.course import Course

INITDB = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def _as_server_user(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the `postgres` account there."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="module")
def postgres():
    """(SQLAlchemy URL of an empty database, its socket folder) on a private server."""
    if not INITDB:
        pytest.skip("PostgreSQL is not installed (Debian/Ubuntu: apt-get install postgresql)")
    pytest.importorskip("psycopg", reason="the test extra installs psycopg")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: cannot start PostgreSQL as another account")
    bindir = os.path.dirname(INITDB[-1])
    # Not under pytest's tmp_path: as root, that is a folder the `postgres` account cannot enter.
    base = Path(tempfile.mkdtemp(prefix="kit-postgres-"))
    data, sockets = base / "data", base / "sockets"
    sockets.mkdir()
    user = "postgres" if os.geteuid() == 0 else getpass.getuser()
    if os.geteuid() == 0:
        os.chmod(base, 0o755)
        for path in (base, sockets):
            shutil.chown(path, user=pwd.getpwnam(user).pw_uid, group=pwd.getpwnam(user).pw_gid)
    run = lambda *cmd: subprocess.run(  # noqa: E731
        _as_server_user(list(cmd)), check=True, capture_output=True, text=True, cwd=base
    )
    run(f"{bindir}/initdb", "-D", str(data), "-A", "trust", "-U", "kit")
    options = f"-k {sockets} -c listen_addresses='' -c fsync=off"  # a socket only, no TCP
    run(f"{bindir}/pg_ctl", "-D", str(data), "-o", options, "-w", "-l", str(base / "log"), "start")
    try:
        run(f"{bindir}/createdb", "-h", str(sockets), "-U", "kit", "gradebook")
        yield f"postgresql+psycopg://kit@/gradebook?host={sockets}", sockets
    finally:
        run(f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


def test_grading_into_a_postgresql_gradebook(postgres, tmp_path):
    url, sockets = postgres
    root = tmp_path / "course"
    released, solution = course_copy(root)
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {url!r}\n")
    # Without a course id nbgrader cannot file assignments in a shared database (SQLite lets
    # that pass, PostgreSQL does not): the grader says so before doing anything.
    with pytest.raises(grade.GraderSetupError, match="course_id"):
        grade.grade(SET, root=root, log=lambda line: None, unsandboxed=True)
    with open(root / "nbgrader_config.py", "a") as config:
        config.write("c.CourseDirectory.course_id = 'jax-course'\n")
    # The honest learner, the blank one, and one whose code tries to reach the database server.
    reach = (
        "import os, socket\n"
        f"try:\n    s = socket.socket(socket.AF_UNIX)\n    s.connect({str(sockets)!r} + "
        "'/.s.PGSQL.5432')\n    reached = True\nexcept OSError:\n    reached = False\n"
    )
    honest = student_notebook(released, solution)
    prober = nbformat.from_dict(nbformat.reads(nbformat.writes(honest), as_version=4))
    # Reaching the server costs the prober question 1 (3 points), so the score tells.
    cheat = "if reached:\n    logsumexp = lambda x: 0.0\n"
    after = next(i for i, c in enumerate(prober.cells) if "q1-stable-logsumexp-answer" in str(c))
    prober.cells.insert(after + 1, nbformat.v4.new_code_cell(reach + cheat))
    for student, nb in (("honest", honest), ("blank", released), ("prober", prober)):
        folder = root / "submitted" / student / SET
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / NB)

    assert Course(root).db_url == url
    walled = FULL if sandbox.available() else FULL - 3  # unsandboxed, the socket is in reach
    results = grade.grade(SET, root=root, log=lambda line: None, unsandboxed=True)
    assert {s: r.score for s, r in results.items()} == {
        "honest": FULL,
        "blank": 0.0,
        "prober": walled,
    }

    from nbgrader.api import Gradebook

    with Gradebook(url, "jax-course") as gb:
        assert {s.student.id: s.score for s in gb.assignment_submissions(SET)} == {
            "honest": FULL,
            "blank": 0.0,
            "prober": walled,
        }
    assert not (root / "gradebook.db").exists()

    lines = []
    grade.grade(SET, root=root, log=lines.append, unsandboxed=True)  # resumes: nothing to run again
    assert any("0 to run" in line for line in lines)

    nbgrader = [sys.executable, "-m", "nbgrader"]
    for cmd in (["generate_feedback", SET, "--force"], ["export"]):
        done = subprocess.run([*nbgrader, *cmd], cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert "honest" in (root / "grades.csv").read_text()
    assert (root / "feedback" / "blank" / SET / f"{SET}.html").exists()
