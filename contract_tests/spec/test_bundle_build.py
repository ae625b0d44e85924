"""The bundle: valid OpenAPI, reproducible from upstream + overlay, loud when upstream moves."""

import difflib
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from seedance.spec import (
    BUNDLE_PATH,
    OPENAPI_DIR,
    BundleError,
    OverlayTargetNotFoundError,
    build_bundle,
    dump_yaml,
    load_bundle,
    load_yaml_file,
    resolve_ref,
)
from seedance.spec.pages import family_of_lock
from seedance.spec.pointer import mappings

REPO_ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = OPENAPI_DIR / "upstream.yaml"
OVERLAY = OPENAPI_DIR / "overlay.yaml"
_ACTIONS = load_yaml_file(OVERLAY)["actions"]


def _renames():
    """Names a publisher could rename, read from the upstream: the request body's schema and
    the path of the operation that takes it."""
    upstream = load_yaml_file(UPSTREAM)
    for path, item in upstream["paths"].items():
        for op in item.values():
            if not isinstance(op, dict) or "requestBody" not in op:
                continue
            yield pytest.param(path, path.replace("/v", "/renamed-v", 1), id="operation-path")
            for media in op["requestBody"]["content"].values():
                name = media["schema"]["$ref"].rsplit("/", 1)[-1]
                yield pytest.param(name, f"{name}Renamed", id="request-schema")


def _first_action_naming(old):
    for index, action in enumerate(_ACTIONS):
        if old in action["target"]:
            return index, action
    raise AssertionError(f"no overlay action targets {old!r}: the rename proves nothing")


def test_the_committed_bundle_is_valid_openapi():
    validate(load_bundle())


def test_bundling_upstream_and_overlay_reproduces_the_committed_bundle_byte_for_byte():
    fresh = dump_yaml(
        build_bundle(load_yaml_file(UPSTREAM), load_yaml_file(OVERLAY), **family_of_lock())
    )
    committed = BUNDLE_PATH.read_text(encoding="utf-8")

    diff = difflib.unified_diff(
        committed.splitlines(keepends=True), fresh.splitlines(keepends=True), "committed", "fresh"
    )
    assert fresh == committed, (
        "openapi/seedance.yaml is not what upstream, overlay and pages give: run `make generate`\n"
        + "".join(list(diff)[:40])
    )


@pytest.mark.parametrize("action", _ACTIONS, ids=[f"#{i + 1}" for i in range(len(_ACTIONS))])
def test_every_overlay_action_says_where_its_fact_comes_from(action):
    description = " ".join(str(action.get("description", "")).split())

    assert len(description.split()) >= 5, f"action on {action['target']!r}: describe its source"


@pytest.mark.parametrize(("old", "new"), list(_renames()))
def test_an_overlay_action_whose_target_vanished_fails_naming_the_action(tmp_path, old, new):
    renamed = tmp_path / "upstream.yaml"
    renamed.write_text(UPSTREAM.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    index, action = _first_action_naming(old)

    with pytest.raises(OverlayTargetNotFoundError) as raised:
        build_bundle(load_yaml_file(renamed), load_yaml_file(OVERLAY))

    message = str(raised.value)
    assert f"overlay action #{index + 1}" in message
    assert action["target"] in message
    assert "matched nothing" in message


def test_the_bundle_command_exits_1_naming_the_action_that_matched_nothing(tmp_path):
    old, new = next(iter(_renames())).values
    renamed = tmp_path / "upstream.yaml"
    renamed.write_text(UPSTREAM.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    output = tmp_path / "seedance.yaml"
    index, action = _first_action_naming(old)

    result = subprocess.run(
        [
            sys.executable,
            "scripts/bundle_spec.py",
            *("--upstream", str(renamed)),
            *("--overlay", str(OVERLAY)),
            *("--output", str(output)),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"overlay action #{index + 1}" in result.stderr
    assert action["target"] in result.stderr
    assert not output.exists()


def _covered_enums():
    bundle = load_bundle()
    pointers = sorted(
        {
            node["x-covers-enum"]
            for node in mappings(bundle)
            if str(node.get("x-covers-enum", "")).startswith("#/components/")
        }
    )  # the seed's (the overlay's); the other pages' unions are made from their enums
    assert pointers, "no discriminated union declares x-covers-enum in the bundle"
    return pointers


@pytest.mark.parametrize("pointer", _covered_enums())
@pytest.mark.parametrize("change", ["value-added", "value-removed"])
def test_discriminator_coverage_fails_when_the_upstream_enum_changes(pointer, change):
    upstream = load_yaml_file(UPSTREAM)
    enum = resolve_ref(upstream, {"$ref": pointer})["enum"]
    if change == "value-added":
        changed = "video_from_a_newer_publisher"
        enum.append(changed)
    else:
        changed = enum.pop()

    with pytest.raises(BundleError) as raised:
        build_bundle(upstream, load_yaml_file(OVERLAY))

    assert changed in str(raised.value)
    assert "overlay" in str(raised.value)
