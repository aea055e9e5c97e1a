"""A submitted notebook, made fit to grade, with what was wrong with it said in words.

The rule: the learner's answers are theirs, everything else is the instructor's. Test cells are
restored from the source whatever happened to them (edited, deleted, duplicated, turned into
markdown); cells that pretend to be graded are stripped of their grading metadata; the kernel is
the source's; outputs are dropped. A file that cannot be read as a notebook is not graded, and
the report says why, but it never stops the other submissions.
"""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.grader import notebook

MAX_FILE_BYTES = 50 * 2**20


@dataclass
class Prepared:
    notebook: nbformat.NotebookNode | None
    notices: list[str] = field(default_factory=list)  # what was fixed, for the report
    fatal: str | None = None  # why it could not be graded at all


def _find_file(folder: Path, name: str) -> tuple[Path | None, str | None]:
    path = folder / name
    if path.is_file():
        return path, None
    others = sorted(p.name for p in folder.glob("*.ipynb")) if folder.is_dir() else []
    if others:
        return None, f"{name} is missing (the submission has {', '.join(others)}: renamed?)"
    return None, f"{name} is missing"


def read(folder: Path, name: str, source: nbformat.NotebookNode) -> Prepared:
    """Load ``folder/name`` and prepare it against the ``source`` notebook."""
    path, missing = _find_file(folder, name)
    if path is None:
        return Prepared(None, fatal=missing)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES / 2**20
        return Prepared(
            None, fatal=f"{name} is {size / 2**20:.1f} MiB, over the {limit:g} MiB limit"
        )
    try:
        text = path.read_bytes().decode("utf-8")
        json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        return Prepared(None, fatal=f"{name} is not a notebook: invalid JSON ({err})")
    try:
        nb = nbformat.reads(text, as_version=4)  # joins line lists, upgrades old formats
        nbformat.validate(nb)
    except Exception as err:  # noqa: BLE001 - nbformat raises many kinds on odd input
        return Prepared(None, fatal=f"{name} is not a valid notebook: {str(err).splitlines()[0]}")
    return prepare(nb, source)


def prepare(nb: nbformat.NotebookNode, source: nbformat.NotebookNode) -> Prepared:
    """The submission with the source's test cells and kernel; the learner's answers kept."""
    nb = nbformat.from_dict(copy.deepcopy(nb))
    out = Prepared(nb)
    if nb.metadata.get("kernelspec") != source.metadata.get("kernelspec"):
        out.notices.append("the notebook's kernel was changed; graded with the course kernel")
        nb.metadata["kernelspec"] = copy.deepcopy(source.metadata.get("kernelspec", {}))
    source_tests = {notebook.grade_id(c): c for c in notebook.test_cells(source)}
    graded_ids = {
        notebook.grade_id(c) for c in source.cells if notebook.nbgrader_meta(c).get("grade")
    }

    for cell in nb.cells:  # cells claiming grades the source does not have
        meta = notebook.nbgrader_meta(cell)
        if meta.get("grade") and notebook.grade_id(cell) not in graded_ids:
            out.notices.append(
                f"a cell claimed to be graded as {notebook.grade_id(cell)!r}; ignored"
            )
            cell.metadata.pop("nbgrader", None)

    for gid, src in source_tests.items():
        found = [i for i, c in enumerate(nb.cells) if notebook.grade_id(c) == gid]
        restored = nbformat.from_dict(copy.deepcopy(src))
        notebook.clear_outputs(restored)
        if not found:
            out.notices.append(f"test cell {gid!r} was deleted; restored")
            nb.cells.insert(notebook.after_answer(nb, gid), restored)
            continue
        for extra in reversed(found[1:]):
            out.notices.append(f"test cell {gid!r} was duplicated; the copy was removed")
            del nb.cells[extra]
        cell = nb.cells[found[0]]
        if cell.cell_type != "code":
            out.notices.append(f"test cell {gid!r} was changed to {cell.cell_type}; restored")
        elif cell.source != notebook.split_hidden(src.source)[0] and cell.source != src.source:
            out.notices.append(f"test cell {gid!r} was edited; restored")
        restored["id"] = cell.get("id", restored.get("id"))
        nb.cells[found[0]] = restored

    for cell in nb.cells:
        notebook.clear_outputs(cell)
    _deduplicate_ids(nb, out)
    return out


def _deduplicate_ids(nb, out: Prepared) -> None:
    seen = set()
    for cell in nb.cells:
        cid = cell.get("id")
        if not cid or cid in seen:
            if cid:
                out.notices.append(f"two cells had the id {cid!r}; one was renamed")
            cell["id"] = uuid.uuid4().hex[:8]
        seen.add(cell["id"])
