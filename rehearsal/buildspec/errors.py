"""Errors of the local buildspec runner."""

from __future__ import annotations

__all__ = ["BuildspecError"]


class BuildspecError(Exception):
    """The buildspec is malformed or uses a feature the local runner cannot honour."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")
