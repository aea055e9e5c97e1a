"""The record codec: plain data in and out, never code."""

import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autograder.kernel.records import DType, KeyArray, PyTree, RecordError, decode, encode


def roundtrip(value):
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize(
    "dtype", ["float32", "float64", "int32", "uint8", "bool", "complex64", "float16"]
)
def test_arrays_keep_dtype_shape_and_values(dtype):
    arr = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    back = roundtrip(arr)
    assert back.dtype == np.dtype(dtype) and back.shape == (3, 4)
    np.testing.assert_array_equal(back, arr)


def test_jax_arrays_bfloat16_and_nan_survive():
    x = jnp.array([1.0, jnp.nan, -jnp.inf], dtype=jnp.bfloat16)
    back = roundtrip(x)
    assert back.dtype.name == "bfloat16"
    assert np.isnan(back[1].astype(np.float32)) and np.isneginf(back[2].astype(np.float32))


def test_python_scalars_keep_their_type():
    assert roundtrip(3) == 3 and isinstance(roundtrip(3), int)
    assert roundtrip(2**80) == 2**80
    assert np.isnan(roundtrip(float("nan")))
    assert roundtrip(float("-inf")) == float("-inf")
    assert roundtrip(1 + 2j) == 1 + 2j
    assert roundtrip(True) is True and roundtrip(None) is None and roundtrip("hi") == "hi"


SCALAR_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
SCALAR_DTYPES += ["float16", "float32", "float64", "complex64", "complex128"]


@pytest.mark.parametrize("dtype", SCALAR_DTYPES)
def test_numpy_scalars_come_back_as_numpy_scalars_of_their_dtype(dtype):
    # np.float64 (what np.sum([]) returns) subclasses float, np.bool_ resembles bool, and NumPy 2
    # writes their reprs as 'np.float64(0.5)': each comes back as itself, not as a Python number.
    value = np.dtype(dtype).type(1)
    back = roundtrip(value)
    assert type(back) is type(value) and back.dtype == value.dtype and back == value


def test_numpy_scalar_edge_values_and_the_jax_kinds():
    assert np.isnan(roundtrip(np.float64("nan"))) and roundtrip(np.sum([])) == 0.0
    assert type(roundtrip(np.sum([]))) is np.float64
    assert roundtrip(np.complex128(1.5 - 2j)) == np.complex128(1.5 - 2j)
    assert roundtrip(np.iinfo(np.uint64).max) == np.iinfo(np.uint64).max
    # JAX has no scalar type of its own: jnp.float32(1) and a reduction are 0-d arrays.
    for value in (jnp.float32(1.5), jnp.sum(jnp.ones(3, jnp.int32)), jnp.bfloat16(2)):
        back = roundtrip(value)
        assert isinstance(back, np.ndarray) and back.shape == () and back.dtype == value.dtype
    # A NumPy string scalar is a string.
    assert roundtrip(np.str_("hi")) == "hi" and type(roundtrip(np.str_("hi"))) is str


def test_containers_and_pytrees():
    value = {"b": [1, (2.0, None)], "a": jnp.zeros(2)}
    back = roundtrip(value)
    assert list(back) == ["a", "b"] and back["b"][1][1] is None
    assert isinstance(back["b"], list) and isinstance(back["b"][1], tuple)
    from collections import namedtuple

    Point = namedtuple("Point", "x y")
    tree = roundtrip(Point(jnp.ones(1), 2))
    assert isinstance(tree, PyTree) and "Point" in tree.treedef and len(tree.leaves) == 2


def test_dtypes_and_keys():
    assert roundtrip(jnp.float32) == DType("float32")
    assert roundtrip(np.dtype("int8")) == DType("int8")
    keys = roundtrip(jax.random.split(jax.random.key(0), 3))
    assert isinstance(keys, KeyArray) and keys.data.shape == (3, 2)


@pytest.mark.parametrize(
    "value, words",
    [
        (np.array([object()]), "cannot be recorded"),
        (object(), "cannot be recorded"),
        ({1: 2}, "string keys"),
        (np.zeros(2**18), "too large"),
        (np.array(["a", "b"]), "cannot be recorded"),
    ],
)
def test_refuses_what_is_not_plain_data(value, words):
    with pytest.raises(RecordError, match=words):
        encode(value)


def test_refuses_traced_values():
    def f(x):
        encode(x)
        return x

    with pytest.raises(RecordError, match="traced"):
        jax.jit(f)(1.0)


@pytest.mark.parametrize(
    "data",
    [
        {"t": "array", "dtype": "object", "shape": [1], "data": ""},
        {"t": "array", "dtype": "float32", "shape": [3], "data": "AAAA"},
        {"t": "pickle", "v": "gASV"},
        {"t": "scalar", "array": {"t": "array", "dtype": "int8", "shape": [2], "data": "AAA="}},
        {"nothing": 1},
        "just a string",
    ],
)
def test_decode_rejects_malformed_or_unsafe_records(data):
    with pytest.raises(RecordError):
        decode(data)


def test_deep_nesting_is_refused():
    value = []
    for _ in range(40):
        value = [value]
    with pytest.raises(RecordError, match="deeper"):
        encode(value)
