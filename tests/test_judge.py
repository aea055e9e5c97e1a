"""The judge's rules, on decoded values."""

import numpy as np
import pytest

from autograder.kernel.judge import compare, judge
from autograder.kernel.records import DType


def close(a, e, **kw):
    return compare(a, e, exact=False, rtol=kw.get("rtol", 1e-5), atol=kw.get("atol", 1e-8))


def test_close_accepts_within_tolerance_and_reports_outside():
    assert close(np.float32([1, 2]), np.float32([1, 2 + 1e-6])) == []
    (problem,) = close(np.float32([1, 2.5, 3]), np.float32([1, 2, 3]))
    assert "1 of 3 positions" in problem and "index (1,)" in problem
    assert "expected: [1., 2., 3.]" in problem and "got:" in problem


def test_shape_dtype_and_structure_mismatches_are_named():
    assert "expected shape (3,), got shape (2,)" in close(np.zeros(2), np.zeros(3))[0]
    assert (
        "expected dtype float32, got dtype float64"
        in close(np.zeros(2), np.zeros(2, np.float32))[0]
    )
    assert "tuple" in close([1.0], (1.0,))[0]
    assert "keys" in close({"a": 1.0}, {"b": 1.0})[0]
    assert "at ['w'][1]" in close({"w": (1.0, np.zeros(2))}, {"w": (1.0, np.ones(2))})[0]


def test_nan_matches_nan_only_in_the_same_place():
    assert close(np.array([np.nan, 1.0]), np.array([np.nan, 1.0])) == []
    assert close(np.array([np.nan, 1.0]), np.array([0.0, 1.0]))
    assert close(np.array([np.inf]), np.array([np.inf])) == []
    assert close(np.array([np.inf]), np.array([-np.inf]))


def test_python_scalar_against_0d_array_compares_value_not_dtype():
    assert close(3.0, np.float32(3.0)) == [] and close(3.5, np.float32(3.0))
    assert close(3.0, np.array(3.0, np.float32)) == []


@pytest.mark.parametrize(
    "actual, expected, words",
    [
        (13.0, 13, "expected integer values, got float values"),
        (13, 13.0, "expected float values, got integer values"),
        (1, True, "expected boolean values, got integer values"),
        (True, 1, "expected integer values, got boolean values"),
        (1.0, 1 + 0j, "expected complex values, got float values"),
        (np.float64(2.0), np.int32(2), "expected dtype int32, got dtype float64"),
        (np.array(2, np.int64), 2.0, "expected float values, got integer values"),
    ],
)
def test_numbers_must_be_of_the_expected_kind(actual, expected, words):
    for exact in (True, False):
        (problem,) = compare(actual, expected, exact=exact)
        assert words in problem
        assert compare(actual, expected, exact=exact, check_dtype=False) == []


def test_same_kind_without_a_width_matches_by_value():
    assert compare(np.float64(0.5), 0.5, exact=True) == []  # what np.mean returns, and a float
    assert compare(7, np.array(7, np.int32), exact=True) == []
    assert compare(np.bool_(True), True, exact=True) == []
    assert compare(np.float32(0.5), np.float64(0.5), exact=True)  # both have a dtype: it counts


def test_exact_comparison_and_non_numbers():
    assert compare(np.int32([1, 2]), np.int32([1, 2]), exact=True) == []
    assert compare(np.float32([1.0]), np.float32([1.0 + 1e-7]), exact=True)
    assert compare("a", "b", exact=True) and compare(None, None, exact=True) == []
    assert "expected a number" in compare("3", 3, exact=True)[0]
    assert compare((11,), (11,), exact=True) == []
    assert compare(DType("float32"), DType("float32"), exact=True) == []
    assert compare("float32", DType("float32"), exact=True) == []
    assert compare(DType("float64"), DType("float32"), exact=True)


def test_property_checks():
    assert judge("finite", {"actual": np.array([1.0, 2.0])}, {}) == []
    assert "1 nan" in judge("finite", {"actual": np.array([np.nan, 2.0])}, {})[0]
    assert judge("finite", {"actual": "text"}, {})
    assert judge("same", {"actual": np.ones(2), "other": np.ones(2)}, {}) == []
    assert judge("same", {"actual": np.ones(2), "other": np.zeros(2)}, {})
    assert judge("differ", {"actual": np.ones(2), "other": np.zeros(2)}, {}) == []
    assert "differ" in judge("differ", {"actual": np.ones(2), "other": np.ones(2)}, {})[0]
    assert judge("at_most", {"actual": np.float32(0.04)}, {"bound": 0.05}) == []
    assert judge("at_most", {"actual": np.float32(0.06)}, {"bound": 0.05})
    assert judge("at_most", {"actual": np.float32(np.nan)}, {"bound": 0.05})
    assert (
        judge("true", {"actual": True}, {}) == []
        and judge("true", {"actual": np.bool_(True)}, {}) == []
    )
    assert judge("true", {"actual": 1}, {}) and judge("true", {"actual": False}, {})


def test_comparing_checks_without_reference_pass_and_unknown_kinds_fail():
    assert judge("close", {"actual": np.ones(1)}, {"rtol": 0, "atol": 0}) == []
    assert judge("steal", {"actual": 1}, {})


@pytest.mark.parametrize("kind", ["close", "equal"])
def test_reference_checks_use_params(kind):
    values = {"actual": np.float32(1.0), "expected": np.float32(1.01)}
    assert judge(kind, values, {"rtol": 0.1, "atol": 0.0}) == (
        [] if kind == "close" else judge(kind, values, {})
    )
    assert judge(kind, values, {"rtol": 1e-3, "atol": 0.0})


def test_each_kind_of_check_has_one_rule_and_one_method():
    # The test-cell API (Question's methods) and the rules (judge.KINDS) name the same kinds.
    from autograder.kernel.check import Question
    from autograder.kernel.judge import KINDS

    methods = {m for m in dir(Question) if not m.startswith("_")}
    assert methods == set(KINDS)
    assert {k for k, kind in KINDS.items() if kind.reference} == {"close", "equal"}
