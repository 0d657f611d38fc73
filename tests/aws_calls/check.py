"""Check recorded calls against the roles: one finding per call that its role does not allow.

A finding names the function, the operation, the IAM action, the resource, the role
(template and logical id) and why; findings that differ only in the resource's name are
reported once, with how many calls they cover and one test that made them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tests.aws_calls.actions import Request, UnmappedCallError, requests
from tests.aws_calls.policy import denials, evaluate
from tests.aws_calls.recorder import Call
from tests.aws_calls.roles import UnknownFunctionError, authority

__all__ = ["Finding", "findings", "report"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One call its role does not allow."""

    function: str
    operation: str
    action: str
    resource: str
    role: str
    reason: str
    test: str

    @property
    def kind(self) -> tuple[str, str, str, str, str]:
        """What makes two findings the same defect (the resource's type, not its name)."""
        resource_type = self.resource.split(":", 5)[-1].split("/")[0].split(":")[0]
        return (self.function, self.action, resource_type, self.role, self.reason)

    def message(self) -> str:
        return (
            f"{self.function}: {self.operation} needs {self.action} on {self.resource}; "
            f"{self.role} {self.reason} (test {self.test or '?'})"
        )


def _finding(call: Call, request: Request, role: str, reason: str) -> Finding:
    return Finding(
        call.function, call.describe(), request.action, request.resource, role, reason, call.test
    )


def _check(call: Call, templates: Mapping[str, Mapping[str, Any]] | None) -> list[Finding]:
    try:
        found = authority(call, templates)
    except UnknownFunctionError:
        reason = f"names no role for functions/{call.function}, so its calls cannot be checked"
        where = "tests/aws_calls/roles.py FUNCTION_ROLES"
        return [Finding(call.function, call.describe(), "?", "?", where, reason, call.test)]
    try:
        needed = requests(call)
    except UnmappedCallError as error:
        role = str(found.role)
        return [Finding(call.function, call.describe(), "?", "?", role, str(error), call.test)]
    results = []
    for request in needed:
        verdict = evaluate(found.identity, request, found.principal)
        if not verdict.allowed:
            reason = f"denies it ({', '.join(verdict.by)})" if verdict.by else "does not allow it"
            results.append(_finding(call, request, str(found.role), reason))
        denied = denials(found.guardrails, request, found.principal)
        if denied:
            reason = f"lets the role call it, but the guardrail SCP denies it ({', '.join(denied)})"
            results.append(_finding(call, request, str(found.role), reason))
        if found.resource_policy is not None:
            verdict = evaluate(
                found.resource_documents, request, found.principal, resource_policy=True
            )
            if not verdict.allowed:
                results.append(
                    _finding(
                        call,
                        request,
                        str(found.resource_policy),
                        f"does not allow it to {found.principal}",
                    )
                )
    return results


def findings(
    calls: Iterable[Call], templates: Mapping[str, Mapping[str, Any]] | None = None
) -> list[Finding]:
    """Every call of ``calls`` its role (or the resource policy it reaches) does not allow."""
    return [finding for call in calls for finding in _check(call, templates)]


def report(found: Iterable[Finding]) -> str:
    """One line per kind of finding, with the number of calls behind it."""
    kinds: dict[tuple[str, str, str, str, str], list[Finding]] = {}
    for finding in found:
        kinds.setdefault(finding.kind, []).append(finding)
    lines = [
        f"{group[0].message()} [{len(group)} call(s)]"
        for group in sorted(kinds.values(), key=lambda g: g[0].kind)
    ]
    return "\n".join(lines)
