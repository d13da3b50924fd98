"""Victims listed by name, by kinship or in a headline's clipped style (invented texts, one per behaviour)."""

import pytest
from sitrep_extract.casualties import find_figures
from sitrep_extract.tolls import toll


def _toll(*texts: str) -> tuple[int | None, int | None]:
    figures = [f for t in texts for f in find_figures(t)]
    return toll(figures, "killed")[0], toll(figures, "injured")[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("Maria Lopez, 34, and Daniel Reyes, 29, were shot and killed outside a store.", (2, None)),
    ("Officers said 45-year-old Tom Baker and 8-year-old Lily Baker died at the scene.", (2, None)),
    ("Deputies said 61-year-old Ann Cole, 30-year-old Mark Cole and Jay Cole, 9, were found dead.", (3, None)),
    ("The gunman killed 52-year-old Alan Price and 19-year-old Sara Price before fleeing.", (2, None)),
])
def test_victims_named_in_a_list(text: str, expected: tuple[int | None, int | None]) -> None:
    assert _toll(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("A mother and her three children were found dead in the house.", (4, None)),
    ("Two boys and their grandmother were killed when gunfire tore through the home.", (3, None)),
    ("Detectives are investigating the deaths of a woman and her two sons.", (3, None)),
    ("Police arrested a man accused of killing a father and son last month.", (2, None)),
])
def test_kin_counted_with_the_first_victim(text: str, expected: tuple[int | None, int | None]) -> None:
    assert _toll(text) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Woman hit by stray bullet on Main Street", (None, 1)),
    ("Teen fatally shot near Riverside park", (1, None)),
    ("Boy, 7, dies after being shot at home", (1, None)),
    ("Man, woman wounded in drive-by shooting", (None, 2)),
    ("Girl accidentally shoots herself with father's gun", (None, 1)),
    ("Father arrested after toddler accidentally shot in Elm County", (None, 1)),
    ("Clinton County Boy Shot In Leg While Hunting", (None, 1)),
])
def test_headline_victims_without_an_article(title: str, expected: tuple[int | None, int | None]) -> None:
    assert _toll(title) == expected


def test_headline_suspect_is_no_victim() -> None:
    assert _toll("Suspect arrested after man shot on Oak Street") == (None, 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("A 6-year-old boy was accidentally shot by his brother.", (None, 1)),
    ("A 20-year-old man was found shot to death in a parked car.", (1, None)),
    ("The round struck a nearby woman in the arm, deputies said.", (None, 1)),
    ("Lena was pronounced dead at the hospital.", (1, None)),
    ("A 15-year-old accidentally shot himself in the hand while cleaning a rifle.", (None, 1)),
    ("His cousin was playing with the pistol when it went off, shooting the 12-year-old in the leg.", (None, 1)),
])
def test_one_victim_as_local_news_tells_it(text: str, expected: tuple[int | None, int | None]) -> None:
    assert _toll(text) == expected


def test_a_third_man_hit_is_apart_from_the_dead() -> None:
    assert _toll("Two men were shot to death outside the tavern.",
                 "A third man was taken to a hospital with a wound to his leg.") == (2, 1)


def test_those_who_died_later_add_to_the_dead_at_the_scene() -> None:
    assert _toll("The gunmen opened fire, killing four people on the spot while three others later died in "
                 "hospital.") == (7, None)


def test_one_of_a_group_tells_the_whole_group() -> None:
    assert _toll("Lee was one of the four people wounded in the attack.") == (None, 4)


def test_the_shooting_of_someone_is_one_hit() -> None:
    assert _toll("A second man was charged in the shooting of a 9-year-old boy.") == (None, 1)
    assert _toll("He was charged in the fatal shooting of a 19-year-old man.") == (1, None)
