"""Fixtures of the client contract tests: one generated client for the whole session."""

from collections.abc import Iterator

import pytest
from seedance_client import AuthenticatedClient

from contract_tests.fakes.respx_gateway import make_client


@pytest.fixture(scope="session")
def client() -> Iterator[AuthenticatedClient]:
    """A generated client pointed at the respx-mocked gateway (raises on undocumented status)."""
    with make_client() as made:
        yield made
