"""The learners' other platforms: Colab's stack (`make colab-test`) and Binder's environment."""

import os
import subprocess
import sys
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


def test_binder_gives_learners_the_student_tools_only(tmp_path):
    # What Binder does, without Docker: an environment from environment.yml's pip list (conda
    # only supplies Python 3.12 and pip there), then postBuild, run as repo2docker runs it.
    import yaml

    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.12" in spec["dependencies"]
    pip = next(d["pip"] for d in spec["dependencies"] if isinstance(d, dict))
    venv = tmp_path / "binder"
    python = Path(sys.base_prefix) / "bin" / "python{}.{}".format(*sys.version_info)
    subprocess.run([python, "-m", "venv", venv], check=True)
    bin_ = venv / "bin"
    install = [bin_ / "python", "-m", "pip", "install", "--quiet", *pip]
    subprocess.run(install, check=True, capture_output=True)
    env = {**os.environ, "PATH": f"{bin_}:/usr/bin:/bin", "VIRTUAL_ENV": str(venv)}
    subprocess.run(["bash", "postBuild"], cwd=ROOT, env=env, check=True, capture_output=True)

    def listing(*args):
        done = subprocess.run([bin_ / "jupyter", *args], env=env, capture_output=True, text=True)
        return done.stdout + done.stderr

    lab = listing("labextension", "list")
    server = listing("server", "extension", "list")
    for plugin in ("formgrader", "create-assignment", "course-list"):
        assert f"@jupyter/nbgrader:{plugin}" in lab.split("Disabled extensions:")[1]
    assert "assignment-list" not in lab.split("Disabled extensions:")[1]
    for extension, state in [
        ("formgrader", "disabled"),
        ("course_list", "disabled"),
        ("assignment_list", "enabled"),
        ("validate_assignment", "enabled"),
    ]:
        line = next(x for x in server.splitlines() if f"server_extensions.{extension} " in x)
        assert state in line, line
    imported = subprocess.run([bin_ / "python", "-c", "import autograder, jaxcourse"], env=env)
    assert imported.returncode == 0
