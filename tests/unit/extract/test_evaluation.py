from datetime import date

from sitrep_common.models import Event
from sitrep_extract.evaluation import evaluate, same_actor, same_place


def test_comparison_rules():
    assert same_place("Qalyubia Governorate", "Qalyubia")
    assert same_place("Al Faiyum", "Faiyum")
    assert not same_place(None, "Giza")
    assert same_actor("Hasm (claimed)", "Hasm")
    assert same_actor("Ansar Bayt al-Maqdis", "Ansar Beit al-Maqdis")
    assert same_actor("Egyptian security forces", "Egyptian police")  # half the gold words suffice
    assert not same_actor("Islamic State", "Hasm")


def test_evaluate_counts_primary_event_fields():
    rows = [{"id": "a", "incident": "x", "gold": {"event_type": "Battles", "date": "2020-01-02",
                                                  "country": "Egypt", "killed": 3, "perpetrator": None}}]
    ev = Event(event_id="a:0", article_id="a", primary=True, event_type="Battles", sub_event_type="Armed clash",
               date=date(2020, 1, 3), country="Egypt", killed=2)
    report = evaluate(rows, {"a": [ev]})
    assert report.articles == 1
    assert report.accuracy["event_type"] == 1.0 and report.accuracy["date"] == 0.0
    assert report.accuracy["date_pm1"] == 1.0 and report.accuracy["killed"] == 0.0
    assert {(e.field, e.gold) for e in report.errors} == {("date", "2020-01-02"), ("killed", 3)}
