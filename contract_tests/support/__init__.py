"""Shared test helpers: spec-driven data generation and a respx-mocked gateway.

- :mod:`.schema_strategies`: hypothesis strategies from JSON Schema (schemathesis' generator).
- :mod:`.generated`: spec names -> generated client names (module, class, attribute).
- :mod:`.respx_gateway`: call a generated endpoint against a respx-mocked response.
- :mod:`.scripts`: import a maintainer script of ``scripts/`` as a module.

Minimal instances, the sites and bounds of a schema and instances built around them are the
product's: import them from :mod:`seedance.spec`.
"""

from .generated import attribute_name, endpoint_module, literal_values, model_class
from .respx_gateway import (
    BASE_URL,
    TASK_ID,
    TOKEN,
    Exchange,
    call_operation,
    default_body,
    is_json_media,
    make_client,
    request_model_name,
    success_answer,
)
from .schema_strategies import EXTRA_PREFIX, from_json_schema

__all__ = [
    "BASE_URL",
    "EXTRA_PREFIX",
    "TASK_ID",
    "TOKEN",
    "Exchange",
    "attribute_name",
    "call_operation",
    "default_body",
    "endpoint_module",
    "from_json_schema",
    "is_json_media",
    "literal_values",
    "make_client",
    "model_class",
    "request_model_name",
    "success_answer",
]
