"""Map spec names to the generated client's names with the generator's own naming rules.

openapi-python-client turns ``createVideo`` into the module ``create_video``, the schema
``VideoTask`` into the class ``VideoTask`` and the property ``type`` into the attribute
``type_``. Tests ask this module instead of spelling generated names by hand.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import typing
from types import ModuleType
from typing import Any

import seedance_client.api
import seedance_client.models
from openapi_python_client.strings import ClassName, PythonIdentifier, snake_case

from seedance.spec import OPENAPI_DIR, load_yaml_file

__all__ = ["attribute_name", "endpoint_module", "literal_values", "model_class"]


@functools.cache
def _field_prefix() -> str:
    config = load_yaml_file(OPENAPI_DIR / "generator.yaml") or {}
    return str(config.get("field_prefix", "field_"))


def endpoint_module(operation_id: str) -> ModuleType:
    """The generated module of an operation (it has ``sync_detailed``)."""
    wanted = snake_case(operation_id)
    prefix = seedance_client.api.__name__ + "."
    for info in pkgutil.walk_packages(seedance_client.api.__path__, prefix):
        if info.name.rsplit(".", 1)[-1] == wanted:
            return importlib.import_module(info.name)
    raise LookupError(
        f"no module {wanted!r} under seedance_client.api for operationId {operation_id!r}; "
        "run `make generate`"
    )


def model_class(schema_name: str) -> type[Any]:
    """The generated model class of a component schema."""
    name = ClassName(schema_name, prefix=_field_prefix())
    found = getattr(seedance_client.models, name, None)
    if not isinstance(found, type):
        raise LookupError(f"seedance_client.models has no class {name!r} for {schema_name!r}")
    return found


def attribute_name(member: str) -> str:
    """The Python attribute the generator makes for a JSON member name."""
    return str(PythonIdentifier(member, prefix=_field_prefix()))


def _literal_args(hint: Any) -> set[Any]:
    if typing.get_origin(hint) is typing.Literal:
        return set(typing.get_args(hint))
    found: set[Any] = set()
    for arg in typing.get_args(hint):
        found |= _literal_args(arg)
    return found


def literal_values(cls: type[Any], member: str) -> set[Any]:
    """The values of the ``Literal`` type the generator gave ``cls``'s member ``member``."""
    namespace = dict(vars(seedance_client.models))
    hints = typing.get_type_hints(cls, localns=namespace)
    return _literal_args(hints[attribute_name(member)])
