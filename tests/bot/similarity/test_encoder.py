"""The sentence model itself: loads from the installed package with no network, refuses a wrong file,
gives unit vectors that do not depend on batching, and ranks real paraphrases above unrelated pairs."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from benchmarks.similarity import load_sts
from bot.similarity import ModelIntegrityError, SentenceEncoder, stack, to_bytes
from bot.similarity.encoder import installed_model_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder(threads=1).load()


def test_loads_from_the_installed_package_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the sentence model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    path = installed_model_path()
    assert "site-packages" in str(path) and path.name == "model.onnx"
    rows = SentenceEncoder(threads=1).embed(["Russia has failed in its objective of capturing Kyiv."])
    assert rows.shape == (1, 384)


def test_a_model_file_with_another_sha256_is_refused(tmp_path):
    wrong = tmp_path / "model.onnx"
    with installed_model_path().open("rb") as fh:
        wrong.write_bytes(fh.read(1 << 20))  # a truncated copy of the real file
    with pytest.raises(ModelIntegrityError, match="sha256"):
        SentenceEncoder(model_path=wrong).load()
    with pytest.raises(ModelIntegrityError, match="not found"):
        SentenceEncoder(model_path=tmp_path / "missing.onnx").load()


def test_unit_float32_rows_one_per_text(encoder):
    texts = ["Iran and IAEA resume nuclear talks", "", "Snowden leaves Moscow airport"]
    rows = encoder.embed(texts)
    assert rows.shape == (3, 384) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert encoder.embed([]).shape == (0, 384)


def test_a_text_embeds_the_same_alone_or_in_a_padded_batch(encoder):
    short = "Tokyo to host 2020 Olympic Games"
    batch = [short, "Bangladesh court sentences 152 border guards to death over 2009 mutiny, officials say"]
    alone = encoder.embed([short])[0]
    assert np.allclose(encoder.embed(batch, batch_size=2)[0], alone, atol=1e-5)
    assert np.array_equal(encoder.embed([short])[0], alone)


def test_input_is_cut_at_128_word_pieces(encoder):
    long = " ".join(["The talks in Istanbul will resume after two weeks."] * 40)
    a, b = encoder.embed([long, long + " Markets fell sharply on Friday after the announcement."])
    assert np.allclose(a, b, atol=1e-6)


def test_matches_the_scores_sentence_transformers_publishes_for_this_model(encoder):
    # sbert.net's usage page, all-MiniLM-L6-v2 in float32: 0.6660, 0.1046, 0.1411. The int8 export
    # differs by rounding only.
    texts = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    rows = encoder.embed(texts)
    m = rows @ rows.T
    assert m[0, 1] == pytest.approx(0.6660, abs=0.01)
    assert m[0, 2] == pytest.approx(0.1046, abs=0.01)
    assert m[1, 2] == pytest.approx(0.1411, abs=0.01)


def test_real_paraphrases_score_above_unrelated_headlines(encoder):
    # STS-benchmark headline pairs (benchmarks/data/similarity/): gold 5 and 4.8, then gold 0.
    rows = load_sts()
    paraphrases = [(a, b) for gold, a, b in rows if gold >= 4.8]
    unrelated = [(a, b) for gold, a, b in rows if gold == 0.0]
    assert len(paraphrases) >= 10 and len(unrelated) >= 10

    def scores(pairs):
        a, b = encoder.embed([p[0] for p in pairs]), encoder.embed([p[1] for p in pairs])
        return (a * b).sum(axis=1)

    assert scores(paraphrases).min() > scores(unrelated).max()


def test_stored_vectors_keep_real_cosines_within_a_thousandth(encoder):
    sentences = [s for _, a, b in load_sts()[:60] for s in (a, b)]
    rows = encoder.embed(sentences)
    stored = stack([to_bytes(r) for r in rows])
    assert np.abs(stored @ stored.T - rows @ rows.T).max() < 1e-3
