"""Exceptions raised by the mock gateway package (one hierarchy, rooted at :class:`MockError`)."""

from __future__ import annotations


class MockError(Exception):
    """Base class of every error the mock gateway raises."""


class MockConfigError(MockError):
    """A start-up option (or a ``Prefer`` scenario string) is not valid."""


class MockSpecError(MockError):
    """The bundle lacks something the mock needs to behave like the gateway."""


class MockStartError(MockError):
    """The in-process server did not start or did not answer in time."""
