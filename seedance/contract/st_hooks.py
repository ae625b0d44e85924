"""schemathesis hooks for running its command line against a gateway that serves the family.

schemathesis knows the bundle's create operation, which is the seed page's. The gateway
routes a create by its model and media (:mod:`seedance._judge`), so two of schemathesis'
findings are not the gateway's fault, and this hook drops them:

- a body the seed page refuses but another vendored page accepts, accepted (it is that
  page's request; the contract suite checks every page on its own);
- a model no page describes, answered with the bundle's ``x-unknown-model`` status.

Use: ``SCHEMATHESIS_HOOKS=seedance.contract.st_hooks schemathesis run openapi/seedance.yaml …``.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis

from seedance.contract.routing import routed_elsewhere


def _create_body(case: Any) -> Any:
    body = getattr(case, "body", None)
    if isinstance(body, bytes | str):
        try:
            return json.loads(body)
        except ValueError:
            return None
    return body


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Keep every failure but those of a create the gateway routes as described above."""
    if str(case.method).upper() != "POST":
        return True
    return not routed_elsewhere(_create_body(case), getattr(response, "status_code", None))
