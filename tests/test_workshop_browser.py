"""The workshop in a real browser: Chromium, driven by Playwright, on the hub of workshop/up.

The instructor logs in and releases set 01 from formgrader's tab in JupyterLab; Ada and Bob log
in, fetch it from the Assignments panel, Validate and Submit there (Ada's answers are the
solution's, Bob's first answer is the textbook formula that overflows; their notebooks are
written through Jupyter's contents API, as Lab's Save does, rather than typed key by key). The
instructor collects from formgrader, grades with the kit (`python -m autograder grade`, the only
grading the hub allows), gives the written answer its score by hand in formgrader's grading
page, then makes and releases feedback; each learner fetches it in the Assignments panel and
opens it, and it names the hidden checks without showing them. A screenshot of every step is
kept in test-artifacts/workshop-browser/ (CI uploads that folder). Needs what test_workshop's
hub needs, plus Chromium (Debian: apt-get install chromium).
"""

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from test_grade import student_notebook
from test_workshop import (
    ADA,
    BOB,
    COURSE,
    NAIVE,
    PASSWORD,
    SET,
    TEACHER,
    grade_with_kit,
    home,
    hub,  # noqa: F401  (the fixture: the hub of workshop/up)
)

from autograder.grader.release import ROOT

playwright = pytest.importorskip("playwright.sync_api")


def chromium_path():
    """The system's Chromium (Debian's package), else one `playwright install chromium` put in."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        with playwright.sync_playwright() as p:
            bundled = Path(p.chromium.executable_path)
        found = str(bundled) if bundled.exists() else None
    return found


CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="the browser test needs Chromium (Debian: apt-get install chromium)"
)
SHOTS = ROOT / "test-artifacts" / "workshop-browser"
WAIT = 180_000  # ms: a server's first start imports JAX and builds Lab's page on 2 cores
ARGS = [
    "--no-sandbox",  # root in a container: Chromium's own sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Person:
    """One account in its own browser context (its own cookies), logged in to its JupyterLab."""

    def __init__(self, chromium, server, user):
        self.user, self.base = user, server["url"]
        self.page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
        self.page.set_default_timeout(60_000)
        self.page.goto(f"{self.base}/hub/login")
        self.page.fill("#username_input", user)
        self.page.fill("#password_input", PASSWORD)
        self.page.click("#login_submit")
        self.page.wait_for_url(f"**/user/{user}/lab**", timeout=WAIT)
        self.page.locator("#jp-menu-panel").wait_for(timeout=WAIT)
        self.page.locator("#jp-main-dock-panel").wait_for(timeout=WAIT)

    def url(self, path):
        return f"{self.base}/user/{self.user}{path}"

    def shot(self, name):
        self.page.screenshot(path=SHOTS / f"{name}.png")

    def menu(self, command):
        self.page.locator('#jp-menu-panel div.lm-MenuBar-itemLabel:text("Nbgrader")').click()
        self.page.locator(f'#jp-mainmenu-nbgrader li[data-command="nbgrader:{command}"]').click()

    def api(self, method, path, **kwargs):
        """A call to this account's server with the browser's own session (cookies, XSRF)."""
        xsrf = next(
            c["value"] for c in self.page.context.cookies(self.url("/")) if c["name"] == "_xsrf"
        )
        reply = self.page.request.fetch(
            self.url(path), method=method, headers={"X-XSRFToken": xsrf}, **kwargs
        )
        assert reply.ok, f"{method} {path}: {reply.status} {reply.text()[-1000:]}"
        return reply.json() if reply.text() else None


class Formgrader:
    """The instructor's formgrader tab: the page in Lab's iframe."""

    def __init__(self, teacher):
        self.teacher = teacher
        teacher.menu("open-formgrader")
        self.frame = teacher.page.frame_locator("#jp-main-dock-panel iframe")
        self.row = self.frame.locator("tr", has_text=SET)
        self.row.wait_for()

    def action(self, cell, shot):
        """Press the button in this set's row, column `cell`; formgrader says how it went."""
        self.row.locator(f"td.{cell} a").click()
        modal = self.frame.locator("#success-modal, #error-modal")
        modal.wait_for(timeout=WAIT)
        self.teacher.shot(shot)
        text = modal.inner_text()
        assert modal.get_attribute("id") == "success-modal", text
        modal.locator("button.close").first.click()
        modal.wait_for(state="detached")
        return text


class Assignments:
    """A learner's Assignments panel."""

    def __init__(self, learner):
        self.learner, self.page = learner, learner.page
        learner.menu("open-assignment-list")
        self.page.locator("#released_assignments_list").wait_for()

    def refresh(self):
        self.page.locator("#refresh_assignments_list").click()

    def press(self, where, label):
        self.page.locator(f'{where} .item_status button:text("{label}")').first.click()

    def dialog(self, shot):
        """The dialog a Validate opens: (succeeded, its text); closes it."""
        dialog = self.page.locator(".nbgrader-SuccessDialog, .nbgrader-ErrorDialog")
        dialog.wait_for(timeout=WAIT)
        self.learner.shot(shot)
        ok = self.page.locator(".nbgrader-SuccessDialog").count() == 1
        text = dialog.inner_text()
        dialog.locator("button.jp-Dialog-button").first.click()
        return ok, text


def test_a_workshop_in_the_browser(hub, chromium):  # noqa: F811
    teacher = Person(chromium, hub, TEACHER)
    teacher.page.locator(".jp-DirListing-item", has_text=COURSE).wait_for()  # their course
    teacher.shot("01-instructor-lab")
    formgrader = Formgrader(teacher)
    teacher.shot("02-formgrader")
    released = formgrader.action("release", "03-released")
    assert "released" in released.lower(), released

    solution = nbformat.read(ROOT / "solutions" / SET / f"{SET}.ipynb", as_version=4)
    path = f"{SET}/{SET}.ipynb"
    verdicts = {}
    for user, overrides in ((ADA, None), (BOB, {"q1-stable-logsumexp-answer": NAIVE})):
        learner = Person(chromium, hub, user)
        panel = Assignments(learner)
        panel.refresh()
        panel.press("#released_assignments_list", "Fetch")
        notebooks = f"#nbgrader-{COURSE}-{SET}"  # the fetched set's list of notebooks
        link = panel.page.locator(f'#fetched_assignments_list a[href="{notebooks}"]')
        link.wait_for(timeout=WAIT)
        learner.shot(f"04-{user}-fetched")
        # The learner's answers, saved into the fetched notebook as Lab's Save does.
        fetched = nbformat.from_dict(learner.api("GET", f"/api/contents/{path}")["content"])
        answered = student_notebook(fetched, solution, overrides)
        learner.api("PUT", f"/api/contents/{path}", data={"type": "notebook", "content": answered})
        link.click()
        panel.page.locator(f"{notebooks}.collapse.in").wait_for()
        panel.press(notebooks, "Validate")
        verdicts[user] = panel.dialog(f"05-{user}-validated")
        panel.press("#fetched_assignments_list", "Submit")
        panel.page.locator("#submitted_assignments_list .list_item").first.wait_for(timeout=WAIT)
        learner.shot(f"06-{user}-submitted")
        learner.page.context.close()
    # Validate: all good for Ada; for Bob, a failed check, named.
    assert verdicts[ADA][0], verdicts[ADA][1]
    assert not verdicts[BOB][0], verdicts[BOB][1]
    assert "q1-stable-logsumexp" in verdicts[BOB][1] and "hint:" in verdicts[BOB][1]

    formgrader.action("collect", "07-collected")
    grade_with_kit(hub)

    # The written answer, by hand, on formgrader's grading page for Ada's notebook.
    submitted = teacher.api("GET", f"/formgrader/api/submitted_notebooks/{SET}/{SET}")
    ada_id = next(s["id"] for s in submitted if s["student"] == ADA)
    teacher.page.goto(teacher.url(f"/formgrader/submissions/{ada_id}"))
    # The page binds its score boxes once it has fetched the grades (and then fills them in):
    # typing before that is lost, as a person's typing would be (seen once in a loaded CI run).
    teacher.page.wait_for_function("() => window.formgrader?.grades?.loaded === true")
    score = teacher.page.locator(".nbgrader_cell:has(#q6-timing-written) input.score")
    score.fill("2")
    score.press("Tab")  # formgrader saves on change
    teacher.page.locator(".nbgrader_cell:has(#q6-timing-written) .score-saved").wait_for()
    teacher.shot("08-graded-by-hand")
    scores = {
        s["student"]: (s["score"], s["max_score"])
        for s in teacher.api("GET", f"/formgrader/api/submitted_notebooks/{SET}/{SET}")
    }
    assert scores[ADA][0] == scores[ADA][1] > 0, scores
    assert 0 < scores[BOB][0] < scores[ADA][0], scores

    teacher.page.goto(teacher.url("/lab"))
    formgrader = Formgrader(teacher)
    formgrader.action("generate-feedback", "09-feedback-generated")
    formgrader.action("release-feedback", "10-feedback-released")

    for user in (ADA, BOB):
        learner = Person(chromium, hub, user)
        panel = Assignments(learner)
        panel.refresh()
        learner.page.locator('button:text("Fetch Feedback")').first.click()
        learner.page.locator("#submitted_assignments_list a:text('(view feedback)')").wait_for(
            timeout=WAIT
        )
        learner.shot(f"11-{user}-feedback-fetched")
        pages = sorted((home(user) / SET / "feedback").rglob("*.html"))
        assert pages, f"no feedback fetched for {user}"
        relative = pages[-1].relative_to(home(user))
        learner.page.goto(learner.url(f"/files/{relative}"))
        learner.shot(f"12-{user}-feedback")
        html = learner.page.content()
        assert "hidden test" in html and "BEGIN HIDDEN TESTS" not in html
        q1 = re.search(r'href="#q1-stable-logsumexp">Test cell</a> \(Score: ([\d.]+) / ', html)
        assert q1 and float(q1.group(1)) == (0.0 if user == BOB else 3.0), q1
    # Every step left its picture: 3 before the learners, 3 each, 4 after, 2 each at the end.
    assert len(list(SHOTS.glob("*.png"))) == 3 + 3 * 2 + 4 + 2 * 2
