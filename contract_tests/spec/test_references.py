"""Reference chains: resolve_ref follows them, and says where it ended or what went wrong."""

import pytest

from seedance._bundle import resolve_ref_at
from seedance.spec import SpecError, resolve_ref

DOC = {
    "components": {
        "schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
        }
    }
}
FAILING = [
    {"$ref": "#/components/schemas/Missing"},
    {"$ref": "#/components/schemas/Loop"},
    {"$ref": "other.yaml#/B"},
]


def test_a_chain_resolves_to_its_last_target_and_its_pointer():
    start = {"$ref": "#/components/schemas/A"}
    assert resolve_ref(DOC, start) == {"type": "string"}
    assert resolve_ref_at(DOC, start, "/here") == ({"type": "string"}, "/components/schemas/B")
    assert resolve_ref_at(DOC, {"type": "integer"}, "/here") == ({"type": "integer"}, "/here")


@pytest.mark.parametrize("node", FAILING, ids=["missing", "loop", "remote"])
def test_an_unresolvable_chain_raises_without_a_default_and_returns_it_with_one(node):
    with pytest.raises(SpecError):
        resolve_ref(DOC, node)
    sentinel = object()
    assert resolve_ref(DOC, node, sentinel) is sentinel
    assert resolve_ref_at(DOC, node, "", sentinel)[0] is sentinel
