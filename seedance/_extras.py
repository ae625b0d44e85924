"""Optional dependencies: the ``tools`` extra, and the error that says to install it.

The core install (the SDK, the generated client, the video commands) needs none of these.
The mock, the contract harness, spec drift, bundling and client generation do; they import
their dependencies normally, and the command line turns the resulting
:class:`ModuleNotFoundError` into :class:`MissingExtraError`, which says what to install.
"""

from __future__ import annotations

__all__ = ["TOOLS_EXTRA", "TOOLS_MODULES", "MissingExtraError", "missing_extra"]

TOOLS_EXTRA = "tools"
#: Top-level modules that only the ``tools`` extra provides.
TOOLS_MODULES = frozenset(
    {
        "hypothesis",
        "httptools",
        "jsonpath_rfc9535",
        "openapi_python_client",
        "openapi_spec_validator",
        "orjson",
        "pytest",
        "requests",
        "ruamel",
        "schemathesis",
        "starlette",
        "urllib3",
        "uvicorn",
        "uvloop",
    }
)


class MissingExtraError(ImportError):
    """A feature needs an optional dependency that is not installed."""

    def __init__(self, feature: str, module: str) -> None:
        self.feature = feature
        self.module = module
        super().__init__(
            f"{feature} needs the optional '{TOOLS_EXTRA}' dependencies ({module} is not "
            f"installed): pip install 'seedance-contract[{TOOLS_EXTRA}]'"
        )


def missing_extra(feature: str, exc: ModuleNotFoundError) -> MissingExtraError | None:
    """The :class:`MissingExtraError` for ``exc`` when a ``tools`` module is what is missing."""
    top = (exc.name or "").partition(".")[0]
    if top in TOOLS_MODULES:
        return MissingExtraError(feature, top)
    return None
