"""Typing figures over labelled snippets: the CASE 2021 measure, on hand-made rows."""

from sitrep_extract.type_evaluation import evaluate_types


def _row(rid: str, event_type: str | None, sub: str | None) -> dict[str, object]:
    return {"id": rid, "gold": {"event_type": event_type, "sub_event_type": sub}}


def _event(event_type: str, sub: str) -> list[dict[str, object]]:
    return [{"primary": True, "event_type": event_type, "sub_event_type": sub}]


def test_weighted_f1_no_events_and_out_of_scope_are_counted() -> None:
    rows = [
        _row("a", "Battles", "Armed clash"),
        _row("b", "Battles", "Armed clash"),
        _row("c", "Protests", "Peaceful protest"),
        _row("d", None, None),
        _row("e", None, None),
    ]
    events = {
        "a": _event("Battles", "Armed clash"),
        "b": _event("Protests", "Peaceful protest"),
        # c: no event; d: out of scope, rightly none; e: out of scope but typed
        "e": _event("Battles", "Armed clash"),
    }
    report = evaluate_types(rows, events)
    assert report.acled_snippets == 3
    assert report.no_event_on_acled == 1
    assert (report.out_of_scope, report.out_of_scope_without_event) == (2, 1)
    # Armed clash: tp 1 (a), fp 1 (e), fn 1 (b) -> F1 0.5; Peaceful protest: tp 0, fp 1 (b) -> F1 0.
    assert report.per_class_f1 == {"Armed clash": 0.5, "Peaceful protest": 0.0}
    assert report.weighted_f1 == round((0.5 * 2 + 0.0 * 1) / 3, 3)
    assert report.event_type_accuracy == round(1 / 3, 3)
