"""The seed page as a ``--model``/``MODELS`` entry (``model:mode``): the runs whose point is not
the family (targets, keys, budgets, hostile answers, recordings) check it alone."""

from __future__ import annotations

from seedance._models import catalogue
from seedance.contract.suites import MODE_SEPARATOR

_SEED = catalogue().pages[catalogue().seed_page]

#: ``<seed model>:<seed mode>``, read from the vendored pages.
SEED_PAGE = f"{_SEED.model}{MODE_SEPARATOR}{_SEED.name}"
