"""Turn the request model into constraints: each one a body to send and the answer it needs.

Derived from the bundle at run time, never from hand lists: every enum value accepted and its
near-misses rejected, numeric bounds accepted at and rejected one past, ``minItems`` /
``maxItems`` / ``minLength`` / ``maxLength`` at and one past, each required field missing,
each conditional requirement of a ``oneOf`` variant broken (the overlay's prose rules), a
wrong JSON type per field, and a body that is not JSON.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson

from seedance.contract.model import FieldInfo, PathKey, RequestModel, cost_order
from seedance.contract.nearmiss import Origin, OutsideValue, outside_values
from seedance.contract.results import Kind
from seedance.gateway import Status
from seedance.spec.bounds import BoundKeyword, bound_edges


class Expect(StrEnum):
    """What a case needs of the target (its value ends the case's id)."""

    ACCEPT = "accept"
    REJECT = "reject"


ACCEPT = Expect.ACCEPT
REJECT = Expect.REJECT
#: The documented answer to an invalid request.

#: A wrong-typed value per declared JSON type (for "a wrong JSON type per field").
_WRONG_TYPE: dict[str, Any] = {
    "string": 12345,
    "integer": "1",
    "number": "1.5",
    "boolean": "true",
    "array": "not-an-array",
    "object": "not-an-object",
}
#: Bytes that are not JSON, sent with ``Content-Type: application/json``.
NOT_JSON_BODY = b'{"model": '


@dataclass(frozen=True)
class Edit:
    """Set (or delete) the value at ``path`` of the base body."""

    path: tuple[PathKey, ...]
    value: Any = None
    delete: bool = False


#: A letter that takes two bytes in UTF-8: at-the-limit strings of it tell characters from bytes.
_WIDE_FILLER = "\u00e9"


@dataclass(frozen=True)
class Constraint:
    """One rule of the request schema and the case that probes it."""

    id: str
    #: one of the request constraints' kinds (enum ... not-json)
    kind: Kind
    field: str
    rule: str  # the rule in words: "enum of 11 values", "minimum -1" ...
    value: Any  # the value under test (None for deletions)
    expect: Expect
    edits: tuple[Edit, ...] = ()
    raw_body: bytes | None = None
    origin: str = ""  # for near-misses: where the value came from
    doc_gap: bool = False  # the field's own description suggests this rejected value
    cost_rank: int = 0  # positive cases: 0 = the cheapest value of its field
    #: a valid value at a limit the spec does not set (an empty string, one more item,
    #: non-ASCII letters): the likeliest refusal from a gateway that invents a rule, so the
    #: planner never packs it with other values into one request
    edge: bool = False
    #: the statuses that refuse this case (a model no page describes: the gateway's answer
    #: for it besides 400)
    refused_with: tuple[int, ...] = (Status.INVALID_REQUEST,)

    @property
    def group(self) -> str:
        """Positive cases with the same group set the same field (one value per request)."""
        return "/".join(str(p) for p in self.edits[0].path) if self.edits else ""

    def describe_case(self) -> str:
        """What the case sends, in one line."""
        if self.raw_body is not None:
            return f"body {self.raw_body!r} (not JSON)"
        if not self.edits:
            return "the base body"
        parts = []
        for edit in self.edits:
            where = _label(edit.path)
            parts.append(f"without {where}" if edit.delete else f"{where}={_short(edit.value)}")
        return ", ".join(parts)


@dataclass
class ConstraintSet:
    """Every constraint of one operation plus the base body they edit."""

    base: dict[str, Any]
    constraints: list[Constraint] = field(default_factory=list)

    @property
    def positives(self) -> list[Constraint]:
        """Constraints whose case must be accepted (billable)."""
        return [c for c in self.constraints if c.expect == ACCEPT]

    @property
    def negatives(self) -> list[Constraint]:
        """Constraints whose case must be rejected (free on a faithful target)."""
        return [c for c in self.constraints if c.expect == REJECT]


def _label(path: tuple[PathKey, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} chars)"


def _json_copy(value: Any) -> Any:
    """A deep copy of a JSON value (orjson's round trip is ~10x ``copy.deepcopy``)."""
    try:
        return orjson.loads(orjson.dumps(value))
    except TypeError:  # an integer orjson cannot hold
        return copy.deepcopy(value)


def apply_edits(base: dict[str, Any], edits: tuple[Edit, ...]) -> dict[str, Any]:
    """A deep copy of ``base`` with ``edits`` applied (paths into dicts and lists)."""
    body: dict[str, Any] = _json_copy(base)
    for edit in edits:
        parent: Any = body
        for key in edit.path[:-1]:
            parent = parent[key]
        last = edit.path[-1]
        if edit.delete:
            if isinstance(parent, dict):
                parent.pop(last, None)
            elif isinstance(last, int) and isinstance(parent, list) and last < len(parent):
                parent.pop(last)
        elif isinstance(parent, list) and isinstance(last, int) and last == len(parent):
            parent.append(_json_copy(edit.value))
        else:
            parent[last] = _json_copy(edit.value)
    return body


def _value_in_base(base: dict[str, Any], path: tuple[PathKey, ...]) -> tuple[bool, Any]:
    node: Any = base
    for key in path:
        in_dict = isinstance(node, dict) and key in node
        in_list = isinstance(node, list) and isinstance(key, int) and key < len(node)
        if in_dict or in_list:
            node = node[key]
        else:
            return False, None
    return True, node


class _Builder:
    def __init__(
        self,
        model: RequestModel,
        valid_elsewhere: Mapping[str, Collection[Any]],
        refusals: Mapping[str, tuple[int, ...]],
        near_misses: Mapping[str, Sequence[str]],
    ) -> None:
        self.model = model
        self.valid_elsewhere = valid_elsewhere
        self.near_misses = near_misses
        self.refusals = refusals
        self.out: list[Constraint] = []
        self.ids: set[str] = set()

    def add(self, constraint: Constraint) -> None:
        cid = constraint.id
        n = 2
        while cid in self.ids:
            cid = f"{constraint.id}#{n}"
            n += 1
        self.ids.add(cid)
        if cid != constraint.id:
            constraint = Constraint(**{**constraint.__dict__, "id": cid})
        self.out.append(constraint)

    def enum(self, info: FieldInfo) -> None:
        assert info.enum is not None
        values = list(info.enum)
        rule = f"enum {values}"
        if not info.discriminator:
            for rank, value in enumerate(cost_order(values, info.schema.get("default"))):
                self.add(
                    Constraint(
                        id=f"enum:{info.label}={value}:accept",
                        kind=Kind.ENUM,
                        field=info.label,
                        rule=rule,
                        value=value,
                        expect=ACCEPT,
                        edits=(Edit(info.path, value),),
                        cost_rank=rank,
                    )
                )
        else:
            present, current = _value_in_base(self.model.base, info.path)
            if present:
                # the base body carries one item of this variant: every plain request covers it
                self.add(
                    Constraint(
                        id=f"enum:{info.label}={current}:accept",
                        kind=Kind.ENUM,
                        field=info.label,
                        rule=rule,
                        value=current,
                        expect=ACCEPT,
                    )
                )
        string_values = [v for v in values if isinstance(v, str)]
        if len(string_values) != len(values):
            return
        elsewhere = self.valid_elsewhere.get(info.label, ())
        given = [
            OutsideValue(value, Origin.FAMILY, "derived from the vendored models")
            for value in self.near_misses.get(info.label, ())
            if value not in string_values
        ]
        computed = outside_values(string_values, info.description)
        seen = {miss.value for miss in given}
        for miss in [*given, *(m for m in computed if m.value not in seen)]:
            if miss.value in elsewhere:
                continue  # another vendored page's value: not a near miss
            self.add(
                Constraint(
                    id=f"enum:{info.label}={miss.value}:reject",
                    kind=Kind.ENUM,
                    field=info.label,
                    rule=rule,
                    value=miss.value,
                    expect=REJECT,
                    edits=(Edit(info.path, miss.value),),
                    origin=f"{miss.origin}: {miss.detail}",
                    doc_gap=miss.from_description,
                    refused_with=self.refusals.get(info.label, (Status.INVALID_REQUEST,)),
                )
            )
        # the right value with the wrong JSON type ("5" sent as 5)
        for value in string_values:
            try:
                number = int(value)
            except ValueError:
                continue
            self.add(
                Constraint(
                    id=f"type:{info.label}={number}:reject",
                    kind=Kind.TYPE,
                    field=info.label,
                    rule="type string",
                    value=number,
                    expect=REJECT,
                    edits=(Edit(info.path, number),),
                    origin="an accepted value sent as a number",
                )
            )
            break

    def numeric(self, info: FieldInfo) -> None:
        for edge in bound_edges(info.schema):
            if not edge.keyword.numeric:
                continue
            rank = len([c for c in self.out if c.field == info.label and c.expect == ACCEPT])
            rule = f"{edge.keyword.value} {edge.limit}"
            inside, outside = edge.inside, edge.outside
            self.value_case(info, Kind.BOUND, rule, inside, ACCEPT, key=str(inside), cost_rank=rank)
            self.value_case(
                info,
                Kind.BOUND,
                rule,
                outside,
                REJECT,
                key=str(outside),
                origin="one past the bound",
            )

    def lengths(self, info: FieldInfo) -> None:
        edges = {edge.keyword: edge for edge in bound_edges(info.schema)}
        filler = "a"
        present, _ = _value_in_base(self.model.base, info.path)
        top_level = len(info.path) == 1
        if BoundKeyword.MIN_LENGTH not in edges and (present or top_level):
            # no minLength: an empty string is valid; a gateway must not invent "non-empty"
            self.value_case(
                info,
                Kind.MIN_LENGTH,
                "no minLength (an empty string is valid)",
                "",
                ACCEPT,
                key="0",
                edge=True,
            )
        if (longest := edges.get(BoundKeyword.MAX_LENGTH)) is not None:
            limit = int(longest.inside)
            rule = f"maxLength {longest.limit}"
            self.value_case(info, Kind.MAX_LENGTH, rule, filler * limit, ACCEPT, key=str(limit))
            # lengths count characters, not bytes: a gateway counting UTF-8 bytes refuses this
            self.value_case(
                info,
                Kind.MAX_LENGTH,
                rule,
                _WIDE_FILLER * limit,
                ACCEPT,
                key=f"{limit}-non-ascii",
                origin="characters outside ASCII (2 bytes each in UTF-8)",
                edge=True,
            )
            over = int(longest.outside)
            self.value_case(
                info,
                Kind.MAX_LENGTH,
                rule,
                filler * over,
                REJECT,
                key=str(over),
                origin="one character over",
            )
        if (shortest := edges.get(BoundKeyword.MIN_LENGTH)) is not None:
            limit, short = int(shortest.inside), int(shortest.outside)
            rule = f"minLength {shortest.limit}"
            self.value_case(info, Kind.MIN_LENGTH, rule, filler * limit, ACCEPT, key=str(limit))
            self.value_case(
                info,
                Kind.MIN_LENGTH,
                rule,
                filler * short,
                REJECT,
                key=str(short),
                origin="one character short",
            )

    def value_case(
        self,
        info: FieldInfo,
        kind: Kind,
        rule: str,
        value: Any,
        expect: Expect,
        *,
        key: str,
        origin: str = "",
        cost_rank: int = 0,
        edge: bool = False,
    ) -> None:
        """One case that sets ``value`` at the field and expects ``expect``."""
        self.case(
            info.label,
            kind,
            rule,
            value,
            expect,
            key=key,
            edits=(Edit(info.path, value),),
            origin=origin,
            cost_rank=cost_rank,
            edge=edge,
        )

    def case(
        self,
        label: str,
        kind: Kind,
        rule: str,
        value: Any,
        expect: Expect,
        *,
        key: str,
        edits: tuple[Edit, ...],
        origin: str = "",
        cost_rank: int = 0,
        edge: bool = False,
    ) -> None:
        """One case with id ``kind:label=key:accept|reject`` made of ``edits`` to the base body.

        An ``edge`` case is never the cheapest value of its field (``cost_rank`` at least 1).
        """
        self.add(
            Constraint(
                id=f"{kind}:{label}={key}:{expect}",
                kind=kind,
                field=label,
                rule=rule,
                value=value,
                expect=expect,
                edits=edits,
                origin=origin,
                cost_rank=max(cost_rank, 1) if edge else cost_rank,
                edge=edge,
            )
        )

    def booleans(self, info: FieldInfo) -> None:
        default = info.schema.get("default")
        for rank, value in enumerate(cost_order([False, True], default)):
            self.add(
                Constraint(
                    id=f"boolean:{info.label}={str(value).lower()}:accept",
                    kind=Kind.BOOLEAN,
                    field=info.label,
                    rule="type boolean",
                    value=value,
                    expect=ACCEPT,
                    edits=(Edit(info.path, value),),
                    cost_rank=rank,
                )
            )

    def wrong_type(self, info: FieldInfo) -> None:
        kind = info.schema.get("type")
        if not isinstance(kind, str) or kind not in _WRONG_TYPE:
            return
        value = _WRONG_TYPE[kind]
        self.add(
            Constraint(
                id=f"type:{info.label}:reject",
                kind=Kind.TYPE,
                field=info.label,
                rule=f"type {kind}",
                value=value,
                expect=REJECT,
                edits=(Edit(info.path, value),),
                origin=f"a {type(value).__name__} where {kind} is required",
            )
        )
        if not info.schema.get("nullable"):
            # null is not "absent": a field that is not nullable must refuse it
            self.add(
                Constraint(
                    id=f"type:{info.label}=null:reject",
                    kind=Kind.TYPE,
                    field=info.label,
                    rule=f"type {kind} (not nullable)",
                    value=None,
                    expect=REJECT,
                    edits=(Edit(info.path, None),),
                    origin="null where the field is not nullable",
                )
            )
        extra = {"integer": 1.5, "boolean": 1}.get(kind)
        if extra is not None:
            self.add(
                Constraint(
                    id=f"type:{info.label}={extra}:reject",
                    kind=Kind.TYPE,
                    field=info.label,
                    rule=f"type {kind}",
                    value=extra,
                    expect=REJECT,
                    edits=(Edit(info.path, extra),),
                    origin=f"a {type(extra).__name__} where {kind} is required",
                )
            )

    def required(self, info: FieldInfo) -> None:
        if not (info.required or info.conditional):
            return
        present, _ = _value_in_base(self.model.base, info.path)
        if not present:
            return
        kind = Kind.REQUIRED if info.required else Kind.RULE
        rule = (
            f"{info.label} is required"
            if info.required
            else f"{info.label} is required for this item type (oneOf variant's required)"
        )
        self.add(
            Constraint(
                id=f"{kind}:{info.label}:reject",
                kind=kind,
                field=info.label,
                rule=rule,
                value=None,
                expect=REJECT,
                edits=(Edit(info.path, delete=True),),
            )
        )

    def arrays(self) -> None:
        for array in self.model.arrays:
            present, items = _value_in_base(self.model.base, array.path)
            if not present or not isinstance(items, list):
                continue
            label, path = array.label, array.path
            if array.min_items is not None:
                at_min = items[: array.min_items]
                self.case(
                    label,
                    Kind.MIN_ITEMS,
                    f"minItems {array.min_items}",
                    len(at_min),
                    ACCEPT,
                    key=str(array.min_items),
                    edits=() if len(items) == array.min_items else (Edit(path, at_min),),
                    # fewer items than the base has: sent alone, never under edits to the rest
                    edge=len(items) != array.min_items,
                )
                if array.min_items > 0:
                    below = items[: array.min_items - 1]
                    self.case(
                        label,
                        Kind.MIN_ITEMS,
                        f"minItems {array.min_items}",
                        len(below),
                        REJECT,
                        key=str(array.min_items - 1),
                        edits=(Edit(path, below),),
                        origin="one item fewer than the minimum",
                    )
            if array.max_items is None and items:
                self.case(
                    label,
                    Kind.MAX_ITEMS,
                    "no maxItems (more items are valid)",
                    len(items) + 1,
                    ACCEPT,
                    key=str(len(items) + 1),
                    edits=(Edit((*path, len(items)), items[-1]),),
                    edge=True,
                )
            if array.max_items is not None:
                full = [items[i % len(items)] for i in range(array.max_items)]
                over = [items[i % len(items)] for i in range(array.max_items + 1)]
                rule = f"maxItems {array.max_items}"
                self.case(
                    label,
                    Kind.MAX_ITEMS,
                    rule,
                    len(full),
                    ACCEPT,
                    key=str(array.max_items),
                    edits=(Edit(path, full),),
                )
                self.case(
                    label,
                    Kind.MAX_ITEMS,
                    rule,
                    len(over),
                    REJECT,
                    key=str(array.max_items + 1),
                    edits=(Edit(path, over),),
                    origin="one item more than the maximum",
                )
            for index, tag in enumerate(array.variant_labels):
                if index < len(items):
                    self.add(
                        Constraint(
                            id=f"type:{array.label}[{tag}]:reject",
                            kind=Kind.TYPE,
                            field=f"{array.label}[{tag}]",
                            rule="items are objects",
                            value="not-an-object",
                            expect=REJECT,
                            edits=(Edit((*array.path, index), "not-an-object"),),
                            origin="a string where an item object is required",
                        )
                    )

    def build(self) -> list[Constraint]:
        for info in self.model.fields:
            self.required(info)
        for info in self.model.fields:
            if info.enum is not None:
                self.enum(info)
            kind = info.schema.get("type")
            if kind in ("integer", "number") and info.enum is None:
                self.numeric(info)
            if kind == "string" and info.enum is None:
                self.lengths(info)
            if kind == "boolean":
                self.booleans(info)
            self.wrong_type(info)
        self.arrays()
        self.add(
            Constraint(
                id="not-json:body:reject",
                kind=Kind.NOT_JSON,
                field="body",
                rule="the body is JSON",
                value=None,
                expect=REJECT,
                raw_body=NOT_JSON_BODY,
                origin="truncated JSON",
            )
        )
        return self.out


def derive_constraints(
    model: RequestModel,
    *,
    valid_elsewhere: Mapping[str, Collection[Any]] | None = None,
    refusals: Mapping[str, tuple[int, ...]] | None = None,
    near_misses: Mapping[str, Sequence[str]] | None = None,
) -> ConstraintSet:
    """Every constraint of the request described by ``model``.

    ``valid_elsewhere``: per field, values outside this enum that are valid on another page
    (another vendored model's id): never near misses. ``refusals``: per field, the statuses
    that refuse a value outside its enum (default 400). ``near_misses``: per field, values to
    try besides the computed ones (a model id's, derived from the vendored models).
    """
    builder = _Builder(model, valid_elsewhere or {}, refusals or {}, near_misses or {})
    return ConstraintSet(base=copy.deepcopy(model.base), constraints=builder.build())
