"""Keyword retrieval side by side: SQLite's FTS5 BM25 (the embedded default) and
PostgreSQL's (shared mode, rag.catalog.pg_keywords, ranking as FTS5 does), on every gold set.

Both catalogs get the same chunks and terms as `rag ingest` makes them (no embeddings:
only the keyword side is compared). For each answerable gold question, a hit at k is a
top-k keyword result that overlaps a gold passage; recall@k is the share of questions
with a hit, MRR the mean of 1/rank of the first hit.

    python bench/keyword_recall.py --database-url postgresql://postgres@127.0.0.1:55432/postgres \\
        [--corpora .corpora] [--sets seeds git perlfaq debref]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
import tomllib
from pathlib import Path

from rag.catalog import Catalog
from rag.catalog.postgres import drop, open_catalog
from rag.chunk import chunk_article, heading
from rag.config import Settings
from rag.load import discover, load_article
from rag.text import terms

ROOT = Path(__file__).resolve().parents[1]
KS = (1, 5, 20)


def fill(catalogs: list, corpus: Path, settings: Settings) -> dict[str, str]:
    """Load and chunk the corpus into every catalog; file name -> article text's doc_id."""
    names = {}
    for path in discover([corpus]):
        article = load_article(path)
        chunks = chunk_article(article, settings.chunk_size, settings.chunk_overlap)
        located = [terms(f"{heading(article.title, c.section)}\n{c.text}") for c in chunks]
        for catalog in catalogs:
            catalog.put_article(article, chunks, located)
        names[path.name] = article.doc_id
    return names


def gold_spans(case: dict, names: dict[str, str], catalog) -> list[tuple[str, int, int]]:
    spans = []
    for passage in case.get("gold_passages", []):
        doc_id = names.get(Path(passage["source"]).name)
        article = catalog.article(doc_id) if doc_id else None
        # (whitespace apart: a quote from hard-wrapped text is written on one line)
        pattern = r"\s+".join(re.escape(word) for word in passage["quote"].split())
        found = re.search(pattern, article.text) if article else None
        if found:
            spans.append((doc_id, found.start(), found.end()))
    return spans


def measure(catalog, cases: list[dict], names: dict[str, str]) -> dict[str, float]:
    found = {k: 0 for k in KS}
    reciprocal, asked, seconds = 0.0, 0, 0.0
    for case in cases:
        spans = gold_spans(case, names, catalog)
        if not case.get("answerable") or not spans:
            continue
        asked += 1
        started = time.perf_counter()
        ranked = catalog.keyword_search(terms(case["question"]), max(KS))
        seconds += time.perf_counter() - started
        chunks = catalog.chunks(ranked)
        first = next((rank for rank, chunk_id in enumerate(ranked, 1) if chunk_id in chunks and any(
            chunks[chunk_id][0].doc_id == d and chunks[chunk_id][0].start < e and s < chunks[chunk_id][0].end
            for d, s, e in spans)), None)
        for k in KS:
            found[k] += first is not None and first <= k
        reciprocal += 1 / first if first else 0
    return {"questions": asked, **{f"recall@{k}": found[k] / asked for k in KS}, "mrr": reciprocal / asked,
            "ms/query": 1000 * seconds / asked}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--corpora", type=Path, default=ROOT / ".corpora")
    parser.add_argument("--sets", nargs="*", default=["seeds", "git", "perlfaq", "debref"])
    args = parser.parse_args()
    sets = tomllib.loads((ROOT / "eval" / "sets.toml").read_text())
    settings = Settings(_env_file=None)
    rows = []
    for name in args.sets:
        spec = sets[name]
        corpus = ROOT / spec["corpus"] if name == "seeds" else args.corpora / Path(spec["corpus"]).name
        cases = [json.loads(line) for line in (ROOT / spec["cases"]).read_text().splitlines() if line.strip()]
        key = f"recall{name}"
        with tempfile.TemporaryDirectory() as folder:
            drop(args.database_url, key)
            sqlite, postgres = Catalog(Path(folder) / "catalog.sqlite3"), open_catalog(args.database_url, key)
            names = fill([sqlite, postgres], corpus, settings)
            for engine, catalog in (("SQLite FTS5 BM25", sqlite), ("PostgreSQL BM25", postgres)):
                rows.append((name, engine, catalog.chunk_count(), measure(catalog, cases, names)))
            sqlite.close()
            drop(args.database_url, key)
    print(f"| set | engine | chunks | questions | {' | '.join(f'recall@{k}' for k in KS)} | MRR | ms/query |")
    print("|---|---|---|---|" + "---|" * len(KS) + "---|---|")
    for name, engine, chunks, m in rows:
        print(f"| {name} | {engine} | {chunks} | {m['questions']} | "
              + " | ".join(f"{m[f'recall@{k}']:.2f}" for k in KS) + f" | {m['mrr']:.2f} | {m['ms/query']:.1f} |")


if __name__ == "__main__":
    main()
