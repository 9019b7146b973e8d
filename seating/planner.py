"""Table groups from what the app knows of each participant: pure functions, no database.

Each guest carries a label (the strongest role from the rating exercise, the corner of a
placement round) or None (did not answer). Mixed tables deal the guests out like cards,
label by label: the c guests of one label take c consecutive seats round the tables, so they
sit at min(c, tables) different tables. That is the most any seating can give them, so the
sum over tables of the different labels at each table, Σ min(c, tables), is the largest
possible, and the tables' sizes differ by at most one. Guests without a label are dealt last,
so they spread evenly too.
"""

import random
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Guest:
    id: int
    label: Hashable | None = None


def table_count(guests: int, *, size: int | None = None, tables: int | None = None) -> int:
    """How many tables: as asked, or the number that makes tables closest to `size`."""
    if tables:
        return max(1, min(tables, guests or 1))
    if not size or size < 1:
        raise ValueError("a table size or a number of tables")
    return max(1, round(guests / size))


def _by_label(guests: Sequence[Guest], rng: random.Random) -> list[list[Guest]]:
    """The labelled guests grouped by label, largest group first (then first seen), each group
    in random order; the unlabelled last."""
    groups: dict[Hashable, list[Guest]] = defaultdict(list)
    unlabelled = []
    for guest in guests:
        (unlabelled if guest.label is None else groups[guest.label]).append(guest)
    ordered = sorted(groups.values(), key=len, reverse=True)  # stable: ties keep first seen
    for group in [*ordered, unlabelled]:
        rng.shuffle(group)
    return [*ordered, unlabelled]


def deal(guests: Sequence[Guest], tables: int) -> list[list[int]]:
    """Seat the guests in order round the tables: guest i at table i mod tables."""
    seated: list[list[int]] = [[] for _ in range(tables)]
    for index, guest in enumerate(guests):
        seated[index % tables].append(guest.id)
    return seated


def mixed(guests: Sequence[Guest], tables: int, *, seed: int = 0) -> list[list[int]]:
    """As many different labels at the tables as possible (see the module's note)."""
    rng = random.Random(seed)
    return deal([guest for group in _by_label(guests, rng) for guest in group], tables)


def at_random(guests: Sequence[Guest], tables: int, *, seed: int = 0) -> list[list[int]]:
    shuffled = list(guests)
    random.Random(seed).shuffle(shuffled)
    return deal(shuffled, tables)


def gathered(guests: Sequence[Guest], size: int, *, seed: int = 0) -> list[list[int]]:
    """Guests of one label together (e.g. one corner of the room): each label's guests at the
    number of tables closest to `size` each, sizes within a label differing by at most one;
    the unlabelled then join the smallest tables one by one."""
    rng = random.Random(seed)
    *groups, unlabelled = _by_label(guests, rng)
    seated: list[list[int]] = []
    for group in groups:
        seated += deal(group, table_count(len(group), size=size))
    if not seated:
        return at_random(unlabelled, table_count(len(unlabelled), size=size), seed=seed)
    for guest in unlabelled:
        min(seated, key=len).append(guest.id)
    return seated


def different_labels(seated: list[list[int]], labels: dict[int, Hashable | None]) -> int:
    """Σ over tables of the different labels at the table (the unlabelled do not count)."""
    return sum(
        len({labels[guest] for guest in table if labels[guest] is not None}) for table in seated
    )


def best_possible(labels: dict[int, Hashable | None], tables: int) -> int:
    """The most different labels any seating at `tables` tables can give: Σ min(c, tables)."""
    counts: dict[Hashable, int] = defaultdict(int)
    for label in labels.values():
        if label is not None:
            counts[label] += 1
    return sum(min(count, tables) for count in counts.values())
