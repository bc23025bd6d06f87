"""The grounding check on sentences taken from the seeds, true and tampered with."""

import pytest

from rag.grounding import check, cited_sentences, names
from rag.schema import Passage

from conftest import SEEDS

TEXT = (SEEDS / "putin-and-sharif-meet-at-the-sco-summit-in-astana.txt").read_text(encoding="utf-8")
FIRST = (SEEDS / "pakistan-must-do-three-things-to-expand-ties-with-russia.txt").read_text(encoding="utf-8")


def passage_of(text: str, quote_start: str, length: int = 900) -> Passage:
    start = text.index(quote_start)
    return Passage("c", "d", "t", "s", text[start : start + length], start, start + length, 1.0)


OIL = passage_of(TEXT, "This insight exposes")
FINES = passage_of(FIRST, "Pakistan is pleading with the US")

SUPPORTED = [
    ("Pakistan indefinitely suspended Russian oil shipments on dubious pretexts.", OIL),
    ("Pakistan has suspended oil imports from Russia indefinitely.", OIL),  # Russia ~ Russian
    ("Sharif said that trade is approaching $1 billion.", OIL),
    ("Pakistan could face up to $18 billion in fines if Tehran takes it to the International Arbitration Court.", FINES),
    ("Donald Lu told Congress there are red lines regarding Iran.", FINES),
]
UNSUPPORTED = {
    "number swapped": ("Pakistan could face up to $28 billion in fines if Tehran takes it to court.", FINES),
    "year swapped": ("Sharif said that trade is approaching $3 billion.", OIL),
    "entity swapped": ("Antony Blinken told Congress there are red lines regarding Iran.", FINES),
    "place swapped": ("Pakistan could face fines if Moscow takes it to the International Arbitration Court.", FINES),
    "negated": ("Pakistan has not suspended oil shipments from Russia.", OIL),
    "invented": ("Pakistan plans to build three nuclear power plants with Chinese help by 2030.", OIL),
    "first word swapped": ("India indefinitely suspended Russian oil shipments on dubious pretexts.", OIL),
    "number word swapped": ("Pakistan must do two things to expand ties with Russia.", passage_of(FIRST, "For as encouraging")),
    "duration swapped": ("Pakistan suspended oil shipments ten years ago.", OIL),
    "negation beside an unrelated one": ("Pakistan is not reluctant to defy the US.", passage_of(TEXT, "That hasn’t come")),
}


@pytest.mark.parametrize("sentence, passage", SUPPORTED)
def test_true_sentences_are_supported(sentence, passage):
    verdict = check(sentence, [passage])
    assert verdict.supported, verdict.problems
    assert verdict.support >= 0.6
    span = verdict.spans[0]
    # The supporting span is exact article text at its offsets.
    assert span.text == (TEXT if passage is OIL else FIRST)[span.start : span.end]


@pytest.mark.parametrize("kind", list(UNSUPPORTED))
def test_tampered_sentences_are_not_supported(kind):
    sentence, passage = UNSUPPORTED[kind]
    verdict = check(sentence, [passage])
    assert not verdict.supported
    assert verdict.problems


def test_support_comes_from_the_right_span():
    verdict = check("Pakistan indefinitely suspended such shipments.", [OIL])
    assert "indefinitely suspended such shipments" in verdict.spans[0].text
    assert verdict.spans[0].text.startswith("His suggestion")


def test_citations_parsed_in_every_style():
    text = "Oil stopped [1]. Trade is near $1 billion. [2] Barter failed [1, 3][4]. Nothing here."
    assert cited_sentences(text) == [
        ("Oil stopped.", [1]),
        ("Trade is near $1 billion.", [2]),
        ("Barter failed.", [1, 3, 4]),
        ("Nothing here.", []),
    ]
    # A marker opening a sentence belongs to it when the one before has its own, or when
    # it opens a line.
    assert cited_sentences("[1] Oil stopped. [2] Trade grew.") == [("Oil stopped.", [1]), ("Trade grew.", [2])]
    assert cited_sentences("Oil stopped [1].\n[2] Trade grew.") == [("Oil stopped.", [1]), ("Trade grew.", [2])]
    assert cited_sentences("[1]") == cited_sentences("[2][3]") == []


def test_a_sentence_the_model_copied_with_its_line_breaks_is_one_sentence():
    # Qwen2.5 copied docutils' hard-wrapped policy this way; read line by line, the key
    # fact ("triple double quotes") was cut off the sentence shown.
    reply = "Use 'single quotes' for string literals, and \"\"\"triple double\n  quotes\"\"\" for docstrings [2]."
    assert cited_sentences(reply) == [("Use 'single quotes' for string literals, and "
                                       "\"\"\"triple double quotes\"\"\" for docstrings.", [2])]
    # A line that ends a sentence, a new paragraph, a list item and a line of code stay apart.
    assert len(cited_sentences("It is done [1]\n\nlater it grew [2].")) == 2
    assert len(cited_sentences("Steps:\n- run it\n- check it")) == 3
    assert len(cited_sentences("```\ngit checkout work\ngit pull origin master\n```")) == 4


def test_names_skip_sentence_starts():
    assert names("The meeting in Astana between Putin and Sharif [1].") == ["astana", "putin", "sharif"]
    # Of a hyphenated word, only its capitalised parts name something.
    assert names("It pushes to a WebDAV-served repository.") == ["webdav"]
    # In a question, a capitalised word opening a sentence names nothing unless it is
    # more than capitalised.
    question = "Later the branch was fixed. Rather than that, which SSH tool does GNOME use?"
    assert names(question, openers=False) == ["ssh", "gnome"]
    assert names("Putin met Sharif. Khorev said so.") == ["putin", "sharif", "khorev"]


def test_a_negated_source_contradicts_a_positive_sentence():
    passage = Passage("c", "d", "t", "s", "Pakistan has not suspended oil shipments from Russia.", 0, 52, 1.0)
    assert not check("Pakistan suspended oil shipments from Russia.", [passage]).supported
    assert check("Pakistan has not suspended oil shipments from Russia.", [passage]).supported


def test_a_count_in_hard_wrapped_text_backs_the_same_count_on_one_line():
    # Copied from git-doc's gitfaq (hard-wrapped): the count and its noun sit on two lines.
    text = ("When Git does a normal merge between two branches, it considers exactly three\n"
            "points: the two branches and a third commit, called the _merge base_.")
    passage = Passage("c", "d", "t", "s", text, 0, len(text), 1.0)
    copied = " ".join(text.split())
    assert check(copied, [passage]).supported
    assert not check(copied.replace("three", "four"), [passage]).supported
    # A blank line still ends the words a number counts.
    apart = "It lists three\n\npoints of view."
    assert not check("It lists three points.", [Passage("c", "d", "t", "s", apart, 0, len(apart), 1.0)]).supported


def plain(text: str) -> Passage:
    return Passage("c", "d", "t", "s", text, 0, len(text), 1.0)


def test_a_frame_about_the_passage_is_not_part_of_the_claim():
    # "The passage states that ..." opened many of Qwen2.5-Coder-0.5B's sentences; its
    # "states" matched "vassal state" in a passage and carried an invented claim over the
    # line. Only the claim is checked.
    passage = plain("The United States sanctioned the sellers.")
    assert not check("The passage states that the buyers were sanctioned.", [passage]).supported
    assert check("The passage states that the sellers were sanctioned.", [passage]).supported
    assert check("According to the passages, the sellers were sanctioned.", [passage]).supported
    # At the end too (Qwen: "...plays a crucial role in relations according to the articles.").
    assert check("The sellers were sanctioned according to the articles.", [passage]).supported
    assert check("The FAQ suggests that the sellers were sanctioned.", [passage]).supported


def test_each_clause_must_be_backed_on_its_own():
    # Every word is in the passage, but the second clause joins two of its sentences into
    # a claim neither makes (after a real model's "the distros list is notified at around
    # 10am, and the release is pushed on the day").
    joined = ("Pakistan indefinitely suspended Russian oil shipments on dubious pretexts, "
              "and Russian wheat exports restored the barter deal.")
    verdict = check(joined, [OIL])
    assert not verdict.supported and "in 'Russian wheat exports" in verdict.problems[0]
    both = ("Pakistan indefinitely suspended Russian oil shipments on dubious pretexts, "
            "and the Pakistani leader said that trade is approaching $1 billion.")
    assert check(both, [OIL]).supported


def test_code_names_must_be_given_as_they_are():
    # A real model answered "CPAN::Switch" from a passage naming CPAN and Switch::Plain.
    text = "You can find Switch::Plain on CPAN; set core.eol to native and see git-config(1)."
    assert not check("CPAN::Switch gives you a switch statement.", [plain(text)]).supported
    assert check("Switch::Plain is on CPAN.", [plain(text)]).supported
    assert not check("Set core.autocrlf to native.", [plain(text)]).supported
    assert check("Set core.eol to native.", [plain(text)]).supported
    # A setting with its value: SmolLM2 answered "language-el=en" and Qwen "pam_wheel.so
    # group=root" from passages giving the class and the module apart, with no such value.
    setting = plain("Enable the pam_wheel.so line in /etc/pam.d/su; the class language-el sets the language.")
    assert not check("Use pam_wheel.so group=root in /etc/pam.d/su.", [setting]).supported
    assert not check("The class language-el=en sets the language.", [setting]).supported
    assert check("The class language-el sets the language.", [setting]).supported


def test_a_year_counts_nothing():
    # "The regime of April 2022 ousted Imran Khan" was flagged: "the cited text does not
    # give 2022 oust". A year is a date; its number must still be there.
    text = "The coup regime was installed in April 2022 after the ouster of Imran Khan."
    assert check("The coup regime of April 2022 ousted Imran Khan.", [plain(text)]).supported
    assert not check("The coup regime of April 2021 ousted Imran Khan.", [plain(text)]).supported


def test_a_line_of_code_copied_whole_is_backed_by_its_passage():
    # Qwen's replies over perlfaq and the Debian Reference copy the answering code line
    # ("my $OUT = Win32::Console->new(STD_OUTPUT_HANDLE);", "$ export LANGUAGE=..."): code
    # is not prose, so no sentence of the passage shared its words and the check flagged it.
    text = ("On Windows, you can use the Win32::Console module.\n\n```\n    my $OUT = Win32::Console->new(STD_OUTPUT_HANDLE);\n"
            "    my $clear_string = $OUT->Cls;\n```\n\nFor example:\n\n```\n $ export LANGUAGE=\"pt:pt_BR:es:it:fr\"\n```\n")
    for line in ("my $OUT = Win32::Console->new(STD_OUTPUT_HANDLE);", "my $clear_string = $OUT->Cls;",
                 '$ export LANGUAGE="pt:pt_BR:es:it:fr"', 'export LANGUAGE="pt:pt_BR:es:it:fr"'):
        verdict = check(line, [plain(text)])
        assert verdict.supported and verdict.support == 1.0, line
        assert line.lstrip("$ ") == verdict.spans[0].text
    assert not check("my $OUT = Win32::Console->new(STD_ERROR_HANDLE);", [plain(text)]).supported
    # Only a whole line counts as copied: a part of a sentence is checked as the claim it makes.
    denied = plain("It is not true that\nmemory corruption causes most damaged objects.")
    assert not check("memory corruption causes most damaged objects.", [denied]).supported
    # Nor is a heading a line of code: "# Title" (not a root prompt) or an underlined one.
    markdown = Passage("c", "d", "Notes", "notes.md", "# Git is slow\n\nIt takes its time on big repositories.\n",
                       0, 52, 1.0, section="Git is slow")
    rst = plain("Git is slow\n===========\n\nIt takes its time on big repositories.\n")
    assert not check("Git is slow.", [markdown]).supported and not check("Git is slow.", [rst]).supported
    root = plain("To update the package index:\n\n```\n# apt-get update\n```\n")
    assert check("# apt-get update", [root]).copied

