"""The task names the lifecycle check shares with the mock are checked against the bundle
before a run."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from seedance.contract import check_lifecycle
from seedance.contract.errors import ContractError
from seedance.contract.session import find_roles
from seedance.mock import vocabulary as v
from seedance.spec import load_bundle, operations, resolve_ref


def _session(spec):
    return SimpleNamespace(roles=find_roles(operations(spec)))


def _task_schema(spec):
    retrieve = find_roles(operations(spec)).retrieve
    raw = spec["paths"][retrieve.path]["get"]["responses"]["200"]
    return resolve_ref(spec, raw["content"]["application/json"]["schema"])


def test_the_bundle_has_every_name_the_lifecycle_check_relies_on():
    check_lifecycle._check_vocabulary(_session(load_bundle()))


def test_a_bundle_whose_task_lost_its_result_url_stops_the_run_with_a_clear_error():
    spec = load_bundle()
    metadata = resolve_ref(spec, _task_schema(spec)["properties"][v.METADATA])
    del metadata["properties"][v.URL]
    with pytest.raises(ContractError, match=r"metadata\.url"):
        check_lifecycle._check_vocabulary(_session(spec))


def test_a_bundle_whose_status_enum_lost_completed_stops_the_run():
    spec = load_bundle()
    _task_schema(spec)["properties"]["status"]["enum"].remove(v.COMPLETED)
    with pytest.raises(ContractError, match="completed"):
        check_lifecycle._check_vocabulary(_session(spec))
