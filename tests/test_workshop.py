"""The workshop hub on one machine (workshop/up), driven the way its users drive it.

Brings up JupyterHub behind configurable-http-proxy with real local accounts, then goes through
a workshop over HTTP, with the calls formgrader and the Assignments panel make: the instructor
releases set 01; one learner fetches it, answers, validates and submits; another submits it
blank; the instructor collects, grades with the kit, grades the written answer by hand, makes
and releases feedback; each learner fetches feedback. Then each learner tries to read what is
not theirs. Needs root (accounts), npm (the proxy) and a Python 3.12 other accounts can run;
on a pyenv Python under /root, the test opens /root for passing through (o+x) while it runs.
"""

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import pytest
import requests
from test_grade import student_notebook  # the solution's answers in a released notebook

from autograder.grader import sandbox
from autograder.grader.release import ROOT

SET = "01-accelerated-numpy"
COURSE = "jax-course"
TAG = secrets.token_hex(3)
TEACHER, ADA, BOB = f"jct{TAG}", f"jca{TAG}", f"jcb{TAG}"
PASSWORD = secrets.token_urlsafe(12)

TOOLS = ("useradd", "runuser", "chpasswd", "npm", "git")
pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not all(map(shutil.which, TOOLS)),
    reason="the workshop hub needs root (it makes accounts), runuser, chpasswd, git and npm",
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def runs_as_nobody(python):
    probe = ["runuser", "-u", "nobody", "--", python, "-c", "pass"]
    return subprocess.run(probe, capture_output=True).returncode == 0


# Several test processes may run a hub at once (pytest -n: this file and the browser test), and
# all of them need /root passable while their hub runs: each registers itself under a lock, and
# the last one out puts /root's mode back. (Closing it under a running hub broke its grading.)
ROOT_USERS = Path(tempfile.gettempdir()) / "jaxcourse-root-passable"


@contextlib.contextmanager
def root_users():
    with open(f"{ROOT_USERS}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ROOT_USERS.mkdir(mode=0o700, exist_ok=True)
        yield ROOT_USERS


def open_root():
    with root_users() as users:
        if not (users / "mode").exists():
            (users / "mode").write_text(str(os.stat("/root").st_mode & 0o7777))
        (users / str(os.getpid())).touch()
        os.chmod("/root", os.stat("/root").st_mode | 0o001)


def close_root():
    with root_users() as users:
        (users / str(os.getpid())).unlink(missing_ok=True)
        alive = [p for p in users.iterdir() if p.name != "mode" and psutil.pid_exists(int(p.name))]
        if not alive:
            os.chmod("/root", int((users / "mode").read_text()))
            shutil.rmtree(users)


@pytest.fixture(scope="module")
def hub():
    # Not under pytest's tmp_path: that is private to root, and every account runs from here.
    state = Path(tempfile.mkdtemp(prefix="jaxcourse-workshop-"))
    state.chmod(0o755)
    # The Python the kit's environment was made from; pyenv keeps it under root's home.
    python = str(Path(sys.base_prefix) / "bin" / "python{}.{}".format(*sys.version_info))
    opened_root = not runs_as_nobody(python) and python.startswith("/root/")
    if opened_root:
        open_root()
    url = f"http://127.0.0.1:{free_port()}"
    env = dict(
        os.environ,
        WORKSHOP_STATE=str(state),
        WORKSHOP_EXCHANGE=str(state / "exchange"),
        WORKSHOP_INSTRUCTOR=TEACHER,
        WORKSHOP_PASSWORD=PASSWORD,
        WORKSHOP_PYTHON=python,
        WORKSHOP_URL=url,
        WORKSHOP_HUB_API=f"http://127.0.0.1:{free_port()}",
        WORKSHOP_PROXY_API=f"http://127.0.0.1:{free_port()}",
    )
    log = open(state / "up.log", "w")
    up = subprocess.Popen(
        ["bash", str(ROOT / "workshop" / "up"), ADA, BOB],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 900
        while "JupyterHub is now running" not in (state / "up.log").read_text():
            assert up.poll() is None, (state / "up.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the hub did not come up in 15 minutes"
            time.sleep(2)
        yield {"url": url, "state": state, "log": state / "up.log"}
    finally:
        stop(up)
        for user in (TEACHER, ADA, BOB):
            subprocess.run(["pkill", "-u", user], capture_output=True)
            subprocess.run(["userdel", "-r", user], capture_output=True)
        if opened_root:
            close_root()
        shutil.rmtree(state, ignore_errors=True)


def stop(process):
    for sig, wait in ((signal.SIGTERM, 60), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


class Browser:
    """One account's session on the hub: log in, start its server, call its REST API."""

    def __init__(self, hub, user):
        self.base, self.user = hub["url"], user
        self.http = requests.Session()
        login = self.http.get(f"{self.base}/hub/login")
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")
        done = self.http.post(
            f"{self.base}/hub/login?next=",
            data={"username": user, "password": PASSWORD, "_xsrf": xsrf},
        )
        assert login.ok and done.ok, done.text[-500:]
        self.http.get(f"{self.base}/hub/spawn")
        deadline = time.monotonic() + 180
        while True:  # the hub shows spawn-pending until the server is up, then logs in there
            lab = self.http.get(self.url("/lab"))
            if lab.ok and lab.url.rstrip("/").endswith(f"/user/{user}/lab"):
                break
            assert time.monotonic() < deadline, f"{user}'s server did not start"
            time.sleep(1)

    def url(self, path):
        return f"{self.base}/user/{self.user}{path}"

    def call(self, method, path, **kwargs):
        xsrf = self.http.cookies.get("_xsrf", path=f"/user/{self.user}/")
        headers = {"X-XSRFToken": xsrf} if xsrf else {}
        return self.http.request(method, self.url(path), headers=headers, timeout=600, **kwargs)

    def json(self, method, path, **kwargs):
        reply = self.call(method, path, **kwargs)
        assert reply.ok, f"{method} {path}: {reply.status_code} {reply.text[-1000:]}"
        return reply.json()


def home(user):
    return Path(subprocess.check_output(["getent", "passwd", user], text=True).split(":")[5])


def as_user(user, *cmd, cwd=None):
    return subprocess.run(
        ["runuser", "-u", user, "--", *cmd], cwd=cwd, capture_output=True, text=True
    )


def grade_with_kit(hub):
    """The instructor grades the collected set with the kit, in their course; returns it."""
    course = home(TEACHER) / COURSE
    python = str(hub["state"] / "venv" / "bin" / "python")
    risk = [] if sandbox.available() else ["--unsandboxed"]  # where bubblewrap cannot run
    graded = as_user(TEACHER, python, "-m", "autograder", "grade", SET, *risk, cwd=course)
    assert graded.returncode == 0, graded.stdout[-2000:] + graded.stderr[-2000:]
    return course


# Bob's one mistake: the textbook formula, which overflows (set 01's first likely wrong answer).
NAIVE = "def logsumexp(x):\n    return jnp.log(jnp.sum(jnp.exp(x)))"


def test_a_workshop_from_release_to_feedback(hub):
    teacher = Browser(hub, TEACHER)
    ada, bob = Browser(hub, ADA), Browser(hub, BOB)

    # Learners have the Assignments panel's server side, not formgrader's.
    assert bob.call("GET", "/formgrader/api/assignments").status_code == 404
    assert teacher.call("GET", "/formgrader/api/assignments").status_code == 200
    # Lab shows formgrader in an iframe of the same server: a browser refuses to draw it unless
    # the page allows framing by its own origin (JupyterHub's servers forbid framing by default).
    page = teacher.call("GET", "/formgrader/manage_assignments")
    assert page.ok and "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]

    released = teacher.json("POST", f"/formgrader/api/assignment/{SET}/release")
    assert released["success"], released

    for learner in (ada, bob):
        listed = learner.json("GET", "/assignments", params={"course_id": COURSE})
        assert [a["assignment_id"] for a in listed["value"]] == [SET]
        learner.json("POST", "/assignments/fetch", data={"course_id": COURSE, "assignment_id": SET})

    path = f"{SET}/{SET}.ipynb"  # nbgrader fetches into the home folder
    solution = nbformat.read(ROOT / "solutions" / SET / f"{SET}.ipynb", as_version=4)
    checked = {}
    for learner, overrides in ((ada, None), (bob, {"q1-stable-logsumexp-answer": NAIVE})):
        fetched = nbformat.from_dict(learner.json("GET", f"/api/contents/{path}")["content"])
        content = student_notebook(fetched, solution, overrides)
        learner.json("PUT", f"/api/contents/{path}", json={"type": "notebook", "content": content})
        checked[learner.user] = learner.json("POST", "/assignments/validate", data={"path": path})
    # Validate: nothing to report for Ada; for Bob, the failing test cell of q1.
    assert checked[ADA] == {"success": True, "value": {}}, checked[ADA]
    assert "q1-stable-logsumexp" in json.dumps(checked[BOB]["value"]["failed"]), checked[BOB]
    for learner in (ada, bob):
        done = learner.json(
            "POST", "/assignments/submit", data={"course_id": COURSE, "assignment_id": SET}
        )
        assert done.get("success", True), done

    collected = teacher.json("POST", f"/formgrader/api/assignment/{SET}/collect")
    assert collected["success"], collected
    course = grade_with_kit(hub)

    # The written answer, by hand, in formgrader's gradebook.
    submissions = teacher.json("GET", f"/formgrader/api/submitted_notebooks/{SET}/{SET}")
    by_student = {s["student"]: s for s in submissions}
    assert set(by_student) == {ADA, BOB}
    grades = teacher.json(
        "GET", "/formgrader/api/grades", params={"submission_id": by_student[ADA]["id"]}
    )
    written = [g for g in grades if g["name"] == "q6-timing-written"]
    assert written and written[0]["auto_score"] is None
    teacher.json("PUT", f"/formgrader/api/grade/{written[0]['id']}", json={"manual_score": 2})
    submissions = {
        s["student"]: s
        for s in teacher.json("GET", f"/formgrader/api/submitted_notebooks/{SET}/{SET}")
    }
    assert submissions[ADA]["score"] == submissions[ADA]["max_score"] > 0
    assert 0 < submissions[BOB]["score"] < submissions[ADA]["score"]

    for action in ("generate_feedback", "release_feedback"):
        done = teacher.json("POST", f"/formgrader/api/assignment/{SET}/{action}")
        assert done["success"], done
    for learner, user in ((ada, ADA), (bob, BOB)):
        learner.json(
            "POST", "/assignments/fetch_feedback", data={"course_id": COURSE, "assignment_id": SET}
        )
        pages = list((home(user) / SET / "feedback").rglob("*.html"))
        assert pages, f"no feedback fetched for {user}"
        html = pages[0].read_text()
        assert "hidden test" in html and "BEGIN HIDDEN TESTS" not in html
        q1 = re.search(r'href="#q1-stable-logsumexp">Test cell</a> \(Score: ([\d.]+) / ', html)
        assert float(q1.group(1)) == (0.0 if user == BOB else 3.0)

    # What no learner may read or write (GUIDE.md: the grader's threat model on a hub).
    for path in (
        home(ADA) / SET / f"{SET}.ipynb",
        course / "solutions" / SET,
        course / "gradebook.db",
        course / "submitted" / ADA,
    ):
        assert path.exists(), path
        assert as_user(BOB, "cat", str(path)).returncode != 0, path
        assert as_user(BOB, "ls", str(path)).returncode != 0, path
    inbound = hub["state"] / "exchange" / COURSE / "inbound"
    assert any(inbound.iterdir())
    assert as_user(BOB, "ls", str(inbound)).returncode != 0
    outbound = hub["state"] / "exchange" / COURSE / "outbound" / SET / "evil.py"
    assert as_user(BOB, "touch", str(outbound)).returncode != 0
