"""Drift against hostile and later specs (issue #12 items 8-14): each with a file written for it."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path

import pytest

from contract_tests.drift import variants as v
from contract_tests.drift.large import change_properties, large_spec
from contract_tests.drift.test_vendor import _vendor_module
from seedance.drift import run_lint
from seedance.drift.compare import compare_documents
from seedance.drift.lint import lint_spec
from seedance.drift.pointer import short
from seedance.drift.reliance import relied_sentences
from seedance.drift.summarise import MAX_PER_KIND
from seedance.spec import OPENAPI_DIR, dump_yaml, load_yaml_file

REPO_ROOT = Path(__file__).resolve().parents[2]
OVERLAY = OPENAPI_DIR / "overlay.yaml"

# -- 8. meaning, not spelling -----------------------------------------------------------------


def _respelled(doc):
    """The same release as a publisher's JSON export might spell it."""
    doc = copy.deepcopy(doc)
    doc.pop("security", None)  # `security: []` and no `security` mean the same
    op = v.first_operation(doc)[2]
    op["deprecated"] = False
    schema = v.request_schema(doc)
    schema["additionalProperties"] = True
    for prop in schema["properties"].values():
        prop.setdefault("nullable", False)
        prop.setdefault("deprecated", False)
    return doc


def test_the_publishers_json_of_the_same_release_is_no_drift(tmp_path, drift):
    published = tmp_path / "publisher.json"
    published.write_text(json.dumps(_respelled(v.upstream())), encoding="utf-8")
    run = drift(published)
    assert run.code == 0, run.report["changes"]
    assert "no drift" in run.stdout


def test_absent_and_empty_top_level_security_compare_equal_but_a_real_change_still_counts():
    old = v.upstream()
    old["security"] = []
    new = copy.deepcopy(old)
    del new["security"]
    assert compare_documents(old, new) == []
    for prop in v.request_schema(new)["properties"].values():
        if isinstance(prop.get("type"), str):
            prop["type"] = [prop["type"]]  # the OpenAPI 3.1 spelling of one type
    assert compare_documents(old, new) == []
    prop = v.find_property(v.request_schema(new), lambda p: p.get("type") == ["string"])[1]
    prop["type"] = [*prop["type"], "null"]
    assert {c.id for c in compare_documents(old, new)} == {"request-property-became-nullable"}


# -- 9. alias bomb ----------------------------------------------------------------------------

_BOMB = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n" + "".join(
    f"{name}: &{name} [{','.join([f'*{prev}'] * 9) if prev else ','.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefg"], "abcdefgh", strict=True)
)


def test_an_alias_bomb_is_refused_quickly_with_exit_2(tmp_path, drift):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_BOMB, encoding="utf-8")
    assert len(_BOMB.encode()) <= 357  # the size of the bomb
    run = drift(bomb)
    assert run.code == 2
    assert "alias bomb" in run.report["error"]
    assert run_lint(["--spec", str(bomb), "--report", str(tmp_path / "lint.md")]) == 2


def test_a_recursive_anchor_is_refused(tmp_path, drift):
    loop = tmp_path / "loop.yaml"
    loop.write_text("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\nx: &x [*x]\n")
    run = drift(loop)
    assert run.code == 2
    assert "contains itself" in run.report["error"]


def test_messages_render_at_most_their_limit_whatever_the_value():
    shared = ["lol"] * 9
    for _ in range(8):
        shared = [shared] * 9  # 9^9 leaves if expanded
    text = short(shared)
    assert len(text) <= 80
    assert text.endswith("...")


# -- 10. what breaks our build fails every level ----------------------------------------------


def _overlay_copy(tmp_path, mutate):
    doc = load_yaml_file(OVERLAY)
    mutate(doc)
    path = tmp_path / "overlay.yaml"
    path.write_text(dump_yaml(doc, header=""), encoding="utf-8")
    return path


def test_every_failing_overlay_action_is_listed_and_fails_under_fail_on_error(tmp_path, drift):
    def break_two(doc):
        doc["actions"][1]["target"] = "$.components.schemas.Nowhere.properties.a"
        doc["actions"][2]["target"] = "$.components.schemas.Nowhere.properties.b"

    overlay = _overlay_copy(tmp_path, break_two)
    run = drift(v.UPSTREAM_PATH, "--overlay", str(overlay), "--fail-on", "error")
    failing = [c for c in run.report["changes"] if c["id"] == "overlay-action-not-applicable"]
    assert [c["location"] for c in failing] == [
        "overlay.yaml#/actions/1",
        "overlay.yaml#/actions/2",
    ]
    assert "overlay action #2" in failing[0]["message"]
    assert "overlay action #3" in failing[1]["message"]
    assert run.code == 1


def test_an_unreadable_overlay_fails_under_fail_on_error(tmp_path, drift):
    broken = tmp_path / "overlay.yaml"
    broken.write_text("actions: [unclosed\n", encoding="utf-8")
    run = drift(v.UPSTREAM_PATH, "--overlay", str(broken), "--fail-on", "error")
    assert "overlay-unreadable" in run.ids("error")
    assert run.code == 1


def test_a_media_union_no_longer_covering_the_enum_fails_under_fail_on_error(variant_dir, drift):
    run = drift(variant_dir / "nested-enum-value-added.yaml", "--fail-on", "error")
    assert "media-union-not-covering-enum" in run.ids("error")
    assert run.code == 1


def test_an_invalid_bundle_fails_under_fail_on_error(tmp_path, drift):
    doc = v.upstream()
    del doc["info"]["version"]  # the overlay does not add it: the bundle is not valid OpenAPI
    published = tmp_path / "invalid.yaml"
    published.write_text(dump_yaml(doc, header=""), encoding="utf-8")
    run = drift(published, "--fail-on", "error")
    assert "bundle-invalid" in run.ids("error")
    assert run.code == 1


def test_a_failing_client_generation_fails_under_fail_on_error(variant_dir, tmp_path, capsys):
    from seedance.drift import run_drift
    from seedance.spec import SpecError

    def generator(spec, output):
        raise SpecError("openapi-python-client exited 1: boom")

    reports = tmp_path / "reports"
    upstream = variant_dir / "new-optional-property.yaml"  # changes the bundle: it regenerates
    argv = ["--upstream", str(upstream), "--reports-dir", str(reports), "--fail-on", "error"]
    assert run_drift(argv, generator=generator) == 1
    report = json.loads((reports / "drift.json").read_text(encoding="utf-8"))
    assert "client-generation-failed" in {c["id"] for c in report["changes"]}


# -- 11. wrong inputs -------------------------------------------------------------------------


def test_a_swagger_2_document_is_refused_with_exit_2(tmp_path, drift):
    swagger = tmp_path / "swagger.json"
    swagger.write_text(
        json.dumps({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}})
    )
    run = drift(swagger)
    assert run.code == 2
    assert "Swagger 2.0" in run.report["error"]
    assert "not OpenAPI 3.x" in run.report["error"]


def test_a_failing_generation_leaves_upstream_and_lock_unchanged(tmp_path):
    vendor_spec = _vendor_module()
    from seedance.spec import SpecError

    files = {}
    for name in ("upstream", "lock", "bundle_yaml", "bundle_json"):
        path = tmp_path / f"{name}.txt"
        path.write_text(json.dumps({"previous": name}) + "\n", encoding="utf-8")
        files[name] = path
    tree = vendor_spec.Tree(
        upstream=files["upstream"],
        lock=files["lock"],
        bundle_yaml=files["bundle_yaml"],
        bundle_json=files["bundle_json"],
        client=tmp_path / "client",
    )
    new = v.upstream()
    v.max_decreased(new)
    source = tmp_path / "published.yaml"
    source.write_text(dump_yaml(new, header=""), encoding="utf-8")

    def failing(spec, output):
        raise SpecError("openapi-python-client exited 1")

    with pytest.raises(SpecError, match="exited 1"):
        vendor_spec.adopt(str(source), docs_url=None, spec_url=None, tree=tree, generator=failing)
    assert {n: p.read_text(encoding="utf-8") for n, p in files.items()} == {
        n: json.dumps({"previous": n}) + "\n" for n in files
    }
    assert not (tmp_path / "client").exists()


# -- 12. prose the overlay relies on ----------------------------------------------------------


def _reworded(tmp_path, old, new):
    text = v.UPSTREAM_PATH.read_text(encoding="utf-8")
    doc = v.upstream()
    for pointer, description in _descriptions(doc):
        if old in " ".join(description.split()):
            pointer.update(description=" ".join(description.split()).replace(old, new))
    path = tmp_path / "reworded.yaml"
    path.write_text(dump_yaml(doc, header=""), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    return path


def _descriptions(node):
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            yield node, node["description"]
        for value in node.values():
            yield from _descriptions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _descriptions(value)


def _relied_on(doc):
    """The sentences the overlay quotes that the vendored page says (read from both files)."""
    said = [" ".join(d.split()) for _, d in _descriptions(doc)]
    quoted = [r.sentence for r in relied_sentences(load_yaml_file(OVERLAY))]
    return [sentence for sentence in quoted if any(sentence in text for text in said)]


def test_a_reworded_sentence_the_overlay_relies_on_is_a_warning_naming_the_action(tmp_path, drift):
    relied = _relied_on(v.upstream())
    assert relied, "the overlay quotes no sentence of the vendored page"
    sentence = relied[0]
    *kept, last = sentence.split()
    published = _reworded(tmp_path, sentence, " ".join([*kept, "REWORDED"]))
    run = drift(published)
    warnings = [c for c in run.report["changes"] if c["id"] == "overlay-relied-prose-changed"]
    (warning,) = [w for w in warnings if sentence in w["message"]]
    assert warning["level"] == "warning"
    assert "overlay action #" in warning["message"]
    assert f"[-{last}" in warning["message"]  # the word, and any punctuation after it
    assert "{+REWORDED" in warning["message"]


def test_prose_changes_are_shown_word_by_word(tmp_path, drift):
    doc = v.upstream()
    relied = _relied_on(doc)
    prop = next(
        p
        for p in v.request_schema(doc)["properties"].values()
        if isinstance(p.get("description"), str)
        and len(p["description"].split()) > 1
        and not any(s in " ".join(p["description"].split()) for s in relied)
    )
    first, *rest = prop["description"].split()
    prop["description"] = " ".join([first, "REWORDED", *rest])
    published = tmp_path / "reworded.yaml"
    published.write_text(dump_yaml(doc, header=""), encoding="utf-8")
    run = drift(published)
    (change,) = [c for c in run.report["changes"] if c["id"].endswith("description-changed")]
    assert "[--] -> {+REWORDED+}" in change["message"]


def _enum_range_findings(doc):
    """Range findings about an enum (a range against ``minimum``/``maximum`` reads otherwise)."""
    return [
        f
        for f in lint_spec(doc)
        if f.rule == "prose-range-mismatch" and f.location.endswith("/enum")
    ]


def test_lint_still_sees_the_range_when_the_prose_reads_an_interval():
    doc = v.upstream()
    found = {f.location: f for f in _enum_range_findings(doc)}
    assert found, "the vendored upstream has no range-versus-enum finding to reword"
    for location, finding in found.items():
        name = location.rsplit("/", 2)[1]
        low, high = re.findall(r"-?\d+", finding.message.split(" but ")[0])[:2]
        prop = v.request_schema(doc)["properties"][name]
        prop["description"] = f"Duration in seconds. Supports [{low}, {high}] or set to -1."
    after = {f.location: f for f in _enum_range_findings(doc)}
    assert set(after) == set(found)
    for location, finding in found.items():
        assert after[location].message.split(" but ")[1] == finding.message.split(" but ")[1]


# -- 13. scale: summaries beyond the per-kind limit -------------------------------------------


def test_many_changes_of_one_kind_are_summarised_with_counts(tmp_path, drift):
    old, count = large_spec(60, 6), 300
    new = change_properties(old, count)
    vendored, published = tmp_path / "old.yaml", tmp_path / "new.yaml"
    vendored.write_text(dump_yaml(old, header=""), encoding="utf-8")
    published.write_text(dump_yaml(new, header=""), encoding="utf-8")
    run = drift(published, "--vendored", str(vendored))
    listed = [c for c in run.report["changes"] if c["id"] == "request-property-type-changed"]
    omitted = run.report["omitted"]["request-property-type-changed"]
    assert len(listed) == MAX_PER_KIND
    assert len(listed) + omitted >= count
    assert run.report["counts"]["error"] >= count
    assert f"{omitted} more request-property-type-changed" in run.stdout
    assert run.code == 1


# -- 14. make drift tells drift from unreadable -----------------------------------------------


@pytest.mark.parametrize(
    ("variant", "word", "code"),
    [("max-decreased.yaml", "DRIFT", 1), ("missing.yaml", "UNREADABLE", 2)],
)
def test_make_drift_says_drift_or_unreadable_with_the_commands_exit_code(
    variant_dir, tmp_path, variant, word, code
):
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "drift",
            f"UPSTREAM={variant_dir / variant}",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"make drift: {word} (seedance drift exit {code})" in done.stderr
    assert done.returncode != 0
