"""Verdicts on recorded values: one set of rules for self-check mode and for the grader.

Every function here takes *decoded* records (plain Python and NumPy values, see
:mod:`autograder.kernel.records`) and returns a list of problems in words a learner understands; an
empty list means the check passed. Nothing here imports or runs submission code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.kernel.records import DType, KeyArray, PyTree

_NUMERIC = (bool, int, float, complex, np.ndarray, np.generic)


def show(value: Any, limit: int = 300) -> str:
    """A short, readable rendering of a recorded value."""
    if isinstance(value, np.generic):
        text = f"{value.item()!r} (a NumPy {value.dtype.name})"
    elif isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=24, edgeitems=3, linewidth=88):
            text = np.array2string(value, separator=", ")
        text = f"{text} (shape {value.shape}, {value.dtype.name})" if value.ndim else text
    elif isinstance(value, KeyArray):
        text = f"PRNG keys ({value.impl}) with data {show(value.data)}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, PyTree):
        return f"a pytree {value.treedef}"
    return f"a {type(value).__name__}"


def _where(path: str) -> str:
    return f"at {path}: " if path else ""


def compare(
    actual: Any,
    expected: Any,
    *,
    exact: bool,
    rtol: float = 0.0,
    atol: float = 0.0,
    check_dtype: bool = True,
    path: str = "",
) -> list[str]:
    """Problems that keep ``actual`` from matching ``expected`` (empty when they match)."""
    where = _where(path)

    def each(pairs, label) -> list[str]:  # compare children with the same options
        return [
            p
            for key, a, e in pairs
            for p in compare(
                a, e, exact=exact, rtol=rtol, atol=atol, check_dtype=check_dtype, path=label(key)
            )
        ]

    if isinstance(expected, dict | list | tuple | PyTree):
        mismatch, pairs = _children(actual, expected, path)
        return [f"{where}{mismatch}"] if mismatch else each(pairs, lambda label: label)
    if isinstance(expected, KeyArray):
        if not isinstance(actual, KeyArray):
            return [f"{where}expected PRNG keys, got {_describe(actual)}"]
        if actual.impl != expected.impl:
            return [f"{where}expected keys of implementation {expected.impl}, got {actual.impl}"]
        return compare(actual.data, expected.data, exact=True, path=path)
    if isinstance(expected, DType):
        name = actual.name if isinstance(actual, DType) else actual
        if name != expected.name:
            return [f"{where}expected dtype {expected.name}, got {show(actual)}"]
        return []
    if expected is None or isinstance(expected, str):
        if actual != expected or type(actual) is not type(expected):
            return [f"{where}expected {show(expected)}, got {show(actual)}"]
        return []
    if not isinstance(expected, _NUMERIC):
        return [f"{where}cannot compare with a {type(expected).__name__}"]  # pragma: no cover
    return _compare_numbers(
        actual, expected, exact=exact, rtol=rtol, atol=atol, check_dtype=check_dtype, where=where
    )


# The kinds of number, by NumPy's dtype kind ('V': ml_dtypes' bfloat16 and friends, all floats).
_KINDS = {
    "b": "boolean",
    "i": "integer",
    "u": "integer",
    "f": "float",
    "V": "float",
    "c": "complex",
}


def _children(actual: Any, expected: Any, path: str) -> tuple[str, list]:
    """For a container ``expected``: ("", [(path of the child, actual child, expected child)])
    when ``actual`` has the same shape of container, else (what differs, [])."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"expected a dict with keys {sorted(expected)}, got {_describe(actual)}", []
        if set(actual) != set(expected):
            return f"expected keys {sorted(expected)}, got keys {sorted(actual)}", []
        return "", [(f"{path}[{k!r}]", actual[k], expected[k]) for k in sorted(expected)]
    if isinstance(expected, list | tuple):
        kind = type(expected).__name__
        if type(actual) is not type(expected):
            return f"expected a {kind} of {len(expected)} items, got {_describe(actual)}", []
        if len(actual) != len(expected):
            return f"expected a {kind} of {len(expected)} items, got {len(actual)} items", []
        pairs = zip(actual, expected, strict=True)
        return "", [(f"{path}[{i}]", a, e) for i, (a, e) in enumerate(pairs)]
    if not isinstance(actual, PyTree) or actual.treedef != expected.treedef:
        return f"expected the pytree {expected.treedef}, got {_describe(actual)}", []
    leaves = zip(actual.leaves, expected.leaves, strict=True)
    return "", [(f"{path}<leaf {i}>", a, e) for i, (a, e) in enumerate(leaves)]


def _kind(x: np.ndarray) -> str:
    return _KINDS.get(x.dtype.kind, x.dtype.name)


def _compare_numbers(actual, expected, *, exact, rtol, atol, check_dtype, where) -> list[str]:
    """The type rule, with ``check_dtype`` (the default): where both sides have a dtype (NumPy
    arrays and scalars, JAX arrays), the same dtype; where one is a Python number, which has a
    kind but no width, the same kind (boolean, integer, float, complex): ``13`` is not ``13.0``
    and ``True`` is not ``1``, but a Python float matches a float32 array by value. Without
    ``check_dtype``, only values, shapes and structure count."""
    if not isinstance(actual, _NUMERIC):
        return [f"{where}expected a number or array, got {_describe(actual)}: {show(actual)}"]
    a, e = np.asarray(actual), np.asarray(expected)
    if a.shape != e.shape:
        return [f"{where}expected shape {e.shape}, got shape {a.shape}"]
    problems = []
    if check_dtype:
        typed = np.ndarray | np.generic
        if isinstance(actual, typed) and isinstance(expected, typed):
            if a.dtype != e.dtype:
                problems.append(f"{where}expected dtype {e.dtype.name}, got dtype {a.dtype.name}")
        elif _kind(a) != _kind(e):
            return [f"{where}expected {_kind(e)} values, got {_kind(a)} values: {show(actual)}"]
    if a.dtype == bool or e.dtype == bool or exact:
        ok = np.asarray(a == e) | (_isnan(a) & _isnan(e))
    else:
        with np.errstate(invalid="ignore", over="ignore"):
            ok = np.isclose(
                a.astype(np.result_type(a, e, np.float64)),
                e.astype(np.result_type(a, e, np.float64)),
                rtol=rtol,
                atol=atol,
                equal_nan=True,
            )
    if not np.all(ok):
        tol = "exactly" if exact else f"within rtol={rtol:g}, atol={atol:g}"
        if a.ndim == 0:
            problems.append(
                f"{where}expected {show(expected)}, got {show(actual)} (compared {tol})"
            )
            return problems
        bad = int(np.size(ok) - np.count_nonzero(ok))
        first = tuple(int(i) for i in np.argwhere(~ok)[0])
        problems.append(
            f"{where}values differ at {bad} of {np.size(ok)} positions (first at index {first}: "
            f"expected {e[first].item()!r}, got {a[first].item()!r}), compared {tol}\n"
            f"    expected: {show(expected)}\n    got:      {show(actual)}"
        )
    return problems


def _isnan(x: np.ndarray) -> np.ndarray:
    return np.isnan(x) if x.dtype.kind in "fc" else np.zeros(x.shape, bool)


def _numeric_leaves(value: Any) -> list[np.ndarray]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _numeric_leaves(v)]
    if isinstance(value, list | tuple):
        return [leaf for v in value for leaf in _numeric_leaves(v)]
    if isinstance(value, PyTree):
        return _numeric_leaves(list(value.leaves))
    if isinstance(value, _NUMERIC):
        return [np.asarray(value)]
    return []


def _compared(values: dict[str, Any], params: dict[str, Any], exact: bool) -> list[str]:
    if "expected" not in values:
        return []
    return compare(
        values.get("actual"),
        values["expected"],
        exact=exact,
        rtol=float(params.get("rtol", 0.0)),
        atol=float(params.get("atol", 0.0)),
        check_dtype=bool(params.get("check_dtype", True)),
    )


def _close(values: dict[str, Any], params: dict[str, Any]) -> list[str]:
    return _compared(values, params, exact=False)


def _equal(values: dict[str, Any], params: dict[str, Any]) -> list[str]:
    return _compared(values, params, exact=True)


def _finite(values: dict[str, Any], params: dict[str, Any]) -> list[str]:
    actual = values.get("actual")
    leaves = _numeric_leaves(actual)
    if not leaves:
        return [f"expected numbers, got {_describe(actual)}: {show(actual)}"]
    problems = []
    for leaf in leaves:
        finite = np.isfinite(leaf) if leaf.dtype.kind in "fc" else np.ones(leaf.shape, bool)
        if not np.all(finite):
            n_nan, n_inf = int(np.isnan(leaf).sum()), int(np.isinf(leaf).sum())
            problems.append(
                f"expected only finite values, got {n_nan} nan and {n_inf} inf "
                f"among {leaf.size}: {show(leaf)}"
            )
    return problems


def _paired(values: dict[str, Any], params: dict[str, Any]) -> list[str]:
    return compare(
        values.get("actual"),
        values.get("other"),
        exact=False,
        rtol=float(params.get("rtol", 0.0)),
        atol=float(params.get("atol", 0.0)),
        check_dtype=True,
    )


def _same(values: dict[str, Any], params: dict[str, Any]) -> list[str]:
    return [f"expected the two results to be the same, but: {p}" for p in _paired(values, params)]


def _differ(values: dict[str, Any], params: dict[str, Any]) -> list[str]:
    if _paired(values, params):
        return []
    return [f"expected the two results to differ, but both are {show(values.get('actual'))}"]


def _at_most(values: dict[str, Any], params: dict[str, Any]) -> list[str]:
    actual, bound = values.get("actual"), float(params["bound"])
    leaves = _numeric_leaves(actual)
    if not leaves:
        return [f"expected numbers, got {_describe(actual)}: {show(actual)}"]
    worst = max(float(np.max(np.real(leaf))) if leaf.size else -math.inf for leaf in leaves)
    if math.isnan(worst) or any(np.isnan(leaf).any() for leaf in leaves if leaf.dtype.kind in "fc"):
        return [f"expected values at most {bound:g}, got nan: {show(actual)}"]
    return [] if worst <= bound else [f"expected values at most {bound:g}, got {worst:g}"]


def _true(values: dict[str, Any], params: dict[str, Any]) -> list[str]:
    actual = values.get("actual")
    if isinstance(actual, bool | np.bool_) and bool(actual):
        return []
    if isinstance(actual, np.ndarray) and actual.shape == () and actual.dtype == bool and actual:
        return []
    return [f"expected True, got {show(actual)}"]


@dataclass(frozen=True)
class Kind:
    """A kind of check: the values it records, whether the grader gives it the solution's own
    value as ``expected`` (the comparing checks) or it tests a property of the learner's values
    alone, and its rule. :class:`autograder.kernel.check.Question` has one method per kind."""

    values: tuple[str, ...]
    reference: bool
    rule: Callable[[dict[str, Any], dict[str, Any]], list[str]]


KINDS: dict[str, Kind] = {
    "close": Kind(("actual",), True, _close),
    "equal": Kind(("actual",), True, _equal),
    "finite": Kind(("actual",), False, _finite),
    "same": Kind(("actual", "other"), False, _same),
    "differ": Kind(("actual", "other"), False, _differ),
    "at_most": Kind(("actual",), False, _at_most),
    "true": Kind(("actual",), False, _true),
}


def judge(kind: str, values: dict[str, Any], params: dict[str, Any]) -> list[str]:
    """Problems with one check, given its decoded values and its parameters.

    ``values["expected"]`` is the reference for the checks that compare with one: the learner's
    own expected value in self-check mode, the solution's recorded value in the grader. When a
    comparing check has no reference (a hidden test run by its own solution) it passes.
    """
    if kind not in KINDS:
        return [f"unknown kind of check {kind!r}"]
    return KINDS[kind].rule(values, params)
