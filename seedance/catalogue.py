"""The vendored models as the SDK reads them from the bundle, public for the layers above it.

The command line (``seedance models``, ``generate``'s help), batch (the JOBS keys), the spec
tools (bundling the family, the spec view) and drift (each page's ``x-linkage``) read the
models, their modes and their rules exactly as the SDK does, through these names:

- :func:`catalogue` / :func:`catalogue_of` / :class:`Catalogue`, :class:`Model`,
  :class:`Mode`, :class:`FieldSpec`: every vendored model by id, its modes (one per page) and
  what each mode accepts; :data:`PAGES_KEY`: the bundle's extension that lists the pages;
- :func:`linkage_rules` / :class:`Linkage` / :class:`Operator`, :data:`LINKAGE_KEY`,
  :class:`LinkageError`: a page's ``x-linkage`` rules between fields.
"""

from seedance._linkage import LINKAGE_KEY, Linkage, LinkageError, Operator, linkage_rules
from seedance._models import (
    PAGES_KEY,
    Catalogue,
    FieldSpec,
    Mode,
    Model,
    catalogue,
    catalogue_of,
)

__all__ = [
    "LINKAGE_KEY",
    "PAGES_KEY",
    "Catalogue",
    "FieldSpec",
    "Linkage",
    "LinkageError",
    "Mode",
    "Model",
    "Operator",
    "catalogue",
    "catalogue_of",
    "linkage_rules",
]
