"""Read ORG and ATTACH files (YAML, or JSON, which YAML reads too) with errors that name the
file and the field, e.g. ``org.yaml: root.ous[1].accounts[0].id: ...``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml

from orgbackup.cli.errors import InputFileError

__all__ = ["Field", "load"]

# libyaml's safe loader when PyYAML was built with it: the same documents, about ten times
# faster, which matters for an ORG file of thousands of accounts.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path) -> Field:
    """The parsed file as the top-level ``Field``.

    Raises
    ------
    InputFileError
        The file cannot be read or is not YAML/JSON.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputFileError(str(path), "", f"cannot read: {error.strerror or error}") from None
    try:
        value = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        raise InputFileError(str(path), "", f"not valid YAML or JSON: {error}") from None
    return Field(str(path), "", value)


@dataclass(frozen=True, slots=True)
class Field:
    """One value of a file and where it is, so any complaint can point at it."""

    file: str
    where: str
    value: object

    def fail(self, message: str) -> NoReturn:
        """Raise ``InputFileError`` for this field."""
        raise InputFileError(self.file, self.where or "(top level)", message)

    def mapping(self, allowed: tuple[str, ...]) -> dict[str, Field]:
        """The fields of a mapping; an unknown key is refused, so a typo is not ignored."""
        if not isinstance(self.value, dict):
            self.fail("must be a mapping")
        unknown = [str(k) for k in self.value if k not in allowed]
        if unknown:
            self.fail(f"unknown key {unknown[0]!r} (expected one of: {', '.join(allowed)})")
        return {k: Field(self.file, self._join(str(k)), v) for k, v in self.value.items()}

    def items(self) -> list[Field]:
        """The entries of a list (an absent list is empty)."""
        if self.value is None:
            return []
        if not isinstance(self.value, list):
            self.fail("must be a list")
        return [Field(self.file, f"{self.where}[{i}]", v) for i, v in enumerate(self.value)]

    def string(self, pattern: re.Pattern[str] | None = None, meaning: str = "") -> str:
        """A non-empty string, matching ``pattern`` when given."""
        if not isinstance(self.value, str) or not self.value.strip():
            number = isinstance(self.value, int)
            hint = " (quote it: YAML reads digits as a number)" if number else ""
            self.fail(f"must be a non-empty string{hint}")
        if pattern is not None and not pattern.fullmatch(self.value):
            self.fail(f"{self.value!r} is not {meaning or 'valid'}")
        return self.value

    def _join(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key
