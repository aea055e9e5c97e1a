"""The solution as the reference, and the probe of the grader's own setup.

Before any submission runs, ``grade`` starts one kernel as it starts a submission's (same sandbox,
same limits) and checks that it imports the kit and runs JAX (:func:`check_setup`); beside it the
solution runs once per notebook (:func:`references`), in that same sandbox, and its records and
tolerances are what the submissions are judged against. Its run is cached while the solution is
unchanged, and it is the one run trusted to write XLA's compile cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.grader import notebook, runner, verdict
from autograder.grader.course import Course
from autograder.grader.errors import GraderSetupError
from autograder.grader.results import FORMAT, atomic_write
from autograder.kernel.check import RECORD, REFERENCE


@dataclass
class Reference:
    name: str  # notebook file name
    source: nbformat.NotebookNode
    records: dict[str, list[dict]]
    visible_names: dict[str, set[str]]


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def folder_digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return digest(
        *(x for p in files for x in (str(p.relative_to(folder)).encode(), p.read_bytes()))
    )


def references(
    assignment: str, root: Path, settings: runner.KernelSettings, cpus: str = ""
) -> list[Reference]:
    """Run each solution notebook once as the reference (cached while the source is unchanged),
    in the same sandbox and under the same limits as the submissions: what breaks a submission's
    kernel for reasons of the grader's setup breaks the reference first. Its kernel is the one
    trusted to write XLA's compile cache (``settings.cache``, :class:`runner.CompileCache`)."""
    settings = dataclasses.replace(settings, mode=REFERENCE, cpus=cpus)
    course = Course(root)
    folder, released = course.source(assignment), course.released(assignment)
    refs = []
    for path in sorted(folder.glob("*.ipynb")):
        source = nbformat.read(path, as_version=4)
        stored_at = course.state("reference", assignment, f"{path.stem}.json")
        key = digest(
            path.read_bytes(),
            folder_digest(folder).encode(),
            str(FORMAT).encode(),
            settings.xla_flags.encode(),
        )
        records = None
        if stored_at.exists():
            stored = json.loads(stored_at.read_text())
            records = stored["records"] if stored.get("key") == key else None
        if records is None:
            run = runner.run(source, folder, settings)
            records = verdict.reference_records(run.notebook)
            atomic_write(stored_at, json.dumps({"key": key, "records": records}))
        visible = {}
        student_view = released / path.name
        view = nbformat.read(student_view, as_version=4) if student_view.exists() else source
        for cell in notebook.test_cells(view):
            text = notebook.split_hidden(cell.source)[0]
            visible[notebook.grade_id(cell)] = {
                r["name"]
                for r in records.get(notebook.grade_id(cell), [])
                if repr(r["name"]) in text or f'"{r["name"]}"' in text
            }
        refs.append(Reference(path.name, source, records, visible))
    return refs


# What every test cell needs: the kit and a working JAX, in a kernel started like a submission's.
SETUP_PROBE = "import autograder, jax, jax.numpy as jnp\nfloat(jnp.ones(3).sum())"


def check_setup(settings: runner.KernelSettings, cpus: str = "") -> None:
    """Raise GraderSetupError, naming the cause and the fix, unless a kernel started as the
    submissions' kernels are (same sandbox, same limits) imports the kit and runs JAX."""
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP_PROBE)])
    settings = dataclasses.replace(settings, mode=RECORD, cpus=cpus, cache=None).resolved()
    run = runner.run(probe, None, settings)
    errors = notebook.error_outputs(run.notebook.cells[0])
    if run.incidents:
        cause = run.incidents[0].message
    elif errors:
        cause = f"{errors[0].ename}: {errors[0].evalue}"
    else:
        return
    where = "the sandboxed grading kernel" if settings.sandboxed else "the grading kernel"
    if "No module named 'autograder'" in cause or "No module named 'jaxcourse'" in cause:
        fix = (
            f"{where} cannot import the kit. It runs {sys.prefix}'s Python and sees the kit at "
            f"{Path(__file__).resolve().parents[2]} only; install the kit into that "
            "environment from the course's own checkout (make install, or pip install -e .), "
            "and grade again"
        )
    elif "jax" in cause.lower() or "xla" in cause.lower():
        fix = f"JAX does not start in {where}; check that `python -c 'import jax'` works there"
    elif "could not start" in cause:
        fix = f"no kernel could start; check that ipykernel is installed in {sys.prefix}"
    else:
        fix = f"{where} cannot run the kit's test cells"
    raise GraderSetupError(
        f"the grader's own setup is broken, so nothing was graded and no grade was written: "
        f"{cause}. Fix: {fix}."
    )
