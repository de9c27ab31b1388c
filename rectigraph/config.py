"""Configuration: a plain dict of defaults, overridden by environment and command-line flags.

>>> cfg = load_config({"home": "/tmp/x"})
>>> str(cfg["home"])
'/tmp/x'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "home": "data/home",
    # Dense model: a local folder or a hub name (hub names need network access).
    "model": "m3e-small",
    "crosslingual_model": "usem3",
}


def load_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults < environment (RECTIGRAPH_HOME, RECTIGRAPH_MODEL) < explicit overrides (None is ignored)."""
    cfg = dict(DEFAULTS)
    env = {"home": os.environ.get("RECTIGRAPH_HOME"), "model": os.environ.get("RECTIGRAPH_MODEL")}
    for source in (env, overrides or {}):
        cfg.update({k: v for k, v in source.items() if v is not None})
    cfg["home"] = Path(cfg["home"])
    return cfg


def data_home(home: str | os.PathLike[str] | None = None) -> Path:
    """The data home directory (created if missing): graph store, indexes, copies of ingested files."""
    path = load_config({"home": home})["home"]
    path.mkdir(parents=True, exist_ok=True)
    return path
