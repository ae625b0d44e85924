"""``make bench``: the mock's validated create call against a ceiling and against Prism.

Serves, each in its own process on a free loopback port, (1) the mock gateway
(``python -m seedance.mock``, request log on, as ``make mock`` runs it), (2) a trivial
Starlette endpoint on the same uvicorn stack (``scripts/bench_ceiling.py``: the ceiling) and
(3) Stoplight Prism's mock (``@stoplight/prism-cli`` from npm, installed here only, into
``~/.cache/seedance-contract/prism``) on the same bundle. Then it POSTs the bundle's own
request example to ``/v1/videos`` on each, in interleaved rounds in rotating order (so
that a busy machine slows every target alike), with wrk (``apt-get install wrk`` when
missing and root) or, failing that, the asyncio load generator of
``scripts/bench_load.py``. Per target it reports the median requests/s and p99 latency over
the rounds, and the server's CPU time per request. Finally it times the feedback loops,
``make contract-test`` against the embedded mock (every vendored model, then the seed's
model alone), a ``seedance batch`` of 200 jobs and the batch's bookkeeping over 100,000 jobs
(``scripts/bench_batch.py``, ``--no-batch`` leaves them out) and ``make test`` (three runs
each, the median reported with every run's wall and CPU seconds; ``--no-make-test`` leaves
the long one out), and runs the other benchmarks listed in :data:`SECTIONS` (the SDK's, the
batch's, drift's), each adding its own section (``--only-mock`` leaves them out).

Prints a table and writes ``reports/bench.md``, and the same report into the figures section
of ``docs/benchmarks.md`` (``scripts/bench_docs.py``; ``--no-docs`` leaves the page alone).
Exit status 0 unless a server failed to start or answered the create call with something
other than 2xx; the targets (mock at least 85% of the ceiling and 3x Prism, contract-test
within 15 s for the whole family and 5 s for the seed's model, make test within 120 s) are
reported, not enforced, since figures on a shared machine vary. Other benchmarks can time
their own commands with :func:`time_command`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_docs import write_figures
from bench_load import run_load

from seedance.spec import BUNDLE_PATH, load_bundle, operations

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "reports" / "bench.md"
CACHE = Path(os.environ.get("SEEDANCE_BENCH_CACHE", Path.home() / ".cache" / "seedance-contract"))
PRISM_PACKAGE = "@stoplight/prism-cli@5"
MOCK_KEY = "sk-mock"
#: Issue #20 (Speed): the mock's create call at least 85% of the ceiling's requests/s, same run.
TARGET_CEILING_SHARE = 0.85
TARGET_PRISM_FACTOR = 3.0
#: Issue #13's feedback targets, seconds of wall time on 2 cores.
#: ``make contract-test``: the whole vendored family (issue #20), and the seed's model alone.
TARGET_CONTRACT_TEST_SECONDS = 15.0
TARGET_SEED_MODEL_CONTRACT_TEST_SECONDS = 5.0
TARGET_MAKE_TEST_SECONDS = 120.0
#: A replay of the committed recording, with no network (issue #21: "in seconds", < 10 s).
TARGET_REPLAY_SECONDS = 10.0
COMMITTED_RECORDING = REPO / "recordings" / "mock"
MAKE = ["make", "--no-print-directory"]
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Target:
    """One server under test."""

    name: str
    what: str
    argv: list[str]
    port: int
    process: subprocess.Popen[bytes] | None = None
    rounds: list[tuple[float, float, int, int]] = field(default_factory=list)
    cpu_seconds: float = 0.0
    first_status: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def median_rps(self) -> float:
        return statistics.median(r[0] for r in self.rounds) if self.rounds else 0.0

    def median_p99(self) -> float:
        return statistics.median(r[1] for r in self.rounds) if self.rounds else 0.0

    def requests(self) -> int:
        return sum(r[2] for r in self.rounds)

    def non_2xx(self) -> int:
        return sum(r[3] for r in self.rounds)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _create_request() -> tuple[str, bytes]:
    """The create operation's path and the bundle's first request example, as JSON."""
    spec = load_bundle()
    (create,) = [op for op in operations(spec).values() if op.request_schema is not None]
    media = spec["paths"][create.path][create.method.lower()]["requestBody"]["content"]
    examples = media["application/json"].get("examples") or {}
    if not examples:
        raise SystemExit("bench: the bundle has no request example for the create operation")
    body = next(iter(examples.values()))["value"]
    return create.path, json.dumps(body, separators=(",", ":")).encode()


def _ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("bench: installing wrk with apt-get …", flush=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, check=False, timeout=600
    )
    return shutil.which("wrk")


def _ensure_prism() -> Path | None:
    prism = CACHE / "prism" / "node_modules" / ".bin" / "prism"
    if prism.exists():
        return prism
    npm = shutil.which("npm")
    if not npm:
        return None
    print(f"bench: installing {PRISM_PACKAGE} into {prism.parents[2]} …", flush=True)
    prism.parents[2].mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "install", "--prefix", str(prism.parents[2]), "--no-audit", "--no-fund",
         "--loglevel=error", PRISM_PACKAGE],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    if result.returncode != 0:
        print(f"bench: npm install failed: {result.stderr[-500:]}", file=sys.stderr)
        return None
    return prism if prism.exists() else None


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def _serving(target: Target, env: dict[str, str]) -> Iterator[Target]:
    target.process = subprocess.Popen(
        target.argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield target
    finally:
        target.process.terminate()
        try:
            target.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            target.process.kill()
            target.process.wait(timeout=10)


def _wait_ready(target: Target, path: str, body: bytes, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    headers = {"Authorization": f"Bearer {MOCK_KEY}", "Content-Type": "application/json"}
    while time.monotonic() < deadline:
        if target.process is not None and target.process.poll() is not None:
            raise SystemExit(f"bench: {target.name} exited with {target.process.returncode}")
        try:
            response = httpx.post(target.url + path, content=body, headers=headers, timeout=5)
        except httpx.HTTPError:
            time.sleep(0.25)
            continue
        target.first_status = response.status_code
        return
    raise SystemExit(f"bench: {target.name} did not answer on {target.url} within {timeout:g}s")


def _wrk_round(
    wrk: str, script: Path, url: str, seconds: float, connections: int
) -> tuple[float, float, int, int]:
    result = subprocess.run(
        [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "-s", str(script), url],
        capture_output=True, text=True, check=False, timeout=seconds + 60,
    )  # fmt: skip
    out = result.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    total = re.search(r"(\d+) requests in", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if not (rps and p99 and total):
        raise SystemExit(f"bench: cannot read wrk's output:\n{out}\n{result.stderr}")
    return (
        float(rps.group(1)),
        float(p99.group(1)) * _UNITS[p99.group(2)],
        int(total.group(1)),
        int(bad.group(1)) if bad else 0,
    )


def _lua(path: str, body: bytes, directory: Path) -> Path:
    script = directory / "post.lua"
    text = body.decode()
    if "]==]" in text:
        raise SystemExit("bench: the request example cannot be quoted for wrk")
    script.write_text(
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {MOCK_KEY}"\n'
        f"wrk.body = [==[{text}]==]\n"
    )
    return script


@dataclass(frozen=True)
class Timing:
    """Wall and CPU seconds of one command, over several runs (medians reported)."""

    command: str
    wall: tuple[float, ...]
    cpu: tuple[float, ...]
    failures: int

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    def line(self, label: str, target: float) -> str:
        """One report line: the median against the target, every run, CPU time."""
        runs = ", ".join(f"{w:.1f}" for w in self.wall)
        ok = "✅" if self.median_wall <= target and not self.failures else "❌"
        outcome = "passed" if not self.failures else f"{self.failures} run(s) failed"
        return (
            f"- {label} wall time: **{self.median_wall:.1f} s** median of {len(self.wall)} "
            f"({runs} s; target ≤ {target:g} s) {ok}; CPU {self.median_cpu:.1f} s median "
            f"(user + system, every process); {outcome}"
        )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(argv: list[str], runs: int, timeout: float = 1800) -> Timing:
    """Run ``argv`` from the repository root ``runs`` times; wall and CPU seconds of each."""
    wall: list[float] = []
    cpu: list[float] = []
    failures = 0
    for number in range(1, runs + 1):
        cpu_before, started = _children_cpu(), time.monotonic()
        result = subprocess.run(
            argv, cwd=REPO, capture_output=True, text=True, check=False, timeout=timeout
        )
        wall.append(time.monotonic() - started)
        cpu.append(_children_cpu() - cpu_before)
        failures += result.returncode != 0
        state = "ok" if result.returncode == 0 else f"exit status {result.returncode}"
        print(
            f"bench: {' '.join(argv)} run {number}/{runs}: {wall[-1]:.1f} s wall, "
            f"{cpu[-1]:.1f} s CPU ({state})",
            flush=True,
        )
        if result.returncode != 0:
            print(result.stdout[-2000:] + result.stderr[-2000:], file=sys.stderr)
    return Timing(" ".join(argv), tuple(wall), tuple(cpu), failures)


def _targets(prism: Path | None) -> list[Target]:
    python = sys.executable
    mock_port, ceiling_port, prism_port = _free_port(), _free_port(), _free_port()
    targets = [
        Target(
            "mock",
            "seedance mock: auth, JSON parse, schema validation, task store, request log",
            [python, "-m", "seedance.mock", "--port", str(mock_port), "--task-seconds", "3"],
            mock_port,
        ),
        Target(
            "ceiling",
            "trivial Starlette endpoint, same uvicorn stack (scripts/bench_ceiling.py)",
            [python, str(REPO / "scripts" / "bench_ceiling.py"), "--port", str(ceiling_port)],
            ceiling_port,
        ),
    ]
    if prism is not None:
        targets.append(
            Target(
                "prism",
                f"Stoplight Prism mock ({PRISM_PACKAGE}), same bundle, logging silenced",
                [
                    str(prism),
                    "mock",
                    str(BUNDLE_PATH),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(prism_port),
                    "--verboseLevel",
                    "silent",
                ],
                prism_port,
            )
        )
    return targets


def _versions(prism: Path | None, wrk: str | None) -> dict[str, str]:
    import uvicorn

    found = {"python": platform.python_version(), "uvicorn": uvicorn.__version__}
    for module in ("uvloop", "httptools"):
        spec = importlib.util.find_spec(module)
        found[module] = "installed" if spec else "absent"
    if wrk:
        head = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
        found["wrk"] = (head.stdout or head.stderr).split(" [")[0].split()[-1]
    if prism:
        out = subprocess.run([str(prism), "--version"], capture_output=True, text=True, check=False)
        found["prism"] = out.stdout.strip()
    return found


def _table(targets: list[Target]) -> list[str]:
    rows = [
        "| target | requests/s (median) | p99 ms (median) | server CPU µs/request "
        "| non-2xx | what |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for t in targets:
        cpu = t.cpu_seconds / t.requests() * 1e6 if t.requests() else 0.0
        rows.append(
            f"| {t.name} | {t.median_rps():,.0f} | {t.median_p99():.2f} | {cpu:.0f} | "
            f"{t.non_2xx()} | {t.what} |"
        )
    return rows


def _verdicts(targets: dict[str, Target]) -> list[str]:
    mock = targets["mock"].median_rps()
    lines = []
    share = mock / targets["ceiling"].median_rps() if targets["ceiling"].median_rps() else 0
    ok = "✅" if share >= TARGET_CEILING_SHARE else "❌"
    lines.append(f"- mock / ceiling: **{share:.0%}** (target ≥ {TARGET_CEILING_SHARE:.0%}) {ok}")
    if "prism" in targets and targets["prism"].median_rps():
        factor = mock / targets["prism"].median_rps()
        ok = "✅" if factor >= TARGET_PRISM_FACTOR else "❌"
        lines.append(f"- mock / Prism: **{factor:.1f}x** (target ≥ {TARGET_PRISM_FACTOR:g}x) {ok}")
    else:
        lines.append("- mock / Prism: not measured (npm or the Prism install was not available)")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table; write reports/bench.md and docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per target")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per round")
    parser.add_argument("--connections", type=int, default=16, help="keep-alive connections")
    parser.add_argument("--no-prism", action="store_true", help="leave Prism out")
    parser.add_argument("--no-contract-test", action="store_true", help="do not time it")
    parser.add_argument("--no-make-test", action="store_true", help="do not time `make test`")
    parser.add_argument("--no-batch", action="store_true", help="do not time `seedance batch`")
    parser.add_argument(
        "--timing-runs", type=int, default=3, help="runs of each timed make target (median)"
    )
    parser.add_argument(
        "--only-mock", action="store_true", help="leave the SDK, batch and drift benchmarks out"
    )
    parser.add_argument("--output", type=Path, default=REPORT)
    parser.add_argument(
        "--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md's figures"
    )
    args = parser.parse_args(argv)

    path, body = _create_request()
    wrk = _ensure_wrk()
    prism = None if args.no_prism else _ensure_prism()
    dropped = ("SEEDANCE_API_KEY", "MOCK_TASK_SECONDS")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    targets = _targets(prism)
    load_avg = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        script = _lua(path, body, Path(tmp))
        for target in targets:
            stack.enter_context(_serving(target, env))
        for target in targets:
            _wait_ready(target, path, body)
            print(f"bench: {target.name} ready on {target.url} (create → {target.first_status})")
        for target in targets:  # warm-up
            _measure(
                target, body, path=path, wrk=wrk, script=script,
                seconds=min(1.0, args.seconds), connections=args.connections,
            )  # fmt: skip
            target.rounds.clear()
        for number in range(1, args.rounds + 1):
            shift = number % len(targets)  # rotate the order so no target always goes first
            for target in targets[shift:] + targets[:shift]:
                assert target.process is not None
                before = _cpu_seconds(target.process.pid)
                _measure(
                    target, body, path=path, wrk=wrk, script=script, seconds=args.seconds,
                    connections=args.connections,
                )  # fmt: skip
                target.cpu_seconds += _cpu_seconds(target.process.pid) - before
                rps, p99, _, bad = target.rounds[-1]
                print(
                    f"bench: round {number}/{args.rounds} {target.name:8} "
                    f"{rps:10,.0f} req/s  p99 {p99:7.2f} ms  non-2xx {bad}",
                    flush=True,
                )
    timings = _feedback_timings(args)
    sections = _section_lines(args)
    by_name = {t.name: t for t in targets}
    lines = _report(
        args, targets, by_name, wrk=wrk, prism=prism, load_avg=load_avg, timings=timings,
    )  # fmt: skip
    lines += sections
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n")
    print("\n".join(lines[2:]))
    print(f"\nbench: wrote {args.output}")
    if not args.no_docs:
        print(f"bench: wrote the figures of {write_figures(lines)}")
    failed = by_name["mock"].first_status // 100 != 2 or by_name["mock"].non_2xx()
    return 1 if failed else 0


#: The other benchmarks ``make bench`` runs: (module in scripts/, its function returning the
#: markdown lines of its report section). Each module can also be run alone.
SECTIONS: tuple[tuple[str, str], ...] = (("bench_sdk", "report_lines"), ("bench_drift", "lines"))


def _section_lines(args: argparse.Namespace) -> list[str]:
    """Run every benchmark of :data:`SECTIONS` (unless ``--only-mock``); their report lines."""
    lines: list[str] = []
    if args.only_mock:
        return lines
    for module_name, function in SECTIONS:
        print(f"bench: running {module_name}.{function} …", flush=True)
        module = importlib.import_module(module_name)
        lines += ["", *getattr(module, function)()]
    return lines


def _feedback_timings(args: argparse.Namespace) -> list[str]:
    """Report lines for `make contract-test` and `make test` (issue #13's targets)."""
    lines = []
    if args.no_contract_test:
        lines.append("- `make contract-test` wall time: skipped (--no-contract-test)")
    elif importlib.util.find_spec("seedance.contract") is None:
        lines.append("- `make contract-test` wall time: skipped, seedance.contract is missing")
    else:
        from seedance._models import catalogue

        cat = catalogue()
        timing = time_command([*MAKE, "contract-test"], args.timing_runs)
        lines.append(
            timing.line(
                f"`make contract-test` (embedded mock, the family: {len(cat.models)} models, "
                f"{len(cat.pages)} model/mode pages)",
                TARGET_CONTRACT_TEST_SECONDS,
            )
        )
        seed = f"MODELS={cat.default_model}"
        timing = time_command([*MAKE, "contract-test", seed], args.timing_runs)
        lines.append(
            timing.line(
                f"`make contract-test {seed}` (the seed's model alone)",
                TARGET_SEED_MODEL_CONTRACT_TEST_SECONDS,
            )
        )
        lines += _replay_lines(args)
    if not args.no_batch:
        from bench_batch import bench_batch, bench_bookkeeping

        lines.append(bench_batch().line())
        lines += bench_bookkeeping().lines()
    if args.no_make_test:
        lines.append("- `make test` wall time: skipped (--no-make-test)")
    else:
        timing = time_command([*MAKE, "test"], args.timing_runs)
        lines.append(timing.line("`make test`", TARGET_MAKE_TEST_SECONDS))
    return lines


def _replay_lines(args: argparse.Namespace) -> list[str]:
    """Report lines for the committed recording: its size, and the time to replay it."""
    cassette = COMMITTED_RECORDING / "cassette.har"
    if not cassette.is_file():
        return [f"- replay: skipped, {COMMITTED_RECORDING.relative_to(REPO)} is missing"]
    size = sum(p.stat().st_size for p in COMMITTED_RECORDING.iterdir())
    entries = len(json.loads(cassette.read_text(encoding="utf-8"))["log"]["entries"])
    replay = f"REPLAY={COMMITTED_RECORDING.relative_to(REPO)}"
    timing = time_command([*MAKE, "contract-test", replay], args.timing_runs)
    return [
        f"- the committed recording of a run against the embedded mock: {entries} "
        f"exchanges, {size / 1024:.0f} KB (cassette {cassette.stat().st_size / 1024:.0f} KB)",
        timing.line(f"`make contract-test {replay}` (sends nothing)", TARGET_REPLAY_SECONDS),
    ]


def _measure(
    target: Target, body: bytes, *, path: str, wrk: str | None, script: Path, seconds: float,
    connections: int,
) -> None:  # fmt: skip
    url = target.url + path
    if wrk:
        target.rounds.append(_wrk_round(wrk, script, url, seconds, connections))
        return
    headers = {"Authorization": f"Bearer {MOCK_KEY}", "Content-Type": "application/json"}
    result = run_load(url, body, headers, connections=connections, seconds=seconds)
    target.rounds.append((result.rps, result.p99_ms, result.requests, result.non_2xx))


def _report(
    args: argparse.Namespace, targets: list[Target], by_name: dict[str, Target], *,
    wrk: str | None, prism: Path | None, load_avg: tuple[float, float, float],
    timings: list[str],
) -> list[str]:  # fmt: skip
    versions = _versions(prism, wrk)
    generator = "wrk -t1" if wrk else "scripts/bench_load.py (asyncio)"
    lines = [
        "# Benchmark: the mock's validated create call",
        "",
        f"`make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"load average {load_avg[0]:.1f} at start; `POST /v1/videos` with the bundle's "
        f"request example over loopback; {generator}, {args.connections} connections, "
        f"{args.rounds} interleaved rounds of {args.seconds:g} s per target (medians).",
        "",
        *_table(targets),
        "",
        *_verdicts(by_name),
        *timings,
        f"- load average when the timings ended: {os.getloadavg()[0]:.1f}",
    ]
    lines += [
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
        "Figures vary with the machine's load: compare the targets within one run, not runs.",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
