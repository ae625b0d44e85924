"""One spelling per meaning: rewrite an OpenAPI document before it is compared.

OpenAPI lets a publisher say the same thing in several ways; a re-export (the publisher's JSON
of the release we vendored as YAML) may pick the other one. Each rewrite below maps the
spellings of one meaning onto one, on both documents, so that only meaning is compared:

- a top-level ``security: []`` is no global requirement, exactly like no ``security`` key;
- ``required: []``, ``parameters: []``, ``tags: []``, ``properties: {}`` are like absent;
- ``false`` for ``deprecated``, ``nullable``, ``readOnly``, ``writeOnly``, ``uniqueItems``,
  ``allowEmptyValue``, ``allowReserved``, ``required`` (of a parameter, body or header) and the
  OpenAPI 3.0 ``exclusiveMinimum``/``exclusiveMaximum`` flags is their default: absent;
- ``additionalProperties: true`` is the default: absent;
- ``type: [x]`` is ``type: x``; ``type: [x, "null"]`` (3.1) is ``type: x`` + ``nullable: true``;
- a parameter's ``style`` and ``explode`` equal to the defaults for its ``in`` are absent.

Values of ``example``, ``examples``, ``default``, ``enum``, ``const`` and ``x-`` extensions are
data, not OpenAPI, and are copied untouched.
"""

from __future__ import annotations

from typing import Any

_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const"})
_FALSE_IS_ABSENT = frozenset(
    {
        "deprecated",
        "nullable",
        "readOnly",
        "writeOnly",
        "uniqueItems",
        "allowEmptyValue",
        "allowReserved",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "required",
    }
)
_EMPTY_IS_ABSENT = frozenset({"required", "parameters", "tags", "properties"})
_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def _is_data(key: str) -> bool:
    return key in _DATA_KEYS or key.startswith("x-")


def _normal_type(node: dict[str, Any]) -> None:
    value = node.get("type")
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        return
    types = list(dict.fromkeys(value))
    if "null" in types and len(types) == 2:
        types.remove("null")
        node["nullable"] = True
    if len(types) == 1:
        node["type"] = types[0]


def _normal_parameter(node: dict[str, Any]) -> None:
    where = node.get("in")
    if not isinstance(where, str) or not isinstance(node.get("name"), str):
        return
    style = node.get("style", _DEFAULT_STYLE.get(where))
    if style == _DEFAULT_STYLE.get(where):
        node.pop("style", None)
    if node.get("explode", style == "form") == (style == "form"):
        node.pop("explode", None)


def _normal_mapping(node: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in node.items():
        name = str(key)
        if _is_data(name):
            result[key] = value
            continue
        if value is False and name in _FALSE_IS_ABSENT:
            continue
        if name in _EMPTY_IS_ABSENT and isinstance(value, list | dict) and not value:
            continue
        if name == "additionalProperties" and value is True:
            continue
        result[key] = _normal(value)
    _normal_type(result)
    _normal_parameter(result)
    return result


def _normal(node: Any) -> Any:
    if isinstance(node, dict):
        return _normal_mapping(node)
    if isinstance(node, list):
        return [_normal(item) for item in node]
    return node


def normalize_document(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with every two-spellings-one-meaning case spelled one way."""
    result = _normal_mapping(document)
    if result.get("security") == []:
        del result["security"]
    return result
