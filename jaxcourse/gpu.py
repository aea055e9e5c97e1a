"""Optional GPU cells: time on an accelerator when there is one, skip in one line when not.

Every GPU cell compares like with like: the same jitted function, the same dtype and the same
inputs on the CPU and on the first GPU, compiled first and waited on. Where the caller says how
many bytes one call moves (or how many floating-point operations it does), the table also says
how close each device came to its limit, against that device's own measured copy bandwidth.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence

import jax
import jax.numpy as jnp

from jaxcourse.timing import format_seconds, time_jitted


def gpu_devices() -> list:
    """The GPUs JAX can see (empty on a CPU-only machine)."""
    try:
        return jax.devices("gpu")
    except RuntimeError:  # no GPU backend is installed or none is attached
        return []


def skip_line(what: str) -> str:
    return f"No GPU found: skipped {what}. On a machine with a GPU this cell prints a timing table."


def copy_bandwidth(device, n_bytes: int = 1 << 30) -> float:
    """Measured memory bandwidth of ``device`` in bytes/s: a jitted ``x + 1`` over ``n_bytes``.

    The kernel reads every byte once and writes every byte once, so it moves ``2 * n_bytes``;
    nothing a stencil or an element-wise program does can stream memory faster than this.
    """
    x = jax.device_put(jnp.zeros(n_bytes // 4, jnp.float32), device)
    timing = time_jitted(lambda a: a + 1.0, x, repeat=5, min_seconds=0.2)
    return 2 * n_bytes / timing.run_s


RECORD_ENV = "JAXCOURSE_GPU_RECORD"  # a file: every comparison appends one JSON line to it
SOURCE_ENV = "JAXCOURSE_GPU_SOURCE"  # what to call the notebook the comparisons come from


def compare_table(
    what: str,
    fn: Callable,
    make_args: Callable[[object], tuple],
    *,
    bytes_moved: float | None = None,
    flops: float | None = None,
    repeat: int = 3,
    probe_bytes: int = 1 << 30,
    devices: Sequence[tuple[str, object]] | None = None,
) -> str:
    """Time ``jax.jit(fn)(*make_args(device))`` on the CPU and on the first GPU; a small table.

    ``make_args(device)`` builds the inputs on that device. With ``bytes_moved`` (per call), the
    table adds the achieved bandwidth and its fraction of the device's measured copy bandwidth;
    with ``flops`` (per call), the achieved FLOP/s. ``probe_bytes`` sizes the copy that measures
    each device's bandwidth. Without a GPU, returns one skip line and runs nothing.

    ``devices`` (label, device) pairs replace the CPU and first GPU; the first is the baseline.
    When the environment names a file in ``JAXCOURSE_GPU_RECORD``, the measurement is also
    appended to it as one JSON line (``python -m jaxcourse gpu`` collects the course's this way).
    """
    if devices is None:
        gpus = gpu_devices()
        if not gpus:
            return skip_line(what)
        devices = [("CPU", jax.devices("cpu")[0]), (f"GPU ({gpus[0].device_kind})", gpus[0])]
    rows = []
    for label, device in devices:
        timing = time_jitted(fn, *make_args(device), repeat=repeat, min_seconds=0.5)
        row: dict[str, object] = {
            "device": label,
            "compile_s": timing.compile_s,
            "run_s": timing.run_s,
        }
        if bytes_moved is not None:
            rate = bytes_moved / timing.run_s
            row["bytes_per_s"] = rate
            row["of_copy"] = rate / copy_bandwidth(device, probe_bytes)
        if flops is not None:
            row["flops_per_s"] = flops / timing.run_s
        rows.append(row)
    record = {"what": what, "source": os.environ.get(SOURCE_ENV, ""), "rows": rows}
    if os.environ.get(RECORD_ENV):
        with open(os.environ[RECORD_ENV], "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
    return format_comparison(record)


def format_comparison(record: dict) -> str:
    """One comparison as the lessons print it: a title line, a header, a line per device."""
    rows = record["rows"]
    baseline = rows[0]["run_s"]
    bandwidth, flops = "bytes_per_s" in rows[0], "flops_per_s" in rows[0]
    header = f"{'device':<28}{'compile':>12}{'run':>12}{'speed-up':>10}"
    if bandwidth:
        header += f"{'GB/s':>9}{'of copy':>9}"
    if flops:
        header += f"{'GFLOP/s':>10}"
    lines = [record["what"], header]
    for row in rows:
        compiled = "-" if row["compile_s"] is None else format_seconds(row["compile_s"])
        line = (
            f"{row['device']:<28}{compiled:>12}{format_seconds(row['run_s']):>12}"
            f"{baseline / row['run_s']:>9.1f}x"
        )
        if bandwidth:
            line += f"{row['bytes_per_s'] / 1e9:>9.1f}{row['of_copy']:>8.0%}"
        if flops:
            line += f"{row['flops_per_s'] / 1e9:>10.1f}"
        lines.append(line)
    return "\n".join(lines)


def course_table(records: Sequence[dict]) -> str:
    """Every recorded comparison in one table: where, what, CPU and GPU times, the ratio, and
    how close the GPU came to its limit (its measured copy bandwidth, or the FLOP/s achieved)."""
    header = f"{'notebook':<24}{'kernel':<58}{'CPU':>10}{'GPU':>10}{'ratio':>8}  GPU at"
    lines = [header, "-" * len(header)]
    for record in records:
        cpu, gpu = record["rows"][0], record["rows"][-1]
        if "of_copy" in gpu:
            limit = f"{gpu['bytes_per_s'] / 1e9:.0f} GB/s, {gpu['of_copy']:.0%} of copy"
        elif "flops_per_s" in gpu:
            limit = f"{gpu['flops_per_s'] / 1e12:.1f} TFLOP/s"
        else:
            limit = "-"
        lines.append(
            f"{record['source']:<24}{record['what'][:57]:<58}{format_seconds(cpu['run_s']):>10}"
            f"{format_seconds(gpu['run_s']):>10}{cpu['run_s'] / gpu['run_s']:>7.1f}x  {limit}"
        )
    devices = sorted({r["rows"][-1]["device"] for r in records})
    lines.append(f"GPU: {', '.join(devices)}; CPU: the same machine's CPU, same dtype and inputs.")
    return "\n".join(lines)


def gpu_matmul_table(n: int = 8192, dtype=jnp.float32, seed: int = 0) -> str:
    """Time an ``n x n`` matmul on the CPU and on the first GPU; return a small table.

    Without a GPU, returns a one-line skip notice.
    """
    key_a, key_b = jax.random.split(jax.random.key(seed))

    def make_args(device):
        return tuple(
            jax.device_put(jax.random.normal(k, (n, n), dtype), device) for k in (key_a, key_b)
        )

    return compare_table(
        f"{n}x{n} @ {n}x{n} matmul, {jnp.dtype(dtype).name}",
        jnp.matmul,
        make_args,
        flops=2.0 * n**3,
    )


def course_notebooks(root=None) -> list:
    """The lessons with a GPU cell: a code cell that calls ``compare_table`` or
    ``gpu_matmul_table``."""
    import nbformat

    from jaxcourse.notebooks import ROOT

    found = []
    for path in sorted((root or ROOT).glob("course/*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        if any(
            c.cell_type == "code"
            and ("compare_table(" in c.source or "gpu_matmul_table(" in c.source)
            for c in cells
        ):
            found.append(path)
    return found


def run_course(paths: Sequence | None = None) -> int:
    """``python -m jaxcourse gpu``: run every lesson with a GPU cell, top to bottom (its GPU cells
    need what the cells before them built), and print all their comparisons in one table."""
    import tempfile
    from pathlib import Path

    from jaxcourse.benchmark import run_once

    if not gpu_devices():
        print(
            "No GPU visible to JAX (jax.devices('gpu') found none): nothing measured. Run this on "
            "a machine with a GPU and jax[cuda12] installed (see the README)."
        )
        return 1
    paths = list(paths or course_notebooks())
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        record_file = Path(tmp) / "records.jsonl"
        record_file.touch()
        for path in paths:
            os.environ[RECORD_ENV], os.environ[SOURCE_ENV] = str(record_file), path.stem
            try:
                seconds, errors = run_once(path)
            finally:
                os.environ.pop(RECORD_ENV)
                os.environ.pop(SOURCE_ENV)
            print(
                f"ran {path.name} in {seconds:.0f} s"
                + (f", {errors} cell(s) failed" if errors else "")
            )
            if errors:
                failed.append(path.name)
        records = [json.loads(line) for line in record_file.read_text().splitlines() if line]
    print()
    print(course_table(records) if records else "No GPU cell recorded a measurement.")
    if failed:
        print("cells failed in: " + ", ".join(failed))
    return 1 if failed or not records else 0
