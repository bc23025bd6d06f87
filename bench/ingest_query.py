"""Benchmark: this project vs a plain llama-index VectorStoreIndex over Chroma.

Not a test. Builds a corpus of articles derived from seeds/ (sentences of the seeds
recombined into new paragraphs, plus the two seeds themselves), then runs each system in
its own process on the same files with the same embedding model (the bundled MiniLM
int8 on ONNX Runtime) and prints, side by side:

- ingest throughput (chunks/s and articles/s; the two chunk differently),
- query latency p50/p95: retrieval only, and end to end with the extractive answer,
- peak memory (max RSS of the process).

The peer is llama-index's default path: SentenceSplitter defaults, VectorStoreIndex over a
ChromaVectorStore, `as_retriever(similarity_top_k=k)`. It has no extractive answerer, so
its end-to-end figure is its retrieval plus this project's extractive answer step over
the nodes it retrieved (stated as such in the output).

    python bench/ingest_query.py [--articles 150] [--queries 60]

With `--embedder hash` every system gets the same free, deterministic embedder instead of
the model (bench/scale.py's hashed bags of words): what is left is each pipeline's own
cost, which is what grows with the corpus (try --articles 10000).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import write_section

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "What happened to Russian oil shipments to Pakistan?",
    "What three things must Pakistan do to expand ties with Russia?",
    "Who is the new Russian ambassador to Pakistan?",
    "Where did Putin and Sharif meet?",
    "How much is trade between Russia and Pakistan?",
    "What did Donald Lu tell Congress?",
    "Why won't Russia let Pakistan into BRICS?",
    "Which transport corridor was used for the barter trials?",
    "Who is the prime minister of India?",
    "How do I bake bread?",
]


def build_corpus(folder: Path, articles: int, seed: int = 7) -> None:
    """The seeds plus `articles` new ones made of the seeds' sentences, reshuffled."""
    from rag.text import sentence_spans

    rng = random.Random(seed)
    sentences = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text, encoding="utf-8")
        sentences += [text[a:b] for a, b in sentence_spans(text) if b - a > 40]
    for i in range(articles):
        paragraphs = [" ".join(rng.sample(sentences, rng.randint(2, 5))) for _ in range(rng.randint(5, 10))]
        title = f"Derived article {i}: " + " ".join(rng.sample(sentences, 1)[0].split()[:8])
        (folder / f"derived-{i:05d}.txt").write_text(title + "\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")


def _percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100)
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2)}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_project(corpus: Path, data: Path, queries: int) -> dict:
    from rag import Assistant, Settings

    settings = Settings(_env_file=None, data_dir=data)
    assistant = Assistant.from_settings(settings, embedder=_embedder(settings))
    started = time.perf_counter()
    report = assistant.ingest([corpus])
    ingest_s = time.perf_counter() - started
    assert report.ok, report.failed
    retrieval, total = [], []
    for i in range(queries + 5):
        q = QUESTIONS[i % len(QUESTIONS)]
        t0 = time.perf_counter()
        assistant.retrieve(q)
        t1 = time.perf_counter()
        assistant.ask(q)
        t2 = time.perf_counter()
        if i >= 5:  # warm-up
            retrieval.append((t1 - t0) * 1000)
            total.append((t2 - t1) * 1000)
    files = report.added + report.updated
    model_s = None if HASHED else _model_alone(assistant, corpus)
    return {
        "model_chunks_per_s": round(report.chunks / model_s, 1) if model_s else None,
        "chunks": report.chunks, "articles": files, "ingest_s": round(ingest_s, 2),
        "chunks_per_s": round(report.chunks / ingest_s, 1), "articles_per_s": round(files / ingest_s, 2),
        "retrieve_ms": _percentiles(retrieval), "end_to_end_ms": _percentiles(total), "peak_mb": round(_peak_mb()),
    }


HASHED = os.environ.get("BENCH_EMBEDDER") == "hash"  # set for the children by --embedder


def _embedder(settings):
    if HASHED:
        from scale import HashEmbedder

        return HashEmbedder()
    from rag.embed import make_embedder

    return make_embedder(settings)


def _model_alone(assistant, corpus: Path) -> float:
    """Seconds the embedding model alone takes over the same chunks, in ingest's batches."""
    from rag.chunk import chunk_article
    from rag.ingest import COMMIT_CHUNKS
    from rag.load import discover, load_article

    settings = assistant.settings
    texts = [c.text for path in discover([corpus])
             for c in chunk_article(load_article(path), settings.chunk_size, settings.chunk_overlap)]
    started = time.perf_counter()
    for i in range(0, len(texts), COMMIT_CHUNKS):
        assistant.embedder.embed(texts[i : i + COMMIT_CHUNKS])
    return time.perf_counter() - started


def run_peer(corpus: Path, data: Path, queries: int, same_chunking: bool = False) -> dict:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import (
        QueryBundle,
        SimpleDirectoryReader,
        StorageContext,
        VectorStoreIndex,
    )
    from llama_index.core.embeddings import BaseEmbedding
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from rag import Settings
    from rag.answer import ExtractiveAnswerer
    from rag.catalog import Catalog
    from rag.schema import Passage

    settings = Settings(_env_file=None, data_dir=data)
    ours = _embedder(settings)

    class SameModel(BaseEmbedding):
        """llama-index adapter over the very same embedding model."""

        def _get_query_embedding(self, query):
            return ours.embed([query])[0].tolist()

        def _get_text_embedding(self, text):
            return ours.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts):
            return ours.embed(texts).tolist()

        async def _aget_query_embedding(self, query):
            return self._get_query_embedding(query)

    embed_model = SameModel(model_name=ours.name, embed_batch_size=settings.embed_batch_size)
    client = chromadb.PersistentClient(path=str(data / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("peer"))
    started = time.perf_counter()
    documents = SimpleDirectoryReader(str(corpus)).load_data()
    # Defaults: SentenceSplitter(chunk_size=1024, chunk_overlap=200), of which MiniLM
    # embeds only the first 256 word pieces. "Same chunking" uses the project's sizes.
    splitter = [SentenceSplitter(chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap)] if same_chunking else None
    index = VectorStoreIndex.from_documents(
        documents, storage_context=StorageContext.from_defaults(vector_store=store), embed_model=embed_model,
        transformations=splitter,
    )
    ingest_s = time.perf_counter() - started
    chunks = store._collection.count()
    retriever = index.as_retriever(similarity_top_k=settings.top_k)
    # The extractive step needs IDF statistics; give it an empty catalog (IDF then is
    # uniform), which only makes its work lighter than in the project.
    answerer = ExtractiveAnswerer(Catalog(data / "empty-catalog.sqlite3"), settings)
    retrieval, total = [], []
    for i in range(queries + 5):
        q = QUESTIONS[i % len(QUESTIONS)]
        t0 = time.perf_counter()
        nodes = retriever.retrieve(q)
        t1 = time.perf_counter()
        vector = ours.embed([q])[0]
        nodes = retriever.retrieve(QueryBundle(q, embedding=vector.tolist()))
        passages = [
            Passage(n.node.node_id, n.node.ref_doc_id or "", "", "", n.node.get_content(), 0, 0, n.score or 0.0, dense=n.score)
            for n in nodes
        ]
        answerer.answer(q, passages)
        t2 = time.perf_counter()
        if i >= 5:
            retrieval.append((t1 - t0) * 1000)
            total.append((t2 - t1) * 1000)
    return {
        "chunks": chunks, "articles": len(documents), "ingest_s": round(ingest_s, 2),
        "chunks_per_s": round(chunks / ingest_s, 1), "articles_per_s": round(len(documents) / ingest_s, 2),
        "retrieve_ms": _percentiles(retrieval), "end_to_end_ms": _percentiles(total), "peak_mb": round(_peak_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150, help="derived articles besides the seeds")
    parser.add_argument("--queries", type=int, default=60, help="timed queries per system")
    parser.add_argument("--write", type=Path, metavar="MARKDOWN", help="also put the figures into this file (between bench markers)")
    parser.add_argument("--embedder", choices=["model", "hash"], default="model",
                        help="the bundled model (default), or a free hashed embedder for every system")
    parser.add_argument("--system", choices=list(SYSTEMS), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.system:  # child process: one system, figures as JSON on the last line
        print(json.dumps(SYSTEMS[args.system](args.corpus, args.data, args.queries)))
        return

    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        build_corpus(corpus, args.articles)
        results = {}
        for system in SYSTEMS:
            print(f"running {system}…", file=sys.stderr, flush=True)
            out = subprocess.run(
                [sys.executable, __file__, "--system", system, "--corpus", str(corpus),
                 "--data", str(Path(tmp) / system), "--queries", str(args.queries)],
                check=True, capture_output=True, text=True, env={**os.environ, "BENCH_EMBEDDER": args.embedder},
            ).stdout
            results[system] = json.loads(out.strip().splitlines()[-1])
    table = format_table(results, args)
    print("\n" + table)
    if args.write:
        write_section(args.write, "ingest-query" if args.embedder == "model" else "ingest-query-hash", table)


def format_table(results: dict, args) -> str:
    def figures(r: dict) -> dict[str, float]:
        return {
            "ingest seconds": r["ingest_s"], "ingest chunks/s": r["chunks_per_s"],
            "ingest articles/s": r["articles_per_s"],
            "retrieve p50 ms": r["retrieve_ms"]["p50"], "retrieve p95 ms": r["retrieve_ms"]["p95"],
            "end-to-end p50 ms": r["end_to_end_ms"]["p50"], "end-to-end p95 ms": r["end_to_end_ms"]["p95"],
            "peak memory MB": r["peak_mb"],
        }

    higher_is_better = {"ingest chunks/s", "ingest articles/s"}
    ours = figures(results["project"])
    peers = [name for name in results if name != "project"]
    lines = []
    print = lines.append
    print(f"Corpus: 2 seeds + {args.articles} derived articles; {args.queries} timed queries per system.")
    print("peer = llama-index VectorStoreIndex over Chroma with SentenceSplitter defaults (1024/200);")
    print("peer-same-chunks = the same with the project's chunk size/overlap. Same embedding model")
    print("for all. A peer's end-to-end figure is its retrieval plus this project's extractive step.")
    print("ratio = how many times better the project is (faster, more throughput, less memory).")
    project = results["project"]
    if project["model_chunks_per_s"]:
        overhead = 1 - project["chunks_per_s"] / project["model_chunks_per_s"]
        print(f"The embedding model alone, over the project's chunks: {project['model_chunks_per_s']} chunks/s; "
              f"the whole ingest: {project['chunks_per_s']} (pipeline overhead {overhead:.0%}).\n")
    else:
        print("Embedder: hashed bags of words for every system (no model): the pipelines' own cost.\n")
    header = f"{'':20}{'project':>10}" + "".join(f"{name:>18}{'ratio':>8}" for name in peers)
    print(header)
    rows = [("chunks", results["project"]["chunks"], [results[n]["chunks"] for n in peers])]
    for key, value in ours.items():
        rows.append((key, value, [figures(results[n])[key] for n in peers]))
    for key, value, others in rows:
        line = f"{key:20}{value:>10}"
        for other in others:
            ratio = "" if key == "chunks" else (value / other if key in higher_is_better else other / value)
            line += f"{other:>18}{ratio if ratio == '' else f'{ratio:.2f}x':>8}"
        print(line)
    return "\n".join(lines)


SYSTEMS = {
    "project": run_project,
    "peer": run_peer,
    "peer-same-chunks": lambda corpus, data, queries: run_peer(corpus, data, queries, same_chunking=True),
}


if __name__ == "__main__":
    main()
