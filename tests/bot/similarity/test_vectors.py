"""Stored vectors: `to_bytes` / `from_bytes` keep any unit vector's direction and its cosines."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bot.similarity import from_bytes, stack, to_bytes

DIM = 384
components = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False, width=32)
vectors = arrays(np.float32, DIM, elements=components).filter(lambda v: np.linalg.norm(v) > 1e-3)


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


@settings(max_examples=200, deadline=None)
@given(vectors)
def test_round_trip_keeps_the_direction(v):
    u = _unit(v)
    blob = to_bytes(u)
    back = from_bytes(blob)
    assert len(blob) == 2 * DIM
    assert back.dtype == np.float32 and back.shape == (DIM,)
    assert abs(float(np.linalg.norm(back)) - 1.0) < 1e-5
    assert float(back @ u) > 0.9999


@settings(max_examples=100, deadline=None)
@given(vectors, vectors)
def test_round_trip_keeps_cosines_within_a_thousandth(v, w):
    u, x = _unit(v), _unit(w)
    stored = stack([to_bytes(u), to_bytes(x)])
    assert abs(float(stored[0] @ stored[1]) - float(u @ x)) < 1e-3


def test_zero_vector_stays_zero():
    assert not from_bytes(to_bytes(np.zeros(DIM, dtype=np.float32))).any()


def test_a_blob_of_odd_length_is_refused():
    with pytest.raises(ValueError):
        from_bytes(b"\x00\x01\x02")
