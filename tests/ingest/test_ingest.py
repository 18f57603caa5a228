"""ingest: reading, refusing bad input with one-line reasons, layout of the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from paths import INPUTS, SEEDS
from provgraph.config import Config
from provgraph.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputTooLargeError,
    MalformedJSONLError,
)
from provgraph.ingest import document_from_text, iter_documents, read_document, read_layout
from provgraph.model import Document


@pytest.mark.parametrize("name, error, words", [
    ("empty.txt", EmptyInputError, "empty"),
    ("binary.txt", BinaryInputError, "binary"),
])
def test_ingest_refuses_bad_file_with_reason(name: str, error: type, words: str) -> None:
    with pytest.raises(error) as info:
        read_document(INPUTS / name)
    message = str(info.value)
    assert name in message and words in message and "\n" not in message


def test_ingest_reads_cp1252_when_told() -> None:
    doc = read_document(INPUTS / "cp1252.txt", Config(encoding="cp1252"))
    assert doc.text.startswith("Caf\u00e9 owners")


def test_ingest_reads_cp1252_by_default_and_refuses_it_as_strict_utf8() -> None:
    assert read_document(INPUTS / "cp1252.txt").text.startswith("Caf\u00e9 owners")
    with pytest.raises(EncodingError) as info:
        read_document(INPUTS / "cp1252.txt", Config(encoding="utf-8"))
    assert "cp1252.txt" in str(info.value) and "--encoding" in str(info.value)


def test_ingest_refuses_huge_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("The minister said so. " * 100)
    with pytest.raises(InputTooLargeError, match="over the limit"):
        read_document(big, Config(max_file_bytes=1000))


def test_ingest_jsonl_reports_bad_lines_and_keeps_good_ones() -> None:
    items = list(iter_documents([INPUTS / "mixed.jsonl"]))
    docs = [i for i in items if not isinstance(i, Exception)]
    errors = [i for i in items if isinstance(i, Exception)]
    assert [d.id for d in docs] == ["ok-1"]
    assert len(errors) == 2 and all(isinstance(e, MalformedJSONLError) for e in errors)
    assert "mixed.jsonl:2" in str(errors[0]) and "mixed.jsonl:3" in str(errors[1])


def test_ingest_normalises_newlines_like_text_mode(tmp_path: Path) -> None:
    f = tmp_path / "crlf.txt"
    f.write_bytes(b"Title here\r\n\r\nThe mayor said it.\r\n")
    with open(f, encoding="utf-8") as fh:  # what Python's text mode gives
        assert read_document(f).text == fh.read()


def test_ingest_layout_of_rewrite_seed() -> None:
    doc = read_document(SEEDS / "000_f94bdfc9b2e1f035.txt")
    assert doc.id == "000_f94bdfc9b2e1f035"
    assert (doc.publisher, doc.dateline_place, doc.date) == ("NationPress", "Moscow", "--02-04")
    assert doc.title and doc.title.startswith("Russia to Position")
    assert any(doc.text[s.start:s.end] == "Click to start listening" for s in doc.boilerplate)
    summary = " ".join(doc.text[s.start:s.end] for s in doc.summary)
    assert "Synopsis" in summary and "Key Takeaways" in summary
    assert all(doc.text[s.start:s.end] == s.text for s in doc.summary + doc.boilerplate)


def test_ingest_layout_of_wire_seed_with_iso_date() -> None:
    doc = read_document(SEEDS / "001_b26ab9b28ceb190a.txt")
    assert (doc.publisher, doc.dateline_place, doc.date, doc.title) == (
        None, "Moscow", "2025-02-04", None)


@pytest.mark.parametrize("text, place, date, publisher", [
    ("WASHINGTON (AP) \u2014 The senator said the bill would pass.", "WASHINGTON", None, "AP"),
    ("Headline Words Here\n\nPARIS, May 2, 2024 (Wire Service) - Officials said so.",
     "PARIS", "2024-05-02", "Wire Service"),
    ("Nothing like a dateline. The mayor said so.", None, None, None),
    # an ALL-CAPS place set off by a spaced dash is a dateline on its own
    ("Rally Draws Crowd\n\nCLEVELAND \u2014 The candidate said the plant would stay.",
     "CLEVELAND", None, None),
    ("ALBANY -- The governor said the budget was late.", "ALBANY", None, None),
    ("NEW YORK \u2013 The mayor said the trains would run.", "NEW YORK", None, None),
    ("Quake Hits\n\nLIMA: A magnitude 6.0 earthquake struck, officials said.", "LIMA", None,
     None),
    # ...but not a two-letter word before a dash, a title-case place or a label
    ("BREAKING: The senator said the bill would pass.", None, None, None),
    ("US - China talks resumed on Monday, officials said.", None, None, None),
    ("Paris \u2014 The minister said the law would pass.", None, None, None),
])
def test_ingest_dateline_forms(text: str, place: str | None, date: str | None,
                               publisher: str | None) -> None:
    lay = read_layout(text)
    assert (lay.dateline_place, lay.date, lay.publisher) == (place, date, publisher)


def test_ingest_body_starts_after_a_double_hyphen_dateline() -> None:
    text = "ALBANY -- The governor said the budget was late."
    assert text[read_layout(text).body_start:].startswith("The governor")


def test_ingest_summary_spans_point_into_text() -> None:
    text = "A Title\n\nKey Points\n\n  \u2022 One.\n  \u2022 Two.\n\nLONDON, Jan 5 (X) - Body said."
    doc = document_from_text("t", text)
    assert len(doc.summary) == 1 and doc.summary[0].text.startswith("Key Points")
    assert doc.in_summary(text.index("One"))
    assert not doc.in_summary(text.index("Body"))


def test_ingest_real_html_page_keeps_article_drops_furniture() -> None:
    doc = read_document_any(INPUTS / "page.html")
    assert (doc.id, doc.title, doc.publisher) == ("page", "Port strike ends after talks",
                                                  "Harbour Herald")
    assert doc.date == "2025-03-14" and doc.dateline_place == "ROTTERDAM"
    assert "fair deal for every worker" in doc.text
    for furniture in ("Most read", "Unrelated story", "All rights reserved", "trackingId"):
        assert furniture not in doc.text


def test_ingest_html_attributions_point_into_extracted_text() -> None:
    from provgraph.pipeline import extract

    ex = extract(read_document_any(INPUTS / "page.html"))
    speakers = {a.speaker for a in ex.attributions}
    assert "Pieter Smit" in speakers
    for a in ex.attributions:
        assert ex.document.text[a.content.start:a.content.end] == a.content.text


def test_ingest_csv_rows_and_bad_rows() -> None:
    items = list(iter_documents([INPUTS / "articles.csv"]))
    assert [getattr(i, "id", None) for i in items] == ["csv-1", None]
    assert items[0].title == "Budget vote" and items[0].url == "https://example.org/csv-1"
    assert isinstance(items[1], MalformedJSONLError) and "articles.csv:3" in str(items[1])


def read_document_any(path: Path) -> Document:
    (item,) = list(iter_documents([path]))
    assert isinstance(item, Document), item
    return item
