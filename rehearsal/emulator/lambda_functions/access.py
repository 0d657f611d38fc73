"""IAM enforced for the calls Lambda functions make, and only for those.

moto's access control (``moto.core.authorization``) is process-wide: once on, every caller,
test setup included, needs an identity with policies. Here it is switched per request instead:
a request signed with an access key handed to a function's execution role
(``runtime.run_function``) is authenticated and authorized by moto's ``IAMRequest``; every
other request goes through moto's own switch (``INITIAL_NO_AUTH_ACTION_COUNT``) unchanged.

moto decides the resource of a request only for S3, SQS, IAM and STS; for every other
service it asks about ``*``, which no resource-scoped statement matches. So for those
requests an ``Allow`` statement is matched on its actions alone and a resource-scoped
``Deny`` is not applied (docs/emulator.md lists what this leaves unchecked).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlparse

import botocore.session
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError
from moto.iam.access_control import IAMPolicy, IAMPolicyStatement, PermissionResult

__all__ = ["enforce", "enforced", "install"]

_ANY_RESOURCE = "*"
_CREDENTIAL = re.compile(r"Credential=([A-Z0-9]+)/")
_enforced_keys: set[str] = set()


def enforce(access_key_id: str) -> None:
    """Authorize every later request signed with ``access_key_id`` against its identity."""
    _enforced_keys.add(access_key_id)


def enforced(access_key_id: str) -> bool:
    """Whether requests signed with ``access_key_id`` are authorized by IAM here."""
    return access_key_id in _enforced_keys


def install() -> None:
    """Route requests signed with enforced keys through IAM authorization (once)."""
    original = ActionAuthenticatorMixin._authenticate_and_authorize_action
    if getattr(original, "_enforces_lambda_keys", False):
        return
    patched = _authorizing(original)
    patched._enforces_lambda_keys = True  # type: ignore[attr-defined]
    ActionAuthenticatorMixin._authenticate_and_authorize_action = patched  # type: ignore[method-assign,assignment]


_Authorize = Callable[[Any, type, str], None]


def _authorizing(original: _Authorize) -> _Authorize:
    def authorize(self: Any, iam_request_cls: type, resource: str = _ANY_RESOURCE) -> None:
        found = _CREDENTIAL.search(self.headers.get("Authorization") or "")
        if found is None or not enforced(found.group(1)):
            original(self, iam_request_cls, resource)
            return
        query = urlparse(self.uri).query
        path = f"{self.raw_path}?{query}" if query else self.raw_path
        iam_request = iam_request_cls(
            account_id=self.current_account,
            method=self.method,
            path=path,
            # The signed payload: the form (query protocol; moto has consumed the raw body),
            # else the raw body. moto's ``data`` of any other request is its URL query or, for
            # a bodiless one, its headers, which IAMRequest would sign as a payload.
            data=self.data if self.form_data else b"",
            body=self.raw_body,
            headers=self.headers,
            action=self._get_action(),
        )
        iam_request.check_signature()
        _check_permitted(iam_request, resource)

    return authorize


def _check_permitted(iam_request: Any, resource: str) -> None:
    """moto's ``check_action_permitted``, with resource-scoped Allows matched on actions
    when moto does not know the resource (see the module docstring)."""
    action = iam_request._action
    if action == "sts:GetCallerIdentity":  # AWS answers it even under an explicit Deny
        return
    permitted = False
    for policy in iam_request._access_key.collect_policies():
        for statement in _statements(IAMPolicy(policy)):
            checked = statement
            if resource == _ANY_RESOURCE and statement.get("Effect") == "Allow":
                checked = {**statement, "Resource": _ANY_RESOURCE}
            result = IAMPolicyStatement(checked).is_action_permitted(action, resource)
            if result == PermissionResult.DENIED:
                _deny(iam_request, "with an explicit deny in an identity-based policy")
            permitted = permitted or result == PermissionResult.PERMITTED
    if iam_request._is_assuming_role_operation(resource):
        permitted = permitted and iam_request._check_role_trust_relationship(resource)
    if not permitted:
        _deny(iam_request, f"because no identity-based policy allows the {action} action")


def _deny(iam_request: Any, why: str) -> None:
    """Raise AccessDenied shaped as the service answers it: JSON-protocol services send
    ``AccessDeniedException`` (moto's XML error reaches botocore there as a bare 403)."""
    if _protocol(iam_request._service) in ("json", "rest-json"):
        message = f"User: {iam_request._access_key.arn} is not authorized to perform: "
        raise JsonRESTError("AccessDeniedException", f"{message}{iam_request._action} {why}")
    iam_request._raise_access_denied()


@cache
def _protocol(signing_name: str) -> str | None:
    session = botocore.session.get_session()
    if signing_name not in session.get_available_services():
        return None
    return str(session.get_service_model(signing_name).metadata.get("protocol"))


def _statements(policy: IAMPolicy) -> list[dict[str, Any]]:
    statements = policy._policy_json["Statement"]
    return list(statements) if isinstance(statements, list) else [statements]
