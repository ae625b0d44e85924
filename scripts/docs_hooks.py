"""mkdocs hooks for the documentation site (``hooks:`` in mkdocs.yml).

The SDK's docstrings cross-reference with Sphinx roles (``:class:`Seedance```), which
Markdown renders as the role's name before the code; the API reference shows the code alone.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|mod|attr|data|exc|obj|const):(?=<code>)")


def on_page_content(html: str, **_: Any) -> str:
    """The page's HTML with every Sphinx role marker before a code span removed."""
    return _ROLE.sub("", html)
