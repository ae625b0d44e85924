"""The checkout's files that the maintainer scripts read and write by default.

Every path is relative to the checkout these scripts sit in (so a copy of the tree is
self-contained); ``$SEEDANCE_OPENAPI_DIR`` overrides the spec directory.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPENAPI = Path(os.environ.get("SEEDANCE_OPENAPI_DIR") or ROOT / "openapi")
UPSTREAM = OPENAPI / "upstream.yaml"
OVERLAY = OPENAPI / "overlay.yaml"
#: The lock: the seed's provenance and every other vendored page (``pages/``) with its own.
LOCK = OPENAPI / "upstream.lock.json"
BUNDLE_YAML = OPENAPI / "seedance.yaml"
#: The packaged copy of the bundle, what an installed runtime reads.
BUNDLE_JSON = ROOT / "seedance" / "_data" / "seedance.json"
CLIENT = ROOT / "generated_client" / "seedance_client"
