"""Drift at scale: a generated 5.9 MB spec, 20,000 changed properties, and the whole family.

Usage: ``python scripts/bench_drift.py [--schemas 3000] [--paths 300] [--changes 20000]``.
Writes the generated specs (``contract_tests/drift/large.py``) to a scratch directory and runs
``seedance drift --no-client`` on them in a child process, twice: the spec against a copy with
one changed property, and against a copy with ``--changes`` changed properties. Prints, per
run, the wall seconds, the child's peak memory, the report size and the listed/omitted counts.
Then the family figure: ``seedance drift`` over every vendored page, each against a published
copy in a scratch directory (as the scheduled job compares them, the client analysis
included), with no page changed and with one enum value removed on every page; the median of
three runs (target: 3 s). ``lines()`` gives all of it as Markdown for ``scripts/bench.py``.
Nothing is asserted: figures on a shared machine vary.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from contract_tests.drift.large import change_properties, large_spec  # noqa: E402
from seedance.spec import dump_yaml  # noqa: E402
from seedance.spec.pages import vendored_pages  # noqa: E402

_DRIFT = "import sys; from seedance.drift import run_drift; sys.exit(run_drift(sys.argv[1:]))"
_FAMILY_RUNS = 3

_OVERLAY = "overlay: 1.0.0\ninfo: {title: bench, version: '1'}\nactions:\n" + (
    "  - target: $.info\n    update: {x-bench: true}\n"
)


def _run(vendored: Path, published: Path, scratch: Path) -> dict[str, float | int]:
    reports = scratch / f"reports-{published.stem}"
    overlay = scratch / "overlay.yaml"
    overlay.write_text(_OVERLAY, encoding="utf-8")
    argv = [
        "--upstream", str(published), "--vendored", str(vendored), "--no-client",
        "--overlay", str(overlay), "--ignore-file", str(scratch / "none.yaml"),
        "--reports-dir", str(reports),
    ]  # fmt: skip
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _DRIFT, *argv], capture_output=True, text=True, check=False
    )
    wall = time.monotonic() - started
    report = json.loads((reports / "drift.json").read_text(encoding="utf-8"))
    return {
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "report_kb": round((reports / "drift.json").stat().st_size / 1024),
        "listed": len(report["changes"]),
        "omitted": sum(report["omitted"].values()),
        "exit": done.returncode,
    }


def measure(schemas: int, paths: int, changes: int) -> list[tuple[str, dict[str, float | int]]]:
    """Both runs: (label, figures)."""
    base = large_spec(schemas, paths)
    with tempfile.TemporaryDirectory(prefix="seedance-bench-drift-") as raw:
        scratch = Path(raw)
        vendored = scratch / "vendored.yaml"
        vendored.write_text(dump_yaml(base, header=""), encoding="utf-8")
        size_mb = vendored.stat().st_size / 1e6
        results = []
        for count in (1, changes):
            published = scratch / f"published-{count}.yaml"
            published.write_text(dump_yaml(change_properties(base, count), header=""), "utf-8")
            label = f"{size_mb:.1f} MB spec ({schemas} schemas, {paths} paths), {count} changed"
            results.append((label, _run(vendored, published, scratch)))
            print(f"bench_drift: {label}: {results[-1][1]}", flush=True)
    return results


def _drop_an_enum_value(document: dict[str, object]) -> None:
    """Remove the last value of every enum of the page's components with more than two."""
    stack: list[object] = [document.get("components")]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            enum = node.get("enum")
            if isinstance(enum, list) and len(enum) > 2 and enum[-1] != node.get("default"):
                enum.pop()
                return
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def measure_family(runs: int = _FAMILY_RUNS) -> list[tuple[str, float, int, int]]:
    """``seedance drift --upstream DIR`` over every vendored page, unchanged and with a change
    on every page: (label, median wall seconds, exit code, changes)."""
    pages = vendored_pages()
    results = []
    with tempfile.TemporaryDirectory(prefix="seedance-bench-family-") as raw:
        scratch = Path(raw)
        for label, edit in (("no page changed", False), ("every page changed", True)):
            published = scratch / label.replace(" ", "-")
            published.mkdir()
            for page in pages:
                document = page.document()
                if edit:
                    _drop_an_enum_value(document)
                (published / f"{page.name}.json").write_text(json.dumps(document), "utf-8")
            reports = scratch / f"reports-{published.name}"
            argv = ["--upstream", str(published), "--reports-dir", str(reports)]
            walls, code = [], 0
            for _ in range(runs):
                started = time.monotonic()
                done = subprocess.run(
                    [sys.executable, "-c", _DRIFT, *argv],
                    capture_output=True, text=True, check=False,
                )  # fmt: skip
                walls.append(time.monotonic() - started)
                code = done.returncode
            report = json.loads((reports / "drift.json").read_text(encoding="utf-8"))
            results.append(
                (f"{len(pages)} pages, {label}", statistics.median(walls), code,
                 len(report["changes"]))
            )  # fmt: skip
            print(f"bench_drift: family, {label}: {[round(w, 2) for w in walls]} s", flush=True)
    return results


def lines(schemas: int = 3000, paths: int = 300, changes: int = 20_000) -> list[str]:
    """Markdown lines of every run (what ``scripts/bench.py`` adds to its report)."""
    out = [
        f"- `seedance drift` over the family ({label}): {wall:.2f} s wall, median of "
        f"{_FAMILY_RUNS} (target 3 s), {count} change(s), exit {code}"
        for label, wall, code, count in measure_family()
    ]
    for label, r in measure(schemas, paths, changes):
        out.append(
            f"- `seedance drift` on a {label}: {r['wall_s']} s wall, peak RSS "
            f"{r['peak_rss_mb']} MB, drift.json {r['report_kb']} KB, {r['listed']} listed + "
            f"{r['omitted']} omitted (exit {r['exit']})"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", type=int, default=3000)
    parser.add_argument("--paths", type=int, default=300)
    parser.add_argument("--changes", type=int, default=20_000)
    args = parser.parse_args(argv)
    print("\n".join(lines(args.schemas, args.paths, args.changes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
