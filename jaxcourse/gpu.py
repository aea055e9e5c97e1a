"""Optional GPU cells: time on an accelerator when there is one, skip in one line when not."""

from __future__ import annotations

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


def gpu_matmul_table(n: int = 8192, dtype=jnp.float32, seed: int = 0) -> str:
    """Time an ``n x n`` matmul on the CPU and on the first GPU; return a small table.

    Both sides use the same dtype and the same jitted function, compile first and wait for the
    result, so the ratio compares like with like. Without a GPU, returns a one-line skip notice.
    """
    gpus = gpu_devices()
    if not gpus:
        return skip_line(f"the {n}x{n} matmul comparison")
    rows = []
    key_a, key_b = jax.random.split(jax.random.key(seed))
    for label, device in (
        ("CPU", jax.devices("cpu")[0]),
        (f"GPU ({gpus[0].device_kind})", gpus[0]),
    ):
        a = jax.device_put(jax.random.normal(key_a, (n, n), dtype), device)
        b = jax.device_put(jax.random.normal(key_b, (n, n), dtype), device)
        timing = time_jitted(jnp.matmul, a, b, repeat=3, min_seconds=0.5)
        rows.append((label, timing))
    cpu_run = rows[0][1].run_s
    lines = [
        f"{n}x{n} @ {n}x{n} matmul, {jnp.dtype(dtype).name}",
        f"{'device':<28}{'compile':>12}{'run':>12}{'speed-up':>10}",
    ]
    for label, timing in rows:
        lines.append(
            f"{label:<28}{format_seconds(timing.compile_s):>12}{format_seconds(timing.run_s):>12}"
            f"{cpu_run / timing.run_s:>9.1f}x"
        )
    return "\n".join(lines)
