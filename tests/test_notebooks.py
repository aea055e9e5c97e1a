"""Conventions every notebook follows (GUIDE.md), checked on the committed files."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from jaxcourse import notebooks

ROOT = notebooks.ROOT
LESSONS = sorted(ROOT.glob("course/*.ipynb"))
SOLUTIONS = sorted(ROOT.glob("solutions/*/*.ipynb"))
EXERCISES = sorted(ROOT.glob("exercises/*/*.ipynb"))


def read(path: Path):
    return nbformat.read(path, as_version=4)


def test_there_is_a_lesson_and_an_exercise_set():
    assert LESSONS and SOLUTIONS and EXERCISES


def test_badges_and_setup_cells_are_stamped_from_pyproject():
    assert notebooks.stamp(write=False) == {}, "run: python -m jaxcourse stamp"


def test_badges_point_at_the_notebook_itself():
    for path in LESSONS + SOLUTIONS:
        rel = path.relative_to(ROOT).as_posix()
        title = next(c for c in read(path).cells if c.cell_type == "markdown").source
        assert f"blob/main/{rel})" in title and f"lab/tree/{rel})" in title


def test_environment_yml_is_made_from_the_pins():
    assert (ROOT / "environment.yml").read_text() == notebooks.environment_yml(), (
        "run: python -m jaxcourse environment"
    )


def test_every_pinned_package_is_pinned_exactly():
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    for extra in ("pinned", "hub", "test"):
        exact = [re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", p) for p in extras[extra]]
        assert all(exact), (extra, extras[extra])
    pins = extras["pinned"]
    names = {p.split("==")[0].lower() for p in pins}
    needed = {
        "jax",
        "jaxlib",
        "equinox",
        "optax",
        "diffrax",
        "matplotlib",
        "jupyterlab",
        "nbgrader",
        "nbval",
        "pytest",
        "ruff",
        "scikit-learn",
    }
    assert needed <= names, needed - names


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_structure(path):
    nb = read(path)
    title = nb.cells[0]
    assert title.cell_type == "markdown" and title.source.startswith("# ")
    for words in ("What you will learn", "Prerequisites", "Time"):
        assert words in title.source, f"title cell needs {words!r}"
    bullets = re.findall(
        r"^[-*] ", title.source.split("What you will learn")[1].split("Prerequisites")[0], re.M
    )
    assert 3 <= len(bullets) <= 5, "3-5 learning goals"
    assert any(notebooks.SETUP_TAG in c.metadata.get("tags", []) for c in nb.cells[:3])
    last = nb.cells[-1]
    stem = path.stem
    assert last.cell_type == "markdown" and f"exercises/{stem}/{stem}.ipynb" in last.source
    assert (ROOT / "exercises" / stem / f"{stem}.ipynb").exists()


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lessons_are_committed_with_outputs_and_only_intended_errors(path):
    nb = read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "execute the lesson before committing"
    for cell in code:
        raises = "raises-exception" in cell.metadata.get("tags", [])
        has_error = any(o.output_type == "error" for o in cell.outputs)
        assert has_error == raises, (
            f"cell {cell.source[:60]!r}: error output and raises-exception tag disagree"
        )
        for out in cell.outputs:
            assert out.get("name") != "stderr" or "nbval-ignore-output" in cell.metadata.get(
                "tags", []
            ), f"cell {cell.source[:60]!r} writes to stderr"


@pytest.mark.parametrize(
    "path", SOLUTIONS + EXERCISES, ids=[str(p.relative_to(ROOT)) for p in SOLUTIONS + EXERCISES]
)
def test_exercise_notebooks_are_committed_without_outputs(path):
    for cell in read(path).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_readme_course_map_lists_every_lesson_as_available():
    readme = (ROOT / "README.md").read_text()
    for path in LESSONS:
        row = next(
            (line for line in readme.splitlines() if path.stem in line and "|" in line), None
        )
        assert row is not None, f"README course map lacks {path.stem}"
        assert "available" in row.lower()


def test_notebooks_use_the_python3_kernel():
    for path in LESSONS + SOLUTIONS:
        assert json.loads(path.read_text())["metadata"]["kernelspec"]["name"] == "python3"


LINK = re.compile(r"\]\(([^)\s]+)\)")


def relative_links(path: Path):
    """(text holding it, target) for every relative link in a notebook's markdown or in README."""
    if path.suffix == ".ipynb":
        texts = [c.source for c in read(path).cells if c.cell_type == "markdown"]
    else:
        texts = [path.read_text()]
    for text in texts:
        prose = re.sub(r"`[^`]*`", "", re.sub(r"```.*?```", "", text, flags=re.S))  # not code
        for target in LINK.findall(prose):
            if not re.match(r"[a-z]+:|#", target):
                yield target


@pytest.mark.parametrize(
    "path",
    [ROOT / "README.md", *LESSONS, *SOLUTIONS, *EXERCISES],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_relative_links_point_at_files_that_exist(path):
    missing = [t for t in relative_links(path) if not (path.parent / t.split("#")[0]).exists()]
    assert not missing, f"{path.relative_to(ROOT)} links to files that do not exist: {missing}"
