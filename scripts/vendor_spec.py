"""Adopt a published spec: upstream.yaml, its lock, the bundle and the generated client.

Usage: ``python scripts/vendor_spec.py --from SRC [--docs-url URL] [--spec-url URL]``.
SRC is a URL or a path to OpenAPI 3 (JSON or YAML) or to a docs page whose fenced yaml block
is the spec. Everything is first built in a scratch tree: the upstream text (verbatim, the
fenced block byte for byte) and its lock, the bundle with ``openapi/overlay.yaml``, the
generated client, and a lint of that client (ruff's correctness rules). Only when all of that
succeeds are the files written into the checkout (``openapi/upstream.yaml``, the lock with the
provenance: docs page URL, raw spec URL, sha256, date taken; ``openapi/seedance.yaml``,
``seedance/_data/seedance.json``, ``generated_client/seedance_client``); on any failure nothing
is written and the exit code is 1 (2: the source is unreadable or not OpenAPI 3). Then it
prints the drift report of the change (previous upstream -> new upstream); that report never
changes the exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import checkout

from seedance.drift import drift_result, render_text
from seedance.drift.inputs import check_openapi3
from seedance.spec import (
    LOCK_PATH,
    OPENAPI_DIR,
    SpecError,
    build_bundle,
    dump_json,
    dump_yaml,
    load_yaml_file,
    read_lock,
    read_spec_source,
)

UPSTREAM_PATH = OPENAPI_DIR / "upstream.yaml"
Generator = Callable[[Path, Path], None]
#: ruff rules the generated client must pass before it is adopted (syntax and name errors).
LINT_RULES = "E9,F63,F7,F82"


@dataclass(frozen=True)
class Tree:
    """Where one adoption writes: the checkout by default, a copy of it in tests."""

    upstream: Path = checkout.UPSTREAM
    lock: Path = checkout.OPENAPI / "upstream.lock.json"
    overlay: Path = checkout.OVERLAY
    bundle_yaml: Path = checkout.BUNDLE_YAML
    bundle_json: Path = checkout.BUNDLE_JSON
    client: Path = checkout.CLIENT
    config_dir: Path = checkout.OPENAPI


def _default_generator(config_dir: Path) -> Generator:
    from seedance.spec.generate import generate

    def run(spec: Path, output: Path) -> None:
        generate(spec, output, config_dir=config_dir)

    return run


def _lint(client: Path) -> None:
    ruff = Path(sys.executable).with_name("ruff")
    command = [str(ruff) if ruff.exists() else "ruff", "check", "--isolated", "--no-cache"]
    done = subprocess.run(
        [*command, "--select", LINT_RULES, str(client)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SpecError(f"the generated client fails lint ({LINT_RULES}):\n{done.stdout}")


def adopt(
    origin: str,
    *,
    docs_url: str | None,
    spec_url: str | None,
    tree: Tree | None = None,
    generator: Generator | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Build upstream, lock, bundle and client in a scratch tree; write them only if all pass.

    Raises :class:`SpecError` (nothing written) when the source is unreadable or not OpenAPI 3,
    the overlay does not apply, the bundle is invalid, generation or the lint fails.
    """
    tree = tree or Tree()
    with tempfile.TemporaryDirectory(prefix="seedance-vendor-") as raw:
        scratch = Path(raw)
        upstream, lock_path = scratch / "upstream.yaml", scratch / "upstream.lock.json"
        if tree.lock.exists():
            shutil.copyfile(tree.lock, lock_path)
        lock = vendor(
            origin,
            docs_url=docs_url,
            spec_url=spec_url,
            today=today,
            upstream_path=upstream,
            lock_path=lock_path,
        )
        document = check_openapi3(load_yaml_file(upstream), origin=origin)
        bundle = build_bundle(document, load_yaml_file(tree.overlay))
        bundle_yaml, client = scratch / "seedance.yaml", scratch / "seedance_client"
        bundle_yaml.write_text(dump_yaml(bundle), encoding="utf-8")
        try:
            (generator or _default_generator(tree.config_dir))(bundle_yaml, client)
        except (OSError, SystemExit) as exc:
            raise SpecError(f"client generation failed: {exc}") from exc
        _lint(client)
        # everything built: now write, each file whole
        tree.upstream.write_text(upstream.read_text(encoding="utf-8"), encoding="utf-8")
        tree.lock.write_text(lock_path.read_text(encoding="utf-8"), encoding="utf-8")
        tree.bundle_yaml.write_text(bundle_yaml.read_text(encoding="utf-8"), encoding="utf-8")
        tree.bundle_json.write_text(dump_json(bundle), encoding="utf-8")
        if tree.client.exists():
            shutil.rmtree(tree.client)
        shutil.copytree(client, tree.client)
    return lock


def sha256_text(text: str) -> str:
    """Hex sha256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_url(origin: str) -> bool:
    return origin.startswith(("http://", "https://"))


def vendor(
    origin: str,
    *,
    docs_url: str | None,
    spec_url: str | None,
    today: dt.date | None = None,
    upstream_path: Path = UPSTREAM_PATH,
    lock_path: Path = LOCK_PATH,
) -> dict[str, Any]:
    """Write the upstream file and its lock; return the lock record."""
    source = read_spec_source(origin)
    text = source.spec_text if source.spec_text.endswith("\n") else source.spec_text + "\n"
    previous = read_lock(lock_path)
    docs_page_url = docs_url or previous.get("docs_page_url", "")
    lock = {
        "docs_page_url": docs_page_url,
        "spec_url": spec_url or previous.get("spec_url", ""),
        # a URL, never a local path: a copy read from disk is recorded as the page it copies
        # (its digest says which copy it was)
        "source": origin if _is_url(origin) else docs_page_url,
        "source_sha256": sha256_text(source.raw_text),
        "sha256": sha256_text(text),
        "taken": (today or dt.datetime.now(dt.UTC).date()).isoformat(),
    }
    upstream_path.write_text(text, encoding="utf-8")
    lock_path.write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
    return lock


def drift_of_change(previous: dict[str, Any] | None, upstream_path: Path = UPSTREAM_PATH) -> str:
    """The text drift report from ``previous`` to the upstream now at ``upstream_path``."""
    if previous is None:
        return "vendor_spec: no previous upstream to compare with (first vendoring)\n"
    result = drift_result(
        previous,
        load_yaml_file(upstream_path),
        upstream=f"{upstream_path} (new)",
        vendored_label=f"{upstream_path} (previous)",
        with_client=False,
    )
    return render_text(result)


def _previous(path: Path) -> dict[str, Any] | None:
    try:
        data = load_yaml_file(path) if path.exists() else None
    except SpecError:
        return None
    return data if isinstance(data, dict) else None


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and vendor; return the exit code (2: source unreadable)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="origin", required=True, help="URL or path of the spec")
    parser.add_argument("--docs-url", help="docs page URL to record (default: keep the lock's)")
    parser.add_argument("--spec-url", help="raw spec URL to record (default: keep the lock's)")
    args = parser.parse_args(argv)
    tree = Tree()
    previous = _previous(tree.upstream)
    try:
        read_source = read_spec_source(args.origin)
        check_openapi3(read_source.document, origin=args.origin)
    except SpecError as exc:
        print(f"vendor_spec: {exc}", file=sys.stderr)
        return 2
    try:
        lock = adopt(args.origin, docs_url=args.docs_url, spec_url=args.spec_url, tree=tree)
    except SpecError as exc:
        print(f"vendor_spec: nothing written: {exc}", file=sys.stderr)
        return 1
    print(
        f"vendor_spec: wrote {tree.upstream} (sha256 {lock['sha256']}), the lock, the bundle "
        "and the generated client"
    )
    try:
        sys.stdout.write(drift_of_change(previous, tree.upstream))
    except Exception as exc:  # the report is informative; it must not undo a vendoring
        print(f"vendor_spec: could not compute the drift report: {exc!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
