"""The test-cell API: what every exercise's locked test cell calls instead of a bare ``assert``.

A test cell opens one :class:`Question` per nbgrader test cell (its id is the cell's grade id)
and runs named checks on the learner's answer::

    from autograder import question

    q = question("q1-stable-logsumexp")
    q.close("three small numbers", logsumexp(jnp.array([1.0, 2.0, 3.0])), expected=3.4076059,
            hint="Subtract the largest value before exponentiating, then add it back.")

The mode comes from the ``AUTOGRADER_MODE`` environment variable:

``self-check`` (the default: a learner's notebook, Colab, nbgrader's Validate button)
    Each check is judged at once; a failing check raises :class:`CheckFailed` with what was
    expected, what came back, and the hint. A passing check prints one line.
``record`` (the grader running a submission)
    Nothing is judged and nothing raises. Each check *records* the values under test as plain
    data (see :mod:`autograder.kernel.records`) in the cell's output; the grader reaches the verdict
    in its own process by comparing them with the solution's records. ``expected`` is never
    recorded: the reference is what the solution computed, with the solution's tolerances.
``reference`` (the grader or ``validate`` running the solution notebook)
    Both: judged at once like self-check, and recorded as the reference.

Hidden tests pass no ``expected``: when graded, their reference is the solution's record, so a
submission that tampers with this module cannot copy a reference value into its own record.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import math
import os
import sys
from collections.abc import Callable
from typing import Any

from autograder.kernel import judge as _judge
from autograder.kernel import records as _records

MODE_ENV = "AUTOGRADER_MODE"
SELF_CHECK, RECORD, REFERENCE = "self-check", "record", "reference"
MODES = (SELF_CHECK, RECORD, REFERENCE)

_MISSING = object()
_sink: Callable[[dict], None] | None = None


class CheckFailed(AssertionError):
    """A check failed in self-check mode. The message says what was expected and what came back."""


def mode() -> str:
    value = os.environ.get(MODE_ENV, SELF_CHECK)
    if value not in MODES:
        raise ValueError(f"{MODE_ENV}={value!r}: expected one of {', '.join(MODES)}")
    return value


def set_sink(sink: Callable[[dict], None] | None) -> None:
    """Send records to ``sink`` instead of the notebook's output (for tests and scripts)."""
    global _sink
    _sink = sink


def _emit(record: dict) -> None:
    if _sink is not None:
        _sink(record)
        return
    from IPython.display import display

    display(
        {_records.MIME: record, "text/plain": f"recorded {record['question']} · {record['name']}"},
        raw=True,
    )


def _number(name: str, value: Any) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


class Question:
    """The checks of one question. ``question_id`` is the grade id of the test cell."""

    def __init__(self, question_id: str):
        if not isinstance(question_id, str) or not question_id.strip():
            raise ValueError("a question needs a non-empty id, the grade id of its test cell")
        self.id = question_id
        self._names: set[str] = set()

    def __repr__(self) -> str:
        return f"question({self.id!r})"

    # -- the checks ---------------------------------------------------------------------------
    def close(
        self,
        name: str,
        actual: Any,
        expected: Any = _MISSING,
        *,
        rtol: float = 1e-5,
        atol: float = 1e-6,
        check_dtype: bool = True,
        hint: str = "",
    ) -> None:
        """``actual`` matches ``expected`` in structure, shape, dtype and value, within tolerance.

        Works on numbers, arrays and pytrees of them; NaN matches NaN in the same place.
        """
        __tracebackhide__ = True  # hide this frame from learners' tracebacks
        params = {
            "rtol": _number("rtol", rtol),
            "atol": _number("atol", atol),
            "check_dtype": bool(check_dtype),
        }
        self._check("close", name, {"actual": actual, "expected": expected}, params, hint)

    def equal(
        self,
        name: str,
        actual: Any,
        expected: Any = _MISSING,
        *,
        check_dtype: bool = True,
        hint: str = "",
    ) -> None:
        """``actual`` equals ``expected`` exactly (integers, booleans, strings, shapes, dtypes)."""
        __tracebackhide__ = True  # hide this frame from learners' tracebacks
        self._check(
            "equal",
            name,
            {"actual": actual, "expected": expected},
            {"check_dtype": bool(check_dtype)},
            hint,
        )

    def finite(self, name: str, actual: Any, *, hint: str = "") -> None:
        """Every number in ``actual`` is finite: no NaN, no infinity."""
        __tracebackhide__ = True
        self._check("finite", name, {"actual": actual}, {}, hint)

    def same(
        self,
        name: str,
        actual: Any,
        other: Any,
        *,
        rtol: float = 0.0,
        atol: float = 0.0,
        hint: str = "",
    ) -> None:
        """Two results of the learner's code agree (e.g. the same key gives the same sample)."""
        __tracebackhide__ = True  # hide this frame from learners' tracebacks
        self._pair("same", name, actual, other, rtol, atol, hint)

    def differ(
        self,
        name: str,
        actual: Any,
        other: Any,
        *,
        rtol: float = 0.0,
        atol: float = 0.0,
        hint: str = "",
    ) -> None:
        """Two results of the learner's code do not agree (e.g. two keys give two samples)."""
        __tracebackhide__ = True  # hide this frame from learners' tracebacks
        self._pair("differ", name, actual, other, rtol, atol, hint)

    def at_most(self, name: str, actual: Any, bound: float, *, hint: str = "") -> None:
        """Every number in ``actual`` is at most ``bound`` (e.g. a correlation, an error)."""
        __tracebackhide__ = True
        self._check("at_most", name, {"actual": actual}, {"bound": _number("bound", bound)}, hint)

    def true(self, name: str, condition: Any, *, hint: str = "") -> None:
        """``condition`` is True. Prefer the checks above: they judge data, not a verdict."""
        __tracebackhide__ = True
        self._check("true", name, {"actual": condition}, {}, hint)

    # -- the machinery ------------------------------------------------------------------------
    def _pair(self, kind, name, actual, other, rtol, atol, hint) -> None:
        __tracebackhide__ = True  # hide this frame from learners' tracebacks
        params = {"rtol": _number("rtol", rtol), "atol": _number("atol", atol)}
        self._check(kind, name, {"actual": actual, "other": other}, params, hint)

    def _check(self, kind: str, name: str, values: dict, params: dict, hint: str) -> None:
        __tracebackhide__ = True  # hide this frame from learners' tracebacks
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{self.id}: every check needs a name")
        if name in self._names:
            raise ValueError(f"{self.id}: two checks are named {name!r}; names must be unique")
        self._names.add(name)
        current = mode()
        if current in (RECORD, REFERENCE):
            _emit(self._record(kind, name, values, params, hint))
        if current in (SELF_CHECK, REFERENCE):
            self._self_check(kind, name, values, params, hint)

    def _record(self, kind: str, name: str, values: dict, params: dict, hint: str) -> dict:
        record: dict[str, Any] = {
            "v": _records.FORMAT_VERSION,
            "question": self.id,
            "name": name,
            "kind": kind,
            "params": params,
            "hint": str(hint),
            "values": {},
        }
        for key, value in values.items():
            if key == "expected":
                continue  # never recorded: the grader's reference is the solution's own record
            try:
                record["values"][key] = _records.encode(value)
            except _records.RecordError as err:
                record["error"] = f"could not record the result: {err}"
        return record

    def _self_check(self, kind: str, name: str, values: dict, params: dict, hint: str) -> None:
        __tracebackhide__ = True  # hide this frame from learners' tracebacks
        try:
            decoded = {
                k: _records.decode(_records.encode(v))
                for k, v in values.items()
                if v is not _MISSING
            }
        except _records.RecordError as err:
            problems = [f"could not check the result: {err}"]
        else:
            problems = _judge.judge(kind, decoded, params)
        if problems:
            raise CheckFailed(failure_message(self.id, name, problems, hint))
        print(f"✓ {self.id} · {name}")


def failure_message(question_id: str, name: str, problems: list[str], hint: str) -> str:
    lines = [f"{question_id} · {name}"]
    lines += [f"  {p}" for p in problems]
    if hint:
        lines.append(f"  hint: {hint}")
    return "\n".join(lines)


def question(question_id: str) -> Question:
    """Start the checks of one question (``question_id`` = the test cell's grade id)."""
    return Question(question_id)


class Calls:
    """The library functions called while :func:`watching` was active, in order of the calls."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __len__(self) -> int:
        return len(self.names)

    def __repr__(self) -> str:
        return f"Calls({self.names!r})"


@contextlib.contextmanager
def watching(*targets: str):
    """Count the calls of library functions, named by dotted path, while the block runs.

    For questions that ask learners to write something a library already has::

        with watching("jax.nn.logsumexp", "jax.scipy.special.logsumexp") as calls:
            value = logsumexp(x)
        q.equal("written by hand, no library logsumexp", len(calls), expected=0, hint=...)

    A call is recognised by the function's code object (through a profile hook), so it is
    seen however the learner reached the function: ``jax.nn.logsumexp(x)``, or a name bound
    earlier with ``from jax.nn import logsumexp as lse``. The learner's code runs unchanged,
    and the count is ordinary data that the grader records. This enforces a rule for honest
    learners; it is not a defence against a hostile one.
    """
    codes = {}
    for target in targets:
        module_name, _, attribute = target.rpartition(".")
        if not module_name:
            raise ValueError(f"watching needs dotted names such as 'jax.nn.relu', got {target!r}")
        function = inspect.unwrap(getattr(importlib.import_module(module_name), attribute))
        codes[function.__code__] = target
    calls = Calls()
    previous = sys.getprofile()

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in codes:
            calls.names.append(codes[frame.f_code])
        if previous is not None:
            previous(frame, event, arg)

    sys.setprofile(profile)
    try:
        yield calls
    finally:
        sys.setprofile(previous)
