"""The rules a sibling page states only in prose are schema in the bundle, for that page
only: made from the page's own words (synthetic pages here), and honoured per vendored page
by the catalogue the SDK and the mock judge with."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from seedance._models import catalogue
from seedance.spec.pages import vendored_pages
from seedance.spec.prose_rules import apply_prose_rules

_MEDIA_SENTENCE = (
    "Media type. `text` requires the `text` field; other types require the `url` field."
)


def _page_schemas(*, media_prose: str, id_prose: str, types: list[str]) -> dict[str, Any]:
    return {
        "Req": {
            "type": "object",
            "properties": {
                "media": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                "user": {"type": "string", "description": id_prose},
            },
        },
        "Item": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"type": "string", "enum": types, "description": media_prose},
                "url": {"type": "string"},
                "text": {"type": "string"},
            },
        },
    }


def test_a_page_stating_the_rules_gets_them_as_schema():
    schemas = _page_schemas(
        media_prose=_MEDIA_SENTENCE,
        id_prose="An end-user id, length not exceeding 12 characters.",
        types=["text", "first_frame", "reference_video"],
    )

    made = apply_prose_rules(schemas, "#/x/scope/")

    assert len(made) == 2
    assert schemas["Req"]["properties"]["user"]["maxLength"] == 12
    items = schemas["Req"]["properties"]["media"]["items"]
    assert items["discriminator"]["mapping"] == {
        "text": "#/x/scope/TextMediaInput",
        "first_frame": "#/x/scope/FirstFrameMediaInput",
        "reference_video": "#/x/scope/ReferenceVideoMediaInput",
    }
    assert items["x-covers-enum"] == "#/x/scope/Item/properties/type"
    assert schemas["TextMediaInput"]["required"] == ["type", "text"]
    assert schemas["ReferenceVideoMediaInput"]["required"] == ["type", "url"]
    assert schemas["ReferenceVideoMediaInput"]["properties"]["type"]["enum"] == ["reference_video"]


def test_a_page_not_stating_them_is_left_as_published():
    schemas = _page_schemas(
        media_prose="Media type.", id_prose="An end-user id.", types=["text", "first_frame"]
    )
    before = copy.deepcopy(schemas)

    assert apply_prose_rules(schemas) == []
    assert schemas == before


SIBLINGS = [page for page in vendored_pages() if not page.seed]


@pytest.mark.parametrize("page", SIBLINGS, ids=[p.name for p in SIBLINGS])
def test_every_sibling_page_refuses_what_its_prose_forbids(page):
    """Where a vendored page's prose states a rule (as the rule module reads it), its mode in
    the catalogue refuses a body breaking it and accepts the same body keeping it."""
    document = page.document()
    schemas = copy.deepcopy(document["components"]["schemas"])
    made = apply_prose_rules(schemas)
    mode = catalogue().pages[page.name]
    good = {
        "model": mode.model,
        "media": [{"type": t, "url": "https://example.com/a"} for t in mode.media_types],
    }
    good["media"][0] = {"type": "text", "text": "a fox"}
    assert mode.problems(good) == []
    for field_spec in mode.fields.values():
        if field_spec.max_length is not None:
            too_long = {**good, field_spec.name: "a" * (field_spec.max_length + 1)}
            assert [p.rule for p in mode.problems(too_long)] == ["maxLength"]
    if any("items of type" in line for line in made):
        for index, item in enumerate(good["media"]):
            broken = copy.deepcopy(good)
            broken["media"][index] = {"type": item["type"]}
            problems = mode.problems(broken)
            assert [p.field for p in problems] == [f"media[{index}]"], problems
    stated_lengths = [line for line in made if "maxLength" in line]
    assert len(stated_lengths) == sum(f.max_length is not None for f in mode.fields.values())
