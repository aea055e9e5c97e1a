"""The README's `make` commands pick a Python the pinned JAX runs on, or say what is missing."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def chosen_python(tmp_path: Path, path: str) -> str:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYENV", "MAKE"))}
    env["PATH"] = path
    out = subprocess.run(
        ["make", "-s", "--eval", "p: ; @echo '$(PYTHON)'", "p"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_a_python3_12_on_the_path_is_chosen(tmp_path):
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "python3.12").symlink_to(sys._base_executable)
    assert sys.version_info[:2] == (3, 12), "the reference interpreter runs the tests"
    assert chosen_python(tmp_path, f"{bin_}:/usr/bin:/bin") == str(bin_ / "python3.12")


def test_a_python3_12_that_does_not_run_is_passed_over(tmp_path):
    # pyenv's shim for a version that is installed but not selected exits with an error.
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    shim = bin_ / "python3.12"
    shim.write_text('#!/bin/sh\necho "pyenv: python3.12: command not found" >&2\nexit 127\n')
    shim.chmod(0o755)
    assert chosen_python(tmp_path, f"{bin_}:/usr/bin:/bin") != str(shim)


def test_without_a_python_3_12_install_stops_and_says_how_to_get_one(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    run = subprocess.run(
        ["make", "install", "PYTHON="], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "No Python 3.12 found" in run.stdout + run.stderr
    assert "PYTHON=/path/to/python3.12" in run.stdout + run.stderr
    assert not (tmp_path / ".venv").exists()
