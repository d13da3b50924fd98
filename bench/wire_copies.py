"""Wire-copy detection on the dev corpus: every pair's measures, and precision/recall against the pairs
identified by reading the texts (tests/data/dev_wire_copies.json).

    python bench/wire_copies.py [CORPUS_DIR]   (default ../shared/corpus/dev)

Prints the pairs sharing at least 10% of the shorter text, with containment, opening share and plain
Jaccard of the shingle sets, whether the detector links them and the gold label; then precision and
recall of the detector (pairwise, and through the index in arrival order: the groups ingest forms),
beside a plain-Jaccard rule (>= 0.5, what the MinHash index before it estimated) for comparison.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

from sitrep_common.models import ArticleIn
from sitrep_ingest.copies import MemoryCopyIndex, fingerprint, link_copy, shingles
from sitrep_ingest.normalise import normalise

REPO = Path(__file__).resolve().parents[1]


def _pr(found: set[frozenset[str]], gold: set[frozenset[str]]) -> str:
    tp = len(found & gold)
    precision = tp / len(found) if found else 1.0
    return f"precision {precision:.2f} ({tp}/{len(found)}), recall {tp / len(gold):.2f} ({tp}/{len(gold)})"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpus" / "dev"
    rows = [json.loads(line) for line in (corpus / "articles.jsonl").read_text().splitlines() if line.strip()]
    gold_file = json.loads((REPO / "tests" / "data" / "dev_wire_copies.json").read_text())
    gold = {frozenset(c["pair"]): c["kind"] for c in gold_file["copies"]}
    texts = {r["id"]: r["text"] for r in rows}
    fps = {i: fingerprint(t) for i, t in texts.items()}
    sets = {i: shingles(t) for i, t in texts.items()}
    linked: set[frozenset[str]] = set()
    jaccard: set[frozenset[str]] = set()
    print(f"{'pair':<26} {'contain':>7} {'opening':>7} {'jaccard':>7}  linked  gold")
    for x, y in combinations(sorted(texts), 2):
        fx, fy = fps[x], fps[y]
        if fx is None or fy is None:
            continue
        pair = frozenset((x, y))
        j = len(sets[x] & sets[y]) / len(sets[x] | sets[y])
        if fx.is_copy(fy):
            linked.add(pair)
        if j >= 0.5:
            jaccard.add(pair)
        if fx.containment(fy) >= 0.1 or pair in gold:
            print(f"{x + ' ' + y:<26} {fx.containment(fy):7.2f} {fx.opening_share(fy):7.2f} {j:7.2f}  "
                  f"{'yes' if pair in linked else 'no':<6}  {gold.get(pair, '-')}")
    index = MemoryCopyIndex()
    now = datetime.now(UTC)
    ids = {r["id"]: normalise(ArticleIn.model_validate(r), now).article_id for r in rows}
    roots = {r["id"]: (link_copy(normalise(ArticleIn.model_validate(r), now), index).copy_of or ids[r["id"]])
             for r in rows}
    grouped = {frozenset((x, y)) for x, y in combinations(sorted(roots), 2) if roots[x] == roots[y]}
    gold_pairs = set(gold)
    strict = {p for p, kind in gold.items() if kind in ("verbatim", "edited")}
    print(f"\n{len(rows)} articles, {len(gold_pairs)} copy pairs ({len(strict)} verbatim or edited)")
    print(f"detector, pairwise:           {_pr(linked, gold_pairs)}")
    print(f"detector, groups via index:   {_pr(grouped, gold_pairs)}")
    print(f"detector, verbatim/edited:    recall {len(linked & strict) / len(strict):.2f}")
    print(f"plain Jaccard >= 0.5:         {_pr(jaccard, gold_pairs)}")


if __name__ == "__main__":
    main()
