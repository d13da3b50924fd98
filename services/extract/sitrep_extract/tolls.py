"""An event's toll (killed, injured) from the figures its sentences state.

The main event of an article borrows what its own sentences lack: news often tells the dead in one sentence and
the wounded in another that no event word ties to the incident ("Two others were taken to hospitals"), or splits
one incident into two mentions (the blast, then its victims)."""

from __future__ import annotations

from collections.abc import Sequence

from sitrep_extract.analysis import UnitInfo
from sitrep_extract.casualties import Figure
from sitrep_extract.incidents import Mention

Range = tuple[int | None, int | None, int | None]  # best, min, max
_HURT = ("injured", "hit")


def toll(figures: Sequence[Figure], kind: str) -> Range:
    """The toll: the latest update ("rose to 23") if any, else the first figure that is not rounded (a headline's
    "over 10" rounds the body's 14), plus figures reported as additional ("a bystander was also killed"). The
    injured include those shot and not said to have died ("three people were shot, one fatally": two injured)."""

    def stated(k: str) -> tuple[int | None, list[Figure]]:
        own = [f for f in figures if f.kind == k]
        updates = [f.count.best for f in own if f.role == "update" and f.count.best is not None]
        exact = [f for f in own if f.role != "also" and f.count.best is not None and f.count.min == f.count.best]
        # "No policemen were killed" is no toll; the attackers' own deaths told apart are not their victims'.
        counted = [f for f in exact if f.count.best]
        exact = [f for f in counted if f.role != "attackers"] or counted or exact
        first = exact[0] if exact else next((f for f in own if f.count.best is not None), None)
        best = updates[-1] if updates else first.count.best if first else None
        if best is not None and first is not None and not updates:
            # Attackers killed are not added to their victims; in a raid (militants killed) every death counts.
            for f in own:
                if f.role != "also" or f.start <= first.start or (f.armed and not first.armed):
                    continue
                # "Three were gunned down ... A girl was also killed": an addition to the figure just before it,
                # which a headline's total (four) may already hold.
                prev = [p.count.best for p in own if p.role != "also" and p.start < f.start and p.count.best]
                if prev and prev[-1] + (f.count.best or 0) <= best and prev[-1] != best:
                    continue
                best += f.count.best or 0
        return best, own

    best, own = stated(kind)
    lows = [f.count.min for f in own if f.count.min is not None]
    highs = [h for f in own if (h := f.count.max if f.count.max is not None else f.count.best) is not None]
    if kind == "injured":
        # People shot, less those of them who died, are the wounded: the larger of that and a stated figure.
        dead = stated("killed")[0] or 0
        # "Ten others were taken to hospitals" are apart from the dead.
        hits = [f.count.best - (0 if f.role == "other" else dead) for f in figures
                if f.kind == "hit" and f.count.best is not None]
        if hits and max(hits) > 0:
            best = max(best or 0, *hits)
            lows, highs = [*lows, best], [*highs, best]
    if not lows and not highs and best is None:
        return None, None, None
    return best, min(lows) if lows else None, max(highs) if highs else None


def main_toll(own: Sequence[Figure], title: UnitInfo | None, spare: Sequence[UnitInfo],
              others: Sequence[UnitInfo]) -> tuple[Range, Range]:
    """The main event's (killed, injured). `own`: its sentences' figures; `title`: the headline; `spare`: sentences
    of no incident; `others`: the article's other mentions of that day. A kind the event's own sentences and
    headline do not tell is taken from the spare sentences, else from the other mentions."""
    # A headline's toll ("Gunman kills 3 at bar") is the main incident's; its deaths only where the body gives none.
    body_dead = toll(own, "killed")[0]
    # ... and where the body tells only part of them ("two dead in the back seat" of a headline's three).
    tally = [f for f in (title.figures if title else []) if f.kind != "killed" or body_dead is None or (
        f.count.best is not None and f.count.min == f.count.best and f.count.best > body_dead)] + list(own)
    for kinds in (("killed",), _HURT):
        if any(f.kind in kinds for f in tally):
            continue
        for source in (spare, others):
            found = [f for u in source for f in u.figures if f.kind in kinds]
            if found:
                tally += found
                break
    return toll(tally, "killed"), toll(tally, "injured")


def same_day(mentions: Sequence[Mention], primary: int) -> list[UnitInfo]:
    """Sentences of the article's other mentions that may tell the main incident: told of the same day (or of no
    day), not an earlier incident inferred from "the first since", not a past act someone is charged with."""
    main = mentions[primary]
    return [u for i, m in enumerate(mentions) if i != primary and m.like is None and not m.first.recalled
            and (m.date is None or main.date is None or m.date == main.date) for u in m.units]
