"""Train the learned pair match of dedupe (sitrep_dedupe.pairmodel) on labelled corpora, leave one corpus out.

    .venv/bin/python bench/train_match.py /work/shared/corpus/dev /work/shared/corpus/world-a \
        /work/shared/corpus/world-b /tmp/corpora/gva500 [--fresh] [--write]

1. Events: each corpus goes through `sitrep batch`'s own code path (run_batch with the real Extractor); the
   events are cached in --cache (re-extracted with --fresh, or when missing: extraction keeps changing).
2. Pairs: every two events of one corpus that dedupe would compare (same country, no veto). Labels: two main
   events are one incident when their articles share the gold `incident`; a background mention and a main
   event when the main event's incident is the only gold `mentions` of the mention's article (several
   mentions: unknown, skipped); anything else is two incidents.
3. Leave one corpus out: logistic regression on the other corpora's pairs, the threshold chosen there by
   replaying them through handle_event + MemoryStore (the service's clustering), then the held-out corpus
   replayed: pair AUC, B-cubed F1, look-alikes merged, mentions linked.
4. --write: fit on all corpora, pick the threshold on all, write services/dedupe/sitrep_dedupe/data/pair_model.json
   with the data, command and figures beside the weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sitrep_common.models import Event
from sitrep_common.models.events import article_lead
from sitrep_dedupe import scoring
from sitrep_dedupe.clustering import find_matches, index_entries
from sitrep_dedupe.embedding import WordLlamaText, event_text
from sitrep_dedupe.evaluation import ClusterReport, evaluate_clusters
from sitrep_dedupe.handler import handle_event
from sitrep_dedupe.pairfeatures import FEATURE_NAMES, TextSimilarity, pair_features, vector
from sitrep_dedupe.pairmodel import ARTEFACT, PairModel, ties, veto
from sitrep_dedupe.scoring import Match
from sitrep_dedupe.store import MemoryStore
from sitrep_dedupe.tfidf import ARTEFACT as IDF_ARTEFACT
from sitrep_dedupe.tfidf import TfidfText
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

NOW = datetime(2024, 1, 1, tzinfo=UTC)
DATA = Path(__file__).resolve().parents[1] / "services/dedupe/sitrep_dedupe/data"
OUT, IDF_OUT = DATA / ARTEFACT, DATA / IDF_ARTEFACT
SATELLITE_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7]
LINK_THRESHOLDS = [round(t, 2) for t in np.arange(0.5, 0.96, 0.05)]
# A look-alike merged costs this much B-cubed F1 in threshold selection: keeping them apart is the point.
LOOKALIKE_PENALTY = 1.0
# Pairs with a background mention are decided by scoring.match in the service (pairmodel.LearnedMatcher).
HAND_MENTIONS = "--learned-mentions" not in sys.argv
OR_HAND = "--or-hand" in sys.argv


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _never(a: Event, b: Event) -> Match:
    return Match(score=0.0, features={}, is_match=False)


def extract(corpus: Path, cache: Path, fresh: bool) -> list[dict[str, Any]]:
    """The articles as `sitrep batch` writes them (events per article), cached per corpus file."""
    digest = hashlib.sha1((corpus / "articles.jsonl").read_bytes()).hexdigest()[:10]
    path = cache / f"{corpus.name}-{digest}.json"
    if path.exists() and not fresh:
        return list(json.loads(path.read_text(encoding="utf-8")))
    from sitrep_cli.batch import read_rows, run_batch  # noqa: PLC0415  (spaCy only when extracting)
    from sitrep_extract.extractor import Extractor  # noqa: PLC0415

    result = run_batch(read_rows(corpus / "articles.jsonl"), Extractor.load(), matcher=_never)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.articles), encoding="utf-8")
    return result.articles


def own_claim(row: dict[str, Any], article: dict[str, Any] | None) -> Event:
    """The event as extract produced it: batch shows an undated report with its incident's date; undo that.
    A main event cached before extract set `lead` gets it here, as extract sets it."""
    undo: dict[str, Any] = {"incident_id": None}
    if row.get("date_source") == "incident":
        undo |= {"date": None, "date_precision": None, "date_source": None}
    if row.get("primary") and article is not None and not row.get("lead"):
        undo["lead"] = article_lead(article.get("title"), article.get("text") or "")
    return Event.model_validate({**row, **undo})


@dataclass
class Corpus:
    name: str
    articles: list[dict[str, Any]]
    incidents: list[dict[str, Any]]
    events: list[tuple[str, Event]]  # (display article id, event) in batch order
    pairs: list[tuple[int, int]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    x: np.ndarray | None = None

    @property
    def gold(self) -> dict[str, dict[str, Any]]:
        if not hasattr(self, "_gold"):
            self._gold = {a["id"]: a for a in self.articles}
        return self._gold


def load_corpus(path: Path, cache: Path, fresh: bool, leads: bool) -> Corpus:
    articles = load_jsonl(path / "articles.jsonl")
    by_id = {a["id"]: a for a in articles} if leads else {}
    rows = extract(path, cache, fresh)
    events = [(r["id"], own_claim(e, by_id.get(r["id"]))) for r in rows for e in r["events"]]
    return Corpus(path.name, articles, load_jsonl(path / "incidents.jsonl"), events)


def label(corpus: Corpus, i: int, j: int) -> int | None:
    gold = corpus.gold
    (ida, a), (idb, b) = corpus.events[i], corpus.events[j]
    ga, gb = gold.get(ida, {}), gold.get(idb, {})
    if a.primary and b.primary:
        if not ga.get("incident") or not gb.get("incident"):
            return None
        return int(ga["incident"] == gb["incident"])
    main, art = (gb, ga) if not a.primary else (ga, gb)
    mentions = art.get("mentions") or []
    if not main.get("incident"):
        return None
    if main["incident"] in mentions:
        return 1 if len(mentions) == 1 else None
    return 0


class FeatureCache:
    """Features of each compared pair, computed once (replays at many thresholds reuse them)."""

    def __init__(self, texts: dict[str, TextSimilarity], max_day_gap: int) -> None:
        self.texts = texts
        self.max_day_gap = max_day_gap
        self._feats: dict[tuple[str, str], dict[str, float] | str] = {}

    def get(self, a: Event, b: Event) -> dict[str, float] | str:
        key = (a.event_id, b.event_id) if a.event_id < b.event_id else (b.event_id, a.event_id)
        hit = self._feats.get(key)
        if hit is None:
            reason = veto(a, b, self.max_day_gap)
            hit = reason if reason is not None else pair_features(a, b, self.texts)
            self._feats[key] = hit
        return hit


def build_pairs(corpus: Corpus, feats: FeatureCache) -> None:
    corpus.pairs, corpus.labels = [], []
    rows = []
    for i in range(len(corpus.events)):
        a = corpus.events[i][1]
        for j in range(i + 1, len(corpus.events)):
            b = corpus.events[j][1]
            if not a.country_code or a.country_code != b.country_code:
                continue
            if HAND_MENTIONS and not (a.primary and b.primary):
                continue
            y = label(corpus, i, j)
            f = feats.get(a, b)
            if y is None or isinstance(f, str):
                continue
            corpus.pairs.append((i, j))
            corpus.labels.append(y)
            rows.append(vector(f))
    corpus.x = np.array(rows, dtype=np.float64).reshape(-1, len(FEATURE_NAMES))


def fit(corpora: list[Corpus], names: tuple[str, ...], threshold: float = 0.5, c: float = 1.0) -> PairModel:
    cols = [FEATURE_NAMES.index(n) for n in names]
    x = np.vstack([k.x for k in corpora if k.x is not None])[:, cols]
    y = np.concatenate([np.array(k.labels) for k in corpora])
    # Each corpus weighs the same: gva's thousands of pairs must not drown the others' kinds of incident.
    w = np.concatenate([np.full(len(k.labels), 1.0 / max(1, len(k.labels))) for k in corpora])
    w *= len(y) / w.sum()
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y, sample_weight=w)
    return PairModel(names=names, mean=tuple(round(float(v), 6) for v in mean),
                     scale=tuple(round(float(v), 6) for v in scale),
                     coef=tuple(round(float(v), 6) for v in lr.coef_[0]),
                     intercept=round(float(lr.intercept_[0]), 6), threshold=threshold, link_threshold=threshold)


@dataclass
class ReplayMatcher:
    """pairmodel.LearnedMatcher over cached features (the same decisions, computed once per pair)."""

    model: PairModel
    feats: FeatureCache

    @property
    def max_day_gap(self) -> int:
        return self.model.max_day_gap

    def __call__(self, a: Event, b: Event) -> Match:
        model = self.model
        if HAND_MENTIONS and not (a.primary and b.primary):
            return scoring.match(a, b)
        f = self.feats.get(a, b)
        if isinstance(f, str):
            return Match(score=0.0, features={f"gate_{f}": 1.0}, is_match=False)
        p = round(model.probability(f), 4)
        if OR_HAND:
            hand = scoring.match(a, b)
            if hand.is_match:
                return Match(score=max(p, model.link_threshold), features=f, is_match=True, links=True)
        return Match(score=p, features=f, is_match=p >= model.threshold, links=ties(p, f, model))


def replay(corpus: Corpus, model: PairModel, feats: FeatureCache) -> ClusterReport:
    store = MemoryStore()
    matcher = ReplayMatcher(model, feats)
    for _, event in corpus.events:
        handle_event(event, store, NOW, matcher)
    by_article: dict[str, list[dict[str, Any]]] = {}
    for shown, event in corpus.events:
        by_article.setdefault(shown, []).append({"primary": event.primary,
                                                 "incident_id": store.event_incident(event.event_id)})
    return evaluate_clusters(corpus.articles, corpus.incidents, by_article)


class _OneEvent:
    """A store view holding one event: whether find_matches' blocking queries reach it at all."""

    def __init__(self, event: Event) -> None:
        self.event = event
        self.reached = False

    def candidates(self, country_code: str, tier: str, lo: int, hi: int) -> list[Event]:
        hit = country_code == self.event.country_code and any(
            t == tier and lo <= s <= hi for t, s in index_entries(self.event))
        self.reached |= hit
        return [self.event] if hit else []


def blocked(a: Event, b: Event, matcher: ReplayMatcher) -> bool:
    """True when neither event's store queries reach the other (so no arrival order compares them)."""
    for new, stored in ((a, b), (b, a)):
        view = _OneEvent(stored)
        find_matches(new, view, matcher)  # type: ignore[arg-type]
        if view.reached:
            return False
    return True


def losses(corpus: Corpus, model: PairModel, feats: FeatureCache) -> None:
    """Where recall is lost: each gold-same pair of main events split by the replay, by the first reason
    its own pair fails (no country, a veto, blocking, the thresholds); and the gold-different pairs merged."""
    store = MemoryStore()
    for _, event in corpus.events:
        handle_event(event, store, NOW, ReplayMatcher(model, feats))
    main = [(shown, e) for shown, e in corpus.events if e.primary]
    gold = corpus.gold
    lost: Counter[str] = Counter()
    merged_wrong: Counter[str] = Counter()
    kept = total = 0
    for x in range(len(main)):
        for y in range(x + 1, len(main)):
            (ia, a), (ib, b) = main[x], main[y]
            ga, gb = gold.get(ia, {}).get("incident"), gold.get(ib, {}).get("incident")
            if not ga or not gb:
                continue
            together = store.event_incident(a.event_id) == store.event_incident(b.event_id)
            if ga != gb:
                if together:
                    f = feats.get(a, b)
                    merged_wrong["direct link" if not isinstance(f, str) and model.probability(f) >= model.threshold
                                 else "through others"] += 1
                continue
            total += 1
            if together:
                kept += 1
                continue
            lost[_why_apart(a, b, model, feats)] += 1
    print(f"{corpus.name}: gold-same main pairs {total}, together {kept}; split by: "
          + ", ".join(f"{k} {v}" for k, v in lost.most_common()))
    print(f"{corpus.name}: gold-different pairs merged: " + ", ".join(f"{k} {v}" for k, v in merged_wrong.items()))


def _why_apart(a: Event, b: Event, model: PairModel, feats: FeatureCache) -> str:
    if not a.country_code or not b.country_code:
        return "no country"
    if a.country_code != b.country_code:
        return "country"
    f = feats.get(a, b)
    if isinstance(f, str):
        return f"veto {f}"
    if blocked(a, b, ReplayMatcher(model, feats)):
        return "blocking"
    p = model.probability(f)
    undated = "undated " if a.date is None or b.date is None else ""
    if p < model.threshold:
        return f"{undated}p < threshold"
    if undated:
        return "undated pair (satellites)" if a.date is None and b.date is None else "satellite joined elsewhere"
    if not ties(p, f, model):
        return "p >= threshold, no tie" + (" (place conflict)" if f.get("place_conflict") else "")
    return "linked yet apart?"


def objective(rep: ClusterReport) -> float:
    rate = len(rep.lookalikes_merged) / rep.lookalike_pairs if rep.lookalike_pairs else 0.0
    return rep.bcubed_f1 - LOOKALIKE_PENALTY * rate


def choose_threshold(corpora: list[Corpus], model: PairModel, feats: FeatureCache) -> tuple[float, float]:
    """(threshold, link_threshold) with the best mean objective over `corpora`; ties to the stricter."""
    best = (-1e9, 0.5, 0.5)
    for t in SATELLITE_THRESHOLDS:
        for link in [x for x in LINK_THRESHOLDS if x >= t]:
            m = PairModel(**{**model.__dict__, "threshold": t, "link_threshold": link})
            score = float(np.mean([objective(replay(k, m, feats)) for k in corpora]))
            if score > best[0] + 1e-9:
                best = (score, t, link)
    return best[1], best[2]


def describe(rep: ClusterReport) -> str:
    return (f"B3 {rep.bcubed_f1:.3f} (P {rep.bcubed_precision:.3f} R {rep.bcubed_recall:.3f}) "
            f"look-alikes {len(rep.lookalikes_merged)}/{rep.lookalike_pairs} "
            f"mentions {rep.mentions_linked}/{rep.mentions_total}")


def background(corpora: list[Corpus]) -> TfidfText:
    """IDF of the articles' title and opening (what Event.lead holds) over the given corpora."""
    texts = [article_lead(a.get("title"), a.get("text") or "") for k in corpora for a in k.articles]
    return TfidfText.fit(texts, frozenset(ENGLISH_STOP_WORDS))


def features_with(corpora: list[Corpus], fitted_on: list[Corpus], embed: WordLlamaText | None,
                  use_tfidf: bool, max_day_gap: int) -> FeatureCache:
    """Pairs and features of every corpus, with the TF-IDF background of `fitted_on` only."""
    texts: dict[str, TextSimilarity] = {}
    if embed is not None:
        texts["embedding"] = embed
    if use_tfidf:
        texts["tfidf"] = background(fitted_on)
    feats = FeatureCache(texts, max_day_gap)
    for k in corpora:
        build_pairs(k, feats)
    return feats


def fitted(corpora: list[Corpus], feats: FeatureCache, names: tuple[str, ...], c: float,
           threshold: float | None, link_threshold: float | None) -> PairModel:
    model = PairModel(**{**fit(corpora, names, c=c).__dict__, "max_day_gap": feats.max_day_gap})
    if threshold is not None:
        t, link = threshold, link_threshold or threshold
    else:
        t, link = choose_threshold(corpora, model, feats)
    return PairModel(**{**model.__dict__, "threshold": t, "link_threshold": link})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", type=Path, nargs="+")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/sitrep-train-match"))
    parser.add_argument("--fresh", action="store_true", help="re-extract the corpora (extraction changed)")
    parser.add_argument("--embedding", action="store_true",
                        help="add the wordllama cosine of the texts (measured: nothing over TF-IDF; off)")
    parser.add_argument("--no-tfidf", action="store_true", help="leave out the TF-IDF similarity")
    parser.add_argument("--no-lead", action="store_true", help="main events without their article's opening")
    parser.add_argument("--drop", default="", help="comma-separated features to leave out")
    parser.add_argument("--threshold", type=float, help="fixed probability threshold (else chosen by replay)")
    parser.add_argument("--link-threshold", type=float, help="with --threshold: the one for tying dated reports")
    parser.add_argument("--max-day-gap", type=int, default=scoring.MAX_DAY_GAP,
                        help="day-precise dates further apart are vetoed; nearer, the model weighs the gap")
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of the regression")
    parser.add_argument("--undated-anchors", action="store_true", help="experiment: undated main reports link")
    parser.add_argument("--learned-mentions", action="store_true",
                        help="experiment: mentions by the model too (the service uses scoring.match)")
    parser.add_argument("--or-hand", action="store_true", help="experiment: hand-set match OR the model")
    parser.add_argument("--losses", action="store_true", help="where each held-out corpus loses recall")
    parser.add_argument("--write", action="store_true", help=f"fit on all corpora and write {OUT.name}")
    args = parser.parse_args()
    started = time.monotonic()
    logging.getLogger("sitrep_dedupe").setLevel(logging.WARNING)
    if args.undated_anchors:
        from sitrep_dedupe import clustering  # noqa: PLC0415
        clustering.is_satellite = lambda event: not event.primary
    corpora = [load_corpus(p, args.cache, args.fresh, not args.no_lead) for p in args.corpora]
    embed = WordLlamaText.load() if args.embedding else None
    if embed is not None:
        embed.warm([event_text(e) for k in corpora for _, e in k.events])
    dropped = set(args.drop.split(",")) - {""} | ({"mention"} if HAND_MENTIONS else set())
    dropped |= set() if args.embedding else {"embedding", "embedding_known"}
    dropped |= {"tfidf", "tfidf_known"} if args.no_tfidf else set()
    names = tuple(n for n in FEATURE_NAMES if n not in dropped)
    loco: dict[str, dict[str, Any]] = {}
    for held in corpora:
        rest = [k for k in corpora if k is not held]
        feats = features_with(corpora, rest, embed, not args.no_tfidf, args.max_day_gap)
        model = fitted(rest, feats, names, args.c, args.threshold, args.link_threshold)
        assert held.x is not None
        probs = [model.probability(dict(zip(FEATURE_NAMES, row, strict=True))) for row in held.x]
        auc = roc_auc_score(held.labels, probs) if 0 < sum(held.labels) < len(held.labels) else float("nan")
        rep = replay(held, model, feats)
        loco[held.name] = {"pair_auc": round(auc, 3), "threshold": model.threshold,
                           "link_threshold": model.link_threshold, "bcubed_f1": rep.bcubed_f1,
                           "precision": rep.bcubed_precision, "recall": rep.bcubed_recall,
                           "lookalikes_merged": f"{len(rep.lookalikes_merged)}/{rep.lookalike_pairs}",
                           "mentions_linked": f"{rep.mentions_linked}/{rep.mentions_total}"}
        print(f"held out {held.name:10s} pairs {len(held.labels):6d} ({sum(held.labels)} same) "
              f"AUC {auc:.3f} thresholds {model.threshold:.2f}/{model.link_threshold:.2f} {describe(rep)}", flush=True)
        if args.losses:
            losses(held, model, feats)
    if args.write:
        feats = features_with(corpora, corpora, embed, not args.no_tfidf, args.max_day_gap)
        model = fitted(corpora, feats, names, args.c, args.threshold, args.link_threshold)
        for k in corpora:
            print(f"fitted on all, {k.name:10s} {describe(replay(k, model, feats))}")
        about = {"data": [str(p) for p in args.corpora], "command": "bench/train_match.py " + " ".join(sys.argv[1:]),
                 "trained": datetime.now(UTC).strftime("%Y-%m-%d"), "pairs": sum(len(k.labels) for k in corpora),
                 "leave_one_corpus_out": loco}
        model = PairModel(**{**model.__dict__, "about": about})
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        if "tfidf" in feats.texts:
            tfidf = feats.texts["tfidf"]
            assert isinstance(tfidf, TfidfText)
            IDF_OUT.write_text(json.dumps(tfidf.to_json()) + "\n", encoding="utf-8")
        print(f"wrote {OUT} (threshold {model.threshold})")
        for name, coef in sorted(zip(model.names, model.coef, strict=True), key=lambda nc: -abs(nc[1])):
            print(f"  {name:18s} {coef:+.3f}")
    print(f"run time {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
