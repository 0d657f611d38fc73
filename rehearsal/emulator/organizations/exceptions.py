"""Organizations errors the extension raises, each named exactly like its AWS error code.

They subclass moto's ``OrganizationsClientError`` so moto serializes them from the botocore
model: ``__type`` plus any modelled member such as ``Reason``.
"""

from __future__ import annotations

from moto.core.exceptions import JsonRESTError
from moto.organizations.exceptions import OrganizationsClientError


class _ReasonedError(OrganizationsClientError):
    """An error whose botocore shape has a ``Reason`` member (picked up by moto's serializer)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(type(self).__name__, message)
        self.reason = reason


class ConstraintViolationException(_ReasonedError):
    """Raised when a call would break an Organizations limit (``Reason`` says which)."""


class InvalidInputException(_ReasonedError):
    """Raised when a parameter is valid for botocore but not for Organizations."""


class _FixedMessageError(OrganizationsClientError):
    """An error with a fixed code (the class name) and a message."""

    def __init__(self, message: str) -> None:
        super().__init__(type(self).__name__, message)


class MalformedPolicyDocumentException(_FixedMessageError):
    """Raised when policy content is not a JSON object or repeats a key."""


class DuplicatePolicyException(_FixedMessageError):
    """Raised when a policy name is already used by another policy."""


class DuplicatePolicyAttachmentException(_FixedMessageError):
    """Raised when the policy is already attached to the target."""


class PolicyNotAttachedException(_FixedMessageError):
    """Raised when detaching a policy from a target it is not attached to."""


class PolicyTypeNotEnabledException(_FixedMessageError):
    """Raised when attaching a policy whose type is not enabled in the root."""


class EffectivePolicyNotFoundException(_FixedMessageError):
    """Raised when no policy of the type applies to the account."""


class TargetNotFoundException(_FixedMessageError):
    """Raised when the target account of an effective-policy call does not exist."""


class NotImplementedException(JsonRESTError):
    """Raised (HTTP 501) when the emulator cannot answer honestly, e.g. no policy engine wired.

    Not an AWS error code: 501 keeps botocore from retrying, and the message says what to wire.
    """

    code = 501

    def __init__(self, message: str) -> None:
        super().__init__("NotImplementedException", message)
