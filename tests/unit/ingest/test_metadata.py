"""Metadata read from the text of articles sent without it: the seeds, datelines, outlet cues."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sitrep_common.dates import infer_publication
from sitrep_common.models import ArticleIn
from sitrep_ingest.metadata import detect_language, infer_outlet, outlet_from_url
from sitrep_ingest.normalise import normalise

SEEDS = Path(__file__).resolve().parents[3] / "samples" / "articles"
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def _seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _published(text: str, not_after: date) -> date | None:
    found = infer_publication(text, not_after)
    return found.day if found else None


def test_seed_000_date_is_read_from_its_dateline() -> None:
    article = normalise(ArticleIn(text=_seed("000")), NOW)
    assert article.published == date(2017, 7, 9) and article.published_inferred
    assert article.title == "Hasm anti-government militants killed in shootout with Egypt police"
    assert article.language == "en"


def test_seed_001_date_comes_from_its_photo_caption() -> None:
    assert normalise(ArticleIn(text=_seed("001")), NOW).published == date(2017, 10, 26)


@pytest.mark.parametrize(("prefix", "outlet"), [("002", "IBTimes"), ("004", "The New Arab")])
def test_seed_outlets_come_from_copyright_and_twitter_lines(prefix: str, outlet: str) -> None:
    article = normalise(ArticleIn(text=_seed(prefix)), NOW)
    assert article.outlet == outlet and article.outlet_inferred


def test_every_seed_normalises_with_what_can_be_inferred() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        article = normalise(ArticleIn(id=path.stem, text=path.read_text(encoding="utf-8")), NOW)
        assert article.language == "en"
        assert article.published_inferred == (article.published is not None)
        assert article.outlet_inferred == (article.outlet is not None)


def test_given_metadata_is_never_marked_inferred() -> None:
    article = normalise(ArticleIn(text=_seed("000"), outlet="X", published=date(2017, 7, 10),
                                  url="https://e.example/a"), NOW)
    assert (article.outlet, article.published) == ("X", date(2017, 7, 10))
    assert not article.outlet_inferred and not article.published_inferred


def test_a_labelled_date_beats_a_crawl_date_and_prose_dates() -> None:
    text = ("DAWN.COM\n\nToday's Paper | May 21, 2024\n\nPublished 03 Sep, 2014 06:02am\n\nBomb kills four\n\n"
            "Since the July 3, 2013 coup, attacks have grown.")
    assert _published(text, date(2025, 1, 1)) == date(2014, 9, 3)


def test_without_a_dateline_a_photo_captions_date_is_taken_but_not_a_background_date() -> None:
    caption = ("Blast kills six\n\nA picture taken on December 24, 2013 shows the police headquarters after "
               "the bombing. (AFP PHOTO)\n\nA bombing at the police headquarters killed six people.")
    assert _published(caption, date(2025, 1, 1)) == date(2013, 12, 24)
    # "since the July 3, 2013 coup": the background's date, which says little about when the report was written.
    background = ("Blast kills six\n\nIn one of the worst attacks since the July 3, 2013 coup, a bombing at the "
                  "police headquarters killed six people, officials said.")
    assert _published(background, date(2025, 1, 1)) is None


def test_a_date_after_receipt_is_never_the_publication_date() -> None:
    text = "Trial set\n\n12 March 2031\n\nThe trial of the suspects will open on 12 March 2031, the court said."
    assert _published(text, date(2024, 1, 1)) is None
    assert _published("No dates here at all, only words about an attack.", date(2024, 1, 1)) is None


@pytest.mark.parametrize(
    ("text", "url", "outlet"),
    [
        ("CAIRO (Reuters) - Gunmen killed two police officers on Sunday, officials said.", None, "Reuters"),
        ("ISLAMABAD (AP) — A bomb exploded near a market on Monday, police said.", None, "AP"),
        ("A bomb exploded.\n\n© 2017 Reuters", None, "Reuters"),
        ("A bomb exploded near a market on Monday.\n\nFollow us on Twitter: @The_NewArab", None, "The New Arab"),
        ("CAIRO (Reuters) - Gunmen attacked.\n\n© 2019 Gulf Times. All rights reserved.", None, "Gulf Times"),
        ("Gunmen attacked a checkpoint.", "https://www.reuters.com/world/x", "Reuters"),
        ("A story with no cues at all in its text.", None, None),
    ],
)
def test_outlet_cues(text: str, url: str | None, outlet: str | None) -> None:
    assert infer_outlet(text, url) == outlet


def test_unknown_hosts_are_named_by_their_domain() -> None:
    assert outlet_from_url("https://www.zero-ready.com/news/a") == "zero-ready.com"


def test_language_detection_is_stable() -> None:
    text = "Un incendie a ravagé samedi un entrepôt du port, sans faire de victime, selon les pompiers."
    assert {detect_language(text) for _ in range(5)} == {"fr"}
    assert detect_language("12345 678 !!!") is None
