"""Sentence boundaries set before the parser: paragraph breaks, headlines, and no sentence
ending in a word that cannot end one."""

from __future__ import annotations

from provgraph.nlp import load_nlp


def _sentences(text: str) -> list[str]:
    return [s.text.strip() for s in load_nlp()(text).sents]


def test_sentences_start_after_a_headline_and_a_blank_line() -> None:
    assert _sentences("Floods Hit Coast\n\nThe river rose overnight. Roads were closed.\n") == [
        "Floods Hit Coast", "The river rose overnight.", "Roads were closed."]


def test_sentences_never_end_in_a_conjunction_or_preposition() -> None:
    # the parser alone splits after "and" here ("... between 0.3m and | 1m high entered")
    text = ("Headline Here\n\nThey had to be relocated after flood water between 0.3m and 1m "
            "high entered their homes, reported a local broadcaster.\n")
    assert _sentences(text)[1:] == [text.split("\n\n")[1].strip()]
