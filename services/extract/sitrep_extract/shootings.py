"""A shooting with victims told in an article's lead: local news reports one ("A 16-year-old was shot in the neck
Tuesday") with no word the event rules know, and the typing model, trained on conflict snippets, reads it as out of
scope. Someone shot, wounded or killed by gunfire is an event all the same."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitrep_extract.analysis import UnitInfo
from sitrep_extract.casualties import find_figures

_GUNFIRE = re.compile(r"\b(?:shot|shooting|shoots|gunfire|gunshots?|gunman|gunmen|opened fire|fired (?:a|at|on|into|"
                      r"shots|several|multiple|\d+))\b", re.I)


def shot_in_lead(title: str | None, lead: Sequence[UnitInfo]) -> bool:
    """True when the headline or the lead tells of people shot, wounded or killed, and gunfire is what hit them."""
    figures = [f for u in lead for f in u.figures] + (find_figures(title) if title else [])
    if not any(f.count.best and f.role not in ("past", "attackers") for f in figures):
        return False
    return bool(_GUNFIRE.search(" ".join([title or "", *(u.unit.text for u in lead)])))
