"""The "what it means for us" section: overlay still applies? client surface changed?"""

from __future__ import annotations

import copy
import textwrap

from contract_tests.drift import variants as v
from seedance.drift.impact import analyse_impact
from seedance.drift.surface import diff_surfaces, read_surface
from seedance.spec import OPENAPI_DIR, load_bundle, operations


def test_an_operation_id_change_leaves_the_client_surface_unchanged_because_the_overlay_pins_it(
    variant_dir, drift
):
    run = drift(variant_dir / "operation-id-changed.yaml", client=True)
    assert "api-operation-id-removed" in run.ids("warning")
    impact = run.report["impact"]
    assert impact["overlay"]["applies"] is True
    assert impact["client"] == {"checked": True, "changed": False, "differences": []}
    assert "unchanged" in run.markdown.split("## What it means for us")[1]


def test_the_model_id_rename_changes_the_literal_values_of_the_generated_client(variant_dir, drift):
    run = drift(variant_dir / "model-id-renamed.yaml", client=True)
    assert run.report["top_level"] == "error"
    old_doc, new_doc = v.upstream(), v.upstream()
    v.model_id_renamed_back(new_doc)

    def single_enum(doc):
        return v.find_property(v.request_schema(doc), lambda p: len(p.get("enum", [])) == 1)[1]

    differences = run.report["impact"]["client"]["differences"]
    removed = {d["old"] for d in differences if d["kind"] == "literal value removed"}
    added = {d["new"] for d in differences if d["kind"] == "literal value added"}
    assert removed == {repr(x) for x in single_enum(old_doc)["enum"]}
    assert added == {repr(x) for x in single_enum(new_doc)["enum"]}
    assert "literal value added" in run.markdown


def test_the_2026_07_13_release_adds_a_model_but_keeps_every_function_of_the_client(
    variant_dir, drift
):
    run = drift(variant_dir / "release-2026-07-13.yaml", client=True)
    assert run.report["top_level"] == "warning"
    assert {"response-media-type-added", "response-non-success-status-added"} <= run.ids("info")
    impact = run.report["impact"]
    assert impact["overlay"]["applies"] is True
    assert impact["bundle"]["builds"] is True
    kinds = {d["kind"] for d in impact["client"]["differences"]}
    assert "class added" in kinds
    assert not kinds & {"function removed", "function signature changed", "module removed"}


def test_a_server_moved_to_another_domain_is_a_warning_and_changes_no_client_surface(
    variant_dir, drift
):
    run = drift(variant_dir / "server-url-changed.yaml", client=True)
    assert run.report["top_level"] == "warning"
    assert run.report["impact"]["client"]["changed"] is False


def test_an_enum_value_the_overlay_union_does_not_cover_breaks_the_bundle_and_says_so(
    variant_dir, drift
):
    run = drift(variant_dir / "nested-enum-value-added.yaml", client=True)
    impact = run.report["impact"]
    assert impact["overlay"]["applies"] is True
    assert impact["bundle"]["builds"] is False
    assert "update openapi/overlay.yaml" in impact["bundle"]["error"]
    assert impact["client"]["checked"] is False
    assert "the bundle does not build" in run.markdown


def test_a_removed_overlay_target_is_named_as_the_failing_action():
    doc = v.upstream()
    overlay_targets = analyse_impact(
        doc, overlay_path=OPENAPI_DIR / "overlay.yaml", with_client=False
    )
    assert overlay_targets["overlay"]["applies"] is True
    schema = v.request_schema(doc)
    for name in list(schema["properties"]):
        if name not in schema.get("required", []):
            del schema["properties"][name]
    impact = analyse_impact(doc, overlay_path=OPENAPI_DIR / "overlay.yaml", with_client=False)
    assert impact["overlay"]["applies"] is False
    assert "overlay action #" in impact["overlay"]["error"]
    assert "matched nothing" in impact["overlay"]["error"]
    assert impact["client"]["checked"] is False


def test_an_unreadable_overlay_is_reported_as_not_applying(tmp_path):
    impact = analyse_impact(v.upstream(), overlay_path=tmp_path / "missing.yaml")
    assert impact["overlay"]["applies"] is False


def _package(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_the_surface_diff_lists_modules_functions_fields_and_literal_values(tmp_path):
    base = {
        "__init__.py": "",
        "models/thing.py": """
            from typing import Literal
            Kind = Literal["a", "b"]
            class Thing:
                name: str
                size: int
                def _private(self) -> None: ...
            """,
        "api/ops.py": """
            def sync(*, client: object, body: int) -> int: ...
            def gone() -> None: ...
            def _helper() -> None: ...
            """,
    }
    changed = copy.deepcopy(base)
    changed["models/thing.py"] = """
        from typing import Literal
        Kind = Literal["a", "c"]
        class Thing:
            name: str | None
            colour: str
        """
    changed["api/ops.py"] = "def sync(*, client: object, body: str) -> int: ...\n"
    changed["models/extra.py"] = "class Extra:\n    id: str\n"
    old = read_surface(_package(tmp_path / "old" / "pkg", base))
    new = read_surface(_package(tmp_path / "new" / "pkg", changed))
    found = {(d["kind"], d["name"]) for d in diff_surfaces(old, new)}
    assert found == {
        ("module added", "pkg.models.extra"),
        ("class added", "pkg.models.extra.Extra"),
        ("function removed", "pkg.api.ops.gone"),
        ("function signature changed", "pkg.api.ops.sync"),
        ("field type changed", "pkg.models.thing.Thing.name"),
        ("field removed", "pkg.models.thing.Thing.size"),
        ("field added", "pkg.models.thing.Thing.colour"),
        ("literal value removed", "pkg.models.thing.Kind"),
        ("literal value added", "pkg.models.thing.Kind"),
    }
    assert diff_surfaces(old, old) == []


def test_the_report_says_which_published_values_the_overlay_now_overrides(variant_dir, drift):
    run = drift(variant_dir / "operation-id-changed.yaml")
    published = v.upstream()
    v.operation_id_changed(published)
    op = v.first_operation(published)[2]
    bundle_ids = set(operations(load_bundle()))
    (override,) = run.report["impact"]["overrides"]
    assert override["pointer"].endswith("/operationId")
    assert override["published"] == op["operationId"]
    assert override["ours"] in bundle_ids
    assert "now overrides a published value" in run.markdown


def test_the_published_200_schema_hidden_by_the_overlay_is_reported(variant_dir, drift):
    run = drift(variant_dir / "response-schema-added.yaml")
    pointers = [o["pointer"] for o in run.report["impact"]["overrides"]]
    assert any(p.endswith("/responses/200/content/application~1json/schema") for p in pointers)


def test_an_unchanged_upstream_has_no_new_overrides(variant_dir, drift):
    assert drift(variant_dir / "copy.json").report["impact"]["overrides"] == []
