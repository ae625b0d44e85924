"""The bound values :func:`contract_tests.support.bounds` builds: each ``inside`` value meets
its bound and each ``outside`` value breaks it, for every kind of bound keyword."""

from __future__ import annotations

import jsonschema
import pytest

from contract_tests.support import bounds, instance_with

_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 3, "maxLength": 5},
        "tags": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "integer"}},
        "count": {"type": "integer", "exclusiveMinimum": 2, "exclusiveMaximum": 10},
        "ratio": {"type": "number", "minimum": 0.5, "exclusiveMaximum": 2.5},
        "whole": {"type": "integer", "minimum": 0.5, "maximum": 7.5},
    },
}
_BOUNDS = bounds(_SCHEMA)


def test_every_bound_keyword_of_the_schema_is_found():
    assert len(_BOUNDS) == 10


@pytest.mark.parametrize("bound", _BOUNDS, ids=[b.label for b in _BOUNDS])
def test_inside_meets_the_bound_and_outside_breaks_it(bound):
    validator = jsonschema.Draft202012Validator(_SCHEMA)
    assert validator.is_valid(instance_with(_SCHEMA, bound.site, bound.inside)), bound.inside
    errors = list(validator.iter_errors(instance_with(_SCHEMA, bound.site, bound.outside)))
    assert [e.validator for e in errors] == [bound.keyword], bound.outside
