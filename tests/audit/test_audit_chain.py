"""The hash chain alone: its canonical form, and that any change, removal or reordering is found."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from triggerpoint.audit.chain import FIELDS, GENESIS, Link, canonical, link_hash, verify

HEX = st.text("0123456789abcdef", min_size=64, max_size=64)
TEXT = st.text(max_size=12)
INSTANTS = st.datetimes(timezones=st.just(UTC))


def build(events: list[dict[str, Any]]) -> list[Link]:
    """A chain of the events, with row IDs 1, 2, 3..."""
    links, prev = [], GENESIS
    for number, fields in enumerate(events, start=1):
        links.append(Link(number, prev, link_hash(prev, fields), fields))
        prev = links[-1].hash
    return links


def fields_strategy() -> st.SearchStrategy[dict[str, Any]]:
    values: dict[str, st.SearchStrategy[Any]] = dict.fromkeys(FIELDS, TEXT)
    values |= {"at": INSTANTS, "actor": st.none() | TEXT, "client": st.none() | TEXT}
    return st.fixed_dictionaries(values)


def event(n: int) -> dict[str, Any]:
    at = datetime(2026, 12, 1, 9, n, tzinfo=UTC)
    return {name: f"{name}-{n}" for name in FIELDS} | {"at": at, "actor": None}


def test_the_canonical_form_is_sorted_compact_json_with_utc_microseconds() -> None:
    fields = {"detail": "é", "at": datetime(2026, 12, 1, 10, 0, 0, 5, tzinfo=UTC), "actor": None}
    assert canonical(fields) == '{"actor":null,"at":"2026-12-01T10:00:00.000005Z","detail":"\\u00e9"}'


def test_a_link_hash_is_sha256_of_the_previous_hash_and_the_canonical_form() -> None:
    fields = event(1)
    expected = hashlib.sha256((GENESIS + canonical(fields)).encode()).hexdigest()
    assert link_hash(GENESIS, fields) == expected


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        canonical({"at": datetime(2026, 12, 1)})


def test_a_whole_chain_and_an_empty_one_verify() -> None:
    chain = build([event(n) for n in range(3)])
    assert verify(chain) is None
    assert verify(chain, expected_head=chain[-1].hash) is None
    assert verify([], expected_head=GENESIS) is None


def test_a_removed_middle_row_breaks_the_next_one() -> None:
    chain = build([event(n) for n in range(3)])
    broken = verify([chain[0], chain[2]])
    assert broken is not None
    assert broken.row_id == 3
    assert "prev_hash" in broken.reason


def test_a_removed_first_row_is_found() -> None:
    chain = build([event(n) for n in range(2)])
    assert verify(chain[1:]) is not None


def test_a_cut_tail_is_found_against_the_expected_head() -> None:
    chain = build([event(n) for n in range(3)])
    assert verify(chain[:2]) is None
    broken = verify(chain[:2], expected_head=chain[-1].hash)
    assert broken is not None
    assert broken.row_id == 2
    assert verify([], expected_head=chain[-1].hash) is not None


def test_rows_out_of_order_are_found() -> None:
    chain = build([event(n) for n in range(2)])
    broken = verify([chain[0], replace(chain[1], id=0)])
    assert broken is not None
    assert "order" in broken.reason


@given(st.lists(fields_strategy(), min_size=1, max_size=6), st.data())
def test_changing_any_field_of_any_event_is_found(events: list[dict[str, Any]], data: st.DataObject) -> None:
    chain = build(events)
    index = data.draw(st.integers(0, len(chain) - 1))
    target = chain[index]
    name = data.draw(st.sampled_from([*FIELDS, "prev_hash", "hash"]))
    if name in ("prev_hash", "hash"):
        new = data.draw(HEX)
        assume(new != getattr(target, name))
        changed = replace(target, **{name: new})
    else:
        new = data.draw(INSTANTS if name == "at" else st.none() | TEXT)
        assume(canonical({name: new}) != canonical({name: target.fields[name]}))
        changed = replace(target, fields={**target.fields, name: new})
    broken = verify([*chain[:index], changed, *chain[index + 1 :]])
    assert broken is not None
    assert broken.row_id == target.id
