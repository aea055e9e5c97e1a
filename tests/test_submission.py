"""Preparing a submission: the learner's answers kept, everything else the instructor's."""

import json

import nbformat
import pytest

from autograder.grader import notebook, submission
from autograder.grader.release import ROOT

SET = "01-accelerated-numpy"
NB = f"{SET}.ipynb"


@pytest.fixture(scope="module")
def source():
    return nbformat.read(ROOT / "solutions" / SET / NB, as_version=4)


@pytest.fixture
def released():
    return nbformat.read(ROOT / "exercises" / SET / NB, as_version=4)


def test_an_untouched_released_notebook_needs_no_repair(source, released):
    prepared = submission.prepare(released, source)
    assert prepared.notices == [] and prepared.fatal is None
    tests = {notebook.grade_id(c): c.source for c in notebook.test_cells(prepared.notebook)}
    assert tests == {notebook.grade_id(c): c.source for c in notebook.test_cells(source)}


def test_duplicated_retyped_test_cells_and_a_forged_graded_cell(source, released):
    cells = released.cells
    q1 = next(i for i, c in enumerate(cells) if notebook.grade_id(c) == "q1-stable-logsumexp")
    cells.insert(q1 + 1, nbformat.from_dict(json.loads(json.dumps(cells[q1]))))
    q2 = next(c for c in cells if notebook.grade_id(c) == "q2-scatter-add-counts")
    q2.cell_type = "markdown"
    del q2["outputs"], q2["execution_count"]
    forged = nbformat.v4.new_code_cell("print('free points')")
    forged.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "grade_id": "bonus",
        "points": 99,
    }
    cells.append(forged)
    prepared = submission.prepare(released, source)
    text = " ".join(prepared.notices)
    assert "'q1-stable-logsumexp' was duplicated" in text
    assert "'q2-scatter-add-counts' was changed to markdown" in text
    assert "'bonus'" in text
    ids = [notebook.grade_id(c) for c in notebook.test_cells(prepared.notebook)]
    assert ids == [notebook.grade_id(c) for c in notebook.test_cells(source)]


def test_kernel_ids_and_stored_outputs_are_the_instructors(source, released):
    released.metadata["kernelspec"] = {"name": "evil", "display_name": "x", "language": "python"}
    released.cells[3]["id"] = released.cells[2]["id"]
    code = next(c for c in released.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 10_000_000)]
    prepared = submission.prepare(released, source)
    assert prepared.notebook.metadata["kernelspec"] == source.metadata["kernelspec"]
    assert len({c["id"] for c in prepared.notebook.cells}) == len(prepared.notebook.cells)
    assert all(c.outputs == [] for c in prepared.notebook.cells if c.cell_type == "code")
    assert any("kernel" in n for n in prepared.notices) and any("id" in n for n in prepared.notices)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"\xff\xfe not text", "invalid JSON"),
        (b'{"cells": 3}', "not a valid notebook"),
        (b"[]", "not a valid notebook"),
    ],
)
def test_unreadable_files_are_reported_not_raised(source, tmp_path, content, words):
    (tmp_path / NB).write_bytes(content)
    prepared = submission.read(tmp_path, NB, source)
    assert prepared.notebook is None and words in prepared.fatal


def test_missing_and_oversized_files(source, tmp_path, monkeypatch):
    assert submission.read(tmp_path, NB, source).fatal == f"{NB} is missing"
    (tmp_path / NB).write_text("{}")
    monkeypatch.setattr(submission, "MAX_FILE_BYTES", 1)
    assert "MiB limit" in submission.read(tmp_path, NB, source).fatal


def test_the_modules_a_notebook_imports_are_read_from_its_code_cells():
    cells = [
        nbformat.v4.new_code_cell("import jax, jax.numpy as jnp\nfrom sklearn.datasets import x"),
        nbformat.v4.new_code_cell("%%capture\n!pip install diffrax"),  # not Python: skipped
        nbformat.v4.new_code_cell("def f():\n    import optax\nfrom . import local\nimport jax"),
        nbformat.v4.new_markdown_cell("import not_code"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    assert notebook.imported_modules(nb) == ["jax", "jax.numpy", "sklearn.datasets", "optax"]
