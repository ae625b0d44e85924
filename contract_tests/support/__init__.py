"""Shared test helpers: spec-driven data generation and a respx-mocked gateway.

- :mod:`.schema_strategies`: hypothesis strategies and minimal instances from JSON Schema.
- :mod:`.schema_walk`: the enum and bound sites of a schema, instances built around them.
- :mod:`.generated`: spec names -> generated client names (module, class, attribute).
- :mod:`.respx_gateway`: call a generated endpoint against a respx-mocked response.
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
from .schema_strategies import (
    EXTRA_PREFIX,
    UnsupportedSchemaError,
    any_json,
    from_json_schema,
    minimal_instance,
    validator_for,
)
from .schema_walk import (
    BOUND_KEYWORDS,
    Bound,
    Site,
    bounds,
    component_name,
    enum_sites,
    instance_with,
    sites,
)

__all__ = [
    "BASE_URL",
    "BOUND_KEYWORDS",
    "EXTRA_PREFIX",
    "TASK_ID",
    "TOKEN",
    "Bound",
    "Exchange",
    "Site",
    "UnsupportedSchemaError",
    "any_json",
    "attribute_name",
    "bounds",
    "call_operation",
    "component_name",
    "default_body",
    "endpoint_module",
    "enum_sites",
    "from_json_schema",
    "instance_with",
    "is_json_media",
    "literal_values",
    "make_client",
    "minimal_instance",
    "model_class",
    "request_model_name",
    "sites",
    "success_answer",
    "validator_for",
]
