"""Building blocks of the configuration's JSON Schema, shared by ``schema.py`` and the
sections that keep their own schema beside their parsing (``restore_testing.py``)."""

from __future__ import annotations

__all__ = ["text"]


def text(pattern: str, description: str, example: str) -> dict[str, object]:
    """A string field with a pattern, and the words and example its error message shows
    (a user reads "a 12-digit account id, e.g. ...", never the regular expression)."""
    return {"type": "string", "pattern": pattern, "description": description, "examples": [example]}
