"""Actors: armed groups by alias, state forces by country, and unnamed attackers ('gunmen', 'militants')."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

# "named": a person or organisation the parse names as the actor but the alias file lacks.
ActorKind = Literal["group", "state", "unidentified", "named"]


@dataclass(frozen=True)
class ActorHit:
    actor_id: str  # for state forces, "state-forces" until the country is known
    name: str
    kind: ActorKind
    start: int
    end: int
    country_code: str | None = None  # a group's home country, or the country named with state forces
    branch: str | None = None  # for state forces: police, security forces, army, authorities


def _alias_pattern(alias: str, case_sensitive: bool) -> str:
    body = re.escape(alias).replace(r"\ ", r"[\s-]+").replace("'", "['’]?").replace("’", "['’]?")
    body = body.replace(r"\-", r"[\s-]?")
    return body if case_sensitive else f"(?i:{body})"


def _by_first_letter(parts: list[tuple[int, str, str]]) -> str:
    """One alternation of every alias, longest first within each first letter (so "Islamic State Sinai
    Province" wins over "Islamic State"), each letter's aliases behind a lookahead on that letter: the
    regex engine then tries a dozen aliases at each word instead of all of them (a 4x faster search)."""
    letters: dict[str, list[tuple[int, str]]] = {}
    for length, first, pattern in parts:
        letters.setdefault(first if first.isalpha() else "", []).append((length, pattern))
    branches = []
    for first, group in sorted(letters.items()):
        body = "|".join(p for _, p in sorted(group, key=lambda x: -x[0]))
        guard = f"(?=[{first}{first.upper()}])" if first else ""
        branches.append(f"{guard}(?:{body})")
    return "|".join(branches)


# Branches named by one word that labels them better than the group's name ("Libyan army", "Mexican navy").
_OWN_NAME_BRANCHES = frozenset({"army", "navy", "marines", "air force", "police", "gendarmerie"})


class ActorIndex:
    def __init__(self, groups: list[dict[str, Any]], state_words: dict[str, list[str]],
                 unidentified: list[str], demonyms: dict[str, str]) -> None:
        self._names: dict[str, str] = {}
        self._home: dict[str, str | None] = {}
        self._group_of: dict[str, str] = {}
        self._branch_of: dict[str, str] = {}
        parts: list[tuple[int, str, str]] = []

        def add(key: str, alias: str, case_sensitive: bool) -> None:
            parts.append((len(alias), alias[:1].lower(), f"(?P<{key}>{_alias_pattern(alias, case_sensitive)})"))

        for g in groups:
            gid = str(g["id"])
            self._names[gid] = str(g["name"])
            self._home[gid] = g.get("cc")
            aliases = [(a, False) for a in g.get("aliases", [])] + [(a, True) for a in g.get("case_sensitive", [])]
            for alias, cs in aliases:
                key = f"g{len(parts)}"
                self._group_of[key] = gid
                add(key, alias, cs)
        for branch, words in state_words.items():
            for w in words:
                key = f"s{len(parts)}"
                self._branch_of[key] = branch
                add(key, w, False)
        for w in unidentified:
            key = f"u{len(parts)}"
            self._branch_of[key] = w
            add(key, w, False)
        self._re = re.compile(r"(?<![\w-])(?:" + _by_first_letter(parts) + r")(?![\w-])")
        self.demonyms = demonyms
        self.labels = dict(demonyms)  # country code -> the adjective that labels its forces
        self._demonym_re = re.compile(
            r"\b(" + "|".join(sorted((re.escape(d) for d in demonyms.values()), key=len, reverse=True)) + r")\s+$")
        self._cc_of_demonym = {d: cc for cc, d in demonyms.items()}

    def name_of(self, actor_id: str) -> str | None:
        return self._names.get(actor_id)

    def home_of(self, actor_id: str) -> str | None:
        return self._home.get(actor_id)

    def find(self, text: str) -> list[ActorHit]:
        hits: list[ActorHit] = []
        for m in self._re.finditer(text):
            key = m.lastgroup or ""
            if key.startswith("g"):
                gid = self._group_of[key]
                if gid == "isis" and m.group(0) == "IS" and not re.match(r"\s+(?:group|militants|fighters|claimed)",
                                                                        text[m.end():]):
                    continue  # "IS" is also a verb in shouted headlines
                hits.append(ActorHit(gid, self._names[gid], "group", m.start(), m.end(), self._home.get(gid)))
            elif key.startswith("s"):
                dm = self._demonym_re.search(text[max(0, m.start() - 25): m.start()])
                cc = self._cc_of_demonym.get(dm.group(1)) if dm else None
                start = m.start() - (len(dm.group(0)) if dm else 0)
                branch = self._branch_of[key]
                if m.group(0).lower() in _OWN_NAME_BRANCHES:
                    branch = m.group(0).lower()  # "the army", "the navy": the article's own word labels them
                hits.append(ActorHit("state-forces", m.group(0), "state", start, m.end(), cc, branch))
            else:
                hits.append(ActorHit("unidentified", m.group(0).lower(), "unidentified", m.start(), m.end()))
        return hits

    def state_label(self, branch: str | None, country_code: str | None) -> str:
        """'Egyptian police', 'Egyptian security forces', 'Egyptian army' ...: the article's own branch."""
        demonym = self.labels.get(country_code or "", "")
        return f"{demonym} {branch or 'security forces'}".strip()

    @classmethod
    def load(cls) -> ActorIndex:
        data = resources.files("sitrep_extract") / "data"
        raw = json.loads((data / "actors.json").read_text())
        index = cls(raw["groups"], raw["state_words"], raw["unidentified"], raw["demonyms"])
        # Labels for state forces of any country ("Mexican authorities"), from the places file's demonyms; the
        # alias file's own (matched before "police" in the text) stay as they are.
        places = json.loads((data / "places.json").read_text()).get("demonyms", {})
        for cc, words in places.items():
            if words and cc not in index.demonyms:
                index.labels[cc] = words[0]
        return index
