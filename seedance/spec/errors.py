"""Exception hierarchy of :mod:`seedance.spec` (its base, :class:`SpecError`, is the
SDK's bundle reader's)."""

from seedance._bundle import OperationRolesError, SpecError

__all__ = [
    "BundleError",
    "OperationRolesError",
    "OverlayError",
    "OverlayTargetNotFoundError",
    "SpecError",
    "SpecSourceError",
]


class SpecSourceError(SpecError):
    """An upstream source could not be fetched, read or parsed as OpenAPI."""


class SpecGoneError(SpecSourceError):
    """The publisher answers that the page is not there (HTTP 404 or 410): no longer published."""


class OverlayError(SpecError):
    """The overlay document is malformed or one of its actions cannot be applied."""


class OverlayTargetNotFoundError(OverlayError):
    """An overlay action's JSONPath target matched nothing in the document."""


class BundleError(SpecError):
    """The bundle is inconsistent or fails OpenAPI validation."""
