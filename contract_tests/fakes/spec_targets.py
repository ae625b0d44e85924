"""What the reference gateway and its faults aim at, read from the bundle at run time.

Nothing here names an enum value, a bound or a request field: every target is found by its
shape in the spec ("the first string enum with several values", "the integer with a maximum",
"the array with minItems" ...), so the faults follow the spec when it changes.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from typing import Any

from seedance.contract.model import request_model
from seedance.spec import OperationInfo, SchemaView, bundle_view

CREATE_OP = "createVideo"
RETRIEVE_OP = "retrieveVideo"
CONTENT_OP = "downloadVideoContent"
#: A task id no gateway issued, shaped as the bundle's task id pattern requires (a test checks
#: it against :attr:`SpecTargets.task_id_pattern`).
UNKNOWN_TASK_ID = "task_" + "0" * 32

__all__ = [
    "CONTENT_OP",
    "CREATE_OP",
    "RETRIEVE_OP",
    "UNKNOWN_TASK_ID",
    "FamilyTargets",
    "ItemBranch",
    "SpecTargets",
    "family_targets",
    "op_path",
    "spec_targets",
]


@dataclass(frozen=True)
class ItemBranch:
    """One ``oneOf`` branch of the array items: discriminator value, extra required fields."""

    index: int
    type_value: str
    required_extra: tuple[str, ...]


@dataclass(frozen=True)
class SpecTargets:
    """The request fields each fault aims at, plus a valid body to start from."""

    request_schema: dict[str, Any]
    multi_enum_field: str
    multi_enum_values: tuple[str, ...]
    last_multi_enum_field: str
    last_multi_enum_values: tuple[str, ...]
    numeric_enum_field: str
    numeric_enum_values: tuple[str, ...]
    numeric_enum_gaps: tuple[str, ...]
    bounded_int_field: str
    bounded_int_max: int
    bounded_int_min: int
    word_enum_field: str
    word_enum_values: tuple[str, ...]
    single_enum_field: str
    min_items_field: str
    min_items: int
    first_required_field: str
    optional_fields: tuple[str, ...]
    second_required_field: str
    max_length_field: str
    max_length: int
    boolean_field: str
    item_discriminator: str
    item_branches: tuple[ItemBranch, ...]
    task_required: tuple[str, ...]
    task_const_field: str
    task_progress_max: int
    task_statuses: tuple[str, ...]
    task_id_pattern: str
    shared_fields: tuple[str, ...]
    content_media_type: str

    @property
    def refused_value(self) -> str:
        """The valid value the ``valid-value-refused`` fault refuses: the middle one."""
        values = self.last_multi_enum_values
        return values[len(values) // 2]

    def root_object(self, schema: dict[str, Any]) -> dict[str, Any]:
        """The request object schema inside ``schema`` (a copy of :attr:`request_schema`)."""
        return SchemaView.of(schema).node

    def mutable_schema(self) -> dict[str, Any]:
        """A deep copy of the request schema that a fault may edit."""
        return copy.deepcopy(self.request_schema)

    def valid_body(self) -> dict[str, Any]:
        """The contract harness's base body: the cheapest request the spec accepts, each
        item branch once (:func:`seedance.contract.request_model`)."""
        return copy.deepcopy(_base_body())


@functools.cache
def _base_body() -> dict[str, Any]:
    return request_model(bundle_view().document, CREATE_OP).base


def _ops() -> dict[str, OperationInfo]:
    return bundle_view().operations


def op_path(op_id: str, task_id: str = "") -> str:
    """The operation's path with its path parameter (if any) filled in with ``task_id``."""
    op = _ops()[op_id]
    path = str(op.path)
    for name in op.path_params:
        path = path.replace("{" + name + "}", task_id)
    return path


def _props(view: SchemaView) -> list[tuple[str, dict[str, Any]]]:
    return [(name, prop.node) for name, prop in view.properties.items()]


def _first(items: list[tuple[str, dict[str, Any]]], what: str) -> tuple[str, dict[str, Any]]:
    if not items:
        raise LookupError(f"the createVideo request schema has no {what}; the faults need one")
    return items[0]


def _numeric_gaps(values: list[str]) -> tuple[str, ...]:
    numbers = sorted(int(v) for v in values if v.lstrip("-").isdigit() and int(v) > 0)
    present = set(numbers)
    return tuple(str(n) for n in range(numbers[0], numbers[-1] + 1) if n not in present)


@functools.cache
def spec_targets() -> SpecTargets:
    """Read the bundle once and locate every target."""
    ops = _ops()
    schema = ops[CREATE_OP].request_schema
    if schema is None:
        raise LookupError(f"{CREATE_OP} has no JSON request body in the bundle")
    request = SchemaView.of(schema)
    obj = request.node
    props = _props(request)
    multis = [(n, p) for n, p in props if p.get("type") == "string" and len(p.get("enum", [])) > 1]
    multi = _first(multis, "string enum with several values")
    numeric = _first(
        [
            (n, p)
            for n, p in props
            if p.get("type") == "string"
            and len(p.get("enum", [])) > 1
            and all(str(v).lstrip("-").isdigit() for v in p["enum"])
        ],
        "numeric string enum",
    )
    bounded = _first(
        [
            (n, p)
            for n, p in props
            if p.get("type") == "integer" and "maximum" in p and "minimum" in p
        ],
        "integer with a minimum and a maximum",
    )
    # an enum of "<digits><letters>" values, e.g. resolutions: letter case and shape matter
    word = _first(
        [
            (n, p)
            for n, p in multis
            if all(re.fullmatch(r"\d+[A-Za-z]+", str(v)) for v in p["enum"])
        ],
        "string enum of <digits><letters> values",
    )
    single = _first(
        [(n, p) for n, p in props if p.get("type") == "string" and len(p.get("enum", [])) == 1],
        "string enum with a single value",
    )
    array = _first([(n, p) for n, p in props if "minItems" in p], "array with minItems")
    max_len = _first([(n, p) for n, p in props if "maxLength" in p], "string with maxLength")
    boolean = _first([(n, p) for n, p in props if p.get("type") == "boolean"], "boolean field")
    items = request.properties[array[0]].items
    branches_raw = [b.node for b in items.variants] if items is not None else []
    if not branches_raw:
        raise LookupError("the array items have no oneOf branches")
    # The discriminator is the one property every branch requires with a single-value enum.
    common = set.intersection(*(set(b.get("required", [])) for b in branches_raw))
    discriminator = next(
        name
        for name in sorted(common)
        if all(len(b["properties"][name].get("enum", [])) == 1 for b in branches_raw)
    )
    branches = tuple(
        ItemBranch(
            index=i,
            type_value=str(b["properties"][discriminator]["enum"][0]),
            required_extra=tuple(r for r in b.get("required", []) if r != discriminator),
        )
        for i, b in enumerate(branches_raw)
    )
    task_schema = ops[RETRIEVE_OP].responses["200"].content["application/json"]
    assert task_schema is not None
    task_view = SchemaView.of(task_schema)
    task = task_view.node
    task_props = dict(_props(task_view))
    const_field = next(
        name for name in task["required"] if len(task_props[name].get("enum", [])) == 1
    )
    progress = next(p for p in task_props.values() if "maximum" in p)
    status = next(p for n, p in task_props.items() if len(p.get("enum", [])) > 1)
    task_id = next(p for p in task_props.values() if "pattern" in p)
    request_names = dict(props)
    shared = tuple(
        name
        for name, prop in task_props.items()
        if prop.get("type") == "string" and request_names.get(name, {}).get("type") == "string"
    )
    content_types = list(ops[CONTENT_OP].responses["200"].content)
    return SpecTargets(
        request_schema=schema,
        multi_enum_field=multi[0],
        multi_enum_values=tuple(str(v) for v in multi[1]["enum"]),
        last_multi_enum_field=multis[-1][0],
        last_multi_enum_values=tuple(str(v) for v in multis[-1][1]["enum"]),
        numeric_enum_field=numeric[0],
        numeric_enum_values=tuple(str(v) for v in numeric[1]["enum"]),
        numeric_enum_gaps=_numeric_gaps([str(v) for v in numeric[1]["enum"]]),
        bounded_int_field=bounded[0],
        bounded_int_max=int(bounded[1]["maximum"]),
        bounded_int_min=int(bounded[1]["minimum"]),
        word_enum_field=word[0],
        word_enum_values=tuple(str(v) for v in word[1]["enum"]),
        single_enum_field=single[0],
        min_items_field=array[0],
        min_items=int(array[1]["minItems"]),
        first_required_field=str(obj["required"][0]),
        optional_fields=tuple(n for n, _ in props if n not in obj["required"]),
        second_required_field=str(obj["required"][1]),
        max_length_field=max_len[0],
        max_length=int(max_len[1]["maxLength"]),
        boolean_field=boolean[0],
        item_discriminator=discriminator,
        item_branches=branches,
        task_required=tuple(task["required"]),
        task_const_field=const_field,
        task_progress_max=int(progress["maximum"]),
        task_statuses=tuple(str(v) for v in status["enum"]),
        task_id_pattern=str(task_id["pattern"]),
        shared_fields=shared,
        content_media_type=content_types[0],
    )


@dataclass(frozen=True)
class FamilyTargets:
    """What the family faults aim at, read from the catalogue (the vendored pages)."""

    #: a page of the seed's model (not the seed page) whose enum lacks a value another page
    #: of the same field allows: the value, the field, the page
    value_page: str
    value_field: str
    value: Any
    #: the first model whose pages state x-linkage, and the field of its first rule
    linkage_model: str
    linkage_field: str
    #: the first model lacking a mode another model has
    missing_mode_model: str


@functools.cache
def family_targets() -> FamilyTargets:
    """The family faults' targets (:class:`FamilyTargets`)."""
    from seedance._models import catalogue

    cat = catalogue()
    pages = list(cat.pages.values())
    value = next(
        (mode.page, name, extra)
        for mode in pages
        if mode.model == cat.default_model and mode.page != cat.seed_page
        for name, spec in mode.fields.items()
        if spec.enum is not None
        for other in pages
        if other.fields.get(name) is not None and other.fields[name].enum is not None
        for extra in other.fields[name].enum or ()
        if extra not in spec.enum
    )
    linked = next(mode for mode in pages if mode.linkage)
    every_mode = {mode.name for mode in pages}
    lacking = next(m.id for m in cat.models.values() if set(m.modes) != every_mode)
    return FamilyTargets(
        value_page=value[0],
        value_field=value[1],
        value=value[2],
        linkage_model=linked.model,
        linkage_field=linked.linkage[0].field,
        missing_mode_model=lacking,
    )
