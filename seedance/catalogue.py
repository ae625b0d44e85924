"""The vendored models as the SDK reads them from the bundle, public for the layers above it.

The command line (``seedance models``, ``generate``'s help), batch (the JOBS keys), the spec
tools (bundling the family, the spec view) and drift (each page's ``x-linkage``) read the
models, their modes and their rules exactly as the SDK does, through these names:

- :func:`catalogue` / :func:`catalogue_of` / :class:`Catalogue`, :class:`Model`,
  :class:`Mode`, :class:`FieldSpec`: every vendored model by id, its modes (one per page) and
  what each mode accepts; :data:`PAGES_KEY`: the bundle's extension that lists the pages;
- :func:`linkage_rules` / :class:`Linkage` / :class:`Operator`, :data:`LINKAGE_KEY`,
  :class:`LinkageError`: a page's ``x-linkage`` rules between fields;
- :class:`CreateJudge` / :class:`UnknownModel`: which page judges a create body (the mock
  answers by it, the contract suite routes by it); :data:`MODEL_FIELD`, :data:`MEDIA_FIELD`:
  the body fields that choose the model and the mode.
"""

from seedance._judge import CreateJudge, UnknownModel
from seedance._linkage import LINKAGE_KEY, Linkage, LinkageError, Operator, linkage_rules
from seedance._models import (
    MEDIA_FIELD,
    MODEL_FIELD,
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
    "MEDIA_FIELD",
    "MODEL_FIELD",
    "PAGES_KEY",
    "Catalogue",
    "CreateJudge",
    "FieldSpec",
    "Linkage",
    "LinkageError",
    "Mode",
    "Model",
    "Operator",
    "UnknownModel",
    "catalogue",
    "catalogue_of",
    "linkage_rules",
]
