"""The spec layer: read upstream sources, apply the overlay, build and load the bundle.

Public API (the entry points of the other tools; the rest is in the modules):
- :func:`load_bundle` / :data:`BUNDLE_PATH`: the bundled spec every tool reads.
- :func:`read_lock` / :data:`LOCK_PATH`: the provenance record of the vendored upstream.
- :data:`OPENAPI_DIR`: the tools' spec files (packaged, a development checkout's, or
  ``$SEEDANCE_OPENAPI_DIR``).
- :func:`read_spec_source`, :func:`load_yaml_file`: an OpenAPI document from a URL, a path,
  JSON, YAML or a docs page.
- :func:`operations` / :class:`OperationInfo` / :class:`ResponseInfo` / :data:`HTTP_METHODS`,
  :func:`operation_roles` / :class:`OperationRoles`, :func:`resolve_ref`, :func:`lookup`:
  the operations and their schemas as JSON Schema (the SDK's reader,
  :mod:`seedance._bundle`).
- :func:`bundle_view` / :class:`SpecView` / :class:`SchemaView`: the one typed view of a spec
  (operations, roles, schemas with ``$ref`` and ``allOf`` resolved, enums, bounds).
- :func:`apply_overlay`, :func:`build_bundle`, :func:`check_discriminator_coverage`,
  :func:`dump_yaml`, :func:`dump_json`: the bundling pipeline (``tools`` extra: imported on
  first use, so the core install, which only reads the packaged bundle, needs neither
  ruamel.yaml nor a JSONPath library).
- :class:`SpecError` and its subclasses: everything this package raises.
"""

import importlib as _importlib
import typing as _typing

from seedance._bundle import (
    HTTP_METHODS,
    OperationInfo,
    OperationRoles,
    ResponseInfo,
    lookup,
    operation_roles,
    operations,
    resolve_ref,
)
from seedance.spec.errors import (
    BundleError,
    OperationRolesError,
    OverlayError,
    OverlayTargetNotFoundError,
    SpecError,
    SpecSourceError,
)
from seedance.spec.loading import (
    BUNDLE_PATH,
    LOCK_PATH,
    OPENAPI_DIR,
    load_bundle,
    load_yaml_file,
    read_lock,
)
from seedance.spec.sources import read_spec_source
from seedance.spec.view import SchemaView, SpecView, bundle_view

if _typing.TYPE_CHECKING:
    from seedance.spec.bundle import (
        build_bundle,
        check_discriminator_coverage,
        dump_json,
        dump_yaml,
    )
    from seedance.spec.overlay import apply_overlay

#: Public names whose modules need the ``tools`` extra, and where they live.
_LAZY = {
    "apply_overlay": "seedance.spec.overlay",
    "build_bundle": "seedance.spec.bundle",
    "check_discriminator_coverage": "seedance.spec.bundle",
    "dump_json": "seedance.spec.bundle",
    "dump_yaml": "seedance.spec.bundle",
}


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'seedance.spec' has no attribute {name!r}")
    return getattr(_importlib.import_module(module), name)


__all__ = [
    "BUNDLE_PATH",
    "HTTP_METHODS",
    "LOCK_PATH",
    "OPENAPI_DIR",
    "BundleError",
    "OperationInfo",
    "OperationRoles",
    "OperationRolesError",
    "OverlayError",
    "OverlayTargetNotFoundError",
    "ResponseInfo",
    "SchemaView",
    "SpecError",
    "SpecSourceError",
    "SpecView",
    "apply_overlay",
    "build_bundle",
    "bundle_view",
    "check_discriminator_coverage",
    "dump_json",
    "dump_yaml",
    "load_bundle",
    "load_yaml_file",
    "lookup",
    "operation_roles",
    "operations",
    "read_lock",
    "read_spec_source",
    "resolve_ref",
]
