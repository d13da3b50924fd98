from sitrep_dedupe.evaluation import bcubed, evaluate_clusters


def test_bcubed_perfect_and_all_in_one() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    assert bcubed(gold, {"a": "1", "b": "1", "c": "2"}) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed(gold, {"a": "1", "b": "1", "c": "1"})
    assert r == 1.0 and round(p, 3) == round((2 / 3 + 2 / 3 + 1 / 3) / 3, 3)


def test_lookalikes_merged_and_mentions_linked_are_counted() -> None:
    articles = [
        {"id": "1", "incident": "x", "mentions": ["y"]},
        {"id": "2", "incident": "x"},
        {"id": "3", "incident": "y"},
    ]
    incidents = [{"incident": "x", "distinct_from": ["y"]}, {"incident": "y"}]
    events = {
        "1": [{"primary": True, "incident_id": "I1"}, {"primary": False, "incident_id": "I2"}],
        "2": [{"primary": True, "incident_id": "I1"}],
        "3": [{"primary": True, "incident_id": "I1"}],
    }
    report = evaluate_clusters(articles, incidents, events)
    assert report.lookalike_pairs == 1 and report.lookalikes_merged == [("x", "y")]
    assert report.mentions_total == 1 and report.mentions_linked == 1  # y's main incident is I1, in article 1
    assert report.mixed == {"I1": ["x", "y"]}
