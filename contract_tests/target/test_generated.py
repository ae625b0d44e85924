"""schemathesis' generated cases: every answer of the target conforms to the bundle."""

from __future__ import annotations

import schemathesis

from seedance.contract.generated import GeneratedRun, suite_schema

schema = suite_schema()


@schema.parametrize()
def test_generated_case_conforms_to_the_bundle(
    case: schemathesis.Case, contract_run: GeneratedRun
) -> None:
    contract_run.execute(case)
