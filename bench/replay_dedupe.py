"""Replay real extracted events through dedupe, in order and shuffled, and score the incidents.

    .venv/bin/sitrep eval /work/shared/corpus/dev -o /tmp/out.json     # extract once (about 20 s)
    .venv/bin/python bench/replay_dedupe.py /work/shared/corpus/dev /tmp/out.json [--shuffles 5]

The events are those `sitrep batch` wrote (their incident_id is dropped); they go through the same
handle_event + MemoryStore as batch, first in batch order, then with all events shuffled (seeded).
Pairwise matching makes incidents independent of arrival order, so every shuffled run should
score like the in-order one; the spread is printed. Scoring is sitrep_dedupe.evaluation (the same
figures as shared/tools/score.py).
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sitrep_common.models import Event
from sitrep_dedupe.clustering import Matcher
from sitrep_dedupe.evaluation import ClusterReport, evaluate_clusters
from sitrep_dedupe.handler import handle_event
from sitrep_dedupe.pairmodel import LearnedMatcher
from sitrep_dedupe.store import MemoryStore

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_events(batch_output: Path) -> list[tuple[str, Event]]:
    """(display article id, event) in batch order."""
    data = json.loads(batch_output.read_text(encoding="utf-8"))
    return [(a["id"], Event.model_validate({**e, **_own_claim(e)}))
            for a in data["articles"] for e in a["events"]]


def _own_claim(row: dict[str, Any]) -> dict[str, Any]:
    """Batch output shows an undated report with its incident's date (date_source "incident"): undo that, and
    drop the incident, so dedupe sees what extract produced."""
    undo: dict[str, Any] = {"incident_id": None}
    if row.get("date_source") == "incident":
        undo |= {"date": None, "date_precision": None, "date_source": None}
    return undo


def run(events: list[tuple[str, Event]],
        matcher: Matcher | None = None) -> tuple[MemoryStore, dict[str, list[dict[str, Any]]]]:
    store = MemoryStore()
    for _, event in events:
        handle_event(event, store, NOW, matcher)
    by_article: dict[str, list[dict[str, Any]]] = {}
    for shown, event in events:
        row = event.model_dump(mode="json")
        row["incident_id"] = store.event_incident(event.event_id)
        by_article.setdefault(shown, []).append(row)
    return store, by_article


def score(corpus: Path, events: list[tuple[str, Event]], matcher: Matcher | None = None) -> ClusterReport:
    _, by_article = run(events, matcher)
    return evaluate_clusters(load_jsonl(corpus / "articles.jsonl"), load_jsonl(corpus / "incidents.jsonl"),
                             by_article)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("batch_output", type=Path)
    parser.add_argument("--shuffles", type=int, default=5)
    parser.add_argument("--errors", action="store_true", help="print split and mixed gold incidents")
    parser.add_argument("--hand-set", action="store_true", help="scoring.match instead of the learned match")
    args = parser.parse_args()
    matcher = None if args.hand_set else LearnedMatcher.load()  # as the dedupe service loads it
    events = load_events(args.batch_output)
    base = score(args.corpus, events, matcher)
    print(f"in order : F1 {base.bcubed_f1:.3f} (P {base.bcubed_precision:.3f} R {base.bcubed_recall:.3f}) "
          f"look-alikes merged {len(base.lookalikes_merged)}/{base.lookalike_pairs} "
          f"mentions {base.mentions_linked}/{base.mentions_total}")
    if args.errors:
        print("split:", json.dumps(base.split, indent=1))
        print("mixed:", json.dumps(base.mixed, indent=1))
    f1s = []
    for seed in range(args.shuffles):
        order = list(events)
        random.Random(seed).shuffle(order)
        rep = score(args.corpus, order, matcher)
        f1s.append(rep.bcubed_f1)
        print(f"shuffle {seed}: F1 {rep.bcubed_f1:.3f} look-alikes merged {len(rep.lookalikes_merged)} "
              f"mentions {rep.mentions_linked}/{rep.mentions_total}")
    if f1s:
        print(f"max |shuffled - in order| = {max(abs(f - base.bcubed_f1) for f in f1s):.3f}")


if __name__ == "__main__":
    main()
