"""pytest plugin: the ``mock_gateway`` fixture, a running mock gateway per test.

Enable it with ``pytest_plugins = ["seedance.mock.pytest_plugin"]`` in a ``conftest.py``.
Options for one test: ``@pytest.mark.mock_gateway(task_seconds=0.5, prefer="task=fail")``
(any keyword of :func:`seedance.mock.running_mock`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from seedance.mock.server import MockServer, running_mock


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``mock_gateway`` marker."""
    config.addinivalue_line(
        "markers", "mock_gateway(**options): options for the mock_gateway fixture"
    )


@pytest.fixture
def mock_gateway(request: pytest.FixtureRequest) -> Iterator[MockServer]:
    """A mock gateway on a free loopback port, stopped after the test."""
    marker = request.node.get_closest_marker("mock_gateway")
    options = dict(marker.kwargs) if marker else {}
    with running_mock(**options) as server:
        yield server
