"""Trained spaCy pipelines shipped inside the package, and how the stages load them.

Each model lives in its own folder beside this module (``statements/``, ``lines/``, ``incidents/``,
``acts/``), written by ``./run train`` (``scripts/train.py``), and ``MANIFEST.json`` says how each was
made: its config, the sha256 of its training data, its size and its cross-validated figures.

The folder the models are read from is the ``trained_models`` setting (empty: this package folder), so
``benchmarks/crossval.py`` can point the extractor at models trained without the fold it scores. Loading
is offline and cached per (folder, name); a model that is absent gives ``None`` and the stage that wanted
it falls back to its rules, so a checkout without trained models still runs.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language

    from ..settings import Settings

#: where ``./run train`` writes the committed models
PACKAGED = Path(__file__).resolve().parent
MANIFEST = "MANIFEST.json"


def models_dir(settings: Settings) -> Path:
    return Path(settings.trained_models) if settings.trained_models else PACKAGED


def load(settings: Settings, name: str) -> Language | None:
    """The trained pipeline ``name`` from the settings' model folder, or None when it was never trained."""
    return _load(str(models_dir(settings)), name)


@functools.lru_cache(maxsize=16)
def _load(folder: str, name: str) -> Language | None:
    path = Path(folder) / name
    if not (path / "meta.json").exists():
        return None
    import spacy

    try:
        return spacy.load(path)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"trained model {path} cannot be loaded ({exc}); rebuild it with ./run train") from exc


def manifest(settings: Settings | None = None, folder: Path | None = None) -> dict[str, Any]:
    """The manifest of a model folder (empty when there is none)."""
    base = folder or (models_dir(settings) if settings is not None else PACKAGED)
    path = base / MANIFEST
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def threshold(settings: Settings, name: str, key: str, default: float) -> float:
    """A decision threshold stored in the manifest entry of model ``name`` (chosen by cross-validation)."""
    entry = manifest(settings).get("models", {}).get(name, {})
    return float(entry.get("thresholds", {}).get(key, default))
