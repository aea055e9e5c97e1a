"""The course's folders, in one place: nbgrader's own ``CourseDirectory``, as the course's
``nbgrader_config.py`` sets it, and the two folders of the kit's own.

- ``solutions/SET`` (nbgrader's source), ``exercises/SET`` (its release),
  ``submitted/STUDENT/SET``, ``autograded/...``, ``feedback/...`` and the gradebook: wherever
  ``nbgrader_config.py`` puts them, found through nbgrader's ``CourseDirectory.format_path``, as
  nbgrader's own commands find them.
- ``.autograder/``: the grader's state (stored results, the solution's reference records,
  XLA's compile cache, which submissions are in the gradebook). Deleting it only costs time.
- ``reports/``: what the grader writes for the instructor (``SET-scores.csv``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

# The kit's own checkout is a course (its nbgrader_config.py says so): the default everywhere.
ROOT = Path(__file__).resolve().parents[2]
STATE = ".autograder"
REPORTS = "reports"


class Course:
    def __init__(self, root: Path = ROOT):
        self.root = Path(root).resolve()

    @functools.cached_property
    def config(self) -> Config:
        """The course's nbgrader configuration, with its root pinned to this folder."""
        config = Config()
        if (self.root / "nbgrader_config.py").exists():
            loader = PyFileConfigLoader("nbgrader_config.py", path=str(self.root))
            config.merge(loader.load_config())
        config.CourseDirectory.root = str(self.root)
        return config

    @functools.cached_property
    def coursedir(self) -> CourseDirectory:
        return CourseDirectory(config=self.config)

    def _path(self, step: str, student: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(step, student, assignment))

    def source(self, assignment: str) -> Path:
        """The set's instructor notebooks, with solutions and hidden tests."""
        return self._path(self.coursedir.source_directory, ".", assignment)

    def released(self, assignment: str) -> Path:
        """The set as learners get it."""
        return self._path(self.coursedir.release_directory, ".", assignment)

    def submitted(self, student: str, assignment: str) -> Path:
        return self._path(self.coursedir.submitted_directory, student, assignment)

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    @property
    def course_id(self) -> str:
        return self.coursedir.course_id

    def gradebook_problem(self) -> str | None:
        """Why nbgrader could not keep this course's gradebook, if it could not.

        nbgrader files every assignment under the course id; with none it files them under an
        empty one that no course row matches. SQLite does not check that; PostgreSQL and MySQL
        refuse the first assignment with a foreign-key error."""
        if not self.db_url.startswith("sqlite") and not self.course_id:
            return (
                f"the gradebook is a shared database ({self.db_url.split(':')[0]}), and nbgrader "
                "needs a course id there. Fix: set c.CourseDirectory.course_id = 'your-course' "
                f"in {self.root / 'nbgrader_config.py'}"
            )
        return None

    def assignments(self) -> list[str]:
        """Every exercise set: a folder of the source directory holding at least one notebook."""
        base = self.root / self.coursedir.source_directory
        if not base.is_dir():
            return []
        return sorted(p.name for p in base.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))

    def submissions(self, assignment: str, students: list[str] | None = None) -> dict[str, Path]:
        """{student: folder} of every submission of ``assignment`` (or of ``students``)."""
        base = self.root / self.coursedir.submitted_directory
        found = {}
        if base.is_dir():
            for d in sorted(base.iterdir()):
                folder = self.submitted(d.name, assignment)
                if d.is_dir() and folder.is_dir() and (not students or d.name in students):
                    found[d.name] = folder
        return found

    def state(self, *parts: str) -> Path:
        """A place in the grader's own state folder."""
        return self.root.joinpath(STATE, *parts)

    def report(self, name: str) -> Path:
        return self.root / REPORTS / name
