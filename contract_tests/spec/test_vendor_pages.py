"""`make vendor` adopts any page of the family: a later copy of a vendored page (matched by
its model and mode), or a new model's page, and refuses, writing nothing, one that breaks the
bundle. Each test works on a copy of ``openapi/`` in a temporary directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from contract_tests.fakes.scripts import load_script
from seedance._models import catalogue_of
from seedance.spec import OPENAPI_DIR, SpecError
from seedance.spec.pages import vendored_pages

vendor_spec = load_script("vendor_spec")


@pytest.fixture
def tree(tmp_path: Path) -> Any:
    openapi = tmp_path / "openapi"
    shutil.copytree(OPENAPI_DIR, openapi, ignore=shutil.ignore_patterns("seedance.yaml"))
    return vendor_spec.Tree(
        upstream=openapi / "upstream.yaml",
        lock=openapi / "upstream.lock.json",
        overlay=openapi / "overlay.yaml",
        bundle_yaml=openapi / "seedance.yaml",
        bundle_json=tmp_path / "seedance.json",
        client=tmp_path / "client",
        config_dir=openapi,
    )


def _no_generation(spec: Path, output: Path) -> None:
    output.mkdir(parents=True)


def _sibling(tree: Any) -> tuple[str, Path, dict[str, Any]]:
    """A vendored page other than the seed that has an ``x-linkage`` rule."""
    for page in vendored_pages(tree.lock):
        if not page.seed and "x-linkage" in page.path.read_text(encoding="utf-8"):
            return page.name, page.path, page.document()
    raise AssertionError("no vendored page states an x-linkage rule")


def _request(document: dict[str, Any]) -> dict[str, Any]:
    post = document["paths"]["/v1/videos"]["post"]
    name = post["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    schema: dict[str, Any] = document["components"]["schemas"][name]
    return schema


def _files(tree: Any) -> dict[str, bytes]:
    root = tree.lock.parent
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.*"))}


def test_a_later_copy_of_a_sibling_page_replaces_that_page_alone(tree, tmp_path):
    name, path, document = _sibling(tree)
    _request(document)["properties"]["seed"]["maximum"] = 99
    published = tmp_path / "published.json"  # a name that says nothing: matched by model+mode
    published.write_text(json.dumps(document, indent=2), encoding="utf-8")
    before = _files(tree)

    adopted = vendor_spec.adopt(
        str(published), docs_url=None, spec_url=None, tree=tree, generator=_no_generation
    )

    assert (adopted.page, adopted.path) == (name, path)
    assert path.read_text(encoding="utf-8") == published.read_text(encoding="utf-8") + "\n"
    changed = {k for k, v in _files(tree).items() if before.get(k) != v}
    assert changed == {str(path.relative_to(tree.lock.parent)), tree.lock.name, "seedance.yaml"}
    entry = json.loads(tree.lock.read_text(encoding="utf-8"))["pages"][name]
    assert entry["sha256"] == adopted.lock["sha256"]
    assert entry["spec_url"].endswith(f"/{name}.json")  # kept from the previous entry
    mode = catalogue_of(json.loads(tree.bundle_json.read_text(encoding="utf-8"))).pages[name]
    assert mode.fields["seed"].maximum == 99


def test_a_new_models_page_is_added_and_its_model_appears_in_the_catalogue(tree, tmp_path):
    _, _, document = _sibling(tree)
    old = _request(document)["properties"]["model"]["enum"][0]
    new_model = "seedance-9-9-pro-991231"
    text = json.dumps(document, indent=2).replace(old, new_model)
    published = tmp_path / "seedance-9-9-pro-image-to-video.json"
    published.write_text(text, encoding="utf-8")

    adopted = vendor_spec.adopt(
        str(published), docs_url=None, spec_url=None, tree=tree, generator=_no_generation
    )

    assert adopted.previous is None
    assert adopted.path == tree.lock.parent / "pages" / "seedance-9-9-pro-image-to-video.json"
    entry = json.loads(tree.lock.read_text(encoding="utf-8"))["pages"][adopted.page]
    assert entry["file"] == "pages/seedance-9-9-pro-image-to-video.json"
    assert entry["spec_url"].endswith("/seedance-9-9-pro-image-to-video.json")
    catalogue = catalogue_of(json.loads(tree.bundle_json.read_text(encoding="utf-8")))
    assert new_model in catalogue.models
    assert old in catalogue.models  # its sibling is still there
    (mode,) = catalogue.models[new_model].modes.values()
    assert mode.page == "seedance-9-9-pro-image-to-video"


def test_a_page_with_an_unknown_linkage_operator_is_refused_and_nothing_is_written(tree, tmp_path):
    _, _, document = _sibling(tree)
    for prop in _request(document)["properties"].values():
        for rule in prop.get("x-linkage", {}).get("rules", []):
            rule["when"]["operator"] = "gt"
    published = tmp_path / "published.json"
    published.write_text(json.dumps(document, indent=2), encoding="utf-8")
    before = _files(tree)

    with pytest.raises(SpecError, match="unknown operator 'gt'"):
        vendor_spec.adopt(
            str(published), docs_url=None, spec_url=None, tree=tree, generator=_no_generation
        )

    assert _files(tree) == before
    assert not tree.bundle_json.exists()


def test_a_second_page_for_a_vendored_model_and_mode_under_a_new_name_is_a_later_copy(
    tree, tmp_path
):
    name, _, document = _sibling(tree)
    published = tmp_path / "renamed-by-the-publisher.json"
    published.write_text(json.dumps(document), encoding="utf-8")

    adopted = vendor_spec.adopt(
        str(published), docs_url=None, spec_url=None, tree=tree, generator=_no_generation
    )

    assert adopted.page == name
    assert not (tree.lock.parent / "pages" / "renamed-by-the-publisher.json").exists()


def test_a_later_copy_of_the_seed_page_keeps_every_other_page_of_the_family(tree, tmp_path):
    seed = next(page for page in vendored_pages(tree.lock) if page.seed)
    siblings_before = {p.name: p.path.read_bytes() for p in vendored_pages(tree.lock) if not p.seed}
    document = seed.document()
    _request(document)["properties"]["seed"]["maximum"] = 99
    published = tmp_path / f"{seed.name}.json"
    published.write_text(json.dumps(document, indent=2), encoding="utf-8")

    adopted = vendor_spec.adopt(
        str(published), docs_url=None, spec_url=None, tree=tree, generator=_no_generation
    )

    assert adopted.page == seed.name
    after = vendored_pages(tree.lock)
    assert {p.name: p.path.read_bytes() for p in after if not p.seed} == siblings_before
    lock = json.loads(tree.lock.read_text(encoding="utf-8"))
    assert lock["page"] == seed.name
    assert lock["sha256"] == adopted.lock["sha256"]
    built = catalogue_of(json.loads(tree.bundle_json.read_text(encoding="utf-8")))
    assert set(built.pages) == {p.name for p in after}
    assert built.pages[seed.name].fields["seed"].maximum == 99


def _recording_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "recordings" / "mock"
    shutil.copytree(vendor_spec.MOCK_RECORDING, copy)
    return copy


def test_the_mock_recording_is_made_again_for_the_models_it_was_made_for(tmp_path):
    recording = _recording_copy(tmp_path)
    before = json.loads((recording / "settings.json").read_text(encoding="utf-8"))
    (recording / "cassette.har").write_text("{}", encoding="utf-8")  # stale

    said = vendor_spec.remake_recording(recording)

    assert said.startswith("made "), said
    after = json.loads((recording / "settings.json").read_text(encoding="utf-8"))
    assert after["models"] == before["models"]
    assert json.loads((recording / "cassette.har").read_text(encoding="utf-8"))["log"]["entries"]
    verdicts = json.loads((recording / "verdicts.json").read_text(encoding="utf-8"))
    assert verdicts["counts"]["pass"] > 0
    assert verdicts["counts"]["violation"] == verdicts["counts"]["not run"] == 0
    assert sorted(p.name for p in recording.parent.iterdir()) == ["mock"]


def test_a_recording_that_cannot_be_made_again_is_kept_and_the_command_to_run_is_said(tmp_path):
    recording = _recording_copy(tmp_path)
    settings = json.loads((recording / "settings.json").read_text(encoding="utf-8"))
    settings["models"] = ["a-model-no-page-documents"]
    (recording / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    cassette = (recording / "cassette.har").read_bytes()

    said = vendor_spec.remake_recording(recording)

    assert said.startswith("could not make"), said
    assert f"make record DIR={recording} MODELS=a-model-no-page-documents" in said
    assert (recording / "cassette.har").read_bytes() == cassette
    assert sorted(p.name for p in recording.parent.iterdir()) == ["mock"]
