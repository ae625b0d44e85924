"""`make vendor` prints the drift of the change it adopts."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path

from contract_tests.drift import variants as v
from seedance.spec import dump_yaml

REPO_ROOT = Path(__file__).resolve().parents[2]


def _vendor_module():
    if str(REPO_ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(REPO_ROOT / "scripts"))  # its `import checkout`
    path = REPO_ROOT / "scripts" / "vendor_spec.py"
    spec = importlib.util.spec_from_file_location("vendor_spec_under_test", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_vendoring_a_changed_spec_prints_its_classified_changes(tmp_path):
    vendor_spec = _vendor_module()
    previous = v.upstream()
    new = copy.deepcopy(previous)
    v.max_decreased(new)
    source = tmp_path / "published.yaml"
    source.write_text(dump_yaml(new, header=""), encoding="utf-8")
    upstream_path, lock_path = tmp_path / "upstream.yaml", tmp_path / "lock.json"
    vendor_spec.vendor(
        str(source), docs_url=None, spec_url=None, upstream_path=upstream_path, lock_path=lock_path
    )
    report = vendor_spec.drift_of_change(previous, upstream_path)
    assert "request-property-max-decreased" in report
    assert "ERROR" in report
    assert "Overlay" in report


def test_vendoring_the_same_spec_reports_no_drift(tmp_path):
    vendor_spec = _vendor_module()
    upstream_path = tmp_path / "upstream.yaml"
    upstream_path.write_text(dump_yaml(v.upstream(), header=""), encoding="utf-8")
    assert "no drift" in vendor_spec.drift_of_change(v.upstream(), upstream_path)
    assert "first vendoring" in vendor_spec.drift_of_change(None, upstream_path)


def test_vendoring_says_which_published_values_the_overlay_now_overrides(tmp_path):
    vendor_spec = _vendor_module()
    new = v.upstream()
    v.operation_id_changed(new)
    upstream_path = tmp_path / "upstream.yaml"
    upstream_path.write_text(dump_yaml(new, header=""), encoding="utf-8")
    assert "now overrides a published value" in vendor_spec.drift_of_change(
        v.upstream(), upstream_path
    )
