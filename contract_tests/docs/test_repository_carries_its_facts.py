"""The repository carries what it cites: no file points at a design document outside it.

The facts once gathered beside the repository are restated in its own docs (the gateway's
behaviour in docs/gateway.md), so every citation names a file a clone has.
"""

import re
import subprocess
from pathlib import Path

from contract_tests.docs.blocks import REPO_ROOT

_OUTSIDE = "DESIGN" + ".md"  # spelled apart, so this file does not name it either


def _tracked() -> list[Path]:
    done = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True, timeout=30
    )
    return [REPO_ROOT / name for name in done.stdout.decode().split("\0") if name]


def test_no_file_names_the_design_document_kept_outside_the_repository():
    naming = [
        str(path.relative_to(REPO_ROOT))
        for path in _tracked()
        if path.is_file() and _OUTSIDE.encode() in path.read_bytes()
    ]
    assert not naming, f"cite the repository's own docs instead: {naming}"


def test_the_gateway_page_restates_the_facts_the_code_cites():
    page = (REPO_ROOT / "docs" / "gateway.md").read_text(encoding="utf-8")
    for heading in (
        "## Operations",
        "## The video task",
        "## Errors",
        "## Rules the published text states but its schema lacks",
        "## Images",
        "## How the published spec has changed",
    ):
        assert heading in page


def test_every_relative_link_of_the_readme_leads_to_a_file_of_the_repository():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", readme)
    assert links
    missing = [link for link in links if not (REPO_ROOT / link).is_file()]
    assert not missing, f"the README links to files that do not exist: {missing}"
