"""Event typing against labelled snippets, as CASE 2021 Task 2 measured it: weighted F1 of sub-event types.

A snippet whose gold has no ACLED type (a disaster, a crime, diplomacy) should yield no event. The rules are
those of the project's reference scorer (shared/tools/score.py `types`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field


class TypeReport(BaseModel):
    snippets: int
    acled_snippets: int
    weighted_f1: float
    macro_f1: float
    sub_type_accuracy: float
    event_type_accuracy: float
    no_event_on_acled: int
    out_of_scope: int
    out_of_scope_without_event: int
    per_class_f1: dict[str, float] = Field(default_factory=dict)


def _primary(events: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    return next((e for e in events if e.get("primary")), events[0] if events else None)


def evaluate_types(rows: Sequence[Mapping[str, Any]],
                   events_by_article: Mapping[str, Sequence[Mapping[str, Any]]]) -> TypeReport:
    """`rows` are corpus rows with `gold.event_type/sub_event_type` (null = out of scope)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    support: Counter[str] = Counter()
    type_ok = no_event = oos = oos_ok = 0
    for row in rows:
        gold = row.get("gold") or {}
        event = _primary(events_by_article.get(row["id"], []))
        predicted = event.get("sub_event_type") if event else None
        if gold.get("sub_event_type") is None:
            oos += 1
            oos_ok += event is None
            if predicted:
                fp[predicted] += 1
            continue
        label = gold["sub_event_type"]
        support[label] += 1
        type_ok += bool(event) and event is not None and event.get("event_type") == gold.get("event_type")
        no_event += event is None
        if predicted == label:
            tp[label] += 1
        else:
            fn[label] += 1
            if predicted:
                fp[predicted] += 1
    f1: dict[str, float] = {}
    for label in support:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f1[label] = 2 * p * r / (p + r) if p + r else 0.0
    n = sum(support.values())
    return TypeReport(
        snippets=len(rows), acled_snippets=n,
        weighted_f1=round(sum(f1[c] * support[c] for c in support) / max(1, n), 3),
        macro_f1=round(sum(f1.values()) / max(1, len(f1)), 3),
        sub_type_accuracy=round(sum(tp.values()) / max(1, n), 3),
        event_type_accuracy=round(type_ok / max(1, n), 3),
        no_event_on_acled=no_event, out_of_scope=oos, out_of_scope_without_event=oos_ok,
        per_class_f1={c: round(v, 2) for c, v in sorted(f1.items(), key=lambda x: -x[1])},
    )
