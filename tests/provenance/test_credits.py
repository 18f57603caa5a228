"""Article credits read off datelines, bylines and credit lines (texts of our own)."""

from __future__ import annotations

import pytest

from provgraph.provenance import read_credits
from provgraph.provenance.credits import canonical_outlet, lead_credit

BODY = "The minister said the talks had failed."


@pytest.mark.parametrize(("text", "want"), [
    (f"Talks Fail\n\nWASHINGTON (AP) \u2014 {BODY}\n", ("AP",)),
    (f"Talks Fail\n\nPARIS (AFP) - {BODY}\n", ("AFP",)),
    (f"Talks Fail\n\nBERLIN, Jan 5 (dpa) - {BODY}\n", ("dpa",)),
    (f"Talks Fail\n\nNAIROBI, March 3 (Xinhua) -- {BODY}\n", ("Xinhua",)),
    # an agency the gazetteer does not know, by the way agencies are named
    (f"Talks Fail\n\nQUITO, Thursday (Andes Press Service) - {BODY}\n", ("Andes Press Service",)),
    (f"Talks Fail\n\n{BODY}\n\n(With inputs from PTI)\n", ("PTI",)),
    (f"Talks Fail\n\n{BODY} (IANS)\n", ("IANS",)),
    (f"Talks Fail\n\n{BODY} \u2014AFP\n", ("AFP",)),
    (f"Talks Fail\n\n{BODY}\n\nSource: AFP/zl\n", ("AFP",)),
    (f"Talks Fail\n\n{BODY}\n\nSOURCE: Reuters\n", ("Reuters",)),
    (f"Talks Fail\n\nBy Associated Press\n\n{BODY}\n", ("AP",)),
    (f"Talks Fail\n\nBy Ana Ruiz and Li Wei Bloomberg\n\n{BODY}\n", ("Bloomberg",)),
    (f"Talks Fail\n\n{BODY}\n\nXinhua, February 24, 2015\n", ("Xinhua",)),
    # not credits: a reporter's byline, reporting lines, an aside in brackets
    (f"Talks Fail\n\nBy Ana Ruiz\n\n{BODY}\n", ()),
    (f"Talks Fail\n\n{BODY}\n\nAP writer Ana Ruiz contributed to this report.\n", ()),
    (f"Talks Fail\n\n{BODY} (Reporting by Ana Ruiz; Editing by Li Wei)\n", ()),
    ("Talks Fail\n\nThe minister said the talks had failed (in June).\n", ()),
    (f"Talks Fail\n\nThe rover's Sample Analysis (SAM) instrument sent data. {BODY}\n", ()),
])
def test_credits_forms(text: str, want: tuple[str, ...]) -> None:
    assert read_credits(text, "Daily Star").agencies == want


def test_credits_page_name_is_never_its_own_credit() -> None:
    text = f"Talks Fail\n\nLIMA, May 2 (Daily Star) - {BODY}\n"
    assert read_credits(text, "Daily Star").agencies == ()
    assert read_credits(f"Talks Fail\n\nNEW YORK (CBS / AP) -- {BODY}\n", None).publisher == "CBS"


def test_credits_lead_credit_only_in_the_lead() -> None:
    text = "Flood\n\nRescuers reached the village, officials said, BBC reports.\n"
    assert lead_credit(text, text.index("Rescuers")) == ("BBC",)
    later = "Flood\n\n" + "A quiet day. " * 3 + "\n\n" * 5 + "\n\n".join(
        ["The river rose."] * 5) + "\n\nThe dam held, reports Efe.\n"
    assert lead_credit(later, later.index("The dam")) == ()


def test_credits_short_printed_names() -> None:
    assert [canonical_outlet(n) for n in ("Agence France-Presse", "The Associated Press",
                                          "Press Trust of India", "bbc.com", "Lancet")] == [
        "AFP", "AP", "PTI", "BBC", "Lancet"]
