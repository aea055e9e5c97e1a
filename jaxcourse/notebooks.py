"""Keep what every notebook shares in step with one setting.

Each notebook in ``course/`` and ``solutions/`` opens with a title cell carrying "Open in Colab"
and "Launch Binder" badges, and has a setup cell that installs the kit on Google Colab only.
Both are made here from ``[tool.jaxcourse] repository`` in ``pyproject.toml``; ``python -m
jaxcourse stamp`` rewrites them and a test fails when a committed notebook is out of step.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BADGE_LINE = re.compile(r"^\[!\[Open in Colab\].*$", re.MULTILINE)
SETUP_TAG = "colab-setup"


@dataclass(frozen=True)
class Settings:
    repository: str  # "owner/name" on GitHub
    branch: str


def settings(root: Path = ROOT) -> Settings:
    data = tomllib.loads((root / "pyproject.toml").read_text())
    tool = data["tool"]["jaxcourse"]
    return Settings(repository=tool["repository"], branch=tool["branch"])


def badge_line(path_in_repo: str, s: Settings) -> str:
    colab = (
        f"https://colab.research.google.com/github/{s.repository}/blob/{s.branch}/{path_in_repo}"
    )
    binder = f"https://mybinder.org/v2/gh/{s.repository}/{s.branch}?urlpath=lab/tree/{path_in_repo}"
    return (
        f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab}) "
        f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({binder})"
    )


def setup_source(s: Settings) -> str:
    # Colab's jax and jaxlib are pinned during the install: the newest releases of some of the
    # kit's dependencies (lineax, through diffrax) need a newer JAX, and pip would otherwise
    # replace Colab's GPU-enabled JAX with a CPU one. Pinned, pip picks versions that fit it.
    return (
        "# Setup: on Google Colab, install the course kit (and what it needs that Colab lacks),\n"
        "# keeping Colab's own JAX. Anywhere else this cell does nothing: the kit is installed.\n"
        "import subprocess\n"
        "import sys\n"
        "from importlib.metadata import version\n"
        "\n"
        f'KIT = "jax-course-kit @ git+https://github.com/{s.repository}@{s.branch}"\n'
        'if "google.colab" in sys.modules:\n'
        '    keep = [f"{name}=={version(name)}" for name in ("jax", "jaxlib")]\n'
        '    subprocess.run([sys.executable, "-m", "pip", "install", "-q", KIT, *keep], check=True)'
    )


def notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks that carry badges: lessons and the exercise sets' source notebooks, in the
    source directory the course's nbgrader_config.py names (read with nbgrader's own
    configuration classes: the lesson helpers do not depend on the kit's grader)."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (root / "nbgrader_config.py").exists():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config())
    sources = root / CourseDirectory(config=config).source_directory
    return sorted([*root.glob("course/*.ipynb"), *sources.glob("*/*.ipynb")])


def stamped(nb: nbformat.NotebookNode, path_in_repo: str, s: Settings) -> list[str]:
    """Rewrite ``nb`` in place; return what had to change (empty when already in step)."""
    problems = []
    title = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    badges = BADGE_LINE.search(title.source) if title is not None else None
    if title is None or badges is None:
        raise ValueError(
            f"{path_in_repo}: the first markdown cell needs an '[![Open in Colab]' line"
        )
    want = badge_line(path_in_repo, s)
    if badges.group(0) != want:
        title.source = BADGE_LINE.sub(want, title.source, count=1)
        problems.append("badges")
    setups = [c for c in nb.cells if SETUP_TAG in c.get("metadata", {}).get("tags", [])]
    if len(setups) != 1:
        raise ValueError(f"{path_in_repo}: needs exactly one code cell tagged {SETUP_TAG!r}")
    if setups[0].source != setup_source(s):
        setups[0].source = setup_source(s)
        problems.append("setup cell")
    return problems


README_BADGES = re.compile(r"^\[!\[Launch Binder\].*$", re.MULTILINE)


def readme_badges(s: Settings) -> str:
    binder = f"https://mybinder.org/v2/gh/{s.repository}/{s.branch}?urlpath=lab/tree/course"
    lesson = "course/01-accelerated-numpy.ipynb"
    colab = f"https://colab.research.google.com/github/{s.repository}/blob/{s.branch}/{lesson}"
    return (
        f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({binder}) "
        f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})"
    )


def stamp(root: Path = ROOT, write: bool = True) -> dict[str, list[str]]:
    """Stamp the notebooks and the README; return ``{path: [what changed]}`` where out of step."""
    s = settings(root)
    out_of_step = {}
    readme = root / "README.md"
    text = readme.read_text()
    match = README_BADGES.search(text)
    if match is None:
        raise ValueError("README.md needs a '[![Launch Binder]' badge line")
    if match.group(0) != readme_badges(s):
        out_of_step["README.md"] = ["badges"]
        if write:
            readme.write_text(README_BADGES.sub(readme_badges(s), text, count=1))
    for path in notebooks(root):
        rel = path.relative_to(root).as_posix()
        nb = nbformat.read(path, as_version=4)
        problems = stamped(nb, rel, s)
        if problems:
            out_of_step[rel] = problems
            if write:
                nbformat.write(nb, path)
    return out_of_step


def environment_yml(root: Path = ROOT) -> str:
    """Binder's environment.yml, made from the pinned extra of pyproject.toml."""
    data = tomllib.loads((root / "pyproject.toml").read_text())
    pins = data["project"]["optional-dependencies"]["pinned"]
    lines = [
        "# Made from pyproject.toml by `python -m jaxcourse environment`: edit the pins there.",
        "# Binder builds its image from this file, then runs postBuild.",
        "name: jax-course-kit",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.12",
        "  - pip",
        "  - pip:",
        *[f"      - {pin}" for pin in pins],
    ]
    return "\n".join(lines) + "\n"
