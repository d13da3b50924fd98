"""Train the main-event date ranker (sitrep_extract.date_ranker) and write its artefact.

    .venv/bin/python bench/train_dates.py ../shared/corpus/dev ../shared/corpus/world-a ../shared/corpus/world-b \
        GVA_SAMPLE [--out PATH] [--dry-run] [--cache DIR]

Each news article with a gold date and a publication date gives one ranking problem: the candidate days of its
main event (date_ranker.candidates, read by the extractor with the rules alone), one of which may be the gold day.
A logistic regression over pairs of candidates (the gold day against each other; each corpus weighing the same)
learns which features make a day the event's. Printed, before the final fit:
per corpus, the date accuracy of the rules alone and of the ranker trained on the other corpora (leave one corpus
out), over the articles whose main event the extractor found. scikit-learn is needed here only.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sitrep_common.dates import Reference
from sitrep_common.models import ArticleIn, Event
from sitrep_extract.analysis import UnitInfo
from sitrep_extract.date_ranker import ARTEFACT, FEATURES, Candidate, DateRanker, Told, candidates, read_days
from sitrep_extract.extractor import Extractor
from sitrep_ingest.normalise import normalise
from sklearn.linear_model import LogisticRegression

# Article id, gold day, rules' day, publication, the days the article tells.
Problem = tuple[str, date, date | None, Reference, list[Told]]


class _Recorder(Extractor):
    """The extractor with the rules alone, keeping each main event's candidates."""

    seen: dict[str, tuple[date | None, Reference, list[Told]]]

    def _redate(self, event: Event, infos: list[UnitInfo], units: list[UnitInfo], title: UnitInfo | None,
                ref: Reference) -> Event:
        rule_day = event.date if event.date_precision == "day" else None
        self.seen[event.external_id or event.article_id] = (rule_day, ref, read_days(infos, units, title, ref))
        return event


def read_corpus(extractor: _Recorder, corpus: Path) -> list[Problem]:
    rows = [json.loads(line) for line in (corpus / "articles.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    now = datetime.now(UTC)
    extractor.seen = {}
    for start in range(0, len(rows), 32):
        chunk = [r for r in rows[start:start + 32]]
        extractor.extract_many([normalise(ArticleIn.model_validate(r), now) for r in chunk])
    out: list[Problem] = []
    for r in rows:
        gold = (r.get("gold") or {}).get("date")
        if gold and r["id"] in extractor.seen:
            out.append((r["id"], date.fromisoformat(gold), *extractor.seen[r["id"]]))
    return out


def _cands(p: Problem) -> list[Candidate]:
    return candidates(p[4], p[3], p[2])


def pairs(problems: list[Problem], weight: float) -> tuple[list[list[float]], list[float], list[float]]:
    """The gold day against each other candidate, both ways: the weights learn to rank the gold day first."""
    xs: list[list[float]] = []
    ys: list[float] = []
    for p in problems:
        vec = {c.day: [c.features.get(k, 0.0) for k in FEATURES] for c in _cands(p)}
        gold = vec.get(p[1])
        if gold is None:
            continue  # no candidate is right: nothing to learn from this article
        for day, other in vec.items():
            if day != p[1]:
                diff = [g - o for g, o in zip(gold, other, strict=True)]
                xs += [diff, [-v for v in diff]]
                ys += [1.0, 0.0]
    return xs, ys, [weight] * len(ys)


def fit(by_corpus: dict[str, list[Problem]], c: float, margin: float) -> DateRanker:
    """Each corpus weighs the same, however many articles it has: the weights must hold for news of every kind."""
    xs: list[list[float]] = []
    ys: list[float] = []
    ws: list[float] = []
    for problems in by_corpus.values():
        x, y, w = pairs(problems, 100.0 / max(len(problems), 1))
        xs += x
        ys += y
        ws += w
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(np.array(xs, dtype=float).reshape(-1, len(FEATURES)), np.array(ys), sample_weight=np.array(ws))
    return DateRanker({k: round(float(w), 4) for k, w in zip(FEATURES, model.coef_[0], strict=True)}, margin)


def accuracy(problems: list[Problem], ranker: DateRanker | None) -> float:
    right = 0
    for p in problems:
        day = ranker.pick(_cands(p)) if ranker is not None else p[2]
        right += day == p[1]
    return right / max(len(problems), 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else "")
    ap.add_argument("corpora", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=ARTEFACT)
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--margin", type=float, default=0.5, help="score by which a day must beat the rules' pick")
    ap.add_argument("--cache", type=Path, help="keep the read candidates here (pickle per corpus)")
    ap.add_argument("--test", nargs="*", type=Path, default=[],
                    help="corpora only scored (by the ranker fitted on all the training corpora), never fitted on")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    extractor: _Recorder | None = None
    by_corpus: dict[str, list[Problem]] = {}
    for corpus in [*args.corpora, *args.test]:
        cached = args.cache / f"{corpus.name}.pkl" if args.cache else None
        if cached is not None and cached.exists():
            by_corpus[corpus.name] = pickle.loads(cached.read_bytes())
            continue
        if extractor is None:
            base = Extractor.load()
            extractor = _Recorder(base.nlp, base.gazetteer, base.actors, base.typing, None)
        by_corpus[corpus.name] = read_corpus(extractor, corpus)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(pickle.dumps(by_corpus[corpus.name]))
    print(f"{'corpus':12} {'articles':>8} {'rules':>7} {'held-out ranker':>16}")
    tests = {c.name for c in args.test}
    for name, problems in by_corpus.items():
        others = {n: ps for n, ps in by_corpus.items() if n != name and n not in tests}
        held_out = fit(others, args.c, args.margin) if others else None
        print(f"{name:12} {len(problems):8d} {accuracy(problems, None):7.3f} {accuracy(problems, held_out):16.3f}")
    ranker = fit({n: ps for n, ps in by_corpus.items() if n not in tests}, args.c, args.margin)
    print(json.dumps(ranker.weights, indent=1))
    if not args.dry_run:
        artefact: dict[str, Any] = {"features": list(FEATURES), "weights": ranker.weights,
                                    "margin": args.margin,
                                    "trained_on": sorted(set(by_corpus) - tests), "c": args.c,
                                    "command": "bench/train_dates.py " + " ".join(sys.argv[1:]),
                                    "trained": datetime.now(UTC).strftime("%Y-%m-%d")}
        args.out.write_text(json.dumps(artefact, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
