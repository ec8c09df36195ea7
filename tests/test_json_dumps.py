"""saa's JSON writer gives json.dumps(indent=2, ensure_ascii=False)'s bytes exactly, with a flat peak."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings, strategies as st

from saa.render.terminal import dumps

leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values)
def test_same_bytes_as_the_standard_library(data):
    assert dumps(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_edge_cases():
    for data in ({}, [], {"a": {}}, [[]], {1: [2]}, {"a": {1: [1]}}, {"s": "two\nlines é"}, [math.nan, -math.inf],
                 {"plans": [{"id": "p", "pipeline": {"I": 1.0}, "tags": []}]}):
        assert dumps(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_the_peak_does_not_hold_every_piece_of_the_document():
    import tracemalloc

    doc = {"plans": [{"id": f"p{i}", "pipeline": {"I": 1.0, "II": 2.0}, "notes": ["a", "b"]} for i in range(2000)]}
    tracemalloc.start()
    text = dumps(doc)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    tracemalloc.start()
    json.dumps(doc, indent=2, ensure_ascii=False)
    peak_std = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 * len(text) < peak_std
