"""What a run does for ``--record`` and ``--replay``, in one object the run calls at fixed points.

:meth:`Tape.open` reads a recording to replay (its settings become the run's), the sender gets
:meth:`Tape.sender_options` (a replaying transport and virtual time, or a recorder of every
exchange), :meth:`Tape.begin` names the check whose requests follow, and :meth:`Tape.write`
keeps the recording once the verdicts are known. A plain run's tape does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seedance.contract.config import RunConfig, Target
from seedance.contract.recording import Recording, recorded_settings
from seedance.contract.replay import ReplayTransport, load_replay, page_changes, replay_key
from seedance.contract.transport import Sender

__all__ = ["Tape"]


@dataclass
class Tape:
    """The recording or replay of one run (neither: every method does nothing)."""

    config: RunConfig
    replay: ReplayTransport | None = None
    replay_dir: Path | None = None
    recording: Recording | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, config: RunConfig) -> Tape:
        """The tape of a run configured by ``config`` (a replay reads its recording here)."""
        if config.replay_dir is None:
            return cls(config)
        replay = load_replay(config.replay_dir)
        notes = [
            f"replay of {config.replay_dir}: {len(replay.exchanges)} recorded exchange(s), "
            "judged against today's pages and rules with no network"
        ]
        changed = page_changes(replay.pages)
        if changed:
            notes.append(
                "the recording was made under other pages; judged against today's: "
                + "; ".join(changed)
            )
        key = replay_key()
        return cls(
            replay.config(config, key),
            replay=ReplayTransport(replay.exchanges, key),
            replay_dir=config.replay_dir,
            notes=notes,
        )

    def sender_options(self, api_key: str) -> dict[str, Any]:
        """The sender's keyword arguments for this tape."""
        if self.replay is not None:
            replay = self.replay
            return {"transport": replay, "clock": replay.clock, "sleep": replay.sleep}
        if self.config.record_dir is not None:
            secret = None if self.config.target == Target.MOCK else api_key
            self.recording = Recording(self.config.record_dir, secret)
            return {"on_exchange": self.recording.keep}
        return {}

    def attach(self, sender: Sender) -> None:
        """Let the replay name each request's operation as the sender does."""
        if self.replay is not None:

            def _route(method: str, url: str) -> str | None:
                op = sender.operation_for(method, url)
                return op.operation_id if op else None

            self.replay.route = _route

    def begin(self, check: str) -> None:
        """The requests from now on belong to ``check``."""
        if self.replay is not None:
            self.replay.begin(check)
        if self.recording is not None:
            self.recording.begin(check)

    def target_label(self, target: Target) -> str:
        """What the reports call the target."""
        return f"replay of {target}" if self.replay is not None else str(target)

    def closing_notes(self) -> list[str]:
        """What the summary says about the replay once it is over."""
        if self.replay is None:
            return []
        notes = []
        if self.replay.missing:
            notes.append(
                f"{len(self.replay.missing)} request(s) of today's checks are not in the "
                "recording (their checks did not run): " + "; ".join(self.replay.missing[:5])
            )
        if self.replay.unused:
            notes.append(
                f"{self.replay.unused} recorded exchange(s) were asked for by no check today"
            )
        return notes

    def write(self, config: RunConfig, base_url: str, verdicts: dict[str, Any]) -> None:
        """Keep the recording (``--record``), with the run's verdicts."""
        if self.recording is None:
            return
        self.recording.write(recorded_settings(config, base_url), verdicts)
