"""The embedded mock gateway: a local PowerTokens that answers as ``openapi/seedance.yaml`` says.

Public API:
- :func:`running_mock`: context manager serving the mock in-process on a free loopback port.
- :class:`MockServer`: the server object (``base_url``, ``api_key``, ``auth_headers``).
- :class:`MockConfig`: start-up options; :class:`Scenario` / :func:`parse_prefer`: scenarios.
- :func:`create_app`: the Starlette app, to serve it yourself.
- :class:`MockError` and subclasses: everything this package raises.
- pytest fixture ``mock_gateway`` in :mod:`seedance.mock.pytest_plugin`.
"""

from seedance.mock.app import create_app
from seedance.mock.config import MockConfig
from seedance.mock.errors import MockConfigError, MockError, MockSpecError, MockStartError
from seedance.mock.mp4 import sample_mp4
from seedance.mock.scenarios import Scenario, parse_prefer
from seedance.mock.server import MockServer, embedded_target, running_mock

__all__ = [
    "MockConfig",
    "MockConfigError",
    "MockError",
    "MockServer",
    "MockSpecError",
    "MockStartError",
    "Scenario",
    "create_app",
    "embedded_target",
    "parse_prefer",
    "running_mock",
    "sample_mp4",
]
