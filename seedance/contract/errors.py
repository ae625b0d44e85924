"""Exception hierarchy of :mod:`seedance.contract` (one base, one subclass per failure kind)."""


class ContractError(Exception):
    """Base of every error raised by the contract harness."""


class ConfigError(ContractError):
    """The run's configuration is incomplete or contradictory (exit code 2)."""


class NotSentError(ContractError):
    """A request was deliberately not sent (budget exhausted); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotRecordedError(NotSentError):
    """A replay met a request the recording has no answer for: the check is "not run"."""


class RunStoppedError(ContractError):
    """The run must end early: the target stopped answering, or the run deadline passed.

    Raised by the sender for every request after that point; the run reports what it had
    verified so far and exits 3 (network errors), saying why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class KeyRefusedError(ContractError):
    """The target refused the run's own key (401 to an authorised request before any was
    accepted): every check would fail alike, so the run stops and says so once (exit 2)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
