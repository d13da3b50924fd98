"""How compatible two ACLED (event_type, sub_event_type) labels are as descriptions of ONE incident.

Outlets word the same incident differently: "a bomb exploded" vs "a suicide bomber", "gunmen attacked
a checkpoint" (Armed clash) vs "a suicide car bomb hit a checkpoint" (Suicide bomb). The table below
lists label pairs that plausibly describe one incident; everything else is treated as a different kind
of incident. Values are judgement calls on a 0..1 scale, not fitted: the fitted weight of the `type`
feature decides how much they matter.
"""

from __future__ import annotations

from sitrep_common.taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VAC

SAME_SUB_TYPE = 1.0
# Same event_type, another sub-type not in the table: same family, weaker evidence.
SAME_TYPE_OTHER_SUB = 0.6
UNRELATED = 0.0

Label = tuple[str, str]

# Unordered pairs; lookups try both orders.
_COMPATIBLE: dict[tuple[Label, Label], float] = {
    # Complex attacks (a car bomb then a gun assault) are called a clash by some, a bombing by others.
    ((BATTLES, "Armed clash"), (EXPLOSIONS, "Suicide bomb")): 0.7,
    ((BATTLES, "Armed clash"), (EXPLOSIONS, "Remote explosive/landmine/IED")): 0.6,
    ((BATTLES, "Armed clash"), (EXPLOSIONS, "Grenade")): 0.6,
    ((BATTLES, "Armed clash"), (EXPLOSIONS, "Shelling/artillery/missile attack")): 0.5,
    # "Gunmen shot dead an officer": an attack on a person or a clash, depending on the outlet.
    ((BATTLES, "Armed clash"), (VAC, "Attack")): 0.8,
    ((EXPLOSIONS, "Suicide bomb"), (EXPLOSIONS, "Remote explosive/landmine/IED")): 0.8,
    ((EXPLOSIONS, "Grenade"), (EXPLOSIONS, "Remote explosive/landmine/IED")): 0.7,
    ((EXPLOSIONS, "Suicide bomb"), (EXPLOSIONS, "Grenade")): 0.5,
    ((EXPLOSIONS, "Air/drone strike"), (EXPLOSIONS, "Shelling/artillery/missile attack")): 0.7,
    # A bombing of a market: remote violence or an attack on civilians.
    ((EXPLOSIONS, "Suicide bomb"), (VAC, "Attack")): 0.6,
    ((EXPLOSIONS, "Remote explosive/landmine/IED"), (VAC, "Attack")): 0.6,
    ((EXPLOSIONS, "Grenade"), (VAC, "Attack")): 0.6,
    # A raid that kills some and arrests others.
    ((BATTLES, "Armed clash"), (STRATEGIC, "Arrests")): 0.4,
    ((STRATEGIC, "Arrests"), (VAC, "Abduction/forced disappearance")): 0.6,
    ((STRATEGIC, "Arrests"), (STRATEGIC, "Other")): 0.6,
    ((STRATEGIC, "Arrests"), (STRATEGIC, "Disrupted weapons use")): 0.6,
    ((BATTLES, "Government regains territory"), (BATTLES, "Non-state actor overtakes territory")): 0.7,
    ((PROTESTS, "Protest with intervention"), (RIOTS, "Violent demonstration")): 0.7,
    ((PROTESTS, "Excessive force against protesters"), (RIOTS, "Violent demonstration")): 0.6,
    ((PROTESTS, "Protest with intervention"), (PROTESTS, "Excessive force against protesters")): 0.8,
    ((PROTESTS, "Peaceful protest"), (PROTESTS, "Protest with intervention")): 0.8,
    ((RIOTS, "Mob violence"), (VAC, "Attack")): 0.6,
    ((STRATEGIC, "Looting/property destruction"), (RIOTS, "Mob violence")): 0.6,
}


def type_compatibility(a: Label, b: Label) -> float:
    """Symmetric 0..1 compatibility of two (event_type, sub_event_type) labels."""
    if a == b:
        return SAME_SUB_TYPE
    table = _COMPATIBLE.get((a, b), _COMPATIBLE.get((b, a)))
    if table is not None:
        return table
    if a[0] == b[0]:
        return SAME_TYPE_OTHER_SUB
    return UNRELATED


def compatible_labels(label: Label) -> list[tuple[Label, float]]:
    """Labels listed as compatible with `label`, best first (used to simulate extraction noise)."""
    found = [(b, v) for (a, b), v in _COMPATIBLE.items() if a == label]
    found += [(a, v) for (a, b), v in _COMPATIBLE.items() if b == label]
    return sorted(found, key=lambda item: (-item[1], item[0]))
