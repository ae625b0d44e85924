"""Does one answer conform to the bundle? Status documented, content type documented, body
valid against the documented schema (jsonschema), documented headers present.

Tolerant where the spec is: unknown extra fields (schemas do not forbid them), a response
with no body where the spec marks the response ``x-body-optional`` (a bare 429).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import jsonschema

from seedance.contract.transport import Exchange
from seedance.spec import OperationInfo, ResponseInfo

_JSON_TYPE = re.compile(r"^application/(.+\+)?json$")


def documented_response(op: OperationInfo, status: int) -> ResponseInfo | None:
    """The documented response for ``status``: exact code, then ``4XX``-style, then default."""
    for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx", "default"):
        if key in op.responses:
            return op.responses[key]
    return None


@functools.lru_cache(maxsize=64)
def _validator(schema_text: str) -> jsonschema.protocols.Validator:
    schema = json.loads(schema_text)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema)


def schema_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    """Readable validation errors of ``instance`` against ``schema`` (empty when valid)."""
    validator = _validator(json.dumps(schema, sort_keys=True))
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    out = []
    for error in errors[:5]:
        where = "/".join(str(p) for p in error.absolute_path) or "body"
        out.append(f"{where}: {error.message}")
    return out


def documented_statuses(op: OperationInfo) -> list[str]:
    """The operation's documented status codes, as written in the spec."""
    return sorted(op.responses)


def response_problems(op: OperationInfo, exchange: Exchange) -> list[str]:
    """Every way the answer in ``exchange`` departs from what ``op`` documents."""
    if exchange.status is None:
        return []
    documented = documented_response(op, exchange.status)
    if documented is None:
        return [
            f"status {exchange.status} is not documented for {op.operation_id} "
            f"(documented: {', '.join(documented_statuses(op))})"
        ]
    problems: list[str] = []
    for header in documented.headers:
        value = exchange.header(header)
        if header.lower() == "location" and value is None:
            problems.append(f"status {exchange.status} documents a {header} header; none came back")
        kind = documented.header_schemas.get(header, {}).get("type")
        if value is not None and kind == "integer" and not value.strip().isdigit():
            problems.append(f"header {header}: {value!r} is not an integer as documented")
    if not documented.content:
        return problems
    body = exchange.response_body
    media_type = exchange.content_type
    if not body.strip():
        if documented.body_optional:
            return problems
        if exchange.method == "HEAD":
            return problems
        return [
            *problems,
            f"status {exchange.status} documents a body ({', '.join(documented.content)}); "
            "the answer had none",
        ]
    if media_type not in documented.content:
        return [
            *problems,
            f"content type {media_type or '(none)'!r} is not documented for status "
            f"{exchange.status} of {op.operation_id} (documented: {', '.join(documented.content)})",
        ]
    schema = documented.content[media_type]
    if _JSON_TYPE.match(media_type):
        try:
            instance = json.loads(body)
        except ValueError:
            return [
                *problems,
                f"content type {media_type} but the body is not JSON: "
                f"{exchange.body_excerpt(80)!r}",
            ]
        if schema is not None:
            errors = schema_errors(schema, instance)
            if errors:
                problems.append(
                    f"body does not match the schema documented for status {exchange.status}: "
                    + "; ".join(errors)
                )
    return problems


def error_code(exchange: Exchange) -> str | None:
    """The ``code`` of either error shape in the answer (``None`` when there is none)."""
    try:
        data = json.loads(exchange.response_body)
    except ValueError:
        return None
    if isinstance(data, dict):
        if isinstance(data.get("code"), str):
            return str(data["code"])
        inner = data.get("error")
        if isinstance(inner, dict) and isinstance(inner.get("code"), str):
            return str(inner["code"])
    return None


def json_body(exchange: Exchange) -> Any:
    """The answer's JSON body, or ``None`` when it is not JSON."""
    try:
        return json.loads(exchange.response_body)
    except ValueError:
        return None
