"""Real-shaped event JSON for the handlers, and the one helper that loads it.

Folders: ``restore/`` (AWS Backup restore job state changes), ``backup/`` (backup job
state changes), ``cloudformation/`` (custom resource requests).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["EVENTS_DIR", "event_names", "load_event"]

EVENTS_DIR = Path(__file__).parent


def load_event(name: str) -> dict[str, Any]:
    """A fresh copy of ``tests/events/<name>.json``.

    For example ``load_event("restore/completed-ebs")``.
    """
    event: dict[str, Any] = json.loads((EVENTS_DIR / f"{name}.json").read_text())
    return event


def event_names(folder: str, prefix: str = "") -> list[str]:
    """The names (for ``load_event``) of the events in ``folder`` starting with ``prefix``."""
    return sorted(f"{folder}/{path.stem}" for path in (EVENTS_DIR / folder).glob(f"{prefix}*.json"))
