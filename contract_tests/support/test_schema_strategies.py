"""The minimal-instance builder picks the valid number nearest 0 for every bound keyword."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.support import minimal_instance


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "integer"}, 0),
        ({"type": "integer", "minimum": 3}, 3),
        ({"type": "integer", "minimum": -5, "maximum": 5}, 0),
        ({"type": "integer", "exclusiveMinimum": 0}, 1),
        ({"type": "integer", "exclusiveMinimum": 2.5}, 3),
        ({"type": "integer", "maximum": -2}, -2),
        ({"type": "integer", "exclusiveMaximum": 0}, -1),
        ({"type": "number", "exclusiveMinimum": 0.5}, 1.5),
    ],
)
def test_the_minimal_number_is_the_allowed_value_nearest_zero(
    schema: dict[str, Any], expected: float
) -> None:
    assert minimal_instance(schema) == expected
