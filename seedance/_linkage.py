"""Vendor rules beyond JSON Schema: a page's ``x-linkage`` on a request field.

A page may say, on a property, ``x-linkage: {rules: [{when: {field, operator, value},
set_options: [...]}]}``: when the request's ``field`` compares true with ``value``, the
property may only take one of ``set_options`` (the 1.5 Pro pages: ``draft`` ``eq`` ``true`` ->
``size`` only ``480p``). This module reads such rules and judges a body by them, for any field
and any :class:`Operator`; the bundler refuses a page using an operator this module does not
know, so a rule is never silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["LINKAGE_KEY", "Linkage", "LinkageError", "Operator", "linkage_rules"]

#: The vendor extension that carries the rules.
LINKAGE_KEY = "x-linkage"


class LinkageError(ValueError):
    """A rule this module cannot honour (unknown operator, malformed rule)."""


class Operator(StrEnum):
    """How a rule's ``when`` compares the request's field with its ``value``."""

    EQ = "eq"
    NE = "ne"
    IN = "in"

    def holds(self, actual: Any, expected: Any) -> bool:
        """Whether ``actual`` (the request's value) satisfies the comparison."""
        if self is Operator.EQ:
            return _same(actual, expected)
        if self is Operator.NE:
            return not _same(actual, expected)
        return isinstance(expected, list) and any(_same(actual, e) for e in expected)


def _same(a: Any, b: Any) -> bool:
    """JSON equality: ``True`` is not ``1``."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


@dataclass(frozen=True)
class Linkage:
    """One rule: when ``when_field`` ``operator`` ``value``, ``field`` only takes ``options``."""

    field: str
    when_field: str
    operator: Operator
    value: Any
    options: tuple[Any, ...]

    def applies(self, body: Mapping[str, Any], defaults: Mapping[str, Any]) -> bool:
        """Whether the condition holds for ``body`` (an absent field has its default)."""
        actual = body.get(self.when_field, defaults.get(self.when_field))
        if self.when_field not in body and self.when_field not in defaults:
            return False
        return self.operator.holds(actual, self.value)

    def broken_by(self, body: Mapping[str, Any], defaults: Mapping[str, Any]) -> bool:
        """Whether ``body`` sets ``field`` to a value the rule excludes (an absent ``field``
        breaks nothing: the gateway picks an allowed value)."""
        if self.field not in body or not self.applies(body, defaults):
            return False
        return not any(_same(body[self.field], option) for option in self.options)

    def sentence(self) -> str:
        """The rule in words: ``when draft eq True, size is one of ['480p']``."""
        return (
            f"when {self.when_field} {self.operator.value} {self.value!r}, "
            f"{self.field} is one of {list(self.options)!r}"
        )


def linkage_rules(properties: Mapping[str, Any]) -> tuple[Linkage, ...]:
    """Every rule stated on ``properties`` (a request schema's resolved properties).

    Raises :class:`LinkageError` naming the property for an unknown operator or a rule
    without ``when.field`` or a ``set_options`` list.
    """
    found: list[Linkage] = []
    for name, schema in properties.items():
        raw = schema.get(LINKAGE_KEY) if isinstance(schema, Mapping) else None
        if raw is None:
            continue
        rules = raw.get("rules") if isinstance(raw, Mapping) else None
        if not isinstance(rules, list):
            raise LinkageError(f"{name}: {LINKAGE_KEY} has no 'rules' list")
        for index, rule in enumerate(rules):
            where = f"{name}: {LINKAGE_KEY} rule #{index + 1}"
            when = rule.get("when") if isinstance(rule, Mapping) else None
            options = rule.get("set_options") if isinstance(rule, Mapping) else None
            if not isinstance(when, Mapping) or not isinstance(when.get("field"), str):
                raise LinkageError(f"{where}: no 'when.field'")
            if not isinstance(options, list):
                raise LinkageError(f"{where}: no 'set_options' list")
            try:
                operator = Operator(str(when.get("operator")))
            except ValueError:
                known = [o.value for o in Operator]
                raise LinkageError(
                    f"{where}: unknown operator {when.get('operator')!r} (known: {known}); "
                    "teach seedance._linkage.Operator the new operator"
                ) from None
            found.append(
                Linkage(name, str(when["field"]), operator, when.get("value"), tuple(options))
            )
    return tuple(found)
