"""The grounding check on real model output: sentences that Qwen2.5-Coder-0.5B and
SmolLM2-135M wrote over the five gold sets, labelled by hand (eval/grounding_labels.jsonl,
made by eval/collect_sentences.py; figures by eval/check_labels.py).

The bounds are the figures the current check reaches on them, so a change that lets
more invented sentences through, or flags more true ones, fails here. Raise them when
the check gets better; never lower them to make a change pass without saying why.
"""

import json

import pytest

from conftest import eval_script

check_labels = eval_script("check_labels")

RECORDS = check_labels.load()
TABLE = check_labels.figures(RECORDS)

# (split) -> least share of not_supported sentences caught, most share of supported ones caught.
# Reached by the check of this commit (eval/check_labels.py; BENCHMARKS.md has the table):
# dev 410/450 caught, 22/135 flagged (407 and 27 before settings with values counted as code
# names, a year stopped counting a noun and a lead-in its passage backs stopped being a
# fragment; 33/135 before code lines copied whole stopped counting against a sentence);
# test 68/80 caught, 4/13 flagged (6/13 before code names stopped counting as echoes, a
# fault first seen on the test half, which is no longer untouched); fresh (the test halves
# of the second and third batches: SmolLM2 on docutils, Qwen on perlfaq, debref and
# docutils, and Qwen with the prompt of 6a040fb on all five sets; labelled blind and never
# read for the check's misses) 193/207 caught, 24/79 flagged (the second goal, <= 10%, is
# not met there; 28/79 before the lead-in change, 31/79 before that).
BOUNDS = {
    "dev": (0.911, 0.163),
    "test": (0.85, 0.308),
    "fresh": (0.932, 0.304),
}


def test_the_labelled_file_is_complete_and_honest():
    assert len(RECORDS) >= 200
    for record in RECORDS:
        assert record["label"] in check_labels.LABELS, record
        if record["label"] != "supported":
            assert record["why"].strip(), f"a {record['label']} label without a why: {record['sentence']!r}"
        assert record["split"] in {"dev", "test"} and record.get("batch", 1) in {1, 2, 3}
        assert record["passages"] and all(p["text"] for p in record["passages"])
    # Both models and every set are represented, and every label occurs.
    assert {r["model"] for r in RECORDS} >= {"qwen", "smollm2"}
    assert {r["set"] for r in RECORDS} == {"seeds", "git", "perlfaq", "debref", "docutils"}
    assert {r["label"] for r in RECORDS} == set(check_labels.LABELS)


@pytest.mark.parametrize("split", ["dev", "test", "fresh"])
def test_the_check_catches_unsupported_sentences(split):
    least, _ = BOUNDS[split]
    caught = check_labels.rate(TABLE[("all", split)]["not_supported"])
    assert caught is not None and caught >= least, f"{split}: {caught:.1%} of not_supported sentences caught"


@pytest.mark.parametrize("split", ["dev", "test", "fresh"])
def test_the_check_rarely_flags_supported_sentences(split):
    _, most = BOUNDS[split]
    caught = check_labels.rate(TABLE[("all", split)]["supported"])
    assert caught is not None and caught <= most, f"{split}: {caught:.1%} of supported sentences flagged"


def test_the_stored_passages_rebuild_exactly():
    """Each passage's sentence offsets lie inside its text, so the check reads what the model read."""
    for record in RECORDS[:50]:
        for passage in check_labels.passages_of(record):
            assert passage.end - passage.start == len(passage.text)
            for a, b in passage.sentences or ():
                assert passage.start <= a < b <= passage.end


def test_a_changed_check_would_show():
    """The figures move when the check does: a check that passes everything fails the bound."""
    from unittest import mock

    from rag.reply import Reading

    def lenient(sentence, numbers, passages, question=""):
        return Reading(sentence, numbers, "supported")

    with mock.patch.object(check_labels, "read_sentence", lenient):
        table = check_labels.figures(RECORDS)
    caught = check_labels.rate(table[("all", "all")]["not_supported"])
    assert caught is not None and caught < min(b[0] for b in BOUNDS.values())
    assert json.dumps(table[("all", "all")]["not_supported"])
