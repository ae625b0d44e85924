"""The checkout's files that the maintainer scripts read and write by default.

The spec directory is the package's (:data:`seedance.spec.OPENAPI_DIR`: the checkout's
``openapi/``, or ``$SEEDANCE_OPENAPI_DIR`` when set, as for a copy of the tree); every other
path is relative to the checkout these scripts sit in.
"""

from __future__ import annotations

from pathlib import Path

from seedance.spec import OPENAPI_DIR

ROOT = Path(__file__).resolve().parents[1]
OPENAPI = OPENAPI_DIR
UPSTREAM = OPENAPI / "upstream.yaml"
OVERLAY = OPENAPI / "overlay.yaml"
#: The lock: the seed's provenance and every other vendored page (``pages/``) with its own.
LOCK = OPENAPI / "upstream.lock.json"
BUNDLE_YAML = OPENAPI / "seedance.yaml"
#: The packaged copy of the bundle, what an installed runtime reads.
BUNDLE_JSON = ROOT / "seedance" / "_data" / "seedance.json"
CLIENT = ROOT / "generated_client" / "seedance_client"
