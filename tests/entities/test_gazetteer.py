"""The shipped outlet gazetteer (graph/provgraph/data/gazetteer.json) and its look-ups."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from typing import Any

import pytest

from provgraph.nlp.gazetteer import Outlet, load_gazetteer, ruler_patterns

TYPES = {"news agency", "wire service", "newspaper", "broadcaster", "online", "magazine",
         "journal", "media group"}


def _raw() -> dict[str, Any]:
    text = (files("provgraph") / "data" / "gazetteer.json").read_text("utf-8")
    return dict(json.loads(text))


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold().removeprefix("the ")


def test_gazetteer_has_at_least_150_outlets() -> None:
    outlets = [e for e in load_gazetteer().entries if e.is_outlet]
    assert len(outlets) >= 150
    assert len({e.country for e in outlets if e.country}) >= 50  # worldwide, not one country


@pytest.mark.parametrize("record", load_gazetteer().entries, ids=lambda e: e.name)
def test_gazetteer_every_alias_resolves_to_its_entry(record: Outlet) -> None:
    gaz = load_gazetteer()
    for name in record.names:
        assert gaz.entry(name) == record, name
        assert gaz.entry(name.upper() if len(name) > 4 else name) == record, name
        assert gaz.canonical(name) == record.name


def test_gazetteer_no_alias_claimed_by_two_entries() -> None:
    owner: dict[str, str] = {}
    for record in load_gazetteer().entries:
        for name in record.names:
            key = _fold(name)
            assert owner.setdefault(key, record.name) == record.name, (
                f"{name!r} is claimed by {owner[key]!r} and {record.name!r}")
    ambiguous = {_fold(n) for n in load_gazetteer().ambiguous}
    assert not ambiguous & owner.keys(), "an ambiguous name must belong to no entry"


def test_gazetteer_every_qid_has_a_source() -> None:
    with_qid = [e for e in load_gazetteer().entries if e.qid]
    assert with_qid, "some QIDs were checked"
    for record in with_qid:
        assert re.fullmatch(r"Q[1-9][0-9]*", record.qid), record
        assert record.qid_source.startswith("github "), record  # owner/repo path
    for record in load_gazetteer().entries:
        assert bool(record.qid) == bool(record.qid_source), record


def test_gazetteer_no_qid_shared_by_two_entries() -> None:
    seen: dict[str, str] = {}
    for record in load_gazetteer().entries:
        if record.qid:
            assert seen.setdefault(record.qid, record.name) == record.name, record.qid


def test_gazetteer_part_of_targets_exist_and_have_no_cycle() -> None:
    gaz = load_gazetteer()
    for record in gaz.entries:
        seen = {record.name}
        current = record
        while current.part_of:
            parent = gaz.parent(current)
            assert parent is not None, f"{current.name} is part of unknown {current.part_of!r}"
            assert parent.name not in seen, f"part-of cycle through {parent.name}"
            seen.add(parent.name)
            current = parent


def test_gazetteer_fields_are_well_formed() -> None:
    for record in load_gazetteer().entries:
        assert record.type in TYPES, record
        assert record.country == "" or re.fullmatch(r"[A-Z]{2}", record.country), record
        assert record.short is None or record.short in record.names, record
    for raw in _raw()["entries"]:
        assert set(raw) <= {"name", "aliases", "short", "country", "type", "part_of", "qid",
                            "qid_source"}, raw


def test_gazetteer_variants_of_one_outlet_are_one_entry() -> None:
    gaz = load_gazetteer()
    afp = {gaz.entry(n) for n in ("Agence France-Presse", "Agence France Presse", "AFP",
                                  "AFP news agency", "afp")}
    assert len(afp) == 1
    record = afp.pop()
    assert record is not None
    assert (record.name, record.country, record.type, record.qid) == (
        "Agence France-Presse", "FR", "news agency", "Q40464")
    assert gaz.entry("BBC World Service").part_of == "BBC"
    assert gaz.canonical("Wall Street Journal") == "The Wall Street Journal"
    assert gaz.parent(gaz.entry("WSJ")).name == "Dow Jones & Company"  # type: ignore[arg-type, union-attr]


@pytest.mark.parametrize("name", ["ABC", "ABC News", "CNA", "APA"])
def test_gazetteer_ambiguous_names_are_outlets_without_an_entry(name: str) -> None:
    gaz = load_gazetteer()
    assert gaz.entry(name) is None
    assert gaz.find_outlet(name) == name
    assert gaz.outlet_type(name) in ("NewsAgency", "Publisher")


@pytest.mark.parametrize(("name", "short"), [
    ("Agence France-Presse", "AFP"), ("Associated Press", "AP"), ("The Associated Press", "AP"),
    ("Deutsche Presse-Agentur", "dpa"), ("DPA", "dpa"), ("ITAR-TASS", "TASS"),
    ("Xinhua News Agency", "Xinhua"), ("Kyodo News", "Kyodo"), ("Efe", "EFE"),
    ("Malaysian National News Agency", "Bernama"), ("The Lancet", "The Lancet"),
])
def test_gazetteer_short_names_kept(name: str, short: str) -> None:
    assert load_gazetteer().short_name(name) == short


def test_gazetteer_find_outlet_and_types() -> None:
    gaz = load_gazetteer()
    assert gaz.find_outlet("agence france-presse") == "AFP"
    assert gaz.find_outlet("AFP news agency") == "AFP"
    assert gaz.find_outlet("new york times") == "New York Times"
    assert gaz.find_outlet("Weather") is None
    assert gaz.find_outlet("News Corp") is None  # an owner, not an outlet in text
    assert gaz.outlet_type("Reuters") == "NewsAgency"
    assert gaz.outlet_type("Der Spiegel") == "Publisher"
    assert gaz.outlet_type("Axel Springer") is None


def test_gazetteer_keeps_every_earlier_name() -> None:
    """Each name of the flat lists the gazetteer replaced is still recognised (no regress)."""
    gaz = load_gazetteer()
    earlier = ["AAP", "AFP", "AKIpress", "ANI", "ANSA", "ANTARA", "AP", "APA", "APP", "Agerpres", "Anadolu", "Armenpress", "Azertag", "BSS", "BelTA", "Belga", "Bernama", "Bloomberg", "CNA", "CTK", "EFE", "Efe", "Fars", "IANS", "IRNA", "ISNA", "ITAR-TASS", "Interfax", "Interfax-Ukraine", "Itar-Tass", "Jiji", "KCNA", "KNA", "KUNA", "Kabar", "Kazinform", "Kyodo", "Lusa", "MENA", "NAN", "NZPA", "Notimex", "PAP", "PNA", "PTI", "QNA", "Reuters", "Ritzau", "SAPA", "Sputnik", "TASS", "Tanjug", "Tasnim", "Telam", "UNI", "UNIAN", "UNN", "UPI", "Ukrinform", "VNA", "WAFA", "WAM", "Xinhua", "Yonhap", "Zhongxin", "dpa", "ABC", "ARD", "BBC", "BMJ", "CBC", "CBS", "CCTV", "CGTN", "CNBC", "CNN", "CTV", "DW", "ERT", "FAZ", "JAMA", "MSNBC", "NBC", "NDTV", "NHK", "NOS", "NPR", "NRK", "NZZ", "ORF", "PBS", "RAI", "RBC", "RFE/RL", "RFI", "RIA", "RND", "RNZ", "RT", "RTE", "RTP", "SCMP", "SVT", "TF1", "TSF", "VOA", "Yle", "Ynet", "ZDF"]
    phrases = ["Agence France Presse", "Global Times", "Focus Taiwan", "The Canadian Press",
               "Dow Jones Newswires", "Lanka Puvath", "Keystone-SDA", "Al Jazeera English",
               "Bild am Sonntag", "Radio Formula", "Radio Sweden", "The Lancet", "BeijingNews",
               "Clarín", "Hürriyet", "Libération", "El País", "Süddeutsche Zeitung"]
    for name in earlier + phrases:
        assert gaz.find_outlet(name), name
    patterns = {" ".join(t["ORTH"] for t in p["pattern"]) for p in ruler_patterns()}
    assert {"AFP", "Agence France-Presse", "Xinhua News Agency"} <= patterns
    assert "News Corp" not in patterns


@pytest.mark.parametrize("name", ["Independent", "Sun", "Hill", "Age", "Times", "Economist"])
def test_gazetteer_entry_needs_the_article_the_outlet_prints(name: str) -> None:
    """An organisation named "Independent" or "Sun" is not The Independent or The Sun."""
    gaz = load_gazetteer()
    assert gaz.entry(name) is None
    assert gaz.entry(f"The {name}") is not None
