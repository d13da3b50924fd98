"""Many distinct articles from the few in tests/data, by varying ids, places and dates.

Every variant is a plausible report (real places of the same country), so extraction and dedupe do
real work on them; several variants share a place and date and must merge, most must not.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "articles.jsonl"
PLACES = {
    "Mandera": ["Wajir", "Garissa", "Lamu", "Marsabit", "Isiolo", "Turkana", "Kitui", "Tana River"],
    "Garissa": ["Wajir", "Mandera", "Lamu", "Marsabit", "Isiolo", "Turkana", "Kitui", "Tana River"],
    "Kano": ["Kaduna", "Katsina", "Zamfara", "Sokoto", "Kebbi", "Niger", "Bauchi", "Gombe"],
}


def variants(count: int, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    base = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    out = []
    for i in range(count):
        a = dict(base[i % len(base)])
        old = next((p for p in PLACES if p in a["text"]), None)
        if old:
            new = rng.choice(PLACES[old])
            a["text"] = a["text"].replace(old, new)
            a["title"] = (a.get("title") or "").replace(old, new)
        shift = timedelta(days=7 * rng.randrange(0, 40))
        a["published"] = (date.fromisoformat(a["published"]) + shift).isoformat()
        a["id"] = f"syn-{seed}-{i}"
        a["url"] = f"{a['url']}-{seed}-{i}"
        out.append(a)
    return out
