"""Values under test, as plain data.

In grading mode a test cell does not decide anything: it *records* the values it checks, and the
verdict is reached in the grader's own process. A record must therefore be plain data that the
grader can read without running anything the submission made: JSON, with arrays as raw bytes
of a whitelisted numeric dtype. Nothing is ever pickled.

The same encode/decode round trip is used in self-check mode too, so that a check judges exactly
the same data in a learner's notebook as in the grader.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

MIME = "application/vnd.jax-course-kit.record+json"
FORMAT_VERSION = 1
MAX_DEPTH = 32
MAX_BYTES = 2**20  # per recorded value: a check compares results, not data sets

_ARRAY_DTYPES = {
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "bfloat16",
    "float32",
    "float64",
    "complex64",
    "complex128",
}


class RecordError(ValueError):
    """A value cannot be recorded (wrong type, too large, too deep)."""


@dataclass(frozen=True)
class DType:
    """A recorded dtype, kept by name (``"float32"``)."""

    name: str

    def __str__(self) -> str:
        return self.name

    __repr__ = __str__


@dataclass(frozen=True)
class KeyArray:
    """A recorded array of typed PRNG keys: the key implementation and the raw key data."""

    impl: str
    data: np.ndarray


@dataclass(frozen=True)
class PyTree:
    """A recorded custom pytree node (dataclass, namedtuple, Equinox module...)."""

    treedef: str
    leaves: tuple


def _dtype_name(dtype) -> str:
    name = np.dtype(dtype).name
    if name not in _ARRAY_DTYPES:
        raise RecordError(f"arrays of dtype {name} cannot be recorded")
    return name


def _encode_array(arr: np.ndarray) -> dict:
    name = _dtype_name(arr.dtype)
    if arr.nbytes > MAX_BYTES:
        raise RecordError(f"an array of {arr.nbytes:,} bytes is too large to record")
    data = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
    return {
        "t": "array",
        "dtype": name,
        "shape": list(arr.shape),
        "data": base64.b64encode(data).decode(),
    }


def _is_key_array(value) -> bool:
    try:
        import jax

        return isinstance(value, jax.Array) and jax.dtypes.issubdtype(
            value.dtype, jax.dtypes.prng_key
        )
    except ImportError:  # pragma: no cover - the grader side may run without jax
        return False


def encode(value: Any, _depth: int = 0) -> dict:
    """Turn a value under test into JSON-ready plain data, or raise :class:`RecordError`."""
    if _depth > MAX_DEPTH:
        raise RecordError(f"nested deeper than {MAX_DEPTH} levels")
    if value is None:
        return {"t": "none"}
    if isinstance(value, np.generic) and not isinstance(value, str | bytes):
        # A NumPy scalar stays one, of its own dtype: np.float64 (what np.sum returns), np.int32,
        # np.bool_ are not the Python float, int and bool they resemble (or subclass)
        return {"t": "scalar", "array": _encode_array(np.asarray(value))}
    scalar = _encode_python_scalar(value)
    if scalar is not None:
        return scalar
    if isinstance(value, np.dtype) or isinstance(value, type):
        return _encode_dtype(value)
    if _is_key_array(value):
        import jax

        return {
            "t": "keys",
            "impl": str(jax.random.key_impl(value)),
            "data": _encode_array(np.asarray(jax.random.key_data(value))),
        }
    if (
        isinstance(value, np.ndarray | np.generic)
        or hasattr(value, "__jax_array__")
        or type(value).__module__.startswith("jax")
    ):
        return _encode_array_like(value)
    return _encode_container(value, _depth)


def _encode_python_scalar(value: Any) -> dict | None:
    """bool, int, float, complex and str, exactly (a subclass is recorded as its base type)."""
    if isinstance(value, bool):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, int):
        return {"t": "int", "v": str(int(value))}  # int(): a subclass's str may not be digits
    if isinstance(value, float):
        return {"t": "float", "v": repr(float(value))}  # float(): a subclass may repr otherwise
    if isinstance(value, complex):
        value = complex(value)
        return {"t": "complex", "v": [repr(value.real), repr(value.imag)]}
    if isinstance(value, str):
        if len(value) > MAX_BYTES:
            raise RecordError("a string too large to record")
        return {"t": "str", "v": value}
    return None


def _encode_dtype(value: Any) -> dict:
    """np.dtype("float32"), np.float32, and jnp.float32 (a JAX scalar type with a .dtype)."""
    try:
        return {"t": "dtype", "v": np.dtype(value).name}
    except TypeError:
        pass
    try:
        return {"t": "dtype", "v": np.dtype(getattr(value, "dtype")).name}  # noqa: B009
    except (TypeError, AttributeError):
        raise RecordError(f"{value!r} cannot be recorded: it is a type, not a value") from None


def _encode_array_like(value: Any) -> dict:
    if type(value).__name__ == "DynamicJaxprTracer" or "Tracer" in type(value).__name__:
        raise RecordError("a traced value cannot be recorded: call the function outside jit")
    try:
        arr = np.asarray(value)
    except Exception as err:  # noqa: BLE001 - anything array-like that refuses
        raise RecordError(f"could not turn a {type(value).__name__} into an array: {err}") from None
    if arr.dtype == object:
        raise RecordError(f"a {type(value).__name__} of Python objects cannot be recorded")
    return _encode_array(arr)


def _encode_container(value: Any, depth: int) -> dict:
    """Lists, tuples, dicts with string keys, and other pytrees, item by item."""
    if type(value) in (list, tuple):
        return {"t": type(value).__name__, "items": [encode(v, depth + 1) for v in value]}
    if type(value) is dict:
        if not all(isinstance(k, str) for k in value):
            raise RecordError("only dicts with string keys can be recorded")
        keys = sorted(value)
        return {"t": "dict", "keys": keys, "items": [encode(value[k], depth + 1) for k in keys]}
    try:
        import jax

        leaves, treedef = jax.tree_util.tree_flatten(value)
    except ImportError:  # pragma: no cover
        leaves, treedef = [value], None
    if treedef is not None and not (len(leaves) == 1 and leaves[0] is value):
        return {
            "t": "pytree",
            "treedef": str(treedef),
            "items": [encode(v, depth + 1) for v in leaves],
        }
    raise RecordError(
        f"a {type(value).__module__}.{type(value).__qualname__} cannot be recorded: "
        "record numbers, "
        "strings, arrays, dtypes, or lists / tuples / dicts / pytrees of them"
    )


def _decode_float(text: str) -> float:
    value = float(text)  # accepts 'nan', 'inf', '-inf' and plain reprs; nothing is evaluated
    return value if not math.isnan(value) else math.nan


def _decode_array(data: dict) -> np.ndarray:
    name = data["dtype"]
    if name not in _ARRAY_DTYPES:
        raise RecordError(f"unknown dtype {name!r} in a record")
    if name == "bfloat16":
        import ml_dtypes  # ships with jax; registers bfloat16 with NumPy

        dtype = np.dtype(ml_dtypes.bfloat16)
    else:
        dtype = np.dtype(name).newbyteorder("<")
    shape = tuple(int(n) for n in data["shape"])
    raw = base64.b64decode(data["data"], validate=True)
    if len(raw) != dtype.itemsize * math.prod(shape):
        raise RecordError("an array record whose data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))


def decode(data: Any, _depth: int = 0) -> Any:
    """Read a record back into Python and NumPy values. Plain data in, plain data out."""
    if _depth > MAX_DEPTH + 1:
        raise RecordError("record nested too deep")
    if not isinstance(data, dict) or "t" not in data:
        raise RecordError("malformed record")
    t = data["t"]
    if t == "none":
        return None
    if t == "bool":
        return bool(data["v"])
    if t == "int":
        return int(str(data["v"]))
    if t == "float":
        return _decode_float(str(data["v"]))
    if t == "complex":
        re, im = data["v"]
        return complex(_decode_float(str(re)), _decode_float(str(im)))
    if t == "str":
        return str(data["v"])
    if t == "dtype":
        return DType(str(data["v"]))
    if t == "array":
        return _decode_array(data)
    if t == "scalar":
        array = _decode_array(data["array"])
        if array.shape != ():
            raise RecordError("a scalar record holding an array")
        return array[()]  # the NumPy scalar of the recorded dtype
    if t == "keys":
        return KeyArray(impl=str(data["impl"]), data=_decode_array(data["data"]))
    if t in ("list", "tuple"):
        items = [decode(v, _depth + 1) for v in data["items"]]
        return items if t == "list" else tuple(items)
    if t == "dict":
        return {
            str(k): decode(v, _depth + 1) for k, v in zip(data["keys"], data["items"], strict=True)
        }
    if t == "pytree":
        return PyTree(str(data["treedef"]), tuple(decode(v, _depth + 1) for v in data["items"]))
    raise RecordError(f"unknown record type {t!r}")
