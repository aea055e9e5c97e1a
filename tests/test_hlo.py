"""jaxcourse.hlo: the collectives of compiled programs, and the numbers each device sends."""

import json
import subprocess
import sys

import pytest

from jaxcourse.hlo import collectives, group_size

# Compiled on 4 simulated CPU devices in a fresh process (the device count is fixed when JAX
# starts): one program per collective, each on a block of 8 numbers per device.
PROGRAMS = r"""
import json
import jax
jax.config.update("jax_num_cpu_devices", 4)
import jax.numpy as jnp
from jax import lax
from jax.sharding import NamedSharding
from jax.sharding import PartitionSpec as P
from jaxcourse.hlo import collectives

mesh = jax.make_mesh((4,), ("i",))
x = jax.device_put(jnp.arange(32.0), NamedSharding(mesh, P("i")))


def compiled(per_device):
    f = jax.shard_map(per_device, mesh=mesh, in_specs=P("i"), out_specs=P("i"))
    return jax.jit(f).lower(x).compile()


def ring(block):  # 3 steps round the ring, in a loop XLA knows the length of
    right = [(j, (j + 1) % 4) for j in range(4)]
    return lax.fori_loop(0, 3, lambda _, b: lax.ppermute(b, "i", right), block)


found = {
    "psum": collectives(compiled(lambda b: lax.psum(b, "i"))),
    "all_gather": collectives(compiled(lambda b: lax.all_gather(b, "i", tiled=True))),
    "psum_scatter": collectives(compiled(lambda b: lax.psum_scatter(b, "i", tiled=True))),
    "ring": collectives(compiled(ring)),
    "none": collectives(compiled(lambda b: 2 * b)),
}
print(json.dumps({k: dict(v) for k, v in found.items()}))
"""


@pytest.fixture(scope="module")
def found():
    out = subprocess.run(
        [sys.executable, "-c", PROGRAMS], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def test_an_all_reduce_sends_twice_what_it_delivers_less_a_share(found):
    assert found["psum"]["all-reduce"] == 1
    assert found["psum"]["sent"] == pytest.approx(2 * 3 / 4 * 8)


def test_an_all_gather_sends_all_but_its_own_share_of_what_it_delivers(found):
    assert found["all_gather"]["all-gather"] == 1 and "all-reduce" not in found["all_gather"]
    assert found["all_gather"]["sent"] == pytest.approx(3 / 4 * 32)


def test_a_reduce_scatter_sends_half_what_an_all_reduce_does(found):
    scatter = found["psum_scatter"]
    assert scatter["reduce-scatter"] == 1 and "all-reduce" not in scatter
    assert scatter["sent"] == pytest.approx(found["psum"]["sent"] / 2)


def test_a_collective_in_a_loop_counts_once_per_trip(found):
    assert found["ring"]["collective-permute"] == 3
    assert found["ring"]["sent"] == pytest.approx(3 * 8)


def test_a_program_without_communication_has_no_collectives(found):
    assert found["none"] == {}


@pytest.mark.parametrize(
    "attributes, size",
    [
        ("replica_groups={{0,1},{2,3}}, to_apply=%add", 2),
        ("replica_groups=[2,4]<=[8], dimensions={0}", 4),
        ("replica_groups=[4,2]<=[2,4]T(1,0), to_apply=%add", 2),
        ("replica_groups=mesh['data'=4,'model'=2] {'model'}, to_apply=%add", 2),
        ("replica_groups=mesh['data'=4,'model'=2] {'data','model'}, to_apply=%add", 8),
        ("replica_groups={}, to_apply=%add", 8),
        ("to_apply=%add", 8),
    ],
)
def test_group_size_reads_every_notation(attributes, size):
    assert group_size(attributes, devices=8) == size


def test_async_collectives_count_their_results_not_their_operands():
    text = """HloModule m, num_partitions=4

ENTRY %main (p: f32[8]) -> f32[32] {
  %p = f32[8]{0} parameter(0)
  %ags = (f32[8]{0}, f32[32]{0}) all-gather-start(%p), replica_groups={{0,1,2,3}}, dimensions={0}
  ROOT %agd = f32[32]{0} all-gather-done(%ags)
}
"""
    found = collectives(text)
    assert found["all-gather"] == 1 and found["sent"] == pytest.approx(3 / 4 * 32)
