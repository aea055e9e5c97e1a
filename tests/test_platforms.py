"""The Colab stack that `make colab-test` rebuilds is one the kit installs onto unchanged."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def colab_pins():
    lines = (ROOT / "tests" / "platforms" / "colab.txt").read_text().splitlines()
    pins = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    return {r.name: next(iter(r.specifier)).version for r in pins}


def test_the_colab_stack_pins_what_the_issue_names():
    pins = colab_pins()
    assert {k: pins[k] for k in ("jax", "jaxlib", "numpy", "scikit-learn")} == {
        "jax": "0.7.2",
        "jaxlib": "0.7.2",
        "numpy": "2.1.3",
        "scikit-learn": "1.6.1",
    }


def test_the_kit_installs_on_colab_without_replacing_colabs_packages():
    # The Colab setup cell keeps jax/jaxlib; any other package Colab has must already satisfy the
    # kit's ranges, or pip would replace it behind the learner's back.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = colab_pins()
    for dependency in map(Requirement, project["dependencies"]):
        if dependency.name in pins:
            assert dependency.specifier.contains(pins[dependency.name]), (
                f"{dependency} does not admit Colab's {dependency.name}=={pins[dependency.name]}"
            )
