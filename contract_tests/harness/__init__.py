"""Self-tests of the contract-test harness (``python -m seedance.contract``).

A reference gateway (a second, independent implementation of the documented API,
docs/gateway.md) is served on loopback, faithful or with exactly one fault switched on; the
harness CLI is run against it as a user would, and the tests assert that every fault is
caught and named, that faithful targets (and the embedded mock) pass, that money and secrets
are handled as promised.

Public helpers for other test packages: :class:`ReferenceGateway`, :class:`Fault`,
:class:`Variant`, :func:`serve_in_thread`, :func:`run_harness`.
"""

from .faults import Fault, Variant
from .gateway import ReferenceGateway
from .runner import run_harness
from .server import serve_in_thread

__all__ = ["Fault", "ReferenceGateway", "Variant", "run_harness", "serve_in_thread"]
