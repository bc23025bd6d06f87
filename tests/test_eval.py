"""The grounding evaluation: the gold set, the metrics, the judge's calibration, reports,
thresholds, drafted cases and feedback cases."""

import csv
import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from rag.cli import app
from rag.evaluation import GoldCase, GoldPassage, calibrate, draft_cases, holds, load_cases, run, score_case
from rag.evaluation.judge import OfflineJudge
from rag.schema import Answer, AnswerSentence, Citation

from conftest import ROOT, eval_script

GOLD = ROOT / "eval" / "gold.jsonl"
runner = CliRunner()


def test_the_gold_set_covers_every_kind_of_question():
    cases = load_cases([GOLD])
    kinds = Counter(c.category for c in cases)
    assert len(cases) >= 50 and kinds["unanswerable"] >= 12
    assert {"single-fact", "multi-part", "cross-article", "paraphrased", "follow-up", "false-premise"} <= set(kinds)
    assert len({c.id for c in cases}) == len(cases)
    for case in cases:
        if case.answerable:
            assert case.reference_answer and case.key_facts and case.gold_passages
    assert all(c.history for c in cases if c.category == "follow-up")
    cross = [c for c in cases if c.category == "cross-article"]
    assert all(len({g.source for g in c.gold_passages}) == 2 for c in cross)


def test_every_gold_passage_is_an_exact_quote_of_its_article():
    for case in load_cases([GOLD]):
        for gold in case.gold_passages:
            assert gold.quote in (ROOT / gold.source).read_bytes().decode("utf-8"), (case.id, gold.quote)


def test_gold_cases_are_typed_and_a_case_file_line_round_trips():
    for path in sorted((ROOT / "eval").glob("*.jsonl")):
        if path.name == "grounding_labels.jsonl":  # sentences, not cases
            continue
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for line, case in zip(lines, load_cases([path]), strict=True):
            assert case.extra == {}, (path.name, case.id, case.extra)  # every field of the files is typed
            assert all(isinstance(g, GoldPassage) for g in case.gold_passages)
            assert GoldCase.from_dict(case.to_dict()) == case
            written = case.to_dict()
            assert all(written.get(key, getattr(case, key)) == value for key, value in line.items()
                       if key != "gold_passages"), (path.name, case.id)
    # Fields the harness does not read (a feedback case's) are kept; a draft says it is one.
    feedback = {"id": "feedback-1", "category": "feedback", "question": "q", "reader_comment": "wrong", "refused": False}
    case = GoldCase.from_dict(feedback)
    assert case.extra == {"reader_comment": "wrong", "refused": False} and case.to_dict() == {**feedback, "answerable": True}
    draft = GoldCase(id="gen-1", question="q", category="generated", draft=True, key_facts=["x"],
                     gold_passages=[GoldPassage(quote="x y", source="seeds/a.txt")])
    assert json.loads(json.dumps(draft.to_dict()))["gold_passages"] == [{"quote": "x y", "source": "seeds/a.txt"}]
    assert GoldCase.from_dict(draft.to_dict()) == draft


class ScriptedJudge:
    """Supports a claim when every evidence text contains the word 'yes'."""

    name = "scripted"

    def supports(self, claim, evidence):
        return bool(evidence) and all("yes" in e for e in evidence)


def test_alce_citation_recall_and_precision():
    citations = [Citation(1, "d", "t", "s", "yes one", 0, 7, 1.0), Citation(2, "d", "t", "s", "no two", 8, 14, 1.0)]
    answer = Answer("q", "a", False, citations,
                    [AnswerSentence("First.", [1], True, 1.0), AnswerSentence("Second.", [1, 2], True, 1.0),
                     AnswerSentence("Third.", [2], True, 1.0)], "test")
    record = score_case(GoldCase(id="x", question="q"), answer, [], ScriptedJudge(), None, {})
    # Recall: only sentence 1's citations support it. Precision: in sentence 2, [2] does
    # not support it alone while the rest ([1]) does, so it is imprecise: 3 of 4 precise.
    assert record["citation_recall"] == pytest.approx(1 / 3)
    assert record["citation_precision"] == pytest.approx(3 / 4)


def test_the_offline_judge_is_calibrated_on_perturbed_gold_quotes():
    result = calibrate(load_cases([GOLD]), OfflineJudge())
    assert result["pairs"] > 200
    assert set(result["accuracy_by_kind"]) == {
        "supported", "supported (paraphrase)", "number swapped", "name swapped", "negated", "invented addition",
        "wrong citation"}
    assert result["balanced_accuracy"] >= 0.85


def test_run_scores_the_real_pipeline(seeded):
    cases = [c for c in load_cases([GOLD]) if c.id in {"s14", "m01", "u01", "p02"}]
    results = run(seeded, cases, OfflineJudge(), k=5)
    by_id = {r["id"]: r for r in results["records"]}
    assert by_id["s14"]["correctness"] == 1.0 and by_id["s14"]["recall_at_k"] == 1.0 and by_id["s14"]["mrr"] > 0
    assert by_id["m01"]["correctness"] == 1.0
    assert by_id["u01"]["refused"]
    overall = results["summary"]["overall"]
    assert overall["refusal_recall"] == 1.0 and overall["questions"] == 4
    assert results["judge"].startswith("offline")


def test_a_model_s_answers_are_told_from_the_quotes_shown_in_their_place(seeded):
    from dataclasses import replace

    from rag.evaluation.harness import score_case

    case = next(c for c in load_cases([GOLD]) if c.id == "s14")
    answer = seeded.ask(case.question)
    assert "model_answered" not in score_case(case, answer, [], OfflineJudge(), None, {})
    # quotes the model's sentences gave way to, or a sentence it copied whole, are not its text
    assert score_case(case, replace(answer, backend="local"), [], OfflineJudge(), None, {})["model_answered"] == 0.0
    written = replace(answer.sentences[0], text="In its own words.")
    mixed = replace(answer, backend="local", sentences=[written, *answer.sentences])
    assert score_case(case, mixed, [], OfflineJudge(), None, {})["model_answered"] == 1 / (1 + len(answer.sentences))
    fallback = replace(answer, backend="local+extractive", sentences=[written])
    assert score_case(case, fallback, [], OfflineJudge(), None, {})["model_answered"] == 0.0


def test_rag_eval_writes_reports_compares_and_checks(seeded, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("RAG_DATA_DIR", str(seeded.settings.data_dir))
    first = runner.invoke(app, ["eval", "--out", str(tmp_path / "a"), "--calibrate", "--check"])
    assert first.exit_code == 0, first.output
    assert "All thresholds met." in first.output and "judge balanced accuracy" in first.output
    results = json.loads((tmp_path / "a" / "results.json").read_text())
    assert len(results["records"]) >= 50 and "cross-article" in results["summary"]
    report = (tmp_path / "a" / "report.md").read_text()
    assert "Judge: **offline" in report and "| s14 | single-fact |" in report
    assert (tmp_path / "a" / "metrics-by-category.png").stat().st_size > 1000
    # Per question, for other tools: ragas's columns in results.jsonl, a flat results.csv.
    rows = [json.loads(line) for line in (tmp_path / "a" / "results.jsonl").read_text().splitlines()]
    by_id = {r["id"]: r for r in results["records"]}
    gold = {c.id: c for c in load_cases([GOLD])}
    assert [r["id"] for r in rows] == list(by_id)
    for row in rows:
        record, case = by_id[row["id"]], gold[row["id"]]
        assert (row["user_input"], row["response"]) == (case.question, record["answer"])
        assert row["retrieved_contexts"] and all(isinstance(c, str) and c for c in row["retrieved_contexts"])
        assert row["reference"] == case.reference_answer
        assert row["reference_contexts"] == [g.quote for g in case.gold_passages]
        assert row["correctness"] == record.get("correctness")
        assert [c["quote"] for c in row["citations"]] == [c["quote"] for c in record["citations"]]
    with (tmp_path / "a" / "results.csv").open(newline="") as f:
        table = list(csv.DictReader(f))
    assert [t["id"] for t in table] == list(by_id) and table[0]["user_input"] == rows[0]["user_input"]
    assert {"correctness", "answer_precision", "citation_recall", "total_ms", "cited"} <= set(table[0])
    # The README's pandas example reads it as it is.
    from conftest import readme_example

    monkeypatch.chdir(tmp_path / "a")
    code = readme_example("eval-pandas").replace("eval/out/results.jsonl", "results.jsonl")
    exec(compile(code, "README.md", "exec"), {})
    missed = [r["id"] for r in rows if r["answerable"] and (r["correctness"] or 0) < 1 and r["correctness"] is not None]
    printed = capsys.readouterr().out
    assert missed and all(m in printed for m in missed)
    monkeypatch.chdir(ROOT)

    second = runner.invoke(app, ["eval", "--out", str(tmp_path / "b"), "--baseline", str(tmp_path / "a" / "results.json")])
    assert second.exit_code == 0 and "## Against the baseline" in (tmp_path / "b" / "report.md").read_text()

    strict = tmp_path / "strict.toml"
    strict.write_text("[overall]\ncorrectness = 1.01\ntotal_ms_p95 = 0.001\n")
    failed = runner.invoke(app, ["eval", "--out", str(tmp_path / "c"), "--check", "--thresholds", str(strict)])
    assert failed.exit_code == 1
    assert "overall correctness" in failed.output and "overall total_ms_p95" in failed.output


def test_drafted_cases_quote_the_corpus(seeded):
    drafts = draft_cases(seeded, per_article=3)
    assert len(drafts) == 6 and all(d.draft for d in drafts)
    for d in drafts:
        assert d.gold_passages[0].quote in (ROOT / d.gold_passages[0].source).read_text(encoding="utf-8")
        assert d.key_facts[0] in d.reference_answer


def test_feedback_cases_can_be_evaluated(seeded, tmp_path):
    from rag.feedback import FeedbackStore

    store = FeedbackStore(tmp_path)
    store.add(seeded.ask("What happened to Russian oil shipments to Pakistan?"), -1, "wanted more detail")
    cases = [GoldCase.from_dict(c) for c in store.eval_cases()]  # as `rag eval --cases` reads the exported file
    results = run(seeded, cases, OfflineJudge(), k=5)
    record = results["records"][0]
    assert record["category"] == "feedback" and "citation_recall" in record


SETS = ROOT / "eval" / "sets.toml"


def _corpus(spec):
    corpus = ROOT / spec["corpus"]
    assert corpus.exists(), f"{corpus} is missing: run `bash eval/corpora.sh` (make test does)"
    return corpus


@pytest.mark.slow  # the real corpora of the gold sets
def test_every_gold_set_has_every_kind_of_question_and_exact_quotes():
    from rag.evaluation import find_quote, load_sets
    from rag.load import load_article

    for name, spec in load_sets(SETS).items():
        _corpus(spec)
        cases = load_cases([ROOT / spec["cases"]])
        kinds = Counter(c.category for c in cases)
        assert {"single-fact", "multi-part", "paraphrased", "follow-up", "unanswerable"} <= set(kinds), name
        if name != "seeds":
            assert {c.split for c in cases} == {"dev", "test"}, name
            assert sum(c.near_domain for c in cases) >= 5, name
        for case in cases:
            for gold in case.gold_passages:
                text = load_article(ROOT / gold.source).text
                assert find_quote(text, gold.quote), (name, case.id, gold.quote)


@pytest.mark.slow  # the real corpora of the blind trials (`bash eval/trials.sh`, in `make corpora`)
def test_every_trial_set_quotes_its_corpus_exactly_and_its_key_facts():
    from rag.evaluation import find_quote, load_sets
    from rag.load import load_article

    trials = load_sets(ROOT / "eval" / "trials.toml")
    assert len(trials) >= 8
    for name, spec in trials.items():
        corpus = _corpus(spec)
        cases = load_cases([ROOT / spec["cases"]])
        assert len(cases) == 11 and sum(not c.answerable for c in cases) == 2, name
        for case in cases:
            assert case.id.startswith(name) and (case.key_facts or not case.answerable), case.id
            for gold in case.gold_passages:
                assert (ROOT / gold.source).is_relative_to(corpus), case.id
                assert find_quote(load_article(ROOT / gold.source).text, gold.quote), (case.id, gold.quote)
            quoted = " ".join(g.quote for g in case.gold_passages).lower()
            assert all(fact.lower() in quoted for fact in case.key_facts), case.id


@pytest.mark.slow  # the real corpora of the gold sets
def test_rag_eval_sets_reports_each_corpus_side_by_side_and_checks(tmp_path, monkeypatch):
    from rag.evaluation import load_sets

    monkeypatch.chdir(ROOT)
    for spec in load_sets(SETS).values():
        _corpus(spec)
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    result = runner.invoke(app, ["eval", "--set", "all", "--out", str(tmp_path / "out"), "--check"])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "out" / "sets.md").read_text(encoding="utf-8")
    assert ("| metric | seeds | git | git dev | git test | perlfaq | perlfaq dev | perlfaq test | debref | debref dev "
            "| debref test | docutils | docutils dev | docutils test | flask | flask dev | flask test | flex | flex dev "
            "| flex test |") in report
    assert "**answer_precision**" in report and "**citations_exact**" in report
    summaries = json.loads((tmp_path / "out" / "sets.json").read_text(encoding="utf-8"))
    assert all(s["overall"]["citations_exact"] == 1.0 for s in summaries.values())
    assert "All thresholds met." in result.output
    # A set that does not exist is named, with the ones that do.
    missing = runner.invoke(app, ["eval", "--set", "nosuch", "--out", str(tmp_path / "x")])
    assert missing.exit_code == 1 and "known: seeds, git, perlfaq, debref, docutils, flask, flex" in missing.output


def test_recorded_replies_are_replayed_without_the_model(tmp_path):
    from fake_llm import ScriptedModel

    from rag.config import Settings
    from rag.evaluation.replies import RecordedReplies

    settings = Settings(backend="local", llm_gguf=tmp_path / "qwen.gguf", llm_max_tokens=256)
    path = tmp_path / "replies.jsonl"
    asked = [{"role": "user", "content": "When did oil stop?"}]
    recording = RecordedReplies(path, settings, lambda: ScriptedModel(["Oil stopped in May [1]."]))
    assert "".join(recording.stream(asked)) == "Oil stopped in May [1]."
    assert recording.recorded == 1

    def no_model():
        raise AssertionError("a recorded prompt needs no model")

    replaying = RecordedReplies(path, settings, no_model)
    stream = replaying.stream(asked)
    assert "".join(stream) == "Oil stopped in May [1]." and not stream.truncated
    assert replaying.complete(asked) == "Oil stopped in May [1]." and replaying.replayed == 2
    assert replaying.backend == "local"
    # Another prompt, or the same one to a model with another token cap, is the model's again.
    other = RecordedReplies(path, settings.model_copy(update={"llm_max_tokens": 512}), lambda: ScriptedModel(["New."]))
    assert other.reply(asked).text == "New." and other.recorded == 1


@pytest.mark.parametrize("answer, fact, stated", [
    ("Strictly speaking, flex is not part of the GNU project.", "isn't part of the GNU project", True),
    ("It won't stop.", "will not stop", True),
    ("You cannot do that.", "can't do that", True),
    ("You shall not pass.", "shan't pass", True),
    ("flex is part of the GNU project.", "isn't part of the GNU project", False),
    ("It does not support ort.", "support", True),
    ("It does not support ort.", "ort strategy", False),
])
def test_a_key_fact_is_stated_by_its_words_with_contractions_spelled_out(answer, fact, stated):
    assert holds(answer, fact) is stated


def test_the_refusal_bar_is_the_best_mean_among_those_meeting_the_refusal_goal():
    # (session 41) The lowest bar meeting the goal sits at its edge on the tune cases and
    # falls below it on new ones: 0.11 here refuses 0.915, 0.14 refuses 0.978 and is chosen.
    module = eval_script("calibrate_refusal")
    refused = {0.09: 0.847, 0.11: 0.915, 0.14: 0.978, 0.17: 1.0}
    mean = {0.09: 0.781, 0.11: 0.810, 0.14: 0.843, 0.17: 0.819}
    assert module.choose(list(refused), mean.get, refused.get) == 0.14
    # When no bar meets the goal, the best mean.
    assert module.choose([0.09, 0.11], mean.get, {0.09: 0.5, 0.11: 0.6}.get) == 0.11
