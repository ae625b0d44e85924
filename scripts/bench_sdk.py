"""The SDK's benchmark, for ``make bench`` (``scripts/bench.py`` calls :func:`measure`).

Two figures:

1. **Local validation cost per create** (µs): what ``client.videos.create`` does before it
   sends anything — build the generated request model from keyword arguments and check it
   against the bundle's compiled schema (``seedance._request``) — median per call over
   many calls, for a URL first frame.
2. **200 concurrent create_and_wait**: the wall time of 200 ``AsyncSeedance.videos.
   create_and_wait`` calls at once against the mock (served in its own process, as ``make
   mock`` runs it, tasks completing after ``TASK_SECONDS``), versus the same work done with
   bare httpx calls (POST the same body, then GET every ``POLL_SECONDS`` until completed:
   the same poll interval the SDK is given). Interleaved rounds, the median of each; the
   target is the SDK within 1.5x of bare httpx.

Run alone: ``.venv/bin/python scripts/bench_sdk.py [--calls 200] [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_mock import serving_mock

from seedance import AsyncSeedance, ImageToVideoRequest, PollSchedule
from seedance._request import build_request, check_request

REPO = Path(__file__).resolve().parents[1]
KEY = "sk-bench-sdk"
TASK_SECONDS = 1.0
POLL_SECONDS = 0.25
TARGET_FACTOR = 1.5
FRAME = "https://images.invalid/first.png"
PROMPT = "a red fox running through fresh snow, cinematic"
_COMPLETED = "completed"
_FAILED = "failed"


@dataclass(frozen=True)
class SdkBench:
    """The SDK's figures: validation µs per create, and the concurrent flow's wall times."""

    validation_us: float
    calls: int
    sdk_seconds: float
    bare_seconds: float

    @property
    def factor(self) -> float:
        """SDK wall time over bare httpx wall time."""
        return self.sdk_seconds / self.bare_seconds

    @property
    def meets_target(self) -> bool:
        """True when the SDK is within :data:`TARGET_FACTOR` of bare httpx."""
        return self.factor <= TARGET_FACTOR

    def markdown(self) -> list[str]:
        """Lines for the bench report."""
        verdict = "meets" if self.meets_target else "misses"
        return [
            "| SDK measure | value |",
            "|---|---|",
            f"| local validation per create (build + schema check) | {self.validation_us:.1f} µs |",
            f"| {self.calls} concurrent `AsyncSeedance.create_and_wait` | "
            f"{self.sdk_seconds:.2f} s |",
            f"| the same with bare httpx | {self.bare_seconds:.2f} s |",
            f"| SDK / bare httpx | {self.factor:.2f}x ({verdict} the {TARGET_FACTOR}x target) |",
        ]


def validation_us(calls: int = 2000) -> float:
    """Median µs to build and check one create request (nothing is sent)."""
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        check_request(_request())
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


async def _sdk_round(url: str, calls: int) -> float:
    poll = PollSchedule(first=POLL_SECONDS, factor=1.0, steady=POLL_SECONDS)
    async with AsyncSeedance(api_key=KEY, base_url=url, poll_schedule=poll) as client:
        started = time.perf_counter()
        tasks = await asyncio.gather(
            *(
                client.videos.create_and_wait(prompt=PROMPT, first_frame=FRAME, seconds=5)
                for _ in range(calls)
            )
        )
        elapsed = time.perf_counter() - started
    if any(task.status != _COMPLETED for task in tasks):
        raise SystemExit("bench_sdk: a task did not complete")
    return elapsed


def _request() -> ImageToVideoRequest:
    return build_request(
        prompt=PROMPT,
        first_frame=FRAME,
        model=None,
        seconds=5,
        size=None,
        ratio=None,
        seed=None,
        watermark=None,
        generate_audio=None,
        return_last_frame=None,
        safety_identifier=None,
    )


def _bare_body() -> bytes:
    """The body the SDK sends, made once (bare httpx does no per-call work on it)."""
    return json.dumps(_request().to_dict(), separators=(",", ":")).encode()


async def _bare_one(http: httpx.AsyncClient, body: bytes) -> None:
    created = await http.post("/v1/videos", content=body)
    created.raise_for_status()
    task_id = created.json()["id"]
    while True:
        answer = await http.get(f"/v1/videos/{task_id}")
        answer.raise_for_status()
        status = answer.json()["status"]
        if status == _COMPLETED:
            return
        if status == _FAILED:
            raise SystemExit("bench_sdk: a bare task failed")
        await asyncio.sleep(POLL_SECONDS)


async def _bare_round(url: str, calls: int) -> float:
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    body = _bare_body()
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as http:
        started = time.perf_counter()
        await asyncio.gather(*(_bare_one(http, body) for _ in range(calls)))
        return time.perf_counter() - started


def measure(calls: int = 200, rounds: int = 3) -> SdkBench:
    """Both figures: validation cost, then ``rounds`` interleaved rounds of each flow."""
    cost = validation_us()
    sdk: list[float] = []
    bare: list[float] = []
    with serving_mock(key=KEY, task_seconds=TASK_SECONDS, name="bench_sdk") as url:
        asyncio.run(_bare_round(url, 5))  # warm up the mock's first requests
        for n in range(rounds):
            order = (sdk, bare) if n % 2 == 0 else (bare, sdk)
            for bucket in order:
                run = _sdk_round if bucket is sdk else _bare_round
                bucket.append(asyncio.run(run(url, calls)))
    return SdkBench(cost, calls, statistics.median(sdk), statistics.median(bare))


def report_lines(calls: int = 200, rounds: int = 3) -> list[str]:
    """:func:`measure`, as the markdown lines ``make bench`` adds to its report."""
    return measure(calls, rounds).markdown()


def main(argv: list[str] | None = None) -> int:
    """Print the SDK's figures as a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    result = measure(args.calls, args.rounds)
    print("\n".join(result.markdown()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
