"""Rules a vendored page states only in prose, made schema where the page states them.

The seed page's are in the overlay (its generated names are pinned there); every other page
gets the same rules here, read from its own descriptions, so a page that stops saying a rule
stops having it and a new page that says it has it:

- a media item's ``type`` description saying "`text` requires the `text` field; other types
  require the `url` field" makes the items a discriminated ``oneOf`` with one variant per
  media type (``TextMediaInput``, ``FirstFrameMediaInput``, …), each requiring its field, as
  the overlay does for the seed (``x-covers-enum`` ties the mapping to the page's enum);
- a string property whose description says "length not exceeding N characters" (and that has
  no ``maxLength``) gets ``maxLength: N``.

:func:`apply_prose_rules` edits a page's ``components.schemas`` (unscoped ``$ref`` s) in place
and returns what it made, one line each.
"""

from __future__ import annotations

import copy
import re
from typing import Any

__all__ = ["apply_prose_rules"]

_REF = "#/components/schemas/"
#: "`text` requires the `text` field; other types require the `url` field"
_MEDIA_RULE = re.compile(
    r"`(?P<own>\w+)`\s+requires\s+the\s+`(?P<own_field>\w+)`\s+field;\s*other\s+types\s+"
    r"require\s+the\s+`(?P<other_field>\w+)`\s+field",
    re.IGNORECASE,
)
#: "length not exceeding 64 characters"
_LENGTH_RULE = re.compile(r"length\s+not\s+exceeding\s+(\d+)\s+characters", re.IGNORECASE)
_DISCRIMINATOR = "type"
_VARIANT_SUFFIX = "MediaInput"


def _variant_name(media_type: str) -> str:
    """``first_frame`` -> ``FirstFrameMediaInput`` (``text``: the overlay's name)."""
    return "".join(word.capitalize() for word in media_type.split("_")) + _VARIANT_SUFFIX


def _lengths(schemas: dict[str, Any], made: list[str]) -> None:
    for schema_name, schema in schemas.items():
        for name, prop in (schema.get("properties") or {}).items():
            if not isinstance(prop, dict) or prop.get("type") != "string" or "maxLength" in prop:
                continue
            match = _LENGTH_RULE.search(str(prop.get("description", "")))
            if match:
                prop["maxLength"] = int(match.group(1))
                made.append(f"{schema_name}.{name}: maxLength {match.group(1)} (its description)")


def _media(schemas: dict[str, Any], scope: str, made: list[str]) -> None:
    for schema_name, schema in list(schemas.items()):
        for array_name, prop in (schema.get("properties") or {}).items():
            if not isinstance(prop, dict) or prop.get("type") != "array":
                continue
            ref = (prop.get("items") or {}).get("$ref")
            if not isinstance(ref, str) or not ref.startswith(_REF):
                continue
            item_name = ref[len(_REF) :]
            item = schemas.get(item_name) or {}
            kind = (item.get("properties") or {}).get(_DISCRIMINATOR) or {}
            match = _MEDIA_RULE.search(str(kind.get("description", "")))
            types = kind.get("enum")
            if match is None or not isinstance(types, list) or not types:
                continue
            mapping: dict[str, str] = {}
            for media_type in map(str, types):
                needs = match["own_field"] if media_type == match["own"] else match["other_field"]
                variant = copy.deepcopy(item)
                variant.setdefault("properties", {})[_DISCRIMINATOR] = {
                    **copy.deepcopy(kind),
                    "enum": [media_type],
                }
                variant["required"] = [_DISCRIMINATOR, needs]
                name = _variant_name(media_type)
                schemas[name] = variant
                mapping[media_type] = name
            prop["items"] = {
                "oneOf": [{"$ref": _REF + target} for target in mapping.values()],
                "x-covers-enum": f"{scope}{item_name}/properties/{_DISCRIMINATOR}",
                "discriminator": {
                    "propertyName": _DISCRIMINATOR,
                    "mapping": {key: scope + target for key, target in mapping.items()},
                },
            }
            made.append(
                f"{schema_name}.{array_name}: items of type {match['own']!r} require "
                f"{match['own_field']!r}, the others {match['other_field']!r} (its description)"
            )


def apply_prose_rules(schemas: dict[str, Any], scope: str = _REF) -> list[str]:
    """Make the prose rules of a page's ``schemas`` schema (in place); what was made.

    ``$ref`` s are written as ``#/components/schemas/<Name>`` (the page's own form); the
    pointers that are not references (the discriminator's mapping, ``x-covers-enum``) as
    ``scope + <Name>``, ``scope`` being where the schemas end up in the bundle.
    """
    made: list[str] = []
    _lengths(schemas, made)
    _media(schemas, scope, made)
    return made
