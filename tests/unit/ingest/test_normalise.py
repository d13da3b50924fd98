from datetime import UTC, date, datetime

import pytest
from sitrep_common.models import ArticleIn
from sitrep_ingest.normalise import RejectedArticle, article_id_for, canonical_url, guess_title, normalise

NOW = datetime(2024, 1, 1, tzinfo=UTC)
TEXT = "Militants attacked a checkpoint on Monday, killing three soldiers, officials said."


def test_canonical_url_drops_tracking_fragment_and_case() -> None:
    assert canonical_url("HTTPS://Example.COM/a/b/?utm_source=x&id=3#top") == "https://example.com/a/b?id=3"


def test_same_url_same_id_whatever_the_text() -> None:
    assert article_id_for("https://e.com/x?utm_medium=y", "one") == article_id_for("https://e.com/x", "two")


def test_without_url_id_comes_from_text_with_spacing_and_case_folded() -> None:
    assert article_id_for(None, "A  b\nC") == article_id_for(None, "a b c")
    assert article_id_for(None, "a b c") != article_id_for(None, "a b d")


def test_title_is_guessed_from_a_headline_line() -> None:
    headline = "Two killed in shootout with police"
    assert guess_title(f"\n{headline}\n\nBody text here.") == headline
    assert guess_title("Subscribe:\nbody") is None


def test_normalise_keeps_metadata_and_cleans_text() -> None:
    a = normalise(ArticleIn(id="x1", url="https://e.com/n", outlet="E", published=date(2023, 5, 1),
                            text="  " + TEXT + "\r\n\r\n\r\n\r\nMore.  "), NOW)
    assert a.external_id == "x1" and a.display_id == "x1"
    assert a.text == TEXT + "\n\nMore."
    assert a.published == date(2023, 5, 1)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (ArticleIn(text="too short"), "fewer than 5 words"),
        (ArticleIn(text=TEXT, url="ftp://e.com/x"), "http"),
        (ArticleIn(text=TEXT, published=date(2030, 1, 1)), "future"),
    ],
)
def test_rejections_say_why(raw: ArticleIn, reason: str) -> None:
    with pytest.raises(RejectedArticle, match=reason):
        normalise(raw, NOW)


def test_feed_timestamps_are_read_as_dates() -> None:
    assert ArticleIn(text=TEXT, published="2023-05-01T10:00:00Z").published == date(2023, 5, 1)
