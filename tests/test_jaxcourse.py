"""The lesson helpers: timing done right, and GPU cells that skip cleanly."""

import json
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


def test_compare_table_skips_without_a_gpu_and_builds_nothing(monkeypatch):
    monkeypatch.setattr(gpu, "gpu_devices", lambda: [])

    def make_args(device):
        raise AssertionError("no inputs may be built when there is no GPU")

    text = gpu.compare_table("a stencil", jnp.sin, make_args, bytes_moved=8.0)
    assert text.count("\n") == 0 and "skipped a stencil" in text


def test_compare_table_times_both_devices_and_reports_bandwidth(monkeypatch):
    cpu = jax.devices("cpu")[0]
    monkeypatch.setattr(gpu, "gpu_devices", lambda: [cpu])  # the CPU stands in for a GPU
    n = 1 << 16
    built = []

    def make_args(device):
        built.append(device)
        return (jax.device_put(jnp.ones(n, jnp.float32), device),)

    text = gpu.compare_table(
        "x + 1", lambda x: x + 1.0, make_args, bytes_moved=8.0 * n, repeat=2, probe_bytes=1 << 20
    )
    lines = text.splitlines()
    assert lines[0] == "x + 1" and "GB/s" in lines[1] and len(lines) == 4
    assert built == [cpu, cpu]
    fraction = float(lines[3].split()[-1].rstrip("%")) / 100  # same kernel as the probe
    assert 0.05 < fraction < 20


def test_copy_bandwidth_is_a_plausible_rate():
    rate = gpu.copy_bandwidth(jax.devices("cpu")[0], n_bytes=1 << 22)
    assert 1e8 < rate < 1e13  # between 0.1 GB/s and 10 TB/s


def test_time_jitted_compile_time_is_not_a_cache_hit():
    def chain(x):
        for _ in range(30):
            x = jnp.sin(x) @ x
        return x

    x = jnp.ones((32, 32))
    jax.block_until_ready(jax.jit(chain)(x))  # compiled once already, as in a lesson
    jax.clear_caches()
    start = time.perf_counter()
    jax.jit(chain).lower(x).compile()
    cold = time.perf_counter() - start
    jax.block_until_ready(jax.jit(chain)(x))
    timing = time_jitted(chain, x, repeat=2, min_seconds=0.001)
    # a cache hit takes about 1/50 of a real compile; allow a wide margin for a noisy machine
    assert timing.compile_s > 0.2 * cold, (timing.compile_s, cold)


def test_compare_table_records_each_comparison_for_the_course_table(monkeypatch, tmp_path):
    record_file = tmp_path / "records.jsonl"
    monkeypatch.setenv(gpu.RECORD_ENV, str(record_file))
    monkeypatch.setenv(gpu.SOURCE_ENV, "08-differentiable-physics")
    cpu = jax.devices("cpu")[0]
    n = 1 << 14

    def make_args(device):
        return (jax.device_put(jnp.ones(n, jnp.float32), device),)

    for what, flops in (("x + 1", None), ("x * 2", float(n))):
        text = gpu.compare_table(
            what,
            lambda x: x + 1.0,
            make_args,
            bytes_moved=None if flops else 8.0 * n,
            flops=flops,
            repeat=2,
            probe_bytes=1 << 20,
            devices=[("CPU", cpu), ("CPU again", cpu)],  # two labels for one device: no GPU here
        )
        assert text.splitlines()[0] == what and len(text.splitlines()) == 4
    records = [json.loads(line) for line in record_file.read_text().splitlines()]
    assert [r["what"] for r in records] == ["x + 1", "x * 2"]
    assert {r["source"] for r in records} == {"08-differentiable-physics"}
    assert [row["device"] for row in records[0]["rows"]] == ["CPU", "CPU again"]
    assert "of_copy" in records[0]["rows"][1] and "flops_per_s" in records[1]["rows"][1]
    # the record prints as the table the lesson printed
    assert gpu.format_comparison(records[0]).splitlines()[1:2] == text_header(bandwidth=True)
    table = gpu.course_table(records).splitlines()
    assert table[0].split()[:5] == ["notebook", "kernel", "CPU", "GPU", "ratio"]
    assert table[2].startswith("08-differentiable-physics") and "% of copy" in table[2]
    assert "TFLOP/s" in table[3]
    assert table[-1].startswith("GPU: CPU again;")


def text_header(bandwidth: bool) -> list[str]:
    header = f"{'device':<28}{'compile':>12}{'run':>12}{'speed-up':>10}"
    return [header + (f"{'GB/s':>9}{'of copy':>9}" if bandwidth else "")]


def test_course_table_ratio_is_cpu_over_gpu():
    record = {
        "what": "a stencil",
        "source": "01-accelerated-numpy",
        "rows": [
            {"device": "CPU", "compile_s": 0.1, "run_s": 2.0, "flops_per_s": 1e9},
            {"device": "GPU (H100)", "compile_s": 0.2, "run_s": 0.01, "flops_per_s": 2e14},
        ],
    }
    line = gpu.course_table([record]).splitlines()[2]
    assert "2.00 s" in line and "10.00 ms" in line and "200.0x" in line and "200.0 TFLOP/s" in line


def test_gpu_command_finds_every_lesson_with_a_gpu_cell():
    names = [p.name for p in gpu.course_notebooks()]
    assert names == [
        "01-accelerated-numpy.ipynb",
        "08-differentiable-physics.ipynb",
        "11-neural-odes.ipynb",
        "12-diffusion.ipynb",
    ]


def test_gpu_command_without_a_gpu_says_nothing_was_measured(monkeypatch, capsys):
    from jaxcourse.__main__ import main

    monkeypatch.setattr(gpu, "gpu_devices", lambda: [])
    assert main(["gpu"]) == 1
    assert "nothing measured" in capsys.readouterr().out
