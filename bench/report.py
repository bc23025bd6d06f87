"""Put a benchmark's figures into BENCHMARKS.md, between its own pair of markers, so
`make bench` regenerates every section and leaves the prose around them alone."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path


def write_section(markdown: Path, name: str, figures: str) -> None:
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    text = markdown.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise SystemExit(f"{markdown} has no {start} … {end} markers for these figures")
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    block = f"{start}\nMeasured {time.strftime('%Y-%m-%d')} on {machine}.\n\n```\n{figures}\n```\n{end}"
    markdown.write_text(head + block + tail, encoding="utf-8")
