"""Generate generated_client/seedance_client from openapi/seedance.yaml (what `make generate` runs).

Usage: ``python scripts/generate_client.py [--spec PATH] [--output DIR]``.
Thin wrapper over :func:`seedance.spec.generate.generate`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import checkout

from seedance.spec import SpecError
from seedance.spec.generate import generate


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and generate; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=checkout.BUNDLE_YAML)
    parser.add_argument("--output", type=Path, default=checkout.CLIENT)
    args = parser.parse_args(argv)
    try:
        generate(args.spec.resolve(), args.output.resolve(), config_dir=checkout.OPENAPI)
    except SpecError as exc:
        print(f"generate_client: {exc}", file=sys.stderr)
        return 1
    print(f"generate_client: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
