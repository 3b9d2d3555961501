"""Versioned model artifacts on disk, and a holder that picks up new versions without a restart.

Layout of a model directory::

    <root>/versions/<version>/model.npz, meta.json   one trained model each
    <root>/CURRENT                                   the name of the version in use
    <root>/embeddings-<encoder>.npz                  vectors of texts already embedded

A new version is written completely before ``CURRENT`` is switched to it by an atomic
rename, so a server never reads half a model. When ``<root>`` has no version, the
default model shipped in the package is used.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from support_desk.triage.local.model import TriageModel
from support_desk.triage.settings import model_dir

CURRENT_FILE = "CURRENT"
VERSIONS_DIR = "versions"
PACKAGED_MODEL_DIR = Path(__file__).resolve().parent / "default_model"


def configured_model_dir() -> Path:
    """The model directory: the ``TRIAGE_MODEL_DIR`` setting."""
    return model_dir()


class ModelStore:
    """Reads and writes the versions of the model in one directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def embedding_cache_dir(self) -> Path:
        return self.root

    def versions(self) -> list[str]:
        """Stored versions, oldest first (version names sort by time)."""
        folder = self.root / VERSIONS_DIR
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if (p / "meta.json").exists())

    def current_version(self) -> str | None:
        """The version named in ``CURRENT``, or ``None`` if there is none yet."""
        try:
            return (self.root / CURRENT_FILE).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def publish(self, model: TriageModel, *, keep: int = 5) -> Path:
        """Write ``model`` as a new version, make it current and prune old versions."""
        versions = self.root / VERSIONS_DIR
        versions.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=versions, prefix=".staging-"))
        model.save(staging)
        final = versions / model.version
        os.replace(staging, final)
        self._write_current(model.version)
        self.prune(keep)
        return final

    def _write_current(self, version: str) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".current-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(version + "\n")
        os.replace(tmp, self.root / CURRENT_FILE)

    def load(self, version: str | None = None) -> TriageModel:
        """Load ``version`` (default: the current one, else the packaged default model)."""
        version = version or self.current_version()
        if version is None:
            return load_packaged_model()
        return TriageModel.load(self.root / VERSIONS_DIR / version)

    def prune(self, keep: int) -> None:
        """Delete all but the newest ``keep`` versions (never the current one)."""
        current = self.current_version()
        for version in self.versions()[:-keep] if keep > 0 else []:
            if version != current:
                shutil.rmtree(self.root / VERSIONS_DIR / version, ignore_errors=True)


def load_packaged_model() -> TriageModel:
    """The default model shipped inside the package."""
    return TriageModel.load(PACKAGED_MODEL_DIR)


class ModelProvider:
    """Holds the loaded model for a process and switches to a newer version when published.

    ``get()`` costs one small file read at most every ``check_interval`` seconds, so it
    can be called for every request.
    """

    def __init__(self, store: ModelStore | None, check_interval: float = 5.0) -> None:
        self.store = store
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._model: TriageModel | None = None
        self._loaded_from: str | None = None
        self._checked_at = float("-inf")

    def get(self) -> TriageModel:
        now = time.monotonic()
        if self._model is not None and now - self._checked_at < self.check_interval:
            return self._model
        with self._lock:
            self._checked_at = now
            wanted = self.store.current_version() if self.store else None
            if self._model is None or wanted != self._loaded_from:
                self._model = self.store.load(wanted) if self.store else load_packaged_model()
                self._loaded_from = wanted
            return self._model

    def newer_version_available(self) -> bool:
        """Whether the store's current version differs from the loaded one (a cheap check)."""
        return self.store is not None and self.store.current_version() != self._loaded_from


_provider: ModelProvider | None = None
_provider_lock = threading.Lock()


def default_provider() -> ModelProvider:
    """The process-wide provider, reading the configured model directory."""
    global _provider
    with _provider_lock:
        if _provider is None:
            _provider = ModelProvider(ModelStore(configured_model_dir()))
        return _provider
