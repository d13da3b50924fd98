"""A reproducible subset of a labelled news corpus: every article of randomly chosen incidents.

    .venv/bin/python bench/subset_corpus.py /work/shared/corpus/gva /tmp/corpora/gva500 [--articles 500] [--seed 7]
        [--exclude OTHER_SUBSET ...]

Incidents are drawn (seeded) until at least --articles articles are taken, leaving out the incidents of the
--exclude subsets (so that one subset can be held out from a model trained on another); incidents.jsonl keeps
the chosen ones. The pair model and the date ranker train on such subsets of gva: all of gva would outweigh the
other corpora's kinds of incident and take long to extract.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exclude", type=Path, nargs="*", default=[], help="subsets whose incidents to leave out")
    args = parser.parse_args()
    excluded = {json.loads(line).get("incident") for other in args.exclude
                for line in (other / "articles.jsonl").open(encoding="utf-8") if line.strip()}
    rows = [json.loads(line) for line in (args.corpus / "articles.jsonl").open(encoding="utf-8") if line.strip()]
    incidents = [json.loads(line) for line in (args.corpus / "incidents.jsonl").open(encoding="utf-8") if line.strip()]
    by_incident: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_incident.setdefault(row.get("incident") or "", []).append(row)
    ids = sorted(i for i in by_incident if i and i not in excluded)
    random.Random(args.seed).shuffle(ids)
    chosen: set[str] = set()
    taken = 0
    for incident in ids:
        if taken >= args.articles:
            break
        chosen.add(incident)
        taken += len(by_incident[incident])
    args.out.mkdir(parents=True, exist_ok=True)
    kept = [r for r in rows if r.get("incident") in chosen]
    (args.out / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
    (args.out / "incidents.jsonl").write_text(
        "".join(json.dumps(i) + "\n" for i in incidents if i["incident"] in chosen), encoding="utf-8")
    print(f"{len(kept)} articles of {len(chosen)} incidents -> {args.out}")


if __name__ == "__main__":
    main()
