"""Drift over the family: each vendored page against its own published copy, page by page.

Every published variant is made from the parsed vendored pages (a value removed from an
enum the page has, a rule of its own ``x-linkage`` changed, a server moved), never by editing
text, so the tests follow whatever release is vendored.
"""

from __future__ import annotations

import copy
import http.server
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from contract_tests.drift.conftest import DriftRun
from contract_tests.drift.variants import PREPARED, request_schema
from contract_tests.drift.variants import SINGLE as SINGLE_CHANGES
from seedance.drift import run_drift
from seedance.spec import LOCK_PATH
from seedance.spec.pages import VendoredPage, vendored_pages

Doc = dict[str, Any]
PAGES = vendored_pages()
SEED = PAGES[0]
SIBLINGS = PAGES[1:]


def _docs() -> dict[str, Doc]:
    return {page.name: page.document() for page in PAGES}


def _enum_page() -> tuple[VendoredPage, str]:
    """A sibling page and a request property of it whose enum has a value besides its default."""
    for page in SIBLINGS:
        for name, prop in request_schema(page.document())["properties"].items():
            values = [v for v in prop.get("enum") or [] if v != prop.get("default")]
            if len(prop.get("enum") or []) > 1 and values and name != "model":
                return page, name
    raise LookupError("no sibling page has a request enum with a non-default value")


def _linkage_pages() -> list[tuple[VendoredPage, str]]:
    """Every page with an x-linkage rule, and the property that states it."""
    found = []
    for page in PAGES:
        for name, prop in request_schema(page.document())["properties"].items():
            if "x-linkage" in prop:
                found.append((page, name))
    return found


def _drop_enum_value(doc: Doc, prop: str) -> Any:
    schema = request_schema(doc)["properties"][prop]
    value = next(v for v in reversed(schema["enum"]) if v != schema.get("default"))
    schema["enum"].remove(value)
    return value


def _write(directory: Path, docs: dict[str, Doc]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, doc in docs.items():
        (directory / f"{name}.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return directory


@pytest.fixture
def family_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., DriftRun]:
    """Run ``seedance drift`` over the family in-process (no --vendored), reports in tmp."""

    def run(*args: str) -> DriftRun:
        reports = tmp_path / "reports"
        capsys.readouterr()
        code = run_drift([*args, "--reports-dir", str(reports), "--no-client"])
        out = capsys.readouterr()
        report = json.loads((reports / "drift.json").read_text(encoding="utf-8"))
        markdown = (reports / "drift.md").read_text(encoding="utf-8")
        return DriftRun(code, out.out, out.err, report, markdown)

    return run


def _page(run: DriftRun, name: str) -> dict[str, Any]:
    (entry,) = [p for p in run.report["pages"] if p["page"] == name]
    return entry


def test_every_vendored_page_against_an_identical_published_copy_is_in_sync(tmp_path, family_drift):
    run = family_drift("--upstream", str(_write(tmp_path / "published", _docs())))

    assert run.code == 0, run.stdout + run.stderr
    assert {p["page"] for p in run.report["pages"]} == {p.name for p in PAGES}
    assert run.report["changes"] == []
    assert run.report["counts"] == {"error": 0, "warning": 0, "info": 0}


def test_a_change_on_one_page_is_reported_for_that_page_only_with_its_check_id(
    tmp_path, family_drift
):
    page, prop = _enum_page()
    docs = _docs()
    removed = _drop_enum_value(docs[page.name], prop)

    run = family_drift("--upstream", str(_write(tmp_path / "published", docs)))

    assert run.code == 1
    assert {c["page"] for c in run.report["changes"]} == {page.name}
    entry = _page(run, page.name)
    assert entry["vendored"] == str(page.path)
    assert entry["upstream"].endswith(f"{page.name}.json")
    (change,) = [c for c in entry["changes"] if c["id"] == "request-property-enum-value-removed"]
    assert change["level"] == "error"
    assert repr(removed) in change["message"]
    assert all(not p["changes"] for p in run.report["pages"] if p["page"] != page.name)
    assert f"## Page `{page.name}`" in run.markdown


def test_pages_are_never_composed_the_same_change_on_two_pages_is_two_findings(
    tmp_path, family_drift
):
    docs = _docs()

    def enums(name: str) -> set[str]:
        props = request_schema(docs[name])["properties"]
        return {n for n, p in props.items() if n != "model" and len(p.get("enum") or []) > 1}

    changed, shared = next(
        ([a.name, b.name], sorted(enums(a.name) & enums(b.name))[0])
        for a in SIBLINGS
        for b in SIBLINGS
        if a.name < b.name and enums(a.name) & enums(b.name)
    )
    for name in changed:
        _drop_enum_value(docs[name], shared)

    run = family_drift("--upstream", str(_write(tmp_path / "published", docs)))

    removed = [c for c in run.report["changes"] if c["id"] == "request-property-enum-value-removed"]
    assert sorted(c["page"] for c in removed) == sorted(changed)
    assert len({c["location"] for c in removed}) == 1  # the same path, two pages


def test_a_published_page_with_no_vendored_counterpart_is_page_added(tmp_path, family_drift):
    docs = _docs()
    new = copy.deepcopy(docs[SIBLINGS[0].name])
    request_schema(new)["properties"]["model"]["enum"] = ["a-model-the-family-lacks-990101"]
    docs["a-model-the-family-lacks-image-to-video"] = new

    run = family_drift("--upstream", str(_write(tmp_path / "published", docs)))

    assert run.code == 1
    (added,) = [c for c in run.report["changes"] if c["id"] == "page-added"]
    assert added["page"] == "a-model-the-family-lacks-image-to-video"
    assert added["level"] == "info"
    assert "make vendor FROM=" in added["message"]
    assert not [c for c in run.report["changes"] if c["id"] != "page-added"]
    assert run.code == 1
    assert run.report["top_level"] == "info"


def test_a_vendored_page_missing_from_the_published_pages_is_page_removed(tmp_path, family_drift):
    docs = _docs()
    gone = SIBLINGS[-1].name
    del docs[gone]

    run = family_drift(
        "--upstream", str(_write(tmp_path / "published", docs)), "--fail-on", "error"
    )

    assert run.code == 1
    (removed,) = run.report["changes"]
    assert (removed["id"], removed["page"], removed["level"]) == ("page-removed", gone, "error")


def test_one_page_given_under_another_name_is_matched_by_model_and_mode(tmp_path, family_drift):
    page, prop = _enum_page()
    doc = page.document()
    _drop_enum_value(doc, prop)
    published = tmp_path / "published-later-copy.json"
    published.write_text(json.dumps(doc), encoding="utf-8")

    run = family_drift("--upstream", str(published))

    assert [p["page"] for p in run.report["pages"]] == [page.name]
    assert {c["page"] for c in run.report["changes"]} == {page.name}
    assert "page-removed" not in {c["id"] for c in run.report["changes"]}


def _flip(doc: Doc, netloc: str | None = None) -> None:
    url = doc["servers"][0]["url"]
    _, _, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    doc["servers"][0]["url"] = url.replace(host, netloc or f"test-{host}", 1)


def test_servers_flipping_to_the_publishers_test_host_is_not_drift_on_any_page(
    tmp_path, family_drift
):
    docs = _docs()
    for doc in docs.values():
        _flip(doc)

    run = family_drift("--upstream", str(_write(tmp_path / "published", docs)))

    assert run.code == 0, run.stdout
    assert run.report["changes"] == []
    assert all("test host" in " ".join(p.get("notes", [])) for p in run.report["pages"])
    assert "Not drift" in run.markdown


def test_a_server_moved_off_the_publishers_domain_is_still_reported_for_its_page(
    tmp_path, family_drift
):
    docs = _docs()
    moved = SIBLINGS[0].name
    _flip(docs[moved], "gateway.elsewhere.example")

    run = family_drift("--upstream", str(_write(tmp_path / "published", docs)))

    (change,) = run.report["changes"]
    assert (change["id"], change["page"], change["level"]) == (
        "api-server-url-changed",
        moved,
        "warning",
    )


def _linkage_rules(doc: Doc, prop: str) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = request_schema(doc)["properties"][prop]["x-linkage"]["rules"]
    return rules


def _other_option(doc: Doc, prop: str, rule: dict[str, Any]) -> Any:
    enum = request_schema(doc)["properties"][prop].get("enum") or []
    return next(v for v in enum if v not in rule["set_options"])


LINKAGE_EDITS: dict[str, tuple[Callable[[Doc, str], None], str, str]] = {
    "rule removed": (
        lambda doc, prop: request_schema(doc)["properties"][prop].pop("x-linkage"),
        "request-property-linkage-removed",
        "info",
    ),
    "options grew": (
        lambda doc, prop: _linkage_rules(doc, prop)[0]["set_options"].append(
            _other_option(doc, prop, _linkage_rules(doc, prop)[0])
        ),
        "request-property-linkage-options-added",
        "info",
    ),
    "options tightened": (
        lambda doc, prop: _linkage_rules(doc, prop)[0].update(
            set_options=_linkage_rules(doc, prop)[0]["set_options"][1:]
        ),
        "request-property-linkage-options-removed",
        "error",
    ),
    "condition changed": (
        lambda doc, prop: _linkage_rules(doc, prop)[0]["when"].update(operator="ne"),
        "request-property-linkage-changed",
        "warning",
    ),
    "rule added": (
        lambda doc, prop: _linkage_rules(doc, prop).append(
            {
                "when": {"field": prop, "operator": "in", "value": []},
                "set_options": list(_linkage_rules(doc, prop)[0]["set_options"]),
            }
        ),
        "request-property-linkage-added",
        "error",
    ),
}


@pytest.mark.parametrize("edit", sorted(LINKAGE_EDITS))
def test_a_changed_or_removed_linkage_rule_is_a_classified_change_of_its_page(
    tmp_path, family_drift, edit
):
    pages = _linkage_pages()
    assert pages, "no vendored page states an x-linkage rule"
    mutate, check_id, level = LINKAGE_EDITS[edit]
    docs = _docs()
    for page, prop in pages:
        mutate(docs[page.name], prop)

    run = family_drift("--upstream", str(_write(tmp_path / "published", docs)))

    found = {(c["page"], c["id"], c["level"]) for c in run.report["changes"]}
    assert found == {(page.name, check_id, level) for page, _ in pages}
    assert run.code == 1


def test_a_linkage_operator_seedance_cannot_honour_is_an_error_and_breaks_the_bundle(
    tmp_path, family_drift
):
    page, prop = _linkage_pages()[0]
    docs = _docs()
    _linkage_rules(docs[page.name], prop)[0]["when"]["operator"] = "greater-than-or-so"

    run = family_drift("--upstream", str(_write(tmp_path / "published", docs)))

    ids = {(c["page"], c["id"]) for c in run.report["changes"] if c["level"] == "error"}
    assert (page.name, "request-property-linkage-changed") in ids
    assert (page.name, "bundle-invalid") in ids
    assert "greater-than-or-so" in json.dumps(_page(run, page.name)["impact"])


def test_the_github_annotations_name_the_page_of_every_finding(tmp_path, family_drift):
    page, prop = _enum_page()
    docs = _docs()
    _drop_enum_value(docs[page.name], prop)

    run = family_drift(
        "--upstream", str(_write(tmp_path / "published", docs)), "--format", "github"
    )

    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert annotations
    assert all(f"title={page.name}%3A " in line for line in annotations)


# -- online: every page from its own lock spec_url -------------------------------------------


class _Pages(http.server.SimpleHTTPRequestHandler):
    broken: frozenset[str] = frozenset()

    def do_GET(self) -> None:
        if self.path.lstrip("/") in self.broken:
            self.send_error(500, "upstream trouble")
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """Serve published pages on loopback; return a copy of the lock whose spec_urls point there."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(docs: dict[str, Doc], broken: frozenset[str] = frozenset()) -> Path:
        root = _write(tmp_path / "site", docs)
        handler = type("Handler", (_Pages,), {"broken": broken})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), lambda *a: handler(*a, directory=str(root))
        )
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        lock_dir = tmp_path / "openapi"
        shutil.copytree(LOCK_PATH.parent, lock_dir, dirs_exist_ok=True)
        lock = json.loads(LOCK_PATH.read_text(encoding="utf-8"))
        lock["spec_url"] = f"{base}/{SEED.name}.json"
        for name, entry in lock["pages"].items():
            entry["spec_url"] = f"{base}/{name}.json"
        (lock_dir / LOCK_PATH.name).write_text(json.dumps(lock), encoding="utf-8")
        return lock_dir / LOCK_PATH.name

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_online_every_page_is_fetched_from_its_own_url_and_a_404_is_page_removed(
    served, family_drift
):
    docs = _docs()
    gone = SIBLINGS[0].name
    del docs[gone]
    lock = served(docs)

    run = family_drift("--lock", str(lock))

    assert run.code == 1, run.stderr
    (removed,) = run.report["changes"]
    assert (removed["id"], removed["page"]) == ("page-removed", gone)
    assert len(run.report["pages"]) == len(PAGES)
    assert all(p["upstream"].endswith(f"/{p['page']}.json") for p in run.report["pages"])


def test_online_a_page_that_cannot_be_fetched_exits_2_and_the_others_are_still_compared(
    served, family_drift
):
    docs = _docs()
    page, prop = _enum_page()
    _drop_enum_value(docs[page.name], prop)
    broken = SIBLINGS[-1].name
    lock = served(docs, frozenset({f"{broken}.json"}))

    run = family_drift("--lock", str(lock))

    assert run.code == 2
    assert broken in run.report["error"]
    assert "500" in _page(run, broken)["error"]
    assert {c["page"] for c in run.report["changes"]} == {page.name}
    assert "UPSTREAM UNREADABLE" in run.markdown


def test_an_ignore_entry_naming_a_page_accepts_that_pages_change_only(tmp_path, family_drift):
    page, prop = _enum_page()
    docs = _docs()
    _drop_enum_value(docs[page.name], prop)
    published = str(_write(tmp_path / "published", docs))
    ignore = tmp_path / "ignore.yaml"

    def accepted_on(pattern: str) -> DriftRun:
        ignore.write_text(
            "ignore:\n  - id: request-property-enum-value-removed\n    location: '*'\n"
            f"    page: '{pattern}'\n    reason: r\n    expires: 2999-01-01\n",
            encoding="utf-8",
        )
        return family_drift("--upstream", published, "--ignore-file", str(ignore))

    other = next(p.name for p in PAGES if p.name != page.name)
    assert accepted_on(page.name).code == 0
    assert accepted_on(page.name[:6] + "*").report["ignored"] >= 1
    still = accepted_on(other)
    assert still.code == 1
    assert not any(c["ignored"] for c in still.report["changes"])


def test_online_a_model_page_the_publishers_index_links_beside_ours_is_page_added(
    served, family_drift, tmp_path
):
    docs = _docs()
    new_name = "a-model-the-family-lacks-text-to-video"
    new = copy.deepcopy(docs[SIBLINGS[0].name])
    request_schema(new)["properties"]["model"]["enum"] = ["a-model-the-family-lacks-990101"]
    status_page = {
        "openapi": "3.0.1",
        "info": {"title": "task status", "version": "1"},
        "paths": {"/v1/videos/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    lock = served({**docs, new_name: new, "query-video-status": status_page})
    folder = SEED.provenance["docs_page_url"].rsplit("/", 1)[0]
    index = tmp_path / "llms.txt"
    index.write_text(
        "# Docs\n\n"
        f"- [New model]({folder}/{new_name}.md): a page we do not vendor\n"
        f"- [Status]({folder}/query-video-status.md): not a model's page\n"
        f"- [Seed]({SEED.provenance['docs_page_url']}): vendored\n"
        "- [Elsewhere](https://elsewhere.invalid/docs/other-model-text-to-video.md)\n",
        encoding="utf-8",
    )

    run = family_drift("--lock", str(lock), "--index", str(index))

    assert run.code == 1, run.stderr
    (added,) = run.report["changes"]
    assert (added["id"], added["page"], added["level"]) == ("page-added", new_name, "info")
    assert _page(run, new_name)["upstream"].endswith(f"/{new_name}.json")


def test_an_unreadable_index_exits_2_saying_so(served, family_drift, tmp_path):
    lock = served(_docs())

    run = family_drift("--lock", str(lock), "--index", str(tmp_path / "no-llms.txt"))

    assert run.code == 2
    assert "the index is unreadable" in run.report["error"]


#: The seed's classification table, minus the cases whose level comes from the seed's overlay
#: (the media union) or whose vendored side is prepared from the seed.
SIBLING_CASES = sorted(
    (name, case)
    for name, case in SINGLE_CHANGES.items()
    if name not in PREPARED and name != "nested-enum-value-added"
)


def _mutated_sibling(mutate: Callable[[Doc], None]) -> tuple[VendoredPage, Doc]:
    """The first sibling page the mutation applies to, mutated."""
    for page in SIBLINGS:
        doc = page.document()
        try:
            mutate(doc)
        except LookupError:
            continue
        return page, doc
    raise AssertionError("the mutation applies to no sibling page")


@pytest.mark.parametrize(("name", "case"), SIBLING_CASES, ids=[n for n, _ in SIBLING_CASES])
def test_every_change_class_on_a_sibling_page_is_classified_as_on_the_seed(
    tmp_path, family_drift, name, case
):
    mutate, level, check_id = case
    page, doc = _mutated_sibling(mutate)
    published = tmp_path / f"{page.name}.json"
    published.write_text(json.dumps(doc), encoding="utf-8")

    run = family_drift("--upstream", str(published))

    assert [p["page"] for p in run.report["pages"]] == [page.name]
    assert run.report["top_level"] == level
    assert (check_id, level) in {(c["id"], c["level"]) for c in run.report["changes"]}
    assert {c["page"] for c in run.report["changes"]} == {page.name}
    assert run.code == 1


@pytest.mark.parametrize(
    "host", ["test-gateway.elsewhere.example", "api.staging.elsewhere.example"]
)
def test_a_server_moved_to_a_test_host_on_another_domain_and_back_is_not_drift(
    tmp_path, family_drift, host
):
    docs = _docs()
    page = SIBLINGS[0].name
    _flip(docs[page], host)

    run = family_drift("--upstream", str(_write(tmp_path / "published", docs)))

    assert run.code == 0, run.stdout
    assert run.report["changes"] == []
    assert _page(run, page)["notes"]


def test_servers_flipping_back_from_a_foreign_test_host_to_the_publishers_domain_is_no_drift():
    from seedance.drift.servers import domain_of, publisher_flip

    production = SEED.document()
    on_test = copy.deepcopy(production)
    _flip(on_test, "test-gateway.elsewhere.example")
    elsewhere = copy.deepcopy(production)
    _flip(elsewhere, "gateway.elsewhere.example")
    publisher = {domain_of(SEED.provenance["spec_url"])}

    assert publisher_flip(on_test, production, publisher)  # back to the publisher's host
    assert publisher_flip(production, on_test, publisher)  # to a test host
    assert publisher_flip(on_test, elsewhere, publisher) is None  # not the publisher's
    assert publisher_flip(production, elsewhere, publisher) is None
    assert publisher_flip(production, production, publisher) is None  # nothing moved
