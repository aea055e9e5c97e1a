"""The course's folders have one home: nbgrader's CourseDirectory, as nbgrader_config.py sets it."""

import re
from pathlib import Path

import autograder
from autograder.grader.course import ROOT, Course


def test_the_kits_own_checkout_is_the_default_course():
    course = Course()
    assert course.root == ROOT
    assert course.source("01-accelerated-numpy") == ROOT / "solutions" / "01-accelerated-numpy"
    assert course.released("01-accelerated-numpy") == ROOT / "exercises" / "01-accelerated-numpy"
    assert course.db_url == f"sqlite:///{ROOT / 'gradebook.db'}"
    assert course.assignments()[0] == "01-accelerated-numpy"


def test_a_course_that_names_its_folders_otherwise_is_followed(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.source_directory = 'instructor'\n"
        "c.CourseDirectory.release_directory = 'learners'\n"
        "c.CourseDirectory.submitted_directory = 'inbox'\n"
        "c.CourseDirectory.db_url = 'sqlite:////somewhere/else.db'\n"
    )
    for folder in ("instructor/week1", "instructor/empty", "inbox/ada/week1", "inbox/bob/week2"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "instructor" / "week1" / "week1.ipynb").write_text("{}")
    course = Course(tmp_path)
    assert course.source("week1") == tmp_path / "instructor" / "week1"
    assert course.released("week1") == tmp_path / "learners" / "week1"
    assert course.submitted("ada", "week1") == tmp_path / "inbox" / "ada" / "week1"
    assert course.assignments() == ["week1"]  # a folder without notebooks is not a set
    assert course.submissions("week1") == {"ada": tmp_path / "inbox" / "ada" / "week1"}
    assert course.submissions("week1", students=["bob"]) == {}
    assert course.db_url == "sqlite:////somewhere/else.db"
    assert course.state("results") == tmp_path / ".autograder" / "results"


def test_no_grader_module_spells_the_layout_itself():
    # The folder names live in nbgrader_config.py and course.py, nowhere else in the grader.
    spelled = re.compile(r"""["'/](solutions|exercises|submitted|autograded|feedback)["'/]""")
    grader = Path(autograder.__file__).parent / "grader"
    offenders = []
    for path in grader.glob("*.py"):
        if path.name == "course.py":
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#")[0]
            if (
                spelled.search(code)
                and '"""' not in code
                and not code.strip().startswith(("``", "-"))
            ):
                offenders.append(f"{path.name}:{n}: {line.strip()}")
    assert not offenders, offenders
