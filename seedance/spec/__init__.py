"""The spec layer: read upstream sources, apply the overlay, build and load the bundle.

Public API:
- :func:`load_bundle` / :data:`BUNDLE_PATH`: the bundled spec every runtime component reads.
- :func:`read_lock` / :data:`LOCK_PATH`: the provenance record of the vendored upstream.
- :data:`OPENAPI_DIR`: the tools' spec files (packaged, or a development checkout's).
- :data:`BUNDLE_JSON`: the packaged bundle the runtime reads.
- :func:`read_spec_source`: an OpenAPI document from a URL, a path, JSON, YAML or a docs page.
- :func:`operations`, :func:`json_schema`: operations and their schemas as JSON Schema.
- :func:`lookup`: the node a local ``#/…`` reference names; :func:`resolve_ref` (and
  :func:`resolve_ref_at`, with its pointer): the node a chain of them ends at;
  :func:`mappings`: every mapping of a document.
- :data:`HTTP_METHODS`: the operation keys of a path item.
- :func:`bundle_view` / :class:`SpecView` / :class:`SchemaView`: the one typed view of a spec
  (operations, roles, schemas with ``$ref`` and ``allOf`` resolved, enums, bounds).
- :class:`BoundKeyword`, :class:`BoundEdge`, :func:`bound_edges`, :func:`numeric_bounds`: each
  bound of a schema with the value at it and the one past it.
- :func:`sites` / :class:`Site`, :func:`component_name`, :func:`reachable` / :class:`Reached`:
  the walk over a schema's places and over every schema the operations reach.
- :func:`minimal_instance`, :func:`instance_with`, :func:`enum_sites`, :func:`bounds` /
  :class:`Bound`, :func:`validator_for`: instances built from a schema.
- :func:`operation_roles` / :class:`OperationRoles`: create, retrieve and content, by shape.
- :func:`apply_overlay`, :func:`build_bundle`, :func:`dump_yaml`, :func:`dump_json`: the
  bundling pipeline (``tools`` extra: imported on first use, so the core install, which only
  reads the packaged bundle, needs neither ruamel.yaml nor a JSONPath library).
- :class:`SpecError` and its subclasses: everything this package raises.
"""

import importlib as _importlib
import typing as _typing

from seedance._bundle import (
    HTTP_METHODS,
    OperationInfo,
    OperationRoles,
    ResponseInfo,
    json_schema,
    numeric_bounds,
    operation_roles,
    operations,
    resolve_ref,
    resolve_ref_at,
)
from seedance.spec.bounds import BoundEdge, BoundKeyword, bound_edges
from seedance.spec.errors import (
    BundleError,
    OperationRolesError,
    OverlayError,
    OverlayTargetNotFoundError,
    SpecError,
    SpecSourceError,
)
from seedance.spec.instances import (
    Bound,
    bounds,
    enum_sites,
    instance_with,
    minimal_instance,
    validator_for,
)
from seedance.spec.loading import (
    BUNDLE_JSON,
    BUNDLE_PATH,
    LOCK_PATH,
    OPENAPI_DIR,
    load_bundle,
    load_yaml_file,
    read_lock,
)
from seedance.spec.pointer import lookup, mappings
from seedance.spec.reach import Reached, Site, component_name, reachable, sites
from seedance.spec.sources import SpecSource, extract_fenced_yaml, read_spec_source
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
    "BUNDLE_JSON",
    "BUNDLE_PATH",
    "HTTP_METHODS",
    "LOCK_PATH",
    "OPENAPI_DIR",
    "Bound",
    "BoundEdge",
    "BoundKeyword",
    "BundleError",
    "OperationInfo",
    "OperationRoles",
    "OperationRolesError",
    "OverlayError",
    "OverlayTargetNotFoundError",
    "Reached",
    "ResponseInfo",
    "SchemaView",
    "Site",
    "SpecError",
    "SpecSource",
    "SpecSourceError",
    "SpecView",
    "apply_overlay",
    "bound_edges",
    "bounds",
    "build_bundle",
    "bundle_view",
    "check_discriminator_coverage",
    "component_name",
    "dump_json",
    "dump_yaml",
    "enum_sites",
    "extract_fenced_yaml",
    "instance_with",
    "json_schema",
    "load_bundle",
    "load_yaml_file",
    "lookup",
    "mappings",
    "minimal_instance",
    "numeric_bounds",
    "operation_roles",
    "operations",
    "reachable",
    "read_lock",
    "read_spec_source",
    "resolve_ref",
    "resolve_ref_at",
    "sites",
    "validator_for",
]
