"""How well incidents match gold labels: B-cubed, look-alike merges, background mentions linked."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel


class ClusterReport(BaseModel):
    articles: int
    gold_incidents: int
    predicted_incidents: int
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    lookalike_pairs: int
    lookalikes_merged: list[tuple[str, str]]
    mentions_total: int
    mentions_linked: int
    # Gold incidents split over several predicted ones, and predicted ones mixing gold incidents.
    split: dict[str, list[str]]
    mixed: dict[str, list[str]]


def bcubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> tuple[float, float, float]:
    """Item-level precision and recall of a clustering (Bagga & Baldwin), and their F1."""
    gold_members: dict[str, set[str]] = defaultdict(set)
    pred_members: dict[str, set[str]] = defaultdict(set)
    for item, label in gold.items():
        gold_members[label].add(item)
    for item, label in pred.items():
        pred_members[label].add(item)
    precision = recall = 0.0
    for item in gold:
        g, p = gold_members[gold[item]], pred_members[pred[item]]
        shared = len(g & p)
        precision += shared / len(p)
        recall += shared / len(g)
    n = len(gold) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_clusters(
    articles: Sequence[Mapping[str, Any]],
    gold_incidents: Sequence[Mapping[str, Any]],
    events_by_article: Mapping[str, Sequence[Mapping[str, Any]]],
) -> ClusterReport:
    """Articles with a gold `incident` are clustered by the incident of their primary event."""
    gold: dict[str, str] = {}
    pred: dict[str, str] = {}
    for a in articles:
        if not a.get("incident"):
            continue
        aid = a["id"]
        gold[aid] = a["incident"]
        events = list(events_by_article.get(aid, []))
        primary = next((e for e in events if e.get("primary")), events[0] if events else None)
        pred[aid] = primary["incident_id"] if primary and primary.get("incident_id") else f"__none__{aid}"
    p, r, f = bcubed(gold, pred)
    pred_of: dict[str, Counter[str]] = defaultdict(Counter)
    for aid, g in gold.items():
        pred_of[g][pred[aid]] += 1
    pairs, merged = 0, []
    for inc in gold_incidents:
        for other in inc.get("distinct_from", []) or []:
            me = inc["incident"]
            if me in pred_of and other in pred_of and me < other:
                pairs += 1
                if set(pred_of[me]) & set(pred_of[other]):
                    merged.append((me, other))
    main_pred = {g: c.most_common(1)[0][0] for g, c in pred_of.items()}
    total = linked = 0
    for a in articles:
        for g in a.get("mentions") or []:
            if g in main_pred:
                total += 1
                linked += main_pred[g] in {e.get("incident_id") for e in events_by_article.get(a["id"], [])}
    gold_of: dict[str, set[str]] = defaultdict(set)
    for aid, label in pred.items():
        gold_of[label].add(gold[aid])
    return ClusterReport(
        articles=len(gold), gold_incidents=len(set(gold.values())), predicted_incidents=len(set(pred.values())),
        bcubed_precision=round(p, 3), bcubed_recall=round(r, 3), bcubed_f1=round(f, 3),
        lookalike_pairs=pairs, lookalikes_merged=merged, mentions_total=total, mentions_linked=linked,
        split={g: sorted(c) for g, c in pred_of.items() if len(c) > 1},
        mixed={p_: sorted(gs) for p_, gs in gold_of.items() if len(gs) > 1},
    )
