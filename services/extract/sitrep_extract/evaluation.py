"""Accuracy of each article's primary event against the corpus gold fields.

Comparison rules are those of the project's reference scorer: names normalised (no 'governorate',
'province', 'al', punctuation...), places equal by containment or a close spelling, actors equal by
containment, close spelling or half the gold words, dates exact or within a day."""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel, Field
from sitrep_common.models import Event

FIELDS = ("event_type", "sub_event_type", "date", "date_pm1", "country", "admin1", "killed", "injured",
          "perpetrator")


class FieldError(BaseModel):
    article_id: str
    field: str
    predicted: Any = None
    gold: Any = None


class EvalReport(BaseModel):
    articles: int = 0
    no_event: int = 0
    accuracy: dict[str, float] = Field(default_factory=dict, description="Share correct, per field")
    counts: dict[str, int] = Field(default_factory=dict, description="Articles whose gold gives the field")
    errors: list[FieldError] = Field(default_factory=list)


def norm(s: str | None) -> str | None:
    if s is None:
        return None
    s = s.lower()
    s = re.sub(r"\b(governorate|province|state|region|district|city|of|the|al|el)\b", " ", s)
    s = re.sub(r"[^a-z0-9 ]", "", s)
    return " ".join(s.split())


def same_place(a: str | None, b: str | None) -> bool:
    x, y = norm(a), norm(b)
    if not x or not y:
        return False
    return x == y or x in y or y in x or SequenceMatcher(None, x, y).ratio() >= 0.8


def _actor_norm(s: str | None) -> str | None:
    n = norm(s)
    if not n:
        return None
    n = re.sub(r"\b(claimed|suspected|alleged|militants?|group|organi[sz]ation|members?)\b", " ", n)
    return " ".join(n.split()) or None


def same_actor(pred: str | None, gold: str | None) -> bool:
    p, g = _actor_norm(pred), _actor_norm(gold)
    if not p or not g:
        return False
    if p in g or g in p or SequenceMatcher(None, p, g).ratio() >= 0.85:
        return True
    pt, gt = set(p.split()), set(g.split())
    return len(pt & gt) / max(1, len(gt)) >= 0.5


def _days_apart(a: date | None, b: str) -> int | None:
    try:
        return abs((a - date.fromisoformat(b)).days) if a else None
    except ValueError:
        return None


def primary_event(events: list[Event]) -> Event | None:
    return next((e for e in events if e.primary), events[0] if events else None)


def evaluate(articles: list[dict[str, Any]], events_by_article: dict[str, list[Event]]) -> EvalReport:
    """Per-field accuracy of each article's primary event; `articles` are corpus rows with `gold`."""
    report = EvalReport()
    hits = dict.fromkeys(FIELDS, 0)
    totals = dict.fromkeys(FIELDS, 0)

    def record(aid: str, name: str, ok: bool, pred: Any, gold: Any) -> None:
        totals[name] += 1
        hits[name] += ok
        if not ok:
            report.errors.append(FieldError(article_id=aid, field=name, predicted=pred, gold=gold))

    for row in articles:
        if not row.get("incident"):
            continue
        aid, gold = row["id"], row.get("gold") or {}
        report.articles += 1
        ev = primary_event(events_by_article.get(aid, []))
        if ev is None:
            report.no_event += 1
            continue
        for f in ("event_type", "sub_event_type"):
            if gold.get(f):
                record(aid, f, getattr(ev, f) == gold[f], getattr(ev, f), gold[f])
        if gold.get("date"):
            d = _days_apart(ev.date, gold["date"])
            record(aid, "date", d == 0, ev.date, gold["date"])
            totals["date_pm1"] += 1
            hits["date_pm1"] += d is not None and d <= 1
        if gold.get("country"):
            record(aid, "country", norm(ev.country) == norm(gold["country"]), ev.country, gold["country"])
        if gold.get("admin1"):
            record(aid, "admin1", same_place(ev.admin1, gold["admin1"]), ev.admin1, gold["admin1"])
        if gold.get("killed") is not None:
            record(aid, "killed", ev.killed == gold["killed"], ev.killed, gold["killed"])
        if gold.get("injured") is not None:
            record(aid, "injured", ev.injured == gold["injured"], ev.injured, gold["injured"])
        if gold.get("perpetrator"):
            record(aid, "perpetrator", same_actor(ev.perpetrator, gold["perpetrator"]), ev.perpetrator,
                   gold["perpetrator"])
    report.counts = {f: n for f, n in totals.items() if n}
    report.accuracy = {f: round(hits[f] / n, 3) for f, n in totals.items() if n}
    return report
