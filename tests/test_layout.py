"""The package's split: what a learner's kernel imports stays small and separate from the grader."""

import ast
import subprocess
import sys
from pathlib import Path

import autograder

PACKAGE = Path(autograder.__file__).parent
GRADER_ONLY = ("autograder.grader", "nbformat", "nbclient", "nbgrader", "jupyter_client", "psutil")


def test_a_test_cell_imports_nothing_of_the_grader_or_jupyter():
    # What a test cell does in a learner's kernel: import the API, run checks, self-check mode.
    script = (
        "import sys\nfrom autograder import question\n"
        "q = question('q1')\nq.equal('one', 1, expected=1)\nq.close('pi', 3.14159, expected=3.1416,"
        " rtol=1e-4)\nprint(sorted({m.split('.')[0] if not m.startswith('autograder') else m"
        " for m in sys.modules}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"AUTOGRADER_MODE": "self-check", "PATH": ""},
    ).stdout
    loaded = ast.literal_eval(out.strip().splitlines()[-1])
    assert "autograder.kernel.check" in loaded
    assert not [m for m in loaded if m.startswith(GRADER_ONLY)]


def test_the_kernel_package_never_imports_the_grader():
    for path in (PACKAGE / "kernel").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(GRADER_ONLY), f"{path.name} imports {name}"


def test_every_module_lives_in_kernel_or_grader():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
    assert (PACKAGE / "kernel" / "__init__.py").exists()
    assert (PACKAGE / "grader" / "__init__.py").exists()


def test_the_lesson_helpers_never_import_the_grader():
    # jaxcourse is what learners' notebooks import (on Colab too): it reads the course's layout
    # through nbgrader's own configuration classes, never through the kit's grader.
    import jaxcourse

    for path in Path(jaxcourse.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not [n for n in names if n.startswith("autograder")], f"{path.name}: {names}"
