"""Every private name the harness takes from a third party, in one place.

Each is pinned in ``pyproject.toml`` (schemathesis below its next minor release; the
generator, whose output ``seedance_client`` is, exactly), so an upgrade that moves one fails
here, at import, with the name, rather than somewhere in a run:

- schemathesis' ``python._constants`` (the value source its pytest plugin feeds hypothesis);
- the generated client's ``_build_response`` (its own response parsing, without a request);
- openapi-python-client's naming (``PythonIdentifier``: how it names an operation's module).
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import Any

import httpx

#: openapi-python-client's default, and ``openapi/generator.yaml``'s.
_FIELD_PREFIX = "field_"


def make_constants_value_source(schema: Any) -> Any:
    """schemathesis' source of the constants its generated cases draw from ``schema``."""
    from schemathesis.python._constants.orchestrator import (
        make_constants_value_source as _make,
    )

    return _make(schema)


def build_response(module: ModuleType, client: Any, response: httpx.Response) -> Any:
    """A generated endpoint module's parsed ``Response`` of ``response``."""
    return module._build_response(client=client, response=response)


@functools.cache
def generated_module_name(operation_id: str) -> str:
    """The name the generator gives ``operation_id``'s endpoint module (``createVideo`` ->
    ``create_video``), by the generator's own function."""
    from openapi_python_client.strings import PythonIdentifier

    return str(PythonIdentifier(operation_id, _FIELD_PREFIX))
