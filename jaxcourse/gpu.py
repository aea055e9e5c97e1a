"""Optional GPU cells: time on an accelerator when there is one, skip in one line when not.

Every GPU cell compares like with like: the same jitted function, the same dtype and the same
inputs on the CPU and on the first GPU, compiled first and waited on. Where the caller says how
many bytes one call moves (or how many floating-point operations it does), the table also says
how close each device came to its limit, against that device's own measured copy bandwidth.
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp

from jaxcourse.timing import Timing, format_seconds, time_jitted


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


def compare_table(
    what: str,
    fn: Callable,
    make_args: Callable[[object], tuple],
    *,
    bytes_moved: float | None = None,
    flops: float | None = None,
    repeat: int = 3,
    probe_bytes: int = 1 << 30,
) -> str:
    """Time ``jax.jit(fn)(*make_args(device))`` on the CPU and on the first GPU; a small table.

    ``make_args(device)`` builds the inputs on that device. With ``bytes_moved`` (per call), the
    table adds the achieved bandwidth and its fraction of the device's measured copy bandwidth;
    with ``flops`` (per call), the achieved FLOP/s. ``probe_bytes`` sizes the copy that measures
    each device's bandwidth. Without a GPU, returns one skip line and runs
    nothing.
    """
    gpus = gpu_devices()
    if not gpus:
        return skip_line(what)
    rows: list[tuple[str, Timing, object]] = []
    for label, device in (
        ("CPU", jax.devices("cpu")[0]),
        (f"GPU ({gpus[0].device_kind})", gpus[0]),
    ):
        timing = time_jitted(fn, *make_args(device), repeat=repeat, min_seconds=0.5)
        rows.append((label, timing, device))
    cpu_run = rows[0][1].run_s
    header = f"{'device':<28}{'compile':>12}{'run':>12}{'speed-up':>10}"
    if bytes_moved is not None:
        header += f"{'GB/s':>9}{'of copy':>9}"
    if flops is not None:
        header += f"{'GFLOP/s':>10}"
    lines = [what, header]
    for label, timing, device in rows:
        compiled = "-" if timing.compile_s is None else format_seconds(timing.compile_s)
        line = (
            f"{label:<28}{compiled:>12}{format_seconds(timing.run_s):>12}"
            f"{cpu_run / timing.run_s:>9.1f}x"
        )
        if bytes_moved is not None:
            achieved = bytes_moved / timing.run_s
            line += f"{achieved / 1e9:>9.1f}{achieved / copy_bandwidth(device, probe_bytes):>8.0%}"
        if flops is not None:
            line += f"{flops / timing.run_s / 1e9:>10.1f}"
        lines.append(line)
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
