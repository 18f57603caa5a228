"""The provenance step on passages of our own: one test per family of article-level reading.

Each passage is written for these tests (no third-party text). The expected chains follow
the real-news conventions: credited agency copy is the outermost hand of every statement;
a relay named for a speaker carries over to the speaker's later statements; outlets and
organisations written "it", "the agency", "the report" are the ones named before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from provgraph.ingest import document_from_text
from provgraph.model import Extraction
from provgraph.pipeline import extract

PASSAGES = {
    "dateline_credit": (
        "Port Plan Approved\n\nNAIROBI, March 3 (Xinhua) -- The port authority said on Monday "
        "that the new berth would open in June.\n\n\"We are ready for larger ships,\" port "
        "director Amina Wekesa told reporters.\n"),
    "credit_line": (
        "Bridge Reopens\n\nThe city council said the bridge would reopen on Friday after "
        "repairs.\n\nEngineer Tomas Berg said the cables had been replaced.\n\n--IANS\n"),
    "slash_credit": (
        "Shares Jump\n\nNEW YORK (CBS / AP) -- Shares of Acme Corp jumped after the company "
        "said it had received a takeover offer.\n"),
    "byline": (
        "Rates Held\n\nBy Associated Press\n\nThe central bank held its main rate steady, its "
        "governor Lena Park said.\n"),
    "source_domain": (
        "Storm Hits Coast\n\nThe storm cut power to 20,000 homes, the utility said.\n\n"
        "source: bbc.com\n"),
    "lead_credit": (
        "Flood Warning\n\nRescuers evacuated 300 villagers after the river burst its banks, "
        "officials said, BBC reports.\n\nThe mayor said the water was still rising.\n"),
    "relay_carried": (
        "Minister Speaks\n\nFinance Minister Jan Olsen told Le Monde in an interview that "
        "taxes would not rise.\n\n\"We will keep our promises,\" he added.\n\nOpposition "
        "leader Eva Holm said the plan was unrealistic.\n\nOlsen said the budget would be "
        "balanced by 2027.\n"),
    "according_relay": (
        "Mine Collapse\n\nMiner Li Wei, 45, said the tunnel collapsed at dawn, according to "
        "Xinhua. He said three colleagues were still trapped.\n\n\"We heard a loud crack,\" "
        "the news agency quoted him as saying.\n"),
    "outlet_pronouns": (
        "Quake Strikes\n\nThe quake struck at a depth of 10 km, the U.S. Geological Survey "
        "said. It said the shaking was strong.\n\nThe official Kyodo news agency said 12 "
        "people were hurt. The agency said roads were closed.\n"),
    "report_continues": (
        "Output Cut\n\nToyota will cut output at two plants, the Nikkei newspaper reported on "
        "Tuesday. The cuts will start in May, the report said.\n"),
    "statement_verb": (
        "Attack Condemned\n\nPrime Minister Sara Lind has called the bombing a cowardly act "
        "of terror.\n"),
    "canonical": (
        "Talks Resume\n\nThe talks resumed in Geneva, Agence France-Presse reported.\n\nThe "
        "Ankara-based news agency Anadolu said the delegations met for three hours.\n"),
    "nested_speech": (
        "Slope Moved\n\nThe farmer said the slope had moved for weeks, the Tribune newspaper "
        "reported.\n\nThe health ministry has denied the outbreak reports, according to "
        "Kyodo.\n\nPolice said they could not confirm local radio reports of a second "
        "suspect in the city.\n\nAcme Corp will announce the merger on Monday, according to "
        "a person familiar with the matter.\n"),
    "issued_reports": (
        "Old Bones\n\nAccording to a study published in the journal Science, the bones are "
        "older than thought.\n\nSupport for the plan fell, a new poll conducted by "
        "broadcaster NHK showed on Monday.\n"),
    "citing": (
        "Fire Spreads\n\nXinhua, citing local officials, said the fire had spread to three "
        "villages.\n"),
    "confirmed_to": (
        "Cuts\n\nCompany spokesman Tom Reed confirmed to Reuters that output would fall.\n\n"
        "Reed said the cut was temporary.\n"),
    "confirmed_news": (
        "Keeper Out\n\nGoalkeeper Ivo Mart will miss the rest of the season after knee "
        "surgery.\n\nThe 29-year-old was hurt in training last week.\n\nThe club confirmed "
        "the news in a statement on Tuesday.\n"),
    "announced_lead": (
        "Striker Out\n\nWinger Marco Reus has been ruled out for the rest of the season "
        "with a hip injury.\n\nHe was hurt in the derby against Rovers.\n\nChelsea Football Club "
        "released a statement saying: \"Marco Reus will have surgery on his hip injury this week.\"\n"),
    "past_lead": (
        "Vote Held\n\nSenator Ann Ruiz won the runoff in Ohio by six points.\n\nThe Ohio "
        "Democratic Party released a statement saying Ann Ruiz ran a strong campaign.\n"),
    "article_before_name": (
        "Forward Out\n\nThe forward will miss several months after knee surgery, the "
        "Brazilian FA said.\n\nThe Brazilian FA added that the operation went well. The "
        "British racing team said it was not affected.\n"),
    "denied_reports": (
        "Sale Talk\n\nThe airline is close to selling its cargo arm.\n\nThe airline denied "
        "the reports on Friday.\n"),
    "dateline_dash_speaker": (
        "Rally Draws Crowd\n\nDETROIT \u2014 Union leader Shawn Fain said on Friday that the "
        "plant would stay open.\n"),
    "embedded_post": (
        "Bail Granted\n\nThe court granted bail on Thursday.\n\nThe full order will be given "
        "tomorrow. They should be out by Saturday: Senior lawyer Ana Ruiz, who argued the case "
        "pic.twitter.com/abc123 \u2014 ANI (@ANI) October 28, 2021\n\n\u201cI am happy for "
        "them,\u201d Ana Ruiz said.\n\nWe are thrilled with the ruling "
        "\u2014 Free Press Group (@freepressgroup) October 28, 2021\n"),
    "no_reports": (
        "Quake Felt\n\nThe county office said there were no initial reports of injuries or "
        "damage from the quake.\n"),
    "dateline_speaker": (
        "Bank Holds\n\nMEXICO CITY, Jan 21 (Reuters) - Central bank chief Ana Ruiz said on "
        "Monday it was too early to cut rates.\n"),
}


@pytest.fixture(scope="module")
def extracted() -> dict[str, Extraction]:
    return {k: extract(document_from_text(k, text)) for k, text in PASSAGES.items()}


def _chains(ex: Extraction) -> list[tuple[tuple[str, ...], str | None]]:
    """(hands between the publisher and the speaker, speaker), in text order."""
    return [(a.chain_via, a.speaker) for a in ex.attributions]


@pytest.mark.parametrize(("passage", "want"), [
    ("credit_line", [(("IANS",), "city council"), (("IANS",), "Tomas Berg")]),
    ("byline", [(("AP",), "Lena Park")]),
    ("source_domain", [(("BBC",), "utility")]),
    ("lead_credit", [(("BBC",), "officials"), (("BBC",), "mayor")]),
])
def test_provenance_credited_copy_is_a_hop_of_every_chain(extracted, passage, want) -> None:
    assert _chains(extracted[passage]) == want


def test_provenance_dateline_credit_is_the_publisher_of_plain_text(extracted) -> None:
    # plain text names no page: the dateline's agency stands first in every chain
    ex = extracted["dateline_credit"]
    assert ex.document.publisher == "Xinhua"
    assert [a.speaker for a in ex.attributions] == ["port authority", "Amina Wekesa"]


def test_provenance_slash_credit_names_the_page_then_the_agency(extracted) -> None:
    ex = extracted["slash_credit"]
    assert ex.document.publisher == "CBS"
    assert [a.chain_via for a in ex.attributions] == [("AP",)]


def test_provenance_relay_and_channel_carry_over_to_the_same_speaker(extracted) -> None:
    ex = extracted["relay_carried"]
    assert _chains(ex) == [(("Le Monde",), "Jan Olsen"), (("Le Monde",), "Jan Olsen"),
                           ((), "Eva Holm"), (("Le Monde",), "Jan Olsen")]
    olsen = [a for a in ex.attributions if a.speaker == "Jan Olsen"]
    assert {(a.chain_channel.kind, a.chain_channel.with_) for a in olsen} == {
        ("interview", "Le Monde")}
    # the sentence's own via stays as the sentence says it (the JSONL keeps both)
    assert olsen[1].via == () and olsen[1].article_via == ("Le Monde",)


def test_provenance_according_to_and_quoted_as_saying_make_the_outlet_a_relay(extracted):
    ex = extracted["according_relay"]
    assert _chains(ex) == [(("Xinhua",), "Li Wei")] * 3
    # the relay clause is not part of what the miner said
    assert ex.attributions[0].statement_span.text == "the tunnel collapsed at dawn"


def test_provenance_outlet_pronouns_resolve_to_the_named_outlet(extracted) -> None:
    assert [a.speaker for a in extracted["outlet_pronouns"].attributions] == [
        "U.S. Geological Survey", "U.S. Geological Survey", "Kyodo", "Kyodo"]
    assert [a.speaker for a in extracted["report_continues"].attributions] == [
        "Nikkei", "Nikkei"]


def test_provenance_content_bearing_verb_is_part_of_the_statement(extracted) -> None:
    (a,) = extracted["statement_verb"].attributions
    assert a.speaker == "Sara Lind"
    assert a.statement_span.text == "has called the bombing a cowardly act of terror"
    assert a.content.text != a.statement_span.text  # the content keeps corpus conventions


def test_provenance_outlets_by_their_short_printed_name(extracted) -> None:
    assert [a.speaker for a in extracted["canonical"].attributions] == ["AFP", "Anadolu"]


def test_provenance_dateline_is_never_the_speaker(extracted) -> None:
    (a,) = extracted["dateline_speaker"].attributions
    assert a.speaker == "Ana Ruiz"
    (a,) = extracted["dateline_dash_speaker"].attributions
    assert (a.speaker, a.source.text) == ("Shawn Fain", "Union leader Shawn Fain")


def test_provenance_credit_is_a_reported_by_hop_in_graph_and_page(tmp_path: Path) -> None:
    from provgraph.batch import build
    from provgraph.query import citation_chains
    from provgraph.store import open_store
    from provgraph.store.base import to_python

    src = tmp_path / "in"
    src.mkdir()
    (src / "byline.txt").write_text(PASSAGES["byline"], "utf-8")
    report = build([src], tmp_path / "out")
    assert report.errors == []
    with open_store(tmp_path / "out") as store:
        (chain,) = citation_chains(store)
        rows = store.query(
            "PREFIX pg: <https://w3id.org/provgraph/ns#> PREFIX schema: <https://schema.org/>"
            " SELECT ?hop WHERE { ?s pg:reportedBy ?a ; pg:hop ?hop . ?a schema:name 'AP' }")
    assert chain.names == ["AP", "Lena Park"]
    assert [to_python(r["hop"]) for r in rows] == [1]  # hop 0 is the page's own statement
    assert "AP" in (tmp_path / "out" / "chains.html").read_text("utf-8")


def test_provenance_speech_inside_speech(extracted) -> None:
    got = {a.statement_span.text: (a.chain_via, a.speaker)
           for a in extracted["nested_speech"].attributions}
    # the inner speaker is the origin, the outer one a hand of the chain
    assert got["the slope had moved for weeks"] == (("Tribune",), "farmer")
    # "X has denied ..., according to Kyodo": the ministry speaks, Kyodo relays
    denied = next(v for k, v in got.items() if "outbreak reports" in k)
    assert denied == (("Kyodo",), "health ministry")
    # a report inside the police's words is a statement of its own
    assert got["a second suspect in the city"] == ((), "local radio")
    # an announcement still to come is the informed person's claim
    merger = next(v for k, v in got.items() if "merger" in k)
    assert merger == ((), "person familiar with the matter")


def test_provenance_embedded_post_is_its_authors_statement(extracted) -> None:
    got = [(a.statement_span.text, a.chain_via, a.speaker,
            a.chain_channel.kind if a.chain_channel else None)
           for a in extracted["embedded_post"].attributions]
    assert got == [
        # "<words>: Name, role" in a post: the named person's words, the author relays them
        ("The full order will be given tomorrow. They should be out by Saturday", ("ANI",),
         "Ana Ruiz", "social post"),
        # the relay belongs to that post: the article's own quote of her takes none
        ("I am happy for them", (), "Ana Ruiz", None),
        ("We are thrilled with the ruling", (), "Free Press Group", "social post"),
    ]


def test_provenance_no_report_is_no_statement(extracted) -> None:
    # "there were no initial reports of ...": nobody reported anything, "initial" least
    assert [a.speaker for a in extracted["no_reports"].attributions] == ["county office"]


def test_provenance_reports_speak_for_their_issuer(extracted) -> None:
    assert [a.speaker for a in extracted["issued_reports"].attributions] == ["Science", "NHK"]


def test_provenance_citing_names_the_source_not_a_statement(extracted) -> None:
    assert _chains(extracted["citing"]) == [(("Xinhua",), "local officials")]


def test_provenance_words_given_to_an_outlet_travel_through_it(extracted) -> None:
    assert _chains(extracted["confirmed_to"]) == [(("Reuters",), "Tom Reed")] * 2


def test_provenance_confirming_the_news_makes_the_lead_the_statement(extracted) -> None:
    (a,) = extracted["confirmed_news"].attributions
    assert a.speaker == "club"
    assert a.statement_span.text == ("Goalkeeper Ivo Mart will miss the rest of the season "
                                     "after knee surgery")
    assert a.chain_channel is not None and a.chain_channel.kind == "statement"
    # denying is no confirmation: the lead stays unattributed
    assert all("cargo arm" not in b.statement_span.text
               for b in extracted["denied_reports"].attributions)


def test_provenance_lead_restated_by_an_announcement_is_its_statement(extracted) -> None:
    lead, quote = extracted["announced_lead"].attributions
    assert lead.statement_span.text == ("Winger Marco Reus has been ruled out for the rest "
                                        "of the season with a hip injury")
    assert lead.speaker == quote.speaker == "Chelsea Football Club"
    # "released a statement saying": the issuer speaks
    assert quote.statement_span.text.startswith("Marco Reus will have surgery")


def test_provenance_past_tense_lead_is_no_announcement(extracted) -> None:
    # the reporter's account of a result, though the party's statement names the winner
    (a,) = extracted["past_lead"].attributions
    assert a.speaker == "Ohio Democratic Party"
    assert a.statement_span.text == "Ann Ruiz ran a strong campaign"


def test_provenance_article_before_a_proper_name_is_dropped(extracted) -> None:
    # "the Brazilian FA" mid-sentence and "The Brazilian FA" at a sentence start are one
    # speaker; "the British racing team" is a descriptor, left to referent resolution
    speakers = [a.speaker for a in extracted["article_before_name"].attributions]
    assert speakers[:2] == ["Brazilian FA", "Brazilian FA"]
    assert speakers[2] != "British racing team"


def test_provenance_embedded_post_in_markup_signed_by_its_author() -> None:
    from provgraph.provenance.posts import embedded_posts
    text = ('Title\n\n<tweet id="1">BREAKING: AP analysis: More than half those who met her '
            'gave to the fund. \u2014 The Associated Press (@AP) August 23, 2016</tweet>\n')
    (a,) = embedded_posts(text, [], lambda name: name)
    # the markup is not the post's words, and a sentence after a colon signs nobody
    assert (a.content.text, a.speaker, a.via) == (
        "BREAKING: AP analysis: More than half those who met her gave to the fund.",
        "The Associated Press", ())


def test_provenance_speech_in_a_clause_of_another_statement() -> None:
    text = ("Forecast Cut\n\nThe Associated Press noted that the carmaker slashed its forecast "
            "while company president Jo Smith said the firm was in crisis.\n\nMayor Ana Ruiz said "
            "that no one would say the plan had failed.\n")
    got = [(a.statement_span.text, a.chain_via, a.speaker)
           for a in extract(document_from_text("t", text)).attributions]
    # the president's words are hers, relayed by AP; the mayor's hypothetical is nobody's
    assert ("the firm was in crisis", ("AP",), "Jo Smith") in got
    assert [g[2] for g in got][:2] == ["AP", "Jo Smith"]
    assert len(got) == 3 and got[2][2].endswith("Ana Ruiz")
