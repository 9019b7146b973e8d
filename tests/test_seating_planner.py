"""Forming table groups: mixed tables are provably as mixed as any seating can be, tables
differ by at most one person, and the unlabelled are spread evenly."""

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seating.planner import (
    Guest,
    at_random,
    best_possible,
    different_labels,
    gathered,
    mixed,
    table_count,
)


def guests_of(labels: list) -> list[Guest]:
    return [Guest(id=index, label=label) for index, label in enumerate(labels)]


def label_of(guests: list[Guest]) -> dict:
    return {guest.id: guest.label for guest in guests}


def most_mixed_by_trying_every_seating(labels: list, tables: int) -> int:
    """Every way to seat the guests at `tables` tables of sizes differing by at most one."""
    best = 0
    for seats in itertools.product(range(tables), repeat=len(labels)):
        sizes = Counter(seats)
        if (
            max(sizes.get(t, 0) for t in range(tables))
            - min(sizes.get(t, 0) for t in range(tables))
            > 1
        ):
            continue
        seated = [[i for i, t in enumerate(seats) if t == table] for table in range(tables)]
        best = max(best, different_labels(seated, dict(enumerate(labels))))
    return best


@pytest.mark.parametrize(
    ("labels", "tables", "expected"),
    [
        # Four networkers, one entrepreneur, one coordinator at two tables: the networkers
        # sit at both, the other two at one each.
        (["N", "N", "N", "N", "E", "K"], 2, 4),
        # Four roles, two of each, at two tables: every table can have all four.
        (["N", "E", "K", "T"] * 2, 2, 8),
        # Everyone the same role: one role per table.
        (["N"] * 6, 3, 3),
        # Five roles, one each, at two tables: five different in all.
        (["A", "B", "C", "D", "E"], 2, 5),
        # Two who did not answer count for no role.
        (["N", "E", None, None], 2, 2),
    ],
)
def test_mixed_tables_reach_the_hand_computed_best(labels, tables, expected):
    guests = guests_of(labels)
    assert best_possible(label_of(guests), tables) == expected
    assert most_mixed_by_trying_every_seating(labels, tables) == expected
    assert different_labels(mixed(guests, tables), label_of(guests)) == expected


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.sampled_from(["N", "E", "K", "T", None]), min_size=1, max_size=7),
    tables=st.integers(1, 3),
    seed=st.integers(0, 10),
)
def test_mixed_tables_are_as_mixed_as_any_seating(labels, tables, seed):
    guests = guests_of(labels)
    seated = mixed(guests, tables, seed=seed)
    assert different_labels(seated, label_of(guests)) == most_mixed_by_trying_every_seating(
        labels, tables
    )


@settings(max_examples=100, deadline=None)
@given(
    labels=st.lists(st.sampled_from(list("ABCDEFGHIJKL") + [None]), min_size=1, max_size=400),
    tables=st.integers(1, 40),
    seed=st.integers(0, 1000),
)
def test_every_guest_gets_one_seat_and_tables_differ_by_at_most_one(labels, tables, seed):
    guests = guests_of(labels)
    for seated in (mixed(guests, tables, seed=seed), at_random(guests, tables, seed=seed)):
        assert sorted(g for table in seated for g in table) == [g.id for g in guests]
        sizes = [len(table) for table in seated]
        assert max(sizes) - min(sizes) <= 1
    unlabelled = {g.id for g in guests if g.label is None}
    spread = [len(unlabelled.intersection(table)) for table in mixed(guests, tables, seed=seed)]
    assert max(spread) - min(spread) <= 1


def test_gathered_tables_hold_one_label_each():
    labels = ["N"] * 9 + ["E"] * 4 + ["K"] * 2 + [None] * 2
    guests = guests_of(labels)
    seated = gathered(guests, size=4, seed=1)
    by_id = label_of(guests)
    kinds = [{by_id[g] for g in table} - {None} for table in seated]
    assert all(len(kind) == 1 for kind in kinds)
    assert sorted(g for table in seated for g in table) == list(range(len(labels)))
    # Nine networkers at two tables (9 / 4 rounds to 2): 5 and 4; the four entrepreneurs at
    # one, the two coordinators at one; the two who did not answer join the smallest (2 → 4).
    assert sorted(len(table) for table in seated) == [4, 4, 4, 5]


@pytest.mark.parametrize(
    ("guests", "size", "tables", "expected"),
    [(30, 5, None, 6), (31, 5, None, 6), (33, 5, None, 7), (3, 5, None, 1), (0, 5, None, 1)]
    + [(30, None, 4, 4), (3, None, 10, 3)],
)
def test_table_count(guests, size, tables, expected):
    assert table_count(guests, size=size, tables=tables) == expected
