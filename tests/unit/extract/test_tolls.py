"""The main event's toll borrows what its own sentences lack (invented articles)."""

from datetime import UTC, date, datetime

from sitrep_common.models import Article
from sitrep_extract.extractor import Extractor

from tests.unit.extract.invented import main_event


def _main(extractor: Extractor, text: str, title: str | None = None) -> tuple[int | None, int | None]:
    main = main_event(extractor, text, published=date(2022, 5, 15), title=title, url="http://example.org/a")
    return main.killed, main.injured


def test_dead_told_in_a_sentence_without_an_event_word(extractor: Extractor) -> None:
    text = ("Two women and a man were shot to death in Riverton on Friday evening, police said.\n\n"
            "Police say two others were injured during the shooting.\n\n"
            "Officers believe the shooting was not random.")
    assert _main(extractor, text) == (3, 2)


def test_a_third_person_hit_is_wounded_not_dead(extractor: Extractor) -> None:
    text = ("Police are investigating a shooting on Elm Street early Saturday.\n\n"
            "Two men were shot to death outside the Blue Door tavern, officers said.\n\n"
            "A third man was taken to a hospital with a wound to his leg.")
    assert _main(extractor, text, "Shooting outside bar under investigation") == (2, 1)


def test_a_person_shot_is_an_event_without_an_event_word(extractor: Extractor) -> None:
    text = ("A 16-year-old boy was accidentally shot in the leg Tuesday night at a home in Millbrook, police said.\n\n"
            "He is expected to recover, according to the sheriff's office.")
    assert _main(extractor, text, "Teen recovering after accidental shooting") == (None, 1)


def test_people_hurt_without_gunfire_stay_out_of_scope(extractor: Extractor) -> None:
    text = ("Heavy rain flooded several roads in Millbrook on Tuesday, and two people were hurt when their car was "
            "swept away, police said.\n\nCrews expect the water to recede by Thursday.")
    article = Article(article_id="t1", external_id="ext", url="http://example.org/a", outlet="Example",
                      published=date(2022, 5, 15), title="Flooding closes roads", text=text,
                      received_at=datetime.now(UTC))
    assert extractor.extract(article) == []


def test_headline_toll_wins_over_a_part_told_in_the_body(extractor: Extractor) -> None:
    text = ("Deputies found two people dead in the back seat of a car near Elmwood on Sunday after a shooting, the "
            "sheriff said.\n\nA woman was found in the driver's seat, he said.")
    assert _main(extractor, text, "3 dead in shooting near Elmwood") == (3, None)
