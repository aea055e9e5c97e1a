"""The lesson helpers: timing done right, and GPU cells that skip cleanly."""

import time

import jax
import jax.numpy as jnp
import pytest

from jaxcourse import gpu, gpu_matmul_table, time_call, time_jitted
from jaxcourse.timing import Timing, format_seconds


def test_time_call_waits_for_every_result_and_reports_first_call_apart():
    calls = []

    def slow(x):
        calls.append(1)
        time.sleep(0.002)
        return x

    timing = time_call(slow, jnp.ones(3), repeat=3, min_seconds=0.01)
    assert timing.runs >= 3 and len(calls) >= timing.runs + 1  # + the first call (+ calibration)
    assert 0.002 <= timing.run_s < 0.05 and timing.first_call_s >= 0.002
    assert timing.compile_s is None


def test_time_jitted_measures_compilation_separately():
    def f(x):
        return jnp.sin(x) @ jnp.cos(x).T

    timing = time_jitted(f, jnp.ones((64, 64)), repeat=3, min_seconds=0.01)
    assert timing.compile_s > 0 and timing.run_s > 0
    assert "compile" in str(timing) and "run" in str(timing)


def test_time_jitted_accepts_an_already_jitted_function():
    jitted = jax.jit(lambda x: x * 2)
    assert time_jitted(jitted, jnp.ones(4), repeat=2, min_seconds=0.001).compile_s > 0


@pytest.mark.parametrize(
    "seconds, text", [(2.5, "2.50 s"), (0.0123, "12.30 ms"), (4.2e-5, "42.0 µs")]
)
def test_format_seconds(seconds, text):
    assert format_seconds(seconds) == text


def test_timing_str_names_only_what_was_measured():
    assert str(Timing(run_s=0.001, runs=5)) == "run 1.00 ms (median of 5)"


def test_gpu_cell_prints_one_skip_line_without_a_gpu(monkeypatch):
    monkeypatch.setattr(gpu, "gpu_devices", lambda: [])
    text = gpu_matmul_table(10_000)
    assert text.count("\n") == 0 and text.startswith("No GPU found: skipped")
