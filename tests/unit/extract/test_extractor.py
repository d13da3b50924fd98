"""End-to-end extractions of short articles written for these tests."""

from datetime import UTC, date, datetime

from sitrep_common.models import Article
from sitrep_extract.extractor import Extractor


def _article(text: str, published: date | None = date(2022, 5, 15), title: str | None = None) -> Article:
    return Article(article_id="t1", external_id="ext", url="http://example.org/a", outlet="Example",
                   published=published, title=title, text=text, received_at=datetime.now(UTC))


RAID = (
    "CAIRO (Example) - Egyptian police killed three suspected Hasm militants in a shootout on Saturday "
    "during a raid on their hideout in the Menoufiya governorate, the interior ministry said.\n\n"
    "The ministry said weapons were found at the farm.\n\n"
    "Last month, a roadside bomb killed two soldiers in North Sinai.\n\n"
    "Egypt has been fighting an insurgency that has killed hundreds of people since 2013."
)


def test_main_incident_and_background_incident(extractor: Extractor):
    events = extractor.extract(_article(RAID, title="Police kill three Hasm militants in shootout"))
    assert [e.primary for e in events].count(True) == 1
    main = next(e for e in events if e.primary)
    assert (main.event_type, main.sub_event_type) == ("Battles", "Armed clash")
    assert main.date == date(2022, 5, 14) and main.date_precision == "day"
    assert (main.country, main.country_code, main.admin1) == ("Egypt", "EG", "Monufia")
    assert main.killed == 3
    assert main.perpetrator == "Egyptian police" and main.perpetrator_id == "state-forces-eg"
    assert main.reported_by == "the interior ministry"
    assert main.keywords and all(k == k.lower() for k in main.keywords)
    for ev in main.evidence:
        assert RAID[ev.start:ev.end] == ev.text
    bomb = [e for e in events if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert bomb and bomb[0].date_precision == "month" and bomb[0].admin1 == "North Sinai"
    assert bomb[0].killed == 2 and not bomb[0].primary
    # The insurgency sentence is background, not an incident.
    assert len(events) == 2
    assert [e.event_id for e in events] == ["t1:0", "t1:1"]


def test_arrests_and_handover(extractor: Extractor):
    text = ("Libyan National Army forces handed over a wanted militant to Egypt on Tuesday in Benghazi, "
            "the army said in a statement.")
    main = next(e for e in extractor.extract(_article(text)) if e.primary)
    assert (main.event_type, main.sub_event_type) == ("Strategic developments", "Other")
    assert main.admin1 == "Benghazi" and main.country == "Libya"
    assert main.perpetrator_id == "lna"
    arrests = extractor.extract(_article("Police arrested 12 suspected members of Hasm in Fayoum on Monday, "
                                         "security sources said."))
    assert arrests[0].sub_event_type == "Arrests" and arrests[0].admin1 == "Faiyum"


def test_suicide_bombing_with_claim(extractor: Extractor):
    text = ("A suicide bomber killed at least 11 people at a checkpoint in el-Arish on Thursday. "
            "Islamic State claimed responsibility for the attack in a statement.")
    main = extractor.extract(_article(text))[0]
    assert main.sub_event_type == "Suicide bomb"
    assert (main.killed, main.killed_min) == (11, 11)
    assert main.claimed_by == "Islamic State" and main.perpetrator_id == "isis"


def test_no_publication_date_uses_dateline_or_leaves_date_unresolved(extractor: Extractor):
    dated = "12 April, 2016\nGunmen shot dead two policemen on Monday in Giza, officials said."
    ev = extractor.extract(_article(dated, published=None))[0]
    assert ev.date == date(2016, 4, 11)
    undated = "Gunmen shot dead two policemen on Monday in Giza, officials said."
    ev = extractor.extract(_article(undated, published=None))[0]
    assert ev.date is None


def test_clutter_and_pure_background_give_no_event(extractor: Extractor):
    text = ("Share on Facebook\nSoldiers were killed in a Sinai attack [AFP]\n\n"
            "Analysts say the insurgency has killed hundreds of soldiers since 2013.")
    assert extractor.extract(_article(text)) == []


def test_deterministic_and_batched(extractor: Extractor):
    a = _article(RAID)
    assert extractor.extract(a) == extractor.extract(a)
    assert extractor.extract_many([a, a], batch_size=1) == [extractor.extract(a)] * 2


def test_without_any_date_the_weekday_is_kept_as_a_hint(extractor: Extractor):
    # No publication date, none in the text: "on Saturday" cannot be resolved, but it still tells this raid
    # from one on another day of the week.
    events = extractor.extract(_article(RAID.replace("CAIRO (Example) - ", ""), published=None))
    main = next(e for e in events if e.primary)
    assert main.date is None
    assert main.date_hint is not None and main.date_hint.weekday == 5
    dated = next(e for e in extractor.extract(_article(RAID)) if e.primary)
    assert dated.date_hint is None


def test_a_dateline_on_its_own_line_places_a_region_in_a_subdivision(extractor: Extractor):
    text = ("Bomb kills five police in Egypt\n\nEL-ARISH:\n\nA roadside bomb exploded on Tuesday near a police "
            "vehicle in Egypt's Sinai Peninsula, killing five officers, security officials said.")
    main = next(e for e in extractor.extract(_article(text)) if e.primary)
    assert main.admin1 == "North Sinai" and main.location == "Sinai Peninsula"


def test_an_undated_report_does_not_take_a_date_of_another_weekday(extractor: Extractor):
    text = ("Eleven policemen were killed when a roadside bomb struck their armoured vehicle in North Sinai on "
            "Tuesday, security officials said.\n\nAbout 700 protesters were killed in a single day on "
            "August 14, 2013, when police cleared two camps.")
    main = next(e for e in extractor.extract(_article(text, published=None)) if e.primary)
    assert main.date is None and main.date_hint is not None and main.date_hint.weekday == 1


def test_a_place_the_scene_is_measured_from_is_not_the_scene(extractor: Extractor):
    text = ("Gunmen killed 16 policemen in an ambush on a desert road 135 km southwest of the capital Cairo on "
            "Friday, the interior ministry said.")
    main = next(e for e in extractor.extract(_article(text)) if e.primary)
    assert main.admin1 != "Cairo" and main.location != "Cairo"
    assert main.country_code == "EG"
