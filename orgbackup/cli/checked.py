"""One policy file through the engine: read it, ``render`` it (variables, regions), then
``validate`` the result. Every subcommand that handles policy files goes through here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from backup_org_policy_manager.policy import Issue, PolicyValidationError, render, validate
from orgbackup.cli.errors import InputFileError

__all__ = ["Checked", "check_policy", "read_policy", "variable_key"]


@dataclass(frozen=True, slots=True)
class Checked:
    """The rendered, minified document (``None`` when it could not be rendered) and its issues."""

    content: str | None
    issues: tuple[Issue, ...]


def variable_key(name: str) -> str:
    """The literal text a variable replaces: ``CentralVaultArn`` means ``${CentralVaultArn}``."""
    return name if name.startswith("${") and name.endswith("}") else "${" + name + "}"


def read_policy(path: Path) -> str:
    """The text of a policy file.

    Raises
    ------
    InputFileError
        The file cannot be read.
    """
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputFileError(str(path), "", f"cannot read: {reason}") from None


def check_policy(text: str, variables: Mapping[str, str], regions: Sequence[str] | None) -> Checked:
    """Render then validate; render's issues stop there, since there is nothing to validate."""
    try:
        content = render(text, variables=variables, regions=regions)
    except PolicyValidationError as error:
        return Checked(None, error.issues)
    return Checked(content, tuple(validate(content)))
