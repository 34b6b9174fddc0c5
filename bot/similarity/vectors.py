"""Unit vectors as bytes for storage: little-endian float16, 768 bytes for 384 dimensions.

float16 keeps any cosine within ~1e-3 whatever the vector looks like. (An int8 code with one scale
per vector was tried: half the size, but a vector with one large component lost up to 0.025 of
cosine, more than the gap the thresholds rely on.)
"""

from __future__ import annotations

import numpy as np

_STORED = np.dtype("<f2")


def to_bytes(vector: np.ndarray) -> bytes:
    """One vector (1-D) as float16 bytes."""
    return np.asarray(vector, dtype=np.float32).ravel().astype(_STORED).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    """The vector `to_bytes` wrote, as float32 re-normalised to unit length."""
    if len(blob) % _STORED.itemsize:
        raise ValueError(f"a stored vector has an even number of bytes, got {len(blob)}")
    v = np.frombuffer(blob, dtype=_STORED).astype(np.float32)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def stack(blobs: list[bytes]) -> np.ndarray:
    """Stored vectors as one (n, dim) matrix, ready for `Similarity.matrix`."""
    if not blobs:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([from_bytes(b) for b in blobs])
