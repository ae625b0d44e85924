"""Variants of the vendored upstream: the fixtures of the drift tests.

Every variant is built from ``openapi/upstream.yaml`` at run time (so the fixtures follow a
re-vendored spec), by one mutation that finds its target generically: "the first request
property with an enum", "the first property with a maximum"... never by a field name.
``python -m contract_tests.drift.variants DIR`` writes them all to DIR, to feed
``seedance drift --upstream DIR/<name>`` by hand.

The publisher's history variants (model id renamed, operationId changed with a 200 schema and
error responses added, servers flipped to a test host) reproduce what the publisher did.
"""

from __future__ import annotations

import copy
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml import YAML

from seedance.spec import OPENAPI_DIR, load_yaml_file, resolve_ref

UPSTREAM_PATH = OPENAPI_DIR / "upstream.yaml"
Doc = dict[str, Any]


@dataclass(frozen=True)
class Variant:
    """One published-spec variant and what the drift tool must say about it."""

    name: str
    text: str
    top_level: str | None  # None: no change at all
    check_id: str | None = None
    vendored: str | None = None  # the prepared vendored side, when not openapi/upstream.yaml


def upstream() -> Doc:
    """A fresh copy of the vendored upstream document."""
    doc = load_yaml_file(UPSTREAM_PATH)
    assert isinstance(doc, dict)
    return doc


def first_operation(doc: Doc) -> tuple[str, str, Doc]:
    """(path, method, operation) of the first operation with a JSON request body."""
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "requestBody" in op:
                return path, method, op
    raise LookupError("no operation with a request body")


def request_schema(doc: Doc) -> Doc:
    """The (dereferenced) JSON request body schema of the first operation."""
    _, _, op = first_operation(doc)
    body = resolve_ref(doc, op["requestBody"])
    schema: Doc = resolve_ref(doc, body["content"]["application/json"]["schema"])
    return schema


def find_property(schema: Doc, predicate: Callable[[Doc], bool]) -> tuple[str, Doc]:
    """The first property of ``schema`` whose schema satisfies ``predicate``."""
    for name, prop in schema["properties"].items():
        if predicate(prop):
            return name, prop
    raise LookupError("no property matches")


def nested_enum_schema(doc: Doc) -> Doc:
    """The schema of the first property of an array-item object that has an enum."""
    for prop in request_schema(doc)["properties"].values():
        items = resolve_ref(doc, prop.get("items")) if "items" in prop else None
        if isinstance(items, dict):
            for sub in (items.get("properties") or {}).values():
                if "enum" in sub:
                    return sub  # type: ignore[no-any-return]
    raise LookupError("no enum inside array items")


def _enum_prop(doc: Doc) -> Doc:
    return find_property(request_schema(doc), lambda p: len(p.get("enum", [])) > 2)[1]


def _new_value(values: list[Any]) -> Any:
    sample = values[0]
    if isinstance(sample, str):
        return sample + "-new"
    return max(values) + 1


def _optional_names(schema: Doc) -> list[str]:
    return [n for n in schema["properties"] if n not in schema.get("required", [])]


# -- single-change mutations (each returns the mutated doc) ----------------------------------


def enum_value_removed(doc: Doc) -> None:
    """Drop the last value of the first request enum that is not its default (dropping the
    default would also break the bundle: a second change)."""
    prop = _enum_prop(doc)
    values = prop["enum"]
    values.remove(next(v for v in reversed(values) if v != prop.get("default")))


def enum_value_added(doc: Doc) -> None:
    """Add a value to the first request enum."""
    values = _enum_prop(doc)["enum"]
    values.append(_new_value(values))


def nested_enum_value_added(doc: Doc) -> None:
    """Add a value to an enum inside array items (media[].type)."""
    values = nested_enum_schema(doc)["enum"]
    values.append(_new_value(values))


def nested_enum_value_removed(doc: Doc) -> None:
    """Drop a value of an enum inside array items."""
    nested_enum_schema(doc)["enum"].pop()


def max_decreased(doc: Doc) -> None:
    """Tighten the first request ``maximum``."""
    find_property(request_schema(doc), lambda p: "maximum" in p)[1]["maximum"] -= 1


def max_increased(doc: Doc) -> None:
    """Loosen the first request ``maximum``."""
    find_property(request_schema(doc), lambda p: "maximum" in p)[1]["maximum"] += 1


def min_items_increased(doc: Doc) -> None:
    """Tighten the first ``minItems``."""
    find_property(request_schema(doc), lambda p: "minItems" in p)[1]["minItems"] += 1


def min_items_decreased(doc: Doc) -> None:
    """Loosen the first ``minItems``."""
    find_property(request_schema(doc), lambda p: "minItems" in p)[1]["minItems"] -= 1


def max_items_set(doc: Doc) -> None:
    """Set a ``maxItems`` where there was none."""
    prop = find_property(request_schema(doc), lambda p: p.get("type") == "array")[1]
    prop["maxItems"] = prop.get("minItems", 0) + 10


def max_length_set(doc: Doc) -> None:
    """Set a ``maxLength`` on the first free-text request string."""

    def free_text(p: Doc) -> bool:
        return p.get("type") == "string" and "enum" not in p and "maxLength" not in p

    find_property(request_schema(doc), free_text)[1]["maxLength"] = 16


def _unused(mapping: Doc, name: str) -> str:
    """``name``, or ``name_2``, ``name_3``…: the first ``mapping`` lacks (a later page may
    already hold what an earlier variant added)."""
    number, found = 1, name
    while found in mapping:
        number += 1
        found = f"{name}_{number}"
    return found


def new_required_property(doc: Doc) -> None:
    """Add a property the request must now carry."""
    schema = request_schema(doc)
    name = _unused(schema["properties"], "added_required_field")
    schema["properties"][name] = {"type": "string"}
    schema["required"].append(name)


def new_optional_property(doc: Doc) -> None:
    """Add an optional request property."""
    properties = request_schema(doc)["properties"]
    properties[_unused(properties, "added_optional_field")] = {"type": "string"}


def became_required(doc: Doc) -> None:
    """Make the first optional request property required."""
    schema = request_schema(doc)
    schema["required"].append(_optional_names(schema)[0])


def body_became_optional(doc: Doc) -> None:
    """The request body of the first operation is no longer required."""
    _, _, op = first_operation(doc)
    resolve_ref(doc, op["requestBody"])["required"] = False


def _overlay_text() -> str:
    return (OPENAPI_DIR / "overlay.yaml").read_text(encoding="utf-8")


def property_removed(doc: Doc) -> None:
    """Remove the last optional request property that no overlay action targets."""
    schema = request_schema(doc)
    overlay = _overlay_text()
    names = [n for n in _optional_names(schema) if f"properties.{n}" not in overlay]
    del schema["properties"][names[-1]]


def type_changed(doc: Doc) -> None:
    """Change the type of the first boolean request property to string."""
    find_property(request_schema(doc), lambda p: p.get("type") == "boolean")[1]["type"] = "string"


def default_changed(doc: Doc) -> None:
    """Flip the default of the first boolean property."""
    prop = find_property(request_schema(doc), lambda p: isinstance(p.get("default"), bool))[1]
    prop["default"] = not prop["default"]


def operation_removed(doc: Doc) -> None:
    """Remove the operation (and so its path)."""
    path, method, _ = first_operation(doc)
    del doc["paths"][path][method]
    if not doc["paths"][path]:
        del doc["paths"][path]


def operation_id_changed(doc: Doc) -> None:
    """Rename the operationId."""
    op = first_operation(doc)[2]
    op["operationId"] = op["operationId"] + "V2"


def security_removed(doc: Doc) -> None:
    """Drop the operation's security requirement."""
    first_operation(doc)[2]["security"] = []


def server_flipped(doc: Doc) -> None:
    """Point the first server at a test host on the publisher's own domain (the alternation
    the publisher does): not drift."""
    url = doc["servers"][0]["url"]
    doc["servers"][0]["url"] = url.replace("://", "://test-", 1)


def server_url_changed(doc: Doc) -> None:
    """Point the first server at a host on another domain than the publisher's."""
    url = urlsplit(doc["servers"][0]["url"])
    doc["servers"][0]["url"] = url._replace(netloc="gateway.elsewhere.example").geturl()


def description_changed(doc: Doc) -> None:
    """Grow the operation description."""
    op = first_operation(doc)[2]
    op["description"] = op.get("description", "") + " Now with more words."


def summary_changed(doc: Doc) -> None:
    """Change the operation summary."""
    op = first_operation(doc)[2]
    op["summary"] = op.get("summary", "") + " (beta)"


def property_description_changed(doc: Doc) -> None:
    """Change the description of the first described request property."""
    prop = find_property(request_schema(doc), lambda p: "description" in p)[1]
    prop["description"] += " Changed."


def example_changed(doc: Doc) -> None:
    """Change the request body examples."""
    _, _, op = first_operation(doc)
    examples = op["requestBody"]["content"]["application/json"].setdefault("examples", {})
    examples[_unused(examples, "another")] = {"summary": "added", "value": {}}


def response_schema_added(doc: Doc) -> None:
    """A 200 schema appears: VideoTaskResponse {id} (2026-07-13), under a name of its own
    when the document or the vendored release (whose client is committed) already has one,
    so that it is a new model whatever was vendored."""
    schemas = doc["components"]["schemas"]
    taken = set(schemas) | set(upstream().get("components", {}).get("schemas", {}))
    name = "VideoTaskResponse"
    while name in taken:
        name += "V2"
    schemas[name] = {
        "type": "object",
        "properties": {"id": {"type": "string", "description": "Task id."}},
    }
    op = first_operation(doc)[2]
    op["responses"]["200"]["content"] = {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
    }


def error_responses_added(doc: Doc) -> None:
    """400/401/429/500 responses appear (2026-07-13)."""
    op = first_operation(doc)[2]
    for status in ("400", "401", "429", "500"):
        op["responses"][status] = {
            "description": f"Error {status}.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"error": {"type": "object"}},
                    }
                }
            },
        }


def without_documented_responses(doc: Doc) -> None:
    """The first operation as the first vendored release had it: a bare 200, nothing else.

    Applied to *both* sides of the response variants, so that they add what they add whether
    or not the vendored release already documents those responses.
    """
    op = first_operation(doc)[2]
    description = (op["responses"].get("200") or {}).get("description", "Submission successful.")
    op["responses"] = {"200": {"description": description}}


def model_id_renamed_back(doc: Doc) -> None:
    """The model enum as it was before 2026-06-25 (the id without its date suffix)."""
    prop = find_property(request_schema(doc), lambda p: len(p.get("enum", [])) == 1)[1]
    prop["enum"] = [str(v).rsplit("-", 1)[0] for v in prop["enum"]]


def release_2026_07_13(doc: Doc) -> None:
    """operationId changed, a 200 schema and error responses added, descriptions grew."""
    operation_id_changed(doc)
    response_schema_added(doc)
    error_responses_added(doc)
    description_changed(doc)


SINGLE: dict[str, tuple[Callable[[Doc], None], str, str]] = {
    "request-enum-value-removed": (
        enum_value_removed, "error", "request-property-enum-value-removed",
    ),
    "request-enum-value-added": (enum_value_added, "info", "request-property-enum-value-added"),
    # info for the request, but our overlay's media union no longer covers the enum: error
    "nested-enum-value-added": (
        nested_enum_value_added, "error", "request-property-enum-value-added",
    ),
    "nested-enum-value-removed": (
        nested_enum_value_removed, "error", "request-property-enum-value-removed",
    ),
    "max-decreased": (max_decreased, "error", "request-property-max-decreased"),
    "max-increased": (max_increased, "info", "request-property-max-increased"),
    "min-items-increased": (min_items_increased, "error", "request-property-min-items-increased"),
    "min-items-decreased": (min_items_decreased, "info", "request-property-min-items-decreased"),
    "max-items-set": (max_items_set, "warning", "request-property-max-items-set"),
    "max-length-set": (max_length_set, "warning", "request-property-max-length-set"),
    "new-required-property": (new_required_property, "error", "new-required-request-property"),
    "new-optional-property": (new_optional_property, "info", "new-optional-request-property"),
    "became-required": (became_required, "error", "request-property-became-required"),
    "property-removed": (property_removed, "warning", "request-property-removed"),
    "body-became-optional": (body_became_optional, "info", "request-body-became-optional"),
    "type-changed": (type_changed, "error", "request-property-type-changed"),
    "default-changed": (default_changed, "info", "request-property-default-value-changed"),
    "operation-removed": (operation_removed, "error", "api-path-removed-without-deprecation"),
    "operation-id-changed": (operation_id_changed, "warning", "api-operation-id-removed"),
    "security-removed": (security_removed, "error", "api-security-removed"),
    "server-url-changed": (server_url_changed, "warning", "api-server-url-changed"),
    "description-changed": (description_changed, "info", "api-description-changed"),
    "summary-changed": (summary_changed, "info", "api-summary-changed"),
    "property-description-changed": (
        property_description_changed, "info", "request-property-description-changed",
    ),
    "example-changed": (example_changed, "info", "request-body-example-changed"),
    "response-schema-added": (response_schema_added, "info", "response-media-type-added"),
    "error-responses-added": (error_responses_added, "info", "response-non-success-status-added"),
    "model-id-renamed": (model_id_renamed_back, "error", "request-property-enum-value-removed"),
    "release-2026-07-13": (release_2026_07_13, "warning", "api-operation-id-removed"),
}  # fmt: skip


#: Variants whose two sides are both built from the vendored file through this preparation.
PREPARED: dict[str, Callable[[Doc], None]] = dict.fromkeys(
    ("response-schema-added", "error-responses-added", "release-2026-07-13"),
    without_documented_responses,
)


def _yaml_text(doc: Doc, *, width: int = 4096, flow: bool | None = False) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.width = width
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(doc, stream)
    return stream.getvalue()


def _reversed_keys(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _reversed_keys(node[k]) for k in reversed(list(node))}
    if isinstance(node, list):
        return [_reversed_keys(v) for v in node]
    return node


def _docs_page(spec_text: str) -> str:
    return (
        "> ## Documentation Index\n> Fetch the complete documentation index at: "
        "https://docs.example.invalid/llms.txt\n\n# Image-to-Video\n\nSome prose.\n\n"
        "## OpenAPI\n\n````yaml api-reference/spec.json POST /v1/videos\n"
        f"{spec_text.rstrip()}\n````\n"
    )


def all_variants() -> list[Variant]:
    """Every variant: three unchanged copies, then one per change class."""
    text = UPSTREAM_PATH.read_text(encoding="utf-8")
    base = upstream()
    variants = [
        Variant("copy.json", json.dumps(_reversed_keys(base), indent=1) + "\n", None),
        Variant(
            "copy-reformatted.yaml", _yaml_text(_reversed_keys(base), width=40, flow=None), None
        ),
        Variant("docs-page.md", _docs_page(text), None),
    ]
    flipped = copy.deepcopy(base)
    server_flipped(flipped)
    variants.append(Variant("server-flipped.yaml", _yaml_text(flipped), None))
    for name, (mutate, level, check_id) in SINGLE.items():
        old = copy.deepcopy(base)
        if name in PREPARED:
            PREPARED[name](old)
        doc = copy.deepcopy(old)
        mutate(doc)
        vendored = _yaml_text(old) if name in PREPARED else None
        variants.append(Variant(f"{name}.yaml", _yaml_text(doc), level, check_id, vendored))
    return variants


def vendored_name(name: str) -> str:
    """The file of a prepared variant's vendored side (``<stem>.vendored.yaml``)."""
    return name.rsplit(".", 1)[0] + ".vendored.yaml"


def write_variants(directory: Path) -> dict[str, Path]:
    """Write every variant into ``directory``; return name -> path."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for variant in all_variants():
        path = directory / variant.name
        path.write_text(variant.text, encoding="utf-8")
        paths[variant.name] = path
        if variant.vendored is not None:
            vendored_path = directory / vendored_name(variant.name)
            vendored_path.write_text(variant.vendored, encoding="utf-8")
    return paths


if __name__ == "__main__":
    for written in write_variants(Path(sys.argv[1])).values():
        print(written)
