"""Exception hierarchy of :mod:`seedance.drift`."""


class DriftError(Exception):
    """Base of every error raised by the drift tooling."""


class IgnoreFileError(DriftError):
    """``openapi/drift-ignore.yaml`` is malformed or holds an expired entry."""
