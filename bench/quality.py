"""The quality table: `sitrep batch` over each labelled corpus, every figure, one column per corpus.

    .venv/bin/python bench/quality.py ../shared/corpus/{dev,world-a,world-b,gva,case-types} [--out-dir DIR]

A corpus with an incidents.jsonl is news (fields of each article's primary event, B-cubed of incidents,
look-alike pairs merged, background mentions linked); one without is labelled snippets (weighted F1 of
sub-event types, as CASE 2021 Task 2 measured it). The comparison rules are those of the project's reference
scorer (shared/tools/score.py); with --out-dir each corpus's batch output is written there, so that scorer
can check any column: `python3 ../shared/tools/score.py news CORPUS DIR/NAME.json`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from sitrep_cli.batch import read_rows, run_batch
from sitrep_cli.progress import Progress
from sitrep_common.models import Event
from sitrep_dedupe.evaluation import evaluate_clusters
from sitrep_extract.evaluation import evaluate
from sitrep_extract.extractor import Extractor
from sitrep_extract.type_evaluation import evaluate_types

NEWS_ROWS = [
    ("articles", "articles"), ("type", "event_type"), ("sub-type", "sub_event_type"), ("date", "date"),
    ("date ±1 day", "date_pm1"), ("country", "country"), ("admin1", "admin1"), ("killed", "killed"),
    ("injured", "injured"), ("perpetrator", "perpetrator"), ("no event", "no_event"), ("B3-F1", "bcubed_f1"),
    ("B3 precision", "bcubed_precision"), ("B3 recall", "bcubed_recall"), ("look-alikes merged", "lookalikes"),
    ("mentions linked", "mentions"), ("seconds", "seconds"),
]
TYPE_ROWS = [
    ("snippets", "snippets"), ("sub-type weighted F1", "weighted_f1"), ("sub-type macro F1", "macro_f1"),
    ("type accuracy", "event_type_accuracy"), ("no event on ACLED", "no_event"),
    ("out of scope, no event", "oos"), ("seconds", "seconds"),
]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_corpus(corpus: Path, extractor: Extractor, out_dir: Path | None) -> dict[str, Any]:
    started = time.monotonic()
    rows = _jsonl(corpus / "articles.jsonl")
    result = run_batch(read_rows(corpus / "articles.jsonl"), extractor, Progress(corpus.name, total=len(rows)))
    seconds = round(time.monotonic() - started, 1)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / f"{corpus.name}.json").write_text(json.dumps(result.to_json(), ensure_ascii=False))
    events = {a["id"]: a["events"] for a in result.articles}
    incidents_path = corpus / "incidents.jsonl"
    if not incidents_path.exists():
        types = evaluate_types(rows, events)
        return {"kind": "types", "snippets": types.snippets, "weighted_f1": types.weighted_f1,
                "macro_f1": types.macro_f1, "event_type_accuracy": types.event_type_accuracy,
                "no_event": f"{types.no_event_on_acled}/{types.acled_snippets}",
                "oos": f"{types.out_of_scope_without_event}/{types.out_of_scope}", "seconds": seconds}
    fields = evaluate(rows, {aid: [Event.model_validate(e) for e in evs] for aid, evs in events.items()})
    clusters = evaluate_clusters(rows, _jsonl(incidents_path), events)
    return {"kind": "news", "articles": fields.articles, "no_event": fields.no_event, **fields.accuracy,
            "bcubed_f1": clusters.bcubed_f1, "bcubed_precision": clusters.bcubed_precision,
            "bcubed_recall": clusters.bcubed_recall,
            "lookalikes": f"{len(clusters.lookalikes_merged)}/{clusters.lookalike_pairs}",
            "mentions": f"{clusters.mentions_linked}/{clusters.mentions_total}", "seconds": seconds}


def table(names: list[str], figures: list[dict[str, Any]], rows: list[tuple[str, str]]) -> str:
    width = max(10, *(len(n) for n in names))
    lines = [f"| {'':22} | " + " | ".join(f"{n:>{width}}" for n in names) + " |",
             "|" + "-" * 24 + "|" + "|".join("-" * (width + 2) for _ in names) + "|"]
    for label, key in rows:
        cells = [f"{f.get(key, '–')!s:>{width}}" for f in figures]
        lines.append(f"| {label:22} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="+", type=Path, help="corpus folders (articles.jsonl [+ incidents.jsonl])")
    parser.add_argument("--out-dir", type=Path, help="write each corpus's batch output here as NAME.json")
    parser.add_argument("--json", type=Path, help="write the figures as JSON too")
    args = parser.parse_args(argv)
    missing = [c for c in args.corpora if not (c / "articles.jsonl").exists()]
    if missing:
        print(f"no articles.jsonl in: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    extractor = Extractor.load()
    results = {c.name: score_corpus(c, extractor, args.out_dir) for c in args.corpora}
    news = {n: f for n, f in results.items() if f["kind"] == "news"}
    types = {n: f for n, f in results.items() if f["kind"] == "types"}
    if news:
        print(table(list(news), list(news.values()), NEWS_ROWS))
    if types:
        print()
        print(table(list(types), list(types.values()), TYPE_ROWS))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
