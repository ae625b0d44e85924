"""Walk the createVideo request schema of the bundle into a base body and a list of fields.

The base body is the cheapest valid request the spec allows: every required field, every
enum field at its cheapest value, one item per ``oneOf`` variant of an array (at least
``minItems``), string values taken from the operation's own example where it has one.
Each field records where it sits in that body, its resolved schema and whether it is
required always or only by some ``oneOf`` variants (a prose rule the overlay made explicit).

"Cheaper" is derived generically (see :func:`cost_order`): for enums of numeric strings the
smallest non-negative number (negative numbers are sentinels such as "-1" = smart selection),
for resolution-like values (``480p``, ``4k``) the lowest resolution, otherwise the field's
default, then the spec's order.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from seedance.contract.errors import ContractError
from seedance.spec import SchemaView, SpecError, SpecView

PathKey = str | int
_PLACEHOLDER = "contract-test"
_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")
_RESOLUTION = re.compile(r"^(\d+)([pk])$", re.IGNORECASE)


@dataclass(frozen=True)
class FieldInfo:
    """One property somewhere in the request body."""

    label: str  # "seconds", "media[first_frame].url"
    path: tuple[PathKey, ...]  # where it sits in the base body
    schema: dict[str, Any]  # the property's resolved OpenAPI schema
    required: bool  # required in every variant of its object
    conditional: bool  # required by this oneOf variant only: a prose rule
    enum: tuple[Any, ...] | None  # accepted values (a discriminator: every variant's value)
    discriminator: bool = False
    description: str = ""


@dataclass(frozen=True)
class ArrayInfo:
    """An array property: its bounds and the item bodies the base uses."""

    label: str
    path: tuple[PathKey, ...]
    min_items: int | None
    max_items: int | None
    items: tuple[dict[str, Any], ...]  # one base item per variant
    variant_labels: tuple[str, ...]


@dataclass
class RequestModel:
    """The base body and every field of the request, in schema order."""

    base: dict[str, Any]
    fields: list[FieldInfo] = field(default_factory=list)
    arrays: list[ArrayInfo] = field(default_factory=list)
    top_required: tuple[str, ...] = ()


def cost_order(values: list[Any], default: Any = None) -> list[Any]:
    """``values`` cheapest first (see the module docstring for the heuristic)."""
    if values and all(isinstance(v, str) and _NUMERIC.match(v) for v in values):
        return sorted(values, key=lambda v: (float(v) < 0, abs(float(v))))
    if values and all(isinstance(v, str) and _RESOLUTION.match(v) for v in values):

        def _pixels(v: str) -> int:
            match = _RESOLUTION.match(v)
            assert match is not None
            number = int(match.group(1))
            return number * 1000 if match.group(2).lower() == "k" else number

        return sorted(values, key=_pixels)
    if default in values:
        return [default, *[v for v in values if v != default]]
    return list(values)


class _Walker:
    def __init__(self) -> None:
        self.model = RequestModel(base={})

    def scalar_value(self, view: SchemaView, example: Any) -> Any:
        schema = view.node
        if view.enum is not None:
            return cost_order(list(view.enum), view.default)[0]
        kind = view.type
        if example is not None and kind == "string" and isinstance(example, str):
            return example
        if "default" in schema:
            return schema["default"]
        if kind == "string":
            text = _PLACEHOLDER.ljust(int(schema.get("minLength", 0)), "x")
            return text[: int(schema["maxLength"])] if "maxLength" in schema else text
        if kind in ("integer", "number"):
            return schema.get("minimum", 0)
        if kind == "boolean":
            return False
        return None

    def walk_object(
        self,
        schema: SchemaView,
        path: tuple[PathKey, ...],
        label: str,
        example: Any,
        *,
        common_required: set[str] | None = None,
        discriminator: tuple[str, tuple[Any, ...]] | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {}
        required = set(schema.required)
        always = required if common_required is None else required & common_required
        example_map = example if isinstance(example, dict) else {}
        for name, prop in schema.properties.items():
            child_path = (*path, name)
            child_label = f"{label}.{name}" if label else name
            is_disc = discriminator is not None and name == discriminator[0]
            enum = discriminator[1] if is_disc and discriminator else prop.enum
            self.model.fields.append(
                FieldInfo(
                    label=child_label,
                    path=child_path,
                    schema=prop.node,
                    required=name in always,
                    conditional=name in required and name not in always,
                    enum=tuple(enum) if enum is not None else None,
                    discriminator=is_disc,
                    description=prop.description,
                )
            )
            kind = prop.type
            if kind == "array":
                if name in required:
                    body[name] = self.walk_array(
                        prop, child_path, child_label, example_map.get(name)
                    )
                continue
            if name in required or prop.enum is not None:
                if kind == "object":
                    body[name] = self.walk_object(
                        prop, child_path, child_label, example_map.get(name)
                    )
                else:
                    body[name] = self.scalar_value(prop, example_map.get(name))
        return body

    def walk_array(
        self, schema: SchemaView, path: tuple[PathKey, ...], label: str, example: Any
    ) -> list[Any]:
        items_schema = schema.items or schema.child({}, "items")
        variants = items_schema.variants
        examples = example if isinstance(example, list) else []
        disc_name = items_schema.discriminator
        built: list[dict[str, Any]] = []
        labels: list[str] = []
        if variants:
            disc_values: list[Any] = []
            for variant in variants:
                prop = variant.properties.get(disc_name or "")
                enum = (prop.enum if prop is not None else None) or ()
                disc_values.extend(v for v in enum if v not in disc_values)
            common = set.intersection(*(set(v.required) for v in variants))
            for index, variant in enumerate(variants):
                prop = variant.properties.get(disc_name or "")
                value = ((prop.enum if prop is not None else None) or (None,))[0]
                tag = str(value) if disc_name and value is not None else str(index)
                match = next(
                    (
                        e
                        for e in examples
                        if isinstance(e, dict) and disc_name and e.get(disc_name) == value
                    ),
                    None,
                )
                item = self.walk_object(
                    variant,
                    (*path, index),
                    f"{label}[{tag}]",
                    match,
                    common_required=common,
                    discriminator=(disc_name, tuple(disc_values)) if disc_name else None,
                )
                built.append(item)
                labels.append(tag)
        else:
            kind = items_schema.type
            example_item = examples[0] if examples else None
            if kind == "object":
                built.append(
                    self.walk_object(items_schema, (*path, 0), f"{label}[0]", example_item)
                )
            else:
                built.append(self.scalar_value(items_schema, example_item))
            labels.append("0")
        minimum = schema.get("minItems")
        maximum = schema.get("maxItems")
        items = list(built)
        while minimum is not None and len(items) < minimum:
            items.append(copy.deepcopy(built[len(items) % len(built)]))
        if maximum is not None:
            items = items[:maximum]
        self.model.arrays.append(
            ArrayInfo(
                label=label,
                path=path,
                min_items=minimum,
                max_items=maximum,
                items=tuple(built),
                variant_labels=tuple(labels),
            )
        )
        return items


def request_model(spec: dict[str, Any], operation_id: str) -> RequestModel:
    """The base body and fields of ``operation_id``'s JSON request body; :class:`ContractError`
    when the bundle has no such operation or it takes no JSON body (a run would otherwise
    test nothing of the request and still pass)."""
    view = SpecView(spec)
    try:
        root = view.request_body(operation_id)
    except SpecError as exc:
        raise ContractError(str(exc)) from None
    if root is None:
        raise ContractError(f"operation {operation_id!r} takes no JSON request body")
    walker = _Walker()
    example = view.request_example(operation_id)
    walker.model.base = walker.walk_object(root, (), "", example)
    walker.model.top_required = root.required
    return walker.model


def page_request_model(spec: dict[str, Any], request_ref: str, example: Any) -> RequestModel:
    """The base body and fields of one vendored page's request (its schema at
    ``request_ref`` in the bundle, its own ``example`` for string values)."""
    try:
        root = SpecView(spec).schema({"$ref": request_ref})
    except SpecError as exc:
        raise ContractError(str(exc)) from None
    walker = _Walker()
    walker.model.base = walker.walk_object(root, (), "", example)
    walker.model.top_required = root.required
    return walker.model
