"""The record codec: plain data in and out, never code."""

import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autograder.records import DType, KeyArray, PyTree, RecordError, decode, encode


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


def test_numpy_scalars_that_subclass_python_numbers_round_trip():
    # np.float64 and np.complex128 subclass float and complex, and NumPy 2 writes their repr as
    # 'np.float64(2.3)': what a solution returns from float arithmetic on NumPy values
    for value in (np.float64(2.3), np.float64("nan"), np.complex128(1.5 - 2j)):
        back = roundtrip(value)
        assert type(back) in (float, complex)
        assert back == value or (np.isnan(back) and np.isnan(value))


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
