"""Killed, injured and shot figures as news in general writes them (invented texts, one per behaviour)."""

from sitrep_extract.casualties import find_figures
from sitrep_extract.numbers import words_to_int
from sitrep_extract.tolls import toll as _figure


def _figs(text: str) -> list[tuple[str, int | None]]:
    return [(f.kind, f.count.best) for f in find_figures(text)]


def _toll(*texts: str) -> tuple[int | None, int | None]:
    figures = [f for t in texts for f in find_figures(t)]
    return _figure(figures, "killed")[0], _figure(figures, "injured")[0]


def test_shot_and_killed_is_one_dead() -> None:
    assert _toll("A man was shot and killed outside a grocery store on Friday night.") == (1, None)


def test_others_wounded_counts_the_others() -> None:
    assert _figs("Two others were wounded in the crossfire.") == [("injured", 2)]


def test_died_at_the_hospital_is_a_death() -> None:
    assert _toll("The driver died at the hospital hours later.") == (1, None)


def test_shot_in_the_leg_is_injured() -> None:
    assert _toll("A 31-year-old woman was shot in the arm near the park, police said.") == (None, 1)


def test_pronounced_dead_at_the_scene() -> None:
    assert _toll("The victim was pronounced dead at the scene.") == (1, None)


def test_shot_one_fatally_splits_dead_and_wounded() -> None:
    assert _toll("Four people were shot, one fatally, at a birthday party.") == (1, 3)


def test_non_life_threatening_injuries() -> None:
    assert _toll("A teenager suffered non-life-threatening injuries in the shooting.") == (None, 1)


def test_shot_then_died_is_not_also_injured() -> None:
    assert _toll("A 19-year-old man was shot on Elm Street late Sunday.", "He died early Monday.") == (1, None)


def test_numbers_shot_less_the_dead_are_injured() -> None:
    assert _toll("Five people were shot near the bar.", "Two of them died.") == (2, 3)


def test_one_dead_and_two_injured() -> None:
    assert _figs("The crash of gunfire left one dead and two injured.") == [("killed", 1), ("injured", 2)]


def test_killing_and_wounding() -> None:
    assert _figs("The attacker opened fire, killing two and wounding three.") == [("killed", 2), ("injured", 3)]


def test_killer_and_himself_in_one_toll() -> None:
    assert _toll("Police said the man killed his wife and then himself.") == (2, None)


def test_killer_death_told_apart_is_not_added() -> None:
    text = "The gunman killed six people and wounded four before turning the gun on himself."
    assert _toll(text) == (6, 4)


def test_both_died() -> None:
    assert _toll("Both died at the scene.") == (2, None)


def test_named_victim_shot_dead() -> None:
    assert _toll("Marcus Reed, 24, was shot and killed on Saturday evening.") == (1, None)


def test_object_victim_of_active_verb() -> None:
    assert _toll("Police are looking for a man who fatally shot a 16-year-old girl at a party.") == (1, None)


def test_attacker_is_not_a_victim() -> None:
    assert _toll("The gunman killed three people at the office.") == (3, None)


def test_found_with_a_gunshot_wound() -> None:
    assert _toll("Officers found a man lying in the street with a gunshot wound to the chest.") == (None, 1)


def test_double_homicide() -> None:
    assert _toll("Detectives are investigating a double homicide on the east side.") == (2, None)


def test_age_is_not_a_count() -> None:
    assert _toll("The gunman shot and killed 3-year-old Ella Stone.") == (1, None)


def test_two_dozen() -> None:
    assert words_to_int("two dozen") == 24
    assert _toll("Two dozen people were wounded in the blast.") == (None, 24)


def test_at_least_counts_the_floor() -> None:
    assert _toll("At least 12 villagers were killed in the raid.") == (12, None)


def test_among_names_the_whole_toll() -> None:
    assert _toll("Three reporters were among 31 people killed in the bombing.") == (31, None)


def test_claims_lives() -> None:
    assert _toll("A bombing at a market claims 40 lives.") == (40, None)


def test_attackers_dead_do_not_replace_the_victims() -> None:
    assert _toll("The two attackers were shot dead by police.", "Police said 14 people were killed.") == (14, None)


def test_raid_where_only_militants_die() -> None:
    assert _toll("Security forces killed nine militants in a raid on a hideout.") == (9, None)


def test_left_someone_injured_is_not_a_death() -> None:
    assert _toll("The shooting left two people injured.") == (None, 2)


def test_shot_several_times_counts_one_person() -> None:
    assert _toll("He was shot 3 times in the back.") == (None, 1)


def test_the_injured_as_a_noun_is_not_a_figure() -> None:
    assert ("injured", 5) not in _figs("The toll rose to 40 after five of the injured died in hospital.")


def test_dead_or_missing_is_neither() -> None:
    assert _figs("At least 20 people were dead or missing after the attack.") == []


def test_title_case_words_are_not_names() -> None:
    assert _figs("Army Commander Killed In Border Clash With Rebels") == []


def test_people_hospitalized_are_apart_from_the_dead() -> None:
    assert _toll("A woman was killed in the strike.", "Three people were hospitalized.") == (1, 3)


def test_bringing_the_toll_updates_it() -> None:
    assert _toll("Two people were killed on Monday.", "A man died on Tuesday, bringing the death toll to three.") == (
        3, None)
