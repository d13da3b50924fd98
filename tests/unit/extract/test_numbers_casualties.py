from sitrep_extract.casualties import find_figures
from sitrep_extract.numbers import Count, parse_count, words_to_int


def test_number_words_and_digits():
    assert words_to_int("twenty-one") == 21
    assert words_to_int("1,200") == 1200
    assert words_to_int("a hundred and five") == 105
    assert words_to_int("soldiers") is None


def test_hedges_ranges_and_vague_counts():
    assert parse_count("at least 11") == Count(11, 11, None)
    assert parse_count("over 70") == Count(70, 71, None)
    assert parse_count("12 to 13") == Count(12, 12, 13)
    assert parse_count("12-13") == Count(12, 12, 13)
    dozens = parse_count("dozens")
    assert dozens is not None and dozens.best is None and dozens.min == 24


def _killed(text: str) -> list[int | None]:
    return [f.count.best for f in find_figures(text) if f.kind == "killed"]


def test_killed_and_injured_figures():
    assert _killed("Gunmen killed four farmers and wounded nine in the attack.") == [4]
    figs = find_figures("The blast left seven people dead and more than 30 wounded.")
    assert [(f.kind, f.count.best) for f in figs] == [("killed", 7), ("injured", 30)]
    assert _killed("At least 9 soldiers were killed on Monday.") == [9]
    assert _killed("The death toll rose to 27 on Tuesday.") == [27]


def test_sums_of_parts():
    assert _killed("The ambush killed three policemen and two civilians near the border.") == [5]


def test_ages_and_distances_are_not_casualties():
    assert find_figures("The men, aged 31 and 40, lived 20 km from the town.") == []
    assert find_figures("An Egyptian court was convened.") == []
