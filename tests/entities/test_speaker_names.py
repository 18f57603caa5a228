"""Speakers written as proper names become entities even where NER missed them."""

from __future__ import annotations

from provgraph.ingest import document_from_text
from provgraph.pipeline import extract


def _entities(text: str) -> set[str]:
    return {e.name for e in extract(document_from_text("t", text)).entities}


def test_speaker_names_missed_by_ner_are_entities() -> None:
    # the small model tags no entity in "On Friday, Gazprom said ..."
    assert "Gazprom" in _entities(
        "Gas Flows\n\nOn Friday, Gazprom said supplies would resume next week.\n")


def test_speaker_names_capitalised_common_word_at_sentence_start_is_no_name() -> None:
    # any word is capitalised at a sentence start: "Data" is no organisation
    assert "Data" not in _entities(
        "Prices\n\nData showed the inflation rate in January was 0.3 percent.\n")


def test_speaker_names_drop_a_possessive_and_a_paragraph_break() -> None:
    ex = extract(document_from_text(
        "t", "Jobs\n\nThe Labor Department's report showed that hiring slowed in May.\n"))
    assert [a.speaker for a in ex.attributions] == ["Labor Department"]
    assert {e.name for e in ex.entities} <= {"Labor Department", "Jobs"}


def test_speaker_names_what_an_institution_publishes_speaks_for_it() -> None:
    ex = extract(document_from_text(
        "t", "Quake\n\nA USGS map showed that the quake was not widely felt.\n"))
    assert [a.speaker for a in ex.attributions] == ["USGS"]


def test_speaker_names_leave_the_title_out() -> None:
    # the model tags no entity in "Mayor Ana Ruiz said ...": the name is added without "Mayor"
    ex = extract(document_from_text(
        "t", "Plan Fails\n\nMayor Ana Ruiz said that the plan had failed.\n"))
    assert [a.speaker for a in ex.attributions] == ["Ana Ruiz"]
