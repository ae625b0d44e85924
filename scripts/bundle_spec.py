"""Bundle openapi/upstream.yaml + openapi/overlay.yaml into openapi/seedance.yaml.

Usage: ``python scripts/bundle_spec.py [--upstream PATH] [--overlay PATH] [--output PATH]``.
Exit 0 on success; 1 with a message naming the failing overlay action or rule otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from seedance.spec import OPENAPI_DIR, SpecError, build_bundle, dump_yaml, load_yaml_file


def main(argv: list[str] | None = None) -> int:
    """Run the bundler; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", type=Path, default=OPENAPI_DIR / "upstream.yaml")
    parser.add_argument("--overlay", type=Path, default=OPENAPI_DIR / "overlay.yaml")
    parser.add_argument("--output", type=Path, default=OPENAPI_DIR / "seedance.yaml")
    args = parser.parse_args(argv)
    try:
        bundled = build_bundle(load_yaml_file(args.upstream), load_yaml_file(args.overlay))
    except SpecError as exc:
        print(f"bundle_spec: {exc}", file=sys.stderr)
        return 1
    text = dump_yaml(bundled)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"bundle_spec: wrote {args.output} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
