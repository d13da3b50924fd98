"""Articles in a language extraction cannot read are skipped with a reason, never read as English."""

from datetime import UTC, date, datetime

from sitrep_common.models import Article
from sitrep_extract.extractor import Extractor
from sitrep_extract.language_gate import unreadable_language
from sitrep_extract.worker import ExtractBatch

FRENCH = (
    "BAMAKO - Des hommes armés ont attaqué mardi un poste de l'armée dans le centre du pays, tuant au moins "
    "dix soldats, selon un communiqué de l'état-major publié mercredi. Les assaillants sont arrivés à moto "
    "avant l'aube et ont incendié plusieurs véhicules avant de se retirer vers la frontière."
)
ENGLISH = "Gunmen attacked an army post in central Mali on Tuesday, killing at least ten soldiers, the army said."


def _article(aid: str, text: str, language: str | None) -> Article:
    return Article(article_id=aid, text=text, published=date(2023, 3, 8), received_at=datetime.now(UTC),
                   language=language)


def test_a_long_text_in_another_language_is_skipped_with_its_reason() -> None:
    reason = unreadable_language(_article("fr", FRENCH, "fr"))
    assert reason is not None and "'fr'" in reason


def test_english_unknown_and_short_texts_are_read() -> None:
    assert unreadable_language(_article("en", ENGLISH, "en")) is None
    assert unreadable_language(_article("none", FRENCH, None)) is None
    # Too short to trust a detector: headlines get called Catalan or Danish.
    assert unreadable_language(_article("short", "Portugal expels diplomats", "ca")) is None


def test_extraction_skips_it_keeps_the_others_in_order_and_counts_it(extractor: Extractor) -> None:
    skipped: list[int] = []
    handler = ExtractBatch(lambda arts: extractor.extract_many(list(arts)), count_skipped=skipped.append)
    outcomes = handler([_article("fr", FRENCH, "fr"), _article("en", ENGLISH, "en")])
    assert len(outcomes) == 2
    assert outcomes[0] == []
    assert len(outcomes[1]) >= 1
    assert skipped == [1]


def test_batch_marks_the_skipped_article_with_its_reason(extractor: Extractor) -> None:
    from sitrep_cli.batch import run_batch  # noqa: PLC0415 - the CLI is a consumer of extract, not a dependency
    from sitrep_common.models import ArticleIn  # noqa: PLC0415

    rows: list[tuple[str, ArticleIn | str]] = [
        (aid, ArticleIn(id=aid, url=f"https://example.org/{aid}", text=text, published=date(2023, 3, 8)))
        for aid, text in (("fr-1", FRENCH), ("en-1", ENGLISH))
    ]
    out = {a["id"]: a for a in run_batch(rows, extractor).articles}
    assert out["fr-1"]["events"] == [] and "'fr'" in out["fr-1"]["skipped"]
    assert out["en-1"]["events"] and "skipped" not in out["en-1"]
