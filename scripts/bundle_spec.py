"""Bundle openapi/upstream.yaml, openapi/overlay.yaml and the lock's pages into seedance.yaml.

Usage: ``python scripts/bundle_spec.py [--upstream PATH] [--overlay PATH] [--lock PATH]
[--output PATH] [--json-output PATH]``. Every page the lock lists is published in the bundle
under ``x-seedance-pages`` (seedance.spec.family). Also writes the same document as JSON into
the package (``seedance/_data/seedance.json``), which is what an installed runtime reads.
Exit 0 on success; 1 with a message naming the failing overlay action or rule otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import checkout

from seedance.spec import SpecError, build_bundle, dump_json, dump_yaml, load_yaml_file
from seedance.spec.pages import family_of_lock


def main(argv: list[str] | None = None) -> int:
    """Run the bundler; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", type=Path, default=checkout.UPSTREAM)
    parser.add_argument("--overlay", type=Path, default=checkout.OVERLAY)
    parser.add_argument("--lock", type=Path, default=checkout.LOCK)
    parser.add_argument("--output", type=Path, default=checkout.BUNDLE_YAML)
    parser.add_argument("--json-output", type=Path, default=checkout.BUNDLE_JSON)
    args = parser.parse_args(argv)
    try:
        bundled = build_bundle(
            load_yaml_file(args.upstream),
            load_yaml_file(args.overlay),
            **family_of_lock(args.lock),
        )
    except SpecError as exc:
        print(f"bundle_spec: {exc}", file=sys.stderr)
        return 1
    text = dump_yaml(bundled)
    for path, content in ((args.output, text), (args.json_output, dump_json(bundled))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    print(f"bundle_spec: wrote {args.output} ({len(text.splitlines())} lines), {args.json_output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
