"""The mock follows the bundle it is given: change the spec and the mock's rules follow."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from contract_tests.fakes.instances import enum_sites, instance_with
from contract_tests.mock.conformance import Conformance, conforming_client
from contract_tests.mock.helpers import call, in_seed_mode
from seedance.mock import MockConfig, MockServer, MockSpecError, create_app
from seedance.mock import vocabulary as v
from seedance.spec import (
    OperationRoles,
    dump_yaml,
    load_bundle,
    lookup,
    operation_roles,
    operations,
)


def _write(spec: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / "seedance.yaml"
    path.write_text(dump_yaml(spec))
    return path


def _raw_enum(spec: dict[str, Any], pointer: str) -> list[Any]:
    enum: list[Any] = lookup(spec, "#" + pointer)["enum"]
    return enum


def test_a_value_added_to_an_enum_in_the_bundle_is_accepted_without_code_changes(
    tmp_path: Path,
):
    spec = load_bundle()
    schema = operation_roles(operations(spec)).create.request_schema or {}
    site = next(s for s in enum_sites(schema) if len(s.path) == 1 and len(s.schema["enum"]) > 1)
    new_value = "".join(map(str, site.schema["enum"])) + "-new"
    changed = copy.deepcopy(spec)
    _raw_enum(changed, site.pointer).append(new_value)
    candidate = in_seed_mode(instance_with(schema, site, new_value))
    checker = Conformance(changed)
    config = MockConfig(spec_path=_write(changed, tmp_path), log_requests=False, task_seconds=1)
    with (
        MockServer(config) as server,
        conforming_client(server.base_url, server.auth_headers, checker) as client,
    ):
        assert call(client, operation_roles(checker.ops).create, json=candidate).status_code == 200


def test_the_default_bundle_refuses_that_value(client, ops: OperationRoles):
    schema = ops.create.request_schema or {}
    site = next(s for s in enum_sites(schema) if len(s.path) == 1 and len(s.schema["enum"]) > 1)
    new_value = "".join(map(str, site.schema["enum"])) + "-new"
    body = in_seed_mode(instance_with(schema, site, new_value))
    assert call(client, ops.create, json=body).status_code == 400


def test_a_bundle_without_a_lifecycle_status_is_refused_at_start_up(tmp_path: Path):
    spec = load_bundle()
    changed = copy.deepcopy(spec)
    for schema in changed["components"]["schemas"].values():
        enum = schema.get("properties", {}).get(v.STATUS, {}).get("enum")
        if enum and v.IN_PROGRESS in enum:
            enum.remove(v.IN_PROGRESS)
    with pytest.raises(MockSpecError, match=v.IN_PROGRESS):
        create_app(MockConfig(spec_path=_write(changed, tmp_path), log_requests=False))
