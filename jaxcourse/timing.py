"""Timing done right: warm up first, block until ready, report compile and run time apart.

JAX dispatches work asynchronously: a call returns as soon as the work is queued, so a timer
that does not wait for the result measures the queueing, not the computation. The first call
of a jitted function also traces and compiles it. These helpers keep those costs apart.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import jax


@dataclass(frozen=True)
class Timing:
    """What one timed function cost. All times in seconds."""

    run_s: float
    """Median of the steady-state calls (after warm-up), each waited on."""
    runs: int
    """How many steady-state calls the median is taken over."""
    first_call_s: float | None = None
    """The first call, waited on: for a jitted function it includes tracing and compiling."""
    compile_s: float | None = None
    """Tracing plus XLA compilation alone (ahead-of-time lowering), when measured."""

    def __str__(self) -> str:
        parts = []
        if self.compile_s is not None:
            parts.append(f"compile {format_seconds(self.compile_s)}")
        if self.first_call_s is not None:
            parts.append(f"first call {format_seconds(self.first_call_s)}")
        parts.append(f"run {format_seconds(self.run_s)} (median of {self.runs})")
        return ", ".join(parts)


def format_seconds(seconds: float) -> str:
    """Seconds in the unit a person reads most easily (s, ms or µs)."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def _steady_state(call: Callable[[], object], repeat: int, min_seconds: float) -> tuple[float, int]:
    """Median per-call time over ``repeat`` rounds, each round long enough to time reliably."""
    number = 1
    while True:  # like timeit.autorange: grow the loop until one round takes long enough
        start = time.perf_counter()
        for _ in range(number):
            jax.block_until_ready(call())
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds / repeat or number >= 1_000_000:
            break
        number *= 10
    rounds = [elapsed / number]
    for _ in range(repeat - 1):
        start = time.perf_counter()
        for _ in range(number):
            jax.block_until_ready(call())
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds), repeat * number


def time_call(fn: Callable, *args, repeat: int = 5, min_seconds: float = 0.2, **kwargs) -> Timing:
    """Time ``fn(*args, **kwargs)``: the first call on its own, then the steady state.

    Works for anything that returns arrays (NumPy, jax.numpy, jitted or not): every call is
    waited on with :func:`jax.block_until_ready`, which passes NumPy results through unchanged.
    """
    start = time.perf_counter()
    jax.block_until_ready(fn(*args, **kwargs))
    first = time.perf_counter() - start
    run, runs = _steady_state(lambda: fn(*args, **kwargs), repeat, min_seconds)
    return Timing(run_s=run, runs=runs, first_call_s=first)


def time_jitted(
    fn: Callable, *args, repeat: int = 5, min_seconds: float = 0.2, **jit_kwargs
) -> Timing:
    """Time ``jax.jit(fn)`` on ``args``: tracing + compiling apart from running.

    Compilation is measured ahead of time (``jit(fn).lower(*args).compile()``), so the figure is
    the compiler's alone; the compiled executable is then timed like :func:`time_call`. JAX's
    in-memory caches are cleared first: had the same program been compiled earlier in the session
    (by a call of ``fn``, or of another ``jax.jit`` of it), the figure would be a cache hit of a
    millisecond or so, not a compile time.
    """
    jitted = fn if hasattr(fn, "lower") else jax.jit(fn, **jit_kwargs)
    jax.clear_caches()
    start = time.perf_counter()
    compiled = jitted.lower(*args).compile()
    compile_s = time.perf_counter() - start
    start = time.perf_counter()
    jax.block_until_ready(compiled(*args))
    first = time.perf_counter() - start
    run, runs = _steady_state(lambda: compiled(*args), repeat, min_seconds)
    return Timing(run_s=run, runs=runs, first_call_s=first, compile_s=compile_s)
