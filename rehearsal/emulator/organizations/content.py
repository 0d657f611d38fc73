"""Policy content checks Organizations makes on CreatePolicy and UpdatePolicy: size, JSON, keys."""

from __future__ import annotations

import json
from typing import Any

from rehearsal.emulator.organizations.exceptions import (
    ConstraintViolationException,
    MalformedPolicyDocumentException,
)

__all__ = ["MAX_CONTENT_CHARACTERS", "validate_policy_content"]

# Maximum document size in characters, whitespace included (AWS stores the content as sent).
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
# Management policy types only: SCP and RCP content is stored as moto stores it (models.py).
MAX_CONTENT_CHARACTERS: dict[str, int] = {
    "AISERVICES_OPT_OUT_POLICY": 2_500,
    "BACKUP_POLICY": 10_000,
    "TAG_POLICY": 10_000,
}


class _DuplicateKeyError(ValueError):
    """A JSON object repeats a key (``json`` would silently keep the last one)."""


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKeyError(key)
        seen[key] = value
    return seen


def validate_policy_content(policy_type: str, content: str) -> None:
    """Check ``content`` the way Organizations does before storing a policy.

    Raises
    ------
    ConstraintViolationException
        With ``Reason`` ``POLICY_CONTENT_LIMIT_EXCEEDED`` when the document is too long.
    MalformedPolicyDocumentException
        When the content is not a JSON object, or an object repeats a key.
    """
    limit = MAX_CONTENT_CHARACTERS.get(policy_type)
    if limit is not None and len(content) > limit:
        raise ConstraintViolationException(
            "POLICY_CONTENT_LIMIT_EXCEEDED",
            f"The {policy_type} document has {len(content)} characters; the limit is {limit}.",
        )
    try:
        document = json.loads(content, object_pairs_hook=_reject_duplicate_keys)
    except _DuplicateKeyError as error:
        raise MalformedPolicyDocumentException(
            f"The policy document repeats the key {error.args[0]!r}."
        ) from None
    except ValueError as error:
        raise MalformedPolicyDocumentException(
            f"The policy document is not valid JSON: {error}."
        ) from None
    if not isinstance(document, dict):
        raise MalformedPolicyDocumentException("The policy document must be a JSON object.")
