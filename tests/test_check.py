"""The test-cell API in its three modes."""

import jax.numpy as jnp
import pytest

from autograder import CheckFailed, question
from autograder.kernel import check as api
from autograder.kernel.records import decode


def test_self_check_passes_quietly_and_fails_with_expected_got_and_hint(self_check, capsys):
    q = question("q1-demo")
    q.close("ok", jnp.array([1.0, 2.0]), expected=jnp.array([1.0, 2.0]))
    assert "✓ q1-demo · ok" in capsys.readouterr().out
    with pytest.raises(CheckFailed) as err:
        q.close("bad", jnp.array([1.0, 2.5]), expected=jnp.array([1.0, 2.0]), hint="look again")
    text = str(err.value)
    assert text.startswith("q1-demo · bad") and "expected:" in text and "got:" in text
    assert "hint: look again" in text


def test_self_check_reports_unrecordable_results_as_failures(self_check):
    with pytest.raises(CheckFailed, match="could not check"):
        question("q").close("obj", object(), expected=1.0)


def test_check_names_must_be_unique_and_present(self_check):
    q = question("q")
    q.true("once", True)
    with pytest.raises(ValueError, match="unique"):
        q.true("once", True)
    with pytest.raises(ValueError, match="name"):
        q.true("", True)
    with pytest.raises(ValueError):
        question("")


def test_record_mode_records_without_judging_and_never_records_expected(records):
    q = question("q2-demo")
    q.close("wrong but recorded", jnp.array([9.0]), expected=jnp.array([1.0]), rtol=0.01, hint="h")
    q.same("pair", 1.0, 2.0)
    q.at_most("bound", 0.5, 0.25)
    first = records[0]
    assert first["question"] == "q2-demo" and first["kind"] == "close" and first["hint"] == "h"
    assert set(first["values"]) == {"actual"}
    assert first["params"] == {"rtol": 0.01, "atol": 1e-6, "check_dtype": True}
    assert decode(first["values"]["actual"]).tolist() == [9.0]
    assert set(records[1]["values"]) == {"actual", "other"} and records[2]["params"] == {
        "bound": 0.25
    }


def test_record_mode_turns_unrecordable_results_into_an_error_record(records):
    question("q").close("obj", object())
    assert "could not record" in records[0]["error"] and records[0]["values"] == {}


def test_reference_mode_records_and_judges(monkeypatch):
    found = []
    monkeypatch.setenv(api.MODE_ENV, api.REFERENCE)
    api.set_sink(found.append)
    try:
        q = question("q")
        q.equal("fine", 3, expected=3)
        with pytest.raises(CheckFailed):
            q.equal("broken", 3, expected=4)
    finally:
        api.set_sink(None)
    assert [r["name"] for r in found] == ["fine", "broken"]


def test_unknown_mode_is_an_error(monkeypatch):
    monkeypatch.setenv(api.MODE_ENV, "grade-me-full-marks")
    with pytest.raises(ValueError, match="expected one of"):
        question("q").true("x", True)


def test_tolerances_must_be_finite_numbers(self_check):
    with pytest.raises(ValueError):
        question("q").close("x", 1.0, expected=1.0, rtol=float("nan"))


def test_watching_counts_library_calls_however_they_are_reached():
    import jax
    from jax.scipy.special import logsumexp as bound_earlier

    from autograder import watching

    x = jnp.array([1.0, 2.0, 3.0])
    with watching("jax.nn.logsumexp", "jax.flatten_util.ravel_pytree") as calls:
        by_hand = jnp.log(jnp.sum(jnp.exp(x)))
        assert len(calls) == 0
        library = jax.nn.logsumexp(x)  # runs as usual
        bound_earlier(x)  # the same function, reached by another name
    assert calls.names == ["jax.nn.logsumexp", "jax.nn.logsumexp"]
    assert jnp.allclose(by_hand, library)
    jax.nn.logsumexp(x)
    assert len(calls) == 2, "calls after the block are not counted"
    with pytest.raises(ValueError, match="dotted"), watching("logsumexp"):
        pass
