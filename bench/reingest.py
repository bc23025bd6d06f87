"""Benchmark: ingesting again after edits and after a move, this project vs llama-index.

Not a test. A user's articles change a little at a time: a paragraph is fixed, a folder
is renamed. Over a copy of a real corpus (default: .corpora/docutils, from `make
corpora`) each system ingests three times, and the bench prints, side by side, the
seconds and the chunks embedded for:

- first: the whole corpus, from nothing;
- edit: again, after one sentence was added to the middle paragraph of every file;
- move: again, after the folder was renamed.

The peer is llama-index's incremental path: an IngestionPipeline (SentenceSplitter at the
project's chunk size, the same embedding model) with a document store (strategy
upserts-and-delete, documents named by their paths) over Chroma. It skips a document
whose text is unchanged and re-embeds every chunk of one that changed. The project keeps
the vector of every chunk whose text it already holds (see rag/ingest.py). Both run in
one process, one after the other, on the bundled MiniLM (int8, ONNX Runtime).

    python bench/reingest.py [--corpus .corpora/docutils] [--write BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from report import write_section

ROOT = Path(__file__).resolve().parents[1]
ADDED = " This sentence was added by an edit."


def edit_every_file(folder: Path) -> None:
    """Add a sentence at the end of the paragraph nearest each file's middle."""
    for path in sorted(folder.rglob("*.*")):
        text = path.read_text(encoding="utf-8")
        at = text.find("\n\n", len(text) // 2)
        at = at if at > 0 else len(text.rstrip())
        path.write_text(text[:at] + ADDED + text[at:], encoding="utf-8")


def run_project(folder: Path, data: Path) -> dict:
    from rag import Assistant, Settings

    assistant = Assistant.from_settings(Settings(_env_file=None, data_dir=data))
    assistant.embedder.embed(["warm up"])
    steps = {}

    def ingest(step: str, where: Path) -> None:
        started = time.perf_counter()
        report = assistant.ingest([where])
        assert report.ok, report.failed
        steps[step] = {"seconds": time.perf_counter() - started, "embedded": report.embedded, "chunks": report.chunks}

    ingest("first", folder)
    edit_every_file(folder)
    ingest("edit", folder)
    ingest("move", folder.rename(folder.with_name("moved")))
    assistant.close()
    return steps


def run_peer(folder: Path, data: Path) -> dict:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader
    from llama_index.core.embeddings import BaseEmbedding
    from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.storage.docstore import SimpleDocumentStore
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from rag import Settings
    from rag.embed import make_embedder

    settings = Settings(_env_file=None, data_dir=data)
    ours = make_embedder(settings)
    embedded = [0]

    class SameModel(BaseEmbedding):
        """llama-index adapter over the very same embedding model, counting its texts."""

        def _get_query_embedding(self, query):
            return ours.embed([query])[0].tolist()

        def _get_text_embedding(self, text):
            return self._get_text_embeddings([text])[0]

        def _get_text_embeddings(self, texts):
            embedded[0] += len(texts)
            return ours.embed(texts).tolist()

        async def _aget_query_embedding(self, query):
            return self._get_query_embedding(query)

    ours.embed(["warm up"])
    client = chromadb.PersistentClient(path=str(data / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("peer"))
    pipeline = IngestionPipeline(
        transformations=[SentenceSplitter(chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap),
                         SameModel(model_name=ours.name, embed_batch_size=settings.embed_batch_size)],
        docstore=SimpleDocumentStore(), vector_store=store, docstore_strategy=DocstoreStrategy.UPSERTS_AND_DELETE,
    )
    steps = {}

    def ingest(step: str, where: Path) -> None:
        embedded[0] = 0
        started = time.perf_counter()
        nodes = pipeline.run(documents=SimpleDirectoryReader(str(where), filename_as_id=True).load_data())
        steps[step] = {"seconds": time.perf_counter() - started, "embedded": embedded[0], "chunks": len(nodes)}

    ingest("first", folder)
    edit_every_file(folder)
    ingest("edit", folder)
    ingest("move", folder.rename(folder.with_name("moved")))
    return steps


def table(corpus: Path, project: dict, peer: dict) -> str:
    files = sum(1 for _ in corpus.rglob("*.*"))
    lines = [
        f"Corpus: {corpus.name}, {files} files; edit = one sentence added to the middle paragraph of every file;",
        "move = the folder renamed. peer = llama-index IngestionPipeline with a document store",
        "(upserts and delete) over Chroma, same chunk size and model.",
        "ratio = how many times faster the project is.",
        "",
        f"{'':14}{'project s':>10}{'embedded':>10}{'peer s':>10}{'embedded':>10}{'ratio':>8}",
    ]
    for step in ("first", "edit", "move"):
        a, b = project[step], peer[step]
        lines.append(f"{step:14}{a['seconds']:>10.2f}{a['embedded']:>10}{b['seconds']:>10.2f}{b['embedded']:>10}"
                     f"{b['seconds'] / a['seconds']:>7.2f}x")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / ".corpora" / "docutils", help="a folder of articles (a copy is edited)")
    parser.add_argument("--write", type=Path, metavar="MARKDOWN", help="also put the figures into this file (between bench markers)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder; `make corpora` installs the default one")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, run in (("project", run_project), ("peer", run_peer)):
            work = Path(tmp) / name
            shutil.copytree(args.corpus, work / "articles")
            results[name] = run(work / "articles", work / "data")
            print(f"{name}: {results[name]}", flush=True)
    text = table(args.corpus, results["project"], results["peer"])
    print(text)
    if args.write:
        write_section(args.write, "reingest", text)


if __name__ == "__main__":
    main()
