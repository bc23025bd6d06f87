"""Benchmark: how long `rag` takes to start and finish short commands. Not a test.

Runs each command several times as a fresh process (as a user does) over an index of
seeds/ in a temporary data directory, and prints the median wall time and the median CPU
time (user + system) of each. CPU time is the steadier figure on a busy machine: waiting
for a core counts in wall time only.

To compare two versions under the same conditions, give `--before DIR`: a folder holding
another version's `rag/` package (for example `git archive OLD rag | tar -x -C DIR`). Runs
of the two alternate, so both see the same load, and the ratio of the medians is printed.

    python bench/startup.py [--runs 9] [--before /tmp/old] [--write BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import write_section

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "What happened to Russian oil shipments to Pakistan?"
CLI = ["-c", "from rag.cli import main; main()"]  # what the `rag` script runs
COMMANDS = {
    "import rag": ["-c", "import rag"],
    "rag --help": [*CLI, "--help"],
    "rag ask --help": [*CLI, "ask", "--help"],
    "rag sources": [*CLI, "sources"],
    "rag ask --json": [*CLI, "ask", "--json", QUESTION],
}


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `python ARGS`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, cwd=env["RAG_DATA_DIR"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--before", type=Path, help="a folder holding an older rag/ package to compare with")
    parser.add_argument("--only", nargs="+", choices=list(COMMANDS), help="measure only these commands")
    parser.add_argument("--write", type=Path, metavar="MARKDOWN", help="also put the figures into this file (between bench markers)")
    args = parser.parse_args()
    versions = {"now": ROOT}
    if args.before:
        versions = {"before": args.before.resolve(), **versions}
    commands = {name: COMMANDS[name] for name in (args.only or COMMANDS)}
    with tempfile.TemporaryDirectory(prefix="rag-startup-bench-") as data:
        base_env = {**os.environ, "RAG_DATA_DIR": data}
        base_env.pop("PYTHONPATH", None)
        subprocess.run([sys.executable, *CLI, "ingest", str(ROOT / "seeds")], env={**base_env, "PYTHONPATH": str(ROOT)},
                       cwd=data, check=True, capture_output=True)
        figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for name, command in commands.items():
            for _version, src in versions.items():  # one unmeasured run each: disk caches warm
                subprocess.run([sys.executable, *command], env={**base_env, "PYTHONPATH": str(src)}, cwd=data, capture_output=True)
            for _ in range(args.runs):
                for version, src in versions.items():  # alternating, so both see the same load
                    figures.setdefault((name, version), []).append(timed(command, {**base_env, "PYTHONPATH": str(src)}))
            print(_row(name, figures, versions), flush=True)
    load = os.getloadavg()[0]
    lines = [f"median of {args.runs} runs each, seconds (wall / CPU); load average {load:.1f} at the end"]
    if args.before:
        lines.append(f"{'':<16}{'before':>16}{'now':>16}{'ratio':>14}")
    lines += [_row(name, figures, versions) for name in commands]
    print("\n".join(lines[:2]))
    if args.write:
        write_section(args.write, "startup", "\n".join(lines))


def _row(name: str, figures: dict, versions: dict) -> str:
    cells, medians = [], []
    for version in versions:
        runs = figures[(name, version)]
        wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        medians.append((wall, cpu))
        cells.append(f"{wall:>7.2f} / {cpu:<6.2f}")
    row = f"{name:<16}" + "".join(f"{c:>16}" for c in cells)
    if len(medians) == 2:
        (w0, c0), (w1, c1) = medians
        row += f"{w0 / w1:>7.1f}x / {c0 / c1:.1f}x"
    return row


if __name__ == "__main__":
    main()
