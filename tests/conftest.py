import os

import pytest

from autograder.kernel import check


@pytest.fixture
def records(monkeypatch):
    """Put the test-cell API in record mode and collect what it records."""
    found: list[dict] = []
    monkeypatch.setenv(check.MODE_ENV, check.RECORD)
    check.set_sink(found.append)
    yield found
    check.set_sink(None)


@pytest.fixture
def self_check(monkeypatch):
    monkeypatch.setenv(check.MODE_ENV, check.SELF_CHECK)
    yield


def pytest_configure(config):
    # The kernels the tests start must judge in self-check mode unless a test says otherwise.
    os.environ.pop(check.MODE_ENV, None)
