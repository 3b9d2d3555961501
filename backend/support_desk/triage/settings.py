"""Triage's settings, read from Django's settings (which take them from the environment).

Training and benchmark scripts also run the local model without Django set up; they get the
defaults below, or pass paths explicitly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from support_desk.triage.local.examples import Example

T = TypeVar("T")

_REPO_DIR = Path(__file__).resolve().parents[3]
DEFAULT_MODEL_DIR = _REPO_DIR / "var" / "triage-model"
DEFAULT_DATA_DIR = _REPO_DIR.parent / "shared" / "data"


def triage_setting(name: str, default: T) -> T:
    """A Django setting, or `default` when Django is not configured in this process."""
    from django.conf import settings

    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:
        return default


def model_dir() -> Path:
    """Where the versions of the retrained local model live (`TRIAGE_MODEL_DIR`)."""
    return Path(triage_setting("TRIAGE_MODEL_DIR", DEFAULT_MODEL_DIR))


def encoder_model_path() -> Path | None:
    """An operator-supplied ONNX sentence encoder (`TRIAGE_ENCODER_MODEL`), or None for the packaged one."""
    configured = triage_setting("TRIAGE_ENCODER_MODEL", "")
    return Path(configured) if configured else None


def public_data_dir() -> Path:
    """Where the raw public training data lives (`TRIAGE_DATA_DIR`)."""
    return Path(triage_setting("TRIAGE_DATA_DIR", DEFAULT_DATA_DIR))


def team_examples() -> Iterator[Example]:
    """The team's own labels as training examples, from the function the `TRIAGE_TEAM_EXAMPLES`
    setting names. Triage does not know where tickets live: the settings wire it to the tickets
    domain, which knows which labels a person chose."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    source: Callable[[], Iterable[Example]] = import_string(settings.TRIAGE_TEAM_EXAMPLES)
    yield from source()
