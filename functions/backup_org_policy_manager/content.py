"""The policy text to store: load (inline or S3), render (variables, regions), validate."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from backup_org_policy_manager.errors import PolicyContentError
from backup_org_policy_manager.policy import PolicyValidationError, render, validate
from backup_org_policy_manager.request import PolicyRequest, S3Location

__all__ = ["ObjectReader", "content_digest", "prepare_content"]

ObjectReader = Callable[[S3Location], str]
"""Reads an S3 object as text (``s3.S3Reader.read``); raises ``InvalidPropertyError``."""


def prepare_content(request: PolicyRequest, read_object: ObjectReader) -> str:
    """The minified, validated policy document for ``request``.

    Raises
    ------
    PolicyContentError
        The document cannot be rendered or has issues; the Reason gives the first JSON path.
    InvalidPropertyError
        The S3 object cannot be read.
    """
    source = request.content
    raw = read_object(source) if isinstance(source, S3Location) else source
    try:
        text = render(raw, variables=request.variables or None, regions=request.regions)
    except PolicyValidationError as error:
        raise PolicyContentError(error.issues) from None
    issues = validate(text)
    if issues:
        raise PolicyContentError(issues)
    return text


def content_digest(text: str) -> str:
    """A short fingerprint of a document for logs (the policy itself is never logged)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
