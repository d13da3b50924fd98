"""Development aid: extract a corpus and print per-field accuracy and errors.

    python -m sitrep_extract.dev_eval CORPUS_DIR [--errors] [--events ARTICLE_ID]"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sitrep_common.models import Article

from sitrep_extract.evaluation import evaluate
from sitrep_extract.extractor import Extractor


def article_from_row(row: dict[str, Any]) -> Article:
    return Article(article_id=row["id"], external_id=row["id"], url=row.get("url"), outlet=row.get("outlet"),
                   published=row.get("published"), title=row.get("title"), text=row["text"],
                   received_at=datetime.now(UTC))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--events", default=None, help="print every event of this article")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.corpus / "articles.jsonl").open() if line.strip()]
    extractor = Extractor.load()
    results = extractor.extract_many([article_from_row(r) for r in rows])
    by_id = {r["id"]: evs for r, evs in zip(rows, results, strict=True)}
    report = evaluate(rows, by_id)
    if args.events:
        for ev in by_id[args.events]:
            print(ev.model_dump_json(exclude={"evidence", "keywords"}))
            print("   ", " | ".join(e.text[:150] for e in ev.evidence))
    if args.errors:
        for e in report.errors:
            print(f"{e.article_id:14} {e.field:15} pred={e.predicted!s:40} gold={e.gold}")
    print(json.dumps({"articles": report.articles, "no_event": report.no_event, **report.accuracy}, indent=1))


if __name__ == "__main__":
    main()
