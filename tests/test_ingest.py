"""Incremental, crash-safe ingestion into real Chroma and the SQLite catalog."""

import threading
from pathlib import Path

import pytest

import rag.ingest
from rag.load import make_doc_id

from conftest import another_process_writing, serving_key, uploads_folder



def _index_state(assistant):
    """(articles, catalog chunks, Chroma vectors): equal chunk and vector counts = no leftovers."""
    articles, chunks = assistant.catalog.counts()
    return articles, chunks, assistant.store.count()


def test_rerun_skips_unchanged_and_duplicates_nothing(make_assistant, corpus):
    assistant = make_assistant()
    first = assistant.ingest([corpus])
    assert (first.added, first.unchanged, first.ok) == (2, 0, True)
    state = _index_state(assistant)
    second = assistant.ingest([corpus])
    assert (second.added, second.updated, second.unchanged, second.chunks) == (0, 0, 2, 0)
    assert _index_state(assistant) == state
    assert state[1] == state[2] > 0


def test_a_rerun_does_not_read_files_whose_size_and_mtime_are_unchanged(make_assistant, corpus, monkeypatch):
    import os
    import time

    monkeypatch.setattr("rag.catalog.files.STAT_MARGIN_NS", 0)  # no need to wait out a coarse clock here
    files = sorted(corpus.glob("*.txt"))
    an_hour_ago = time.time() - 3600
    for path in files:
        os.utime(path, (an_hour_ago, an_hour_ago))
    assistant = make_assistant()
    assert assistant.ingest([corpus]).added == 2

    def must_not_read(path):
        raise AssertionError(f"read {path}")

    with monkeypatch.context() as patch:
        patch.setattr("rag.ingest.load_article", must_not_read)
        assert assistant.ingest([corpus]).unchanged == 2

    # Touched (same text, new mtime): read once to check, then trusted again.
    os.utime(files[0], (an_hour_ago + 60, an_hour_ago + 60))
    assert assistant.ingest([corpus]).unchanged == 2
    with monkeypatch.context() as patch:
        patch.setattr("rag.ingest.load_article", must_not_read)
        assert assistant.ingest([corpus]).unchanged == 2


def test_a_file_edited_with_its_old_mtime_restored_is_read_again(make_assistant, corpus):
    import os

    path = next(corpus.glob("*.txt"))
    assistant = make_assistant()
    assistant.ingest([corpus])
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Pakistan", "Pakistam", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as `cp -p` or tar would
    report = assistant.ingest([corpus])
    doc_id = assistant.sources(contains=path.name)[0].doc_id
    assert report.updated == 1 and "Pakistam" in assistant.article(doc_id).text


def test_the_same_file_twice_in_one_run_is_ingested_once(make_assistant, corpus):
    path = next(corpus.glob("*.txt"))
    report = make_assistant().ingest([], files=[path, path, corpus / ".." / corpus.name / path.name])
    assert report.added == 1 and report.ok


def test_a_new_loader_version_reads_every_file_again(make_assistant, corpus, monkeypatch):
    import os
    import time

    monkeypatch.setattr("rag.catalog.files.STAT_MARGIN_NS", 0)
    for path in corpus.glob("*.txt"):
        os.utime(path, (time.time() - 3600,) * 2)
    assistant = make_assistant()
    assistant.ingest([corpus])
    reads = []
    real = __import__("rag.ingest", fromlist=["load_article"]).load_article
    monkeypatch.setattr("rag.ingest.load_article", lambda path: reads.append(path) or real(path))
    assistant.ingest([corpus])
    assert reads == []  # trusted: unchanged on disk
    monkeypatch.setattr("rag.ingest.LOADER_VERSION", "test-next")
    assert assistant.ingest([corpus]).unchanged == 2 and len(reads) == 2


def test_changed_file_is_replaced_without_stale_chunks(make_assistant, corpus):
    assistant = make_assistant()
    assistant.ingest([corpus])
    path = corpus / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph about zeppelins.\n", encoding="utf-8")
    report = assistant.ingest([corpus])
    assert (report.updated, report.unchanged) == (1, 1)
    articles, chunks, vectors = _index_state(assistant)
    assert articles == 2 and chunks == vectors
    passages = assistant.retrieve("zeppelins")
    assert "zeppelins" in passages[0].text
    # Every vector belongs to the current version of its article.
    hits = assistant.store.query(assistant.embedder.embed(["zeppelins"])[0], limit=vectors)
    assert set(assistant.catalog.chunks(cid for cid, _ in hits)) == {cid for cid, _ in hits}


def test_a_newer_loader_refreshes_titles_without_new_vectors_and_moved_bodies_without_strays(
    make_assistant, corpus, embedder, monkeypatch
):
    import rag.load

    note = corpus / "mangoes-and-other-fruit.md"
    summary = "A long summary of fruit. " * 60  # read as text, it made chunks of its own
    note.write_text(f"title: Fruit\nsummary: {summary}\n\nMangoes are sweet and grow in Pakistan.\n", encoding="utf-8")
    real_derive, real_front_matter = rag.load.derive_title, rag.load.front_matter
    # As an older loader read them: no titles from file names, no front matter without ---.
    monkeypatch.setattr(rag.load, "derive_title", lambda text, stem="": real_derive(text))
    monkeypatch.setattr(rag.load, "front_matter", lambda raw, markdown=True: (0, {}))
    assistant = make_assistant()
    assistant.ingest([corpus])
    second = next(s for s in assistant.sources() if "astana" in s.source)
    assert second.title.startswith("South Asia observers")

    monkeypatch.setattr(rag.load, "derive_title", real_derive)
    monkeypatch.setattr(rag.load, "front_matter", real_front_matter)
    monkeypatch.setattr("rag.ingest.LOADER_VERSION", "test-next")  # (what a loader change bumps)
    embedded = []
    monkeypatch.setattr(embedder, "embed", lambda texts, real=embedder.embed: embedded.extend(texts) or real(texts))
    report = assistant.ingest([corpus])
    assert (report.updated, report.unchanged, report.added) == (2, 1, 0)
    titles = {s.source.rsplit("/", 1)[-1]: s.title for s in assistant.sources()}
    assert titles["putin-and-sharif-meet-at-the-sco-summit-in-astana.txt"] == "Putin and Sharif meet at the SCO Summit in Astana"
    assert titles["mangoes-and-other-fruit.md"] == "Fruit"
    # Only the note, whose body now starts after its front matter, was embedded again...
    assert embedded and all("Mangoes" in t and "summary" not in t for t in embedded)
    # ...and no vector of its old chunks is left.
    articles, chunks, vectors = _index_state(assistant)
    assert articles == 3 and chunks == vectors


def test_a_newer_loader_that_reads_a_heading_as_the_title_renames_the_sections_too(
    make_assistant, corpus, monkeypatch
):
    import rag.load

    howto = corpus / "revert.txt"
    howto.write_text("From: A Writer <a@example.com>\nSubject: [HOWTO] Reverting\n\nHow to revert a commit\n"
                     "======================\n\nRun git revert with the commit to undo its change.\n", encoding="utf-8")
    real_front_matter, real_title = rag.load.front_matter, rag.load.derive_title
    monkeypatch.setattr(rag.load, "front_matter", lambda raw, markdown=True: (0, {}))  # as loader 3 read it
    monkeypatch.setattr(rag.load, "derive_title", lambda text, stem="": text.split("\n", 1)[0])
    assistant = make_assistant()
    assistant.ingest([corpus])
    assert assistant.retrieve("git revert undo", k=1)[0].section == "How to revert a commit"

    monkeypatch.setattr(rag.load, "front_matter", real_front_matter)
    monkeypatch.setattr(rag.load, "derive_title", real_title)
    monkeypatch.setattr("rag.ingest.LOADER_VERSION", "test-next")
    assistant.ingest([corpus])
    passage = assistant.retrieve("git revert undo", k=1)[0]
    # The heading is the title now: a citation shows it once, not "title > title".
    assert (passage.title, passage.section) == ("How to revert a commit", "")
    articles, chunks, vectors = _index_state(assistant)
    assert chunks == vectors


def test_prune_removes_articles_whose_files_are_gone(make_assistant, corpus):
    assistant = make_assistant()
    assistant.ingest([corpus])
    (corpus / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt").unlink()
    assert assistant.ingest([corpus]).removed == 0  # without --prune nothing is deleted
    report = assistant.ingest([corpus], prune=True)
    assert report.removed == 1
    articles, chunks, vectors = _index_state(assistant)
    assert articles == 1 and chunks == vectors
    assert all("Astana" not in p.text for p in assistant.retrieve("SCO Summit in Astana", k=10))


def test_a_folder_moved_elsewhere_is_the_same_articles_not_copies(make_assistant, corpus, tmp_path):
    assistant = make_assistant()
    assistant.ingest([corpus])
    state = _index_state(assistant)
    moved = corpus.rename(tmp_path / "articles")  # the user reorganises their files
    report = assistant.ingest([moved])
    assert (report.added, report.updated, report.removed) == (0, 2, 0)
    assert _index_state(assistant) == state  # no copy under the old paths: no stray vectors
    assert {Path(assistant.article(s.doc_id).path).parent for s in assistant.sources()} == {moved.resolve()}
    answer = assistant.ask("Who is the new Russian ambassador to Pakistan?")
    assert answer.citations and all(Path(assistant.article(c.doc_id).path).exists() for c in answer.citations)
    # A copy whose original is still there is another file: both are kept.
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "astana.txt").write_bytes((moved / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt").read_bytes())
    assert assistant.ingest([copy]).added == 1 and assistant.count_articles() == 3


def test_a_moved_or_copied_article_keeps_its_vectors_instead_of_being_embedded_again(
    make_assistant, corpus, embedder, monkeypatch, tmp_path
):
    assistant = make_assistant()
    assistant.ingest([corpus])
    before = assistant.store.vectors(assistant.catalog.chunk_ids([s.doc_id for s in assistant.sources()]))
    embedded: list[str] = []
    monkeypatch.setattr(embedder, "embed", lambda texts, real=embedder.embed: embedded.extend(texts) or real(texts))
    moved = corpus.rename(tmp_path / "articles")
    report = assistant.ingest([moved])
    assert (report.updated, report.embedded) == (2, 0) and report.chunks > 0
    assert "0 embedded" in report.summary()
    name = "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt"  # (a title may come from the name)
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / name).write_bytes((moved / name).read_bytes())
    report = assistant.ingest([tmp_path / "copy"])
    assert (report.added, report.embedded) == (1, 0) and report.chunks > 0
    assert embedded == []
    after = assistant.store.vectors(assistant.catalog.chunk_ids([s.doc_id for s in assistant.sources()]))
    # The same vectors as before (each chunk's id names its article, so compare the sets).
    as_rows = lambda vectors: sorted(tuple(v.round(6)) for v in vectors.values())  # noqa: E731
    assert set(as_rows(after)) == set(as_rows(before)) and len(after) > len(before)
    answer = assistant.ask("Who is the new Russian ambassador to Pakistan?")
    assert answer.citations and not answer.refused


def test_an_edit_to_one_section_embeds_only_that_sections_chunks(make_assistant, tmp_path, embedder, monkeypatch):
    folder = tmp_path / "guide"
    folder.mkdir()
    sections = {name: " ".join(f"The {name} step {i} needs care and a steady hand on day {i}." for i in range(40))
                for name in ("Planting", "Watering", "Harvest")}
    guide = folder / "garden.md"

    def write(extra: str = "") -> None:
        guide.write_text("# Garden guide\n\n" + "".join(
            f"## {name}\n\n{text}{extra if name == 'Watering' else ''}\n\n" for name, text in sections.items()))

    write()
    assistant = make_assistant()
    first = assistant.ingest([folder])
    assert first.embedded == first.chunks > 3
    embedded: list[str] = []
    monkeypatch.setattr(embedder, "embed", lambda texts, real=embedder.embed: embedded.extend(texts) or real(texts))
    write(" Water mangoes at dusk, never at noon.")
    report = assistant.ingest([folder])
    assert report.updated == 1 and 0 < report.embedded < report.chunks and report.kept == report.chunks - len(embedded)
    assert embedded and all("Watering" in text for text in embedded)  # the edited section only

    articles, chunks, vectors = _index_state(assistant)
    assert (articles, chunks) == (1, report.chunks) and chunks == vectors  # no stray or missing vector
    answer = assistant.ask("When should mangoes be watered?")
    assert "dusk" in answer.answer
    hit = assistant.retrieve("Harvest step 3 steady hand", k=1)[0]
    assert hit.section == "Harvest" and hit.dense is not None and hit.dense > 0.3


def test_a_text_repeated_in_a_new_index_is_not_reported_as_a_vector_it_had(make_assistant, tmp_path):
    # (Trial 5: a fresh ingest said "1 with the vectors the index had": one chunk text
    # was there twice, embedded once.)
    folder = tmp_path / "notes"
    folder.mkdir()
    same = "The fern needs water every third day and shade at noon in summer."
    (folder / "a.txt").write_text(same + "\n", encoding="utf-8")
    (folder / "b.txt").write_text(same + "\n", encoding="utf-8")
    report = make_assistant().ingest([folder])
    assert (report.added, report.chunks, report.embedded, report.kept) == (2, 2, 1, 0)
    assert "the index had" not in report.summary()


def test_prune_removes_only_what_lies_under_the_paths_given(make_assistant, corpus, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "zeppelins.txt").write_text("Zeppelin Trade\nPakistan and Russia discussed zeppelins in 2031.\n")
    assistant = make_assistant()
    assistant.ingest([corpus, other])
    other.rename(tmp_path / "unmounted")  # another folder, missing for now
    (corpus / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt").unlink()
    assert [p.rsplit("/", 1)[-1] for p in assistant.to_prune([corpus])] == ["putin-and-sharif-meet-at-the-sco-summit-in-astana.txt"]
    assert assistant.ingest([corpus], prune=True).removed == 1
    assert [s.title for s in assistant.sources(contains="zeppelins")] == ["Zeppelin Trade"]  # not under corpus: kept
    # Naming the missing folder itself prunes nothing either: it may only be unmounted.
    assert assistant.to_prune([other]) == [] and assistant.ingest([other], prune=True).removed == 0
    assert assistant.count_articles() == 2


def test_bad_files_are_reported_and_good_ones_still_ingested(make_assistant, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "sheet.csv").write_text("a,b\n1,2\n")
    report = make_assistant().ingest([corpus])
    assert report.added == 2
    reasons = {path.rsplit("/", 1)[-1]: reason for path, reason in report.failed}
    assert set(reasons) == {"empty.txt", "image.txt", "sheet.csv"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["image.txt"]
    assert "unsupported" in reasons["sheet.csv"]
    assert not report.ok


class Crash(Exception):
    pass


def test_interrupted_run_leaves_a_usable_index_and_the_next_run_finishes(make_assistant, corpus, embedder, monkeypatch):
    monkeypatch.setattr("rag.ingest.COMMIT_CHUNKS", 1)  # commit article by article
    assistant = make_assistant()
    calls = {"n": 0}
    real_embed = embedder.embed

    def embed_then_die(texts):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # Ctrl-C during the second article
        return real_embed(texts)

    monkeypatch.setattr(embedder, "embed", embed_then_die)
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest([corpus])
    monkeypatch.undo()
    articles, chunks, vectors = _index_state(assistant)
    assert articles == 1 and chunks == vectors
    # The first article (in file order) is committed and answers questions.
    assert not assistant.ask("Why won't Russia let Pakistan into BRICS?").refused
    report = assistant.ingest([corpus])
    assert (report.added, report.unchanged) == (1, 1)
    articles, chunks, vectors = _index_state(assistant)
    assert articles == 2 and chunks == vectors


def test_crash_between_vectors_and_catalog_is_healed(make_assistant, corpus, monkeypatch):
    assistant = make_assistant()
    real_put = assistant.catalog.put_article

    def fail(*args, **kwargs):
        raise Crash("power cut")

    monkeypatch.setattr(assistant.catalog, "put_article", fail)
    with pytest.raises(Crash):
        assistant.ingest([corpus])
    monkeypatch.setattr(assistant.catalog, "put_article", real_put)
    # Vectors were written but the catalog never committed: nothing is visible.
    assert assistant.catalog.counts() == (0, 0) and assistant.store.count() > 0
    report = assistant.ingest([corpus])
    assert report.added == 2
    articles, chunks, vectors = _index_state(assistant)
    assert articles == 2 and chunks == vectors


def test_another_chunking_builds_a_new_index_beside_and_switches_in_one_step(make_assistant, corpus, tmp_path):

    first = make_assistant()
    first.ingest([corpus])
    old_key, old_chunks = first.key, first.catalog.counts()[1]
    other = make_assistant(chunk_size=120)  # same data dir, other chunking
    assert other.key == old_key  # the serving index, until the new one is complete
    assert not other.ask("What happened to Russian oil shipments to Pakistan?").refused
    report = other.ingest([])  # nothing new: the serving index's articles move over
    assert report.switched_from == old_key and report.added == 2
    assert other.key != old_key and serving_key(tmp_path / "data") == other.key
    assert other.catalog.counts()[1] == other.store.count() > old_chunks
    assert make_assistant().key == other.key  # every new Assistant opens the new index
    assert not other.ask("What happened to Russian oil shipments to Pakistan?").refused


def test_an_interrupted_build_beside_leaves_the_old_index_serving(make_assistant, corpus, embedder, monkeypatch, tmp_path):

    make_assistant().ingest([corpus])
    old_key = serving_key(tmp_path / "data")
    monkeypatch.setattr("rag.ingest.COMMIT_CHUNKS", 1)
    calls = {"n": 0}
    real_embed = embedder.embed

    def embed_then_die(texts):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real_embed(texts)

    monkeypatch.setattr(embedder, "embed", embed_then_die)
    with pytest.raises(KeyboardInterrupt):
        make_assistant(chunk_size=120).ingest([corpus])
    monkeypatch.setattr(embedder, "embed", real_embed)
    assert serving_key(tmp_path / "data") == old_key
    serving = make_assistant()
    assert serving.key == old_key and serving.catalog.counts()[0] == 2
    assert not serving.ask("Where did Putin and Sharif meet?").refused
    assert [i.state for i in serving.all_indexes()] == ["serving", "unfinished"]
    assert serving.prune_indexes() == []  # an unfinished build is kept for the next run to resume
    report = make_assistant(chunk_size=120).ingest([corpus])
    assert report.switched_from == old_key and report.unchanged == 1 and report.added == 1


def test_one_process_at_a_time_writes_to_an_index(make_assistant, corpus, tmp_path):
    from rag.errors import IndexBusyError

    assistant = make_assistant()
    with another_process_writing(tmp_path / "data", assistant.key) as let_go:
        with pytest.raises(IndexBusyError, match="another process is writing"):
            assistant.ingest([corpus])
        assert assistant.catalog.counts() == (0, 0)
        # With on_busy, ingest says so and waits; here the other process then finishes.
        told, done = threading.Event(), threading.Event()
        worker = threading.Thread(target=lambda: (assistant.ingest([corpus], on_busy=told.set), done.set()))
        worker.start()
        assert told.wait(60)
        assert not done.wait(0.5) and assistant.catalog.counts() == (0, 0)  # waiting, not writing
        let_go()
        worker.join()
    assert done.is_set() and assistant.catalog.counts()[0] == 2


def test_prune_spares_what_other_processes_serve_or_write(make_assistant, corpus, tmp_path):
    data = tmp_path / "data"
    stale = make_assistant()
    stale.ingest([corpus])
    old_key = stale.key
    switched = make_assistant(chunk_size=120)
    assert switched.ingest([corpus]).switched_from == old_key
    # `stale` opened before the switch: it must see the new index as serving, not retired.
    assert {i.key: i.state for i in stale.all_indexes()} == {switched.key: "serving", old_key: "retired"}
    assert stale.prune_indexes() == []  # and the retired one is what `stale` itself has open
    fresh = make_assistant(chunk_size=120)
    with another_process_writing(data, old_key):  # e.g. an ingest switching back to it
        assert fresh.prune_indexes() == []
    assert fresh.prune_indexes() == [old_key]
    assert [i.key for i in fresh.all_indexes()] == [switched.key]


def test_questions_are_embedded_by_the_model_the_index_was_built_with(corpus, tmp_path, fake_openai):
    from rag import Settings
    from rag.assistant import Assistant

    openai_settings = dict(_env_file=None, data_dir=tmp_path / "data", openai_api_key="test-key",
                           openai_base_url=fake_openai.url)
    built = Assistant.from_settings(Settings(**openai_settings, embed_provider="openai", embed_model="text-embedding-3-small"))
    built.ingest([corpus])
    built.close()
    later = Assistant.from_settings(Settings(**openai_settings))  # the settings now name the bundled model
    try:
        assert later.embedder.name == "openai:text-embedding-3-small"
        before = len(fake_openai.requests)
        answer = later.ask("Who is the new Russian ambassador to Pakistan?")
        assert not answer.refused
        assert len(fake_openai.requests) == before + 1  # the question went to the index's model
        assert any("`rag ingest`" in w for w in answer.warnings)  # and the answer says why
    finally:
        later.close()
    served = Assistant.from_settings(Settings(**openai_settings, embed_provider="openai", embed_model="text-embedding-3-small"))
    try:
        assert served.ask("Who is the new Russian ambassador to Pakistan?").warnings == []
    finally:
        served.close()


def test_an_embedder_given_by_the_caller_builds_the_index_and_no_other_model_loads(corpus, tmp_path, embedder, monkeypatch):
    from rag import Settings
    from rag.assistant import Assistant

    class Renamed:  # the bundled model under another name, as a plug-in embedder would be
        name = "plugin:renamed-minilm"
        embed = staticmethod(embedder.embed)

    monkeypatch.setattr("rag.embed.make_embedder", lambda settings: pytest.fail("loaded the settings' model"))
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")
    assistant = Assistant.from_settings(settings, embedder=Renamed())
    try:
        report = assistant.ingest([corpus])
        assert report.added == 2 and not report.switched_from
        assert assistant.catalog.get_meta("embed_model") == Renamed.name
        assert serving_key(tmp_path / "data") == assistant.key
        assert not assistant.ask("Where did Putin and Sharif meet?").refused
    finally:
        assistant.close()


def test_progress_is_reported_for_every_file(make_assistant, corpus):
    (corpus / "broken.txt").write_bytes(b"")
    seen = []
    assistant = make_assistant()
    assistant.ingest([corpus], on_file=lambda path, outcome: seen.append((path.name, outcome)))
    assert sorted(outcome for _, outcome in seen) == ["added", "added", "failed"]
    seen.clear()
    assistant.ingest([corpus], on_file=lambda path, outcome: seen.append((path.name, outcome)))
    assert sorted(outcome for _, outcome in seen) == ["failed", "unchanged", "unchanged"]


def test_crash_after_commit_before_old_vectors_are_deleted_is_healed(make_assistant, corpus, monkeypatch):
    assistant = make_assistant()
    assistant.ingest([corpus])
    path = corpus / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    real_delete = assistant.store.delete_article
    monkeypatch.setattr(assistant.store, "delete_article", lambda *a, **k: (_ for _ in ()).throw(Crash("killed")))
    with pytest.raises(Crash):
        assistant.ingest([corpus])
    monkeypatch.setattr(assistant.store, "delete_article", real_delete)
    articles, chunks, vectors = _index_state(assistant)
    assert vectors > chunks  # the old version's vectors are still there...
    assert assistant.ingest([corpus]).unchanged == 2
    assert _index_state(assistant)[1:] == (chunks, chunks)  # ...until the next run


def test_crash_before_commit_then_file_restored_leaves_no_orphans(make_assistant, corpus, monkeypatch):
    assistant = make_assistant()
    assistant.ingest([corpus])
    path = corpus / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt"
    original = path.read_bytes()
    path.write_bytes(original + b"\nAn edit that never lands.\n")
    monkeypatch.setattr(assistant.catalog, "put_article", lambda *a, **k: (_ for _ in ()).throw(Crash("killed")))
    with pytest.raises(Crash):
        assistant.ingest([corpus])
    monkeypatch.undo()
    path.write_bytes(original)
    assert assistant.ingest([corpus]).unchanged == 2
    articles, chunks, vectors = _index_state(assistant)
    assert chunks == vectors


def test_new_file_that_crashed_then_vanished_leaves_no_orphans(make_assistant, corpus, monkeypatch):
    assistant = make_assistant()
    assistant.ingest([corpus])
    extra = corpus / "extra.txt"
    extra.write_text("A brand new article about zeppelins.\n", encoding="utf-8")
    monkeypatch.setattr(assistant.catalog, "put_article", lambda *a, **k: (_ for _ in ()).throw(Crash("killed")))
    with pytest.raises(Crash):
        assistant.ingest([corpus])
    monkeypatch.undo()
    extra.unlink()
    assistant.ingest([corpus], prune=True)
    articles, chunks, vectors = _index_state(assistant)
    assert (articles, chunks) == (2, vectors)


def test_copies_of_an_article_do_not_repeat_sentences_in_answers(make_assistant, corpus):
    (corpus / "copy.txt").write_bytes((corpus / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt").read_bytes())
    assistant = make_assistant()
    assert assistant.ingest([corpus, corpus / "copy.txt"]).added == 3  # named twice, read once
    answer = assistant.ask("What happened to Russian oil shipments to Pakistan?")
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) == len(set(quotes))


def test_an_upload_during_a_build_beside_puts_back_only_its_own_files(make_assistant, corpus):
    make_assistant().ingest([corpus])
    broken = next(corpus.glob("*.txt"))
    broken.write_bytes(b"\x00\x01binary now")  # carried over to the new index, and failing there
    uploads, report = make_assistant(chunk_size=120).upload({"extra.txt": b"Extra Article\nZeppelins were seen over Karachi.\n"})
    assert report.switched_from and [p for p, _ in report.failed] == [str(broken)]
    assert uploads[0].read_bytes().startswith(b"Extra Article")  # the good upload stays


def test_an_upload_stopped_midway_keeps_the_files_already_indexed(make_assistant, embedder, monkeypatch):
    assistant = make_assistant()
    monkeypatch.setattr("rag.ingest.COMMIT_CHUNKS", 1)  # one file per batch
    real_embed, calls = embedder.embed, []

    def embed_then_die(texts):
        calls.append(texts)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_embed(texts)

    monkeypatch.setattr(embedder, "embed", embed_then_die)
    files = {"first.txt": b"First Article\nZeppelins flew over Lahore.\n", "second.txt": b"Second Article\nBalloons flew over Quetta.\n"}
    with pytest.raises(KeyboardInterrupt):
        assistant.upload(files)
    uploads = uploads_folder(assistant.settings.data_dir)
    assert (uploads / "first.txt").exists() and not (uploads / "second.txt").exists()
    assert [s.source.rsplit("/", 1)[-1] for s in assistant.sources()] == ["first.txt"]  # folder == index


def test_a_delete_that_fails_midway_leaves_the_upload_on_disk_and_in_the_index(make_assistant, monkeypatch):
    assistant = make_assistant()
    [path], _ = assistant.upload({"fleet.md": b"Fleet\nThe zeppelin fleet was kept in Karachi.\n"})
    doc_id = assistant.sources()[0].doc_id
    monkeypatch.setattr("rag.ingest.Ingestor.remove", lambda self, doc_id: (_ for _ in ()).throw(Crash("killed")))
    with pytest.raises(Crash):
        assistant.remove(doc_id)
    monkeypatch.undo()
    assert path.exists() and assistant.article(doc_id) is not None  # neither went
    assistant.remove(doc_id)
    assert not path.exists() and assistant.article(doc_id) is None  # both went


def test_a_failed_update_says_that_the_previous_version_still_answers(make_assistant, corpus, monkeypatch):
    assistant = make_assistant()
    assistant.ingest([corpus])
    astana = corpus / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt"
    other = corpus / "pakistan-must-do-three-things-to-expand-ties-with-russia.txt"
    astana.write_bytes(astana.read_bytes() + b"\n\x00\x01 binary junk")  # an update that cannot load
    other.write_text(other.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    real_chunk = rag.ingest.chunk_article

    def chunk(article, *args):
        if article.doc_id == make_doc_id(str(other.resolve())):
            raise ValueError("a chunk is not a substring of the article")
        return real_chunk(article, *args)

    monkeypatch.setattr(rag.ingest, "chunk_article", chunk)  # an update that cannot chunk
    (corpus / "new.txt").write_bytes(b"")  # a new file that fails: no earlier version to mention
    report = assistant.ingest([corpus])
    reasons = {Path(path).name: reason for path, reason in report.failed}
    assert set(reasons) == {astana.name, other.name, "new.txt"}
    for name in (astana.name, other.name):
        assert "its previous version is still in the index and answers questions" in reasons[name]
    assert "binary" in reasons[astana.name] and "cannot chunk" in reasons[other.name]
    assert reasons["new.txt"] == "the file is empty"
    # The next run reads them again.
    monkeypatch.setattr(rag.ingest, "chunk_article", real_chunk)
    assert assistant.ingest([corpus]).updated == 1
