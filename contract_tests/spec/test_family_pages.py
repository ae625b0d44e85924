"""Every vendored page is in the bundle, scoped by its page name, and the catalogue the SDK
reads (:mod:`seedance._models`) says what the page says. Every expectation is read from the
vendored page files themselves (through the lock), never listed here."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest

from seedance._linkage import LINKAGE_KEY, Operator
from seedance._models import PAGES_KEY, catalogue
from seedance.spec import (
    OPENAPI_DIR,
    BundleError,
    build_bundle,
    load_bundle,
    load_yaml_file,
)
from seedance.spec.family import mode_of
from seedance.spec.pages import family_of_lock, vendored_pages

PAGES = vendored_pages()
OVERLAY = load_yaml_file(OPENAPI_DIR / "overlay.yaml")


def _post(document: dict[str, Any]) -> dict[str, Any]:
    (operation,) = [
        op
        for item in document["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "requestBody" in op
    ]
    return operation


def _request(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The request schema's name and the schema, as the page publishes them."""
    ref = _post(document)["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    name = ref.rsplit("/", 1)[1]
    return name, document["components"]["schemas"][name]


def _resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _example(document: dict[str, Any]) -> Any:
    media = _post(document)["requestBody"]["content"]["application/json"]
    if "example" in media:
        return media["example"]
    return next((e["value"] for e in (media.get("examples") or {}).values()), None)


def test_the_lock_lists_the_seed_and_every_file_under_pages():
    listed = {page.path.resolve() for page in PAGES}
    on_disk = {p.resolve() for p in (OPENAPI_DIR / "pages").iterdir()}
    assert on_disk <= listed
    assert PAGES[0].seed
    assert PAGES[0].path == OPENAPI_DIR / "upstream.yaml"
    assert len({page.name for page in PAGES}) == len(PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_vendored_page_is_verbatim_as_its_lock_entry_records(page):
    assert hashlib.sha256(page.path.read_bytes()).hexdigest() == page.provenance["sha256"]
    for key in ("docs_page_url", "spec_url", "source"):
        assert page.provenance[key].startswith("https://"), key
    assert page.provenance["taken"]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_page_is_in_the_catalogue_as_its_model_and_mode(page):
    document = page.document()
    schema_name, request = _request(document)
    (model,) = request["properties"]["model"]["enum"]

    mode = catalogue().pages[page.name]

    assert (mode.model, mode.name) == (model, mode_of(schema_name))
    assert catalogue().models[model].modes[mode.name] is mode
    media = request["properties"]["media"]
    assert mode.min_items == media.get("minItems")
    assert mode.max_items == media.get("maxItems")
    items = _resolved(document, media["items"])
    assert set(mode.media_types) == set(items["properties"]["type"]["enum"])
    published = {n: s for n, s in request["properties"].items() if n not in ("model", "media")}
    assert set(mode.fields) == set(published)
    for name, schema in published.items():
        accepted = mode.fields[name]
        assert accepted.enum == (tuple(schema["enum"]) if "enum" in schema else None), name
        assert (accepted.minimum, accepted.maximum) == (
            schema.get("minimum"),
            schema.get("maximum"),
        ), name
        assert accepted.default == schema.get("default"), name
    assert mode.example == _example(document)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_pages_linkage_examples_and_prose_stay_reachable_in_the_bundle(page):
    document = page.document()
    bundle = load_bundle()
    entry = bundle[PAGES_KEY][page.name]
    _, request = _request(document)

    mode = catalogue().pages[page.name]
    published_rules = {
        name: schema[LINKAGE_KEY]
        for name, schema in request["properties"].items()
        if LINKAGE_KEY in schema
    }
    assert {r.field for r in mode.linkage} == set(published_rules)
    assert sum(len(r["rules"]) for r in published_rules.values()) == len(mode.linkage)
    if not page.seed:  # the seed's operation is the bundle's own (the overlay's)
        assert entry["info"] == document["info"]
        operation = entry["operation"]
        assert operation["description"] == _post(document)["description"]
        assert operation["summary"] == _post(document)["summary"]
        # every schema the page publishes, plus the item variants its prose rules make
        made = set(entry["schemas"]) - set(document["components"]["schemas"])
        assert set(document["components"]["schemas"]) <= set(entry["schemas"])
        assert all(name.endswith("MediaInput") for name in made), made
    assert mode.description == " ".join(_post(document)["description"].split())


def test_scoping_the_pages_changes_nothing_but_the_pages_extension():
    """The seed's operation, body and component names (what the generated client is made
    from) are the same whether the other pages are bundled or not."""
    upstream = load_yaml_file(OPENAPI_DIR / "upstream.yaml")
    alone = build_bundle(upstream, OVERLAY)
    family = build_bundle(upstream, OVERLAY, **family_of_lock())

    assert PAGES_KEY not in alone
    assert {k: v for k, v in family.items() if k != PAGES_KEY} == alone
    assert set(family[PAGES_KEY]) == {page.name for page in PAGES}


def _sibling_with_linkage() -> tuple[str, dict[str, Any]]:
    for page in PAGES[1:]:
        document = page.document()
        if any(LINKAGE_KEY in s for s in _request(document)[1]["properties"].values()):
            return page.name, document
    raise AssertionError("no vendored sibling states an x-linkage rule")


def test_a_linkage_rule_with_an_unknown_operator_fails_the_bundle_naming_page_and_operator():
    name, document = _sibling_with_linkage()
    broken = copy.deepcopy(document)
    for schema in _request(broken)[1]["properties"].values():
        for rule in schema.get(LINKAGE_KEY, {}).get("rules", []):
            rule["when"]["operator"] = "matches"
    seed = family_of_lock()["seed_name"]
    upstream = load_yaml_file(OPENAPI_DIR / "upstream.yaml")

    with pytest.raises(BundleError, match=rf"{name}.*unknown operator 'matches'"):
        build_bundle(upstream, OVERLAY, seed_name=seed, siblings=[(name, broken)])


def test_a_linkage_rule_on_a_field_the_request_lacks_fails_the_bundle():
    name, document = _sibling_with_linkage()
    broken = copy.deepcopy(document)
    for schema in _request(broken)[1]["properties"].values():
        for rule in schema.get(LINKAGE_KEY, {}).get("rules", []):
            rule["when"]["field"] = "no_such_field"
    upstream = load_yaml_file(OPENAPI_DIR / "upstream.yaml")

    with pytest.raises(BundleError, match="no field 'no_such_field'"):
        build_bundle(
            upstream, OVERLAY, seed_name=family_of_lock()["seed_name"], siblings=[(name, broken)]
        )


def test_two_pages_for_one_model_and_mode_fail_the_bundle():
    name, document = _sibling_with_linkage()
    upstream = load_yaml_file(OPENAPI_DIR / "upstream.yaml")

    with pytest.raises(BundleError, match="both describe"):
        build_bundle(
            upstream,
            OVERLAY,
            seed_name=family_of_lock()["seed_name"],
            siblings=[(name, document), (name + "-copy", document)],
        )


@pytest.mark.parametrize(
    ("operator", "actual", "expected", "holds"),
    [
        (Operator.EQ, True, True, True),
        (Operator.EQ, 1, True, False),  # JSON: 1 is not true
        (Operator.EQ, "a", "b", False),
        (Operator.NE, "a", "b", True),
        (Operator.NE, False, False, False),
        (Operator.IN, "480p", ["480p", "720p"], True),
        (Operator.IN, "1080p", ["480p", "720p"], False),
        (Operator.IN, True, [1], False),
    ],
)
def test_linkage_operators_compare_as_json(operator, actual, expected, holds):
    assert operator.holds(actual, expected) is holds
