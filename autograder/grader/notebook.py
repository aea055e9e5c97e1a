"""nbgrader's notebook format, as the kit uses it.

A test cell is a code cell whose ``metadata.nbgrader`` has ``grade: true, solution: false``; its
``grade_id`` is the question id that the cell's :func:`autograder.question` must use. An
autograded answer cell has ``solution: true, grade: false``; a manually graded answer has both.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

import nbformat
from nbformat import NotebookNode

from autograder.kernel.records import MIME

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"


def nbgrader_meta(cell: NotebookNode) -> dict[str, Any]:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_test_cell(cell: NotebookNode) -> bool:
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_manual_cell(cell: NotebookNode) -> bool:
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and bool(meta.get("solution"))


def test_cells(nb: NotebookNode) -> list[NotebookNode]:
    return [c for c in nb.cells if is_test_cell(c)]


def points(cell: NotebookNode) -> float:
    return float(nbgrader_meta(cell).get("points", 0))


def grade_id(cell: NotebookNode) -> str:
    return str(nbgrader_meta(cell).get("grade_id", ""))


ANSWER_SUFFIX = "-answer"  # an answer cell's grade id is its question's, with this suffix


def question_of(cell: NotebookNode) -> str:
    """The question a cell belongs to: its grade id, without the answer cell's suffix."""
    return grade_id(cell).removesuffix(ANSWER_SUFFIX)


def after_answer(nb: NotebookNode, question: str) -> int:
    """Where a test cell of ``question`` belongs: right after its answer cell, else at the end."""
    for i, cell in enumerate(nb.cells):
        if grade_id(cell) == question + ANSWER_SUFFIX:
            return i + 1
    return len(nb.cells)


def clear_outputs(cell: NotebookNode) -> None:
    """A code cell as if it had never run."""
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None


def error_outputs(cell: NotebookNode) -> list[NotebookNode]:
    """The error outputs of an executed cell (one, or none, as Jupyter makes them)."""
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def errors(nb: NotebookNode) -> list[tuple[int, str]]:
    """(cell index, 'Name: message') for every cell of an executed notebook that raised."""
    return [(i, error_text(o)) for i, cell in enumerate(nb.cells) for o in error_outputs(cell)]


def split_hidden(source: str) -> tuple[str, str]:
    """(visible part, hidden part) of a test cell's source."""
    visible: list[str] = []
    hidden: list[str] = []
    inside = False
    for line in source.splitlines():
        if HIDDEN_BEGIN in line:
            inside = True
        elif HIDDEN_END in line:
            inside = False
        else:
            (hidden if inside else visible).append(line)
    return "\n".join(visible), "\n".join(hidden)


@dataclass
class CellRecords:
    """What one executed test cell left behind: its records, and its error if it raised."""

    records: list[dict] = field(default_factory=list)
    error: str | None = None


def error_text(output: NotebookNode) -> str:
    return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip()


def cell_records(nb: NotebookNode) -> dict[str, CellRecords]:
    """Records per test cell of an executed notebook, keyed by grade id.

    Only records emitted *by* a test cell and naming that cell's question are taken: a record
    printed from another cell, or naming another question, is ignored.
    """
    found: dict[str, CellRecords] = {}
    for cell in test_cells(nb):
        gid = grade_id(cell)
        entry = found.setdefault(gid, CellRecords())
        errors_here = error_outputs(cell)
        if errors_here and entry.error is None:
            entry.error = error_text(errors_here[0])
        for output in cell.get("outputs", []):
            data = output.get("data", {}) if output.get("output_type") == "display_data" else {}
            record = data.get(MIME)
            if isinstance(record, dict) and record.get("question") == gid:
                entry.records.append(record)
    return found


def with_reference_tests(submission: NotebookNode, reference: NotebookNode) -> NotebookNode:
    """A copy of ``submission`` whose test cells are the reference's (hidden tests included).

    This is what nbgrader's autograde does too: whatever a learner did to a test cell, the cell
    that runs is the instructor's. Cells are matched by grade id.
    """
    merged = nbformat.from_dict(submission)
    ref_cells = {grade_id(c): c for c in test_cells(reference)}
    for cell in merged.cells:
        gid = grade_id(cell)
        if is_test_cell(cell) and gid in ref_cells:
            cell.source = ref_cells[gid].source
            cell.metadata["nbgrader"] = dict(nbgrader_meta(ref_cells[gid]))
    return merged


def imported_modules(nb: NotebookNode) -> list[str]:
    """The modules the notebook's code cells import (``import a.b``, ``from a.b import c``:
    ``a.b``), in order, each once; cells that are not Python (magics, shell lines) are skipped."""
    found: dict[str, None] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update((alias.name, None) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found[node.module] = None
    return list(found)
