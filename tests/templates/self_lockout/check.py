"""The check itself: every Deny of every guard evaluated against every call it covers (and a
key policy's missing Allow), each refusal reported once with why the statement applies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rehearsal.emulator.iam_policy import Request, statement_applies
from tests.templates.self_lockout.guards import Guard
from tests.templates.self_lockout.requests import Call

__all__ = ["Lockout", "lockouts"]


@dataclass(frozen=True)
class Lockout:
    """A request of a deployer that a guard refuses."""

    guard: Guard
    sid: str
    call: Call
    why: str

    def __str__(self) -> str:
        request = self.call.request
        return (
            f"{self.guard.template} {self.guard.logical_id} statement {self.sid!r} denies "
            f"{self.call.principal.label} ({self.call.principal.arn}) {request.action} on "
            f"{request.resource or 'its resource'} while deploying {self.call.deploying}: "
            f"{self.why}"
        )


def _explain(statement: Mapping[str, Any], request: Request) -> str:
    parts = [f"Action {statement.get('Action', statement.get('NotAction'))}"]
    parts.append(f"Resource {statement.get('Resource', statement.get('NotResource'))}")
    if "Principal" in statement:
        parts.append(f"Principal {statement['Principal']}")
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, values in keys.items():
            found = request.value(key)
            seen = list(found) if found else "absent"
            parts.append(f"{operator} {key} {values} holds for {seen}")
    return "; ".join(parts)


def _key(lockout: Lockout) -> str:
    call = lockout.call
    return "|".join(
        (
            lockout.guard.template,
            lockout.guard.logical_id,
            lockout.sid,
            call.principal.label,
            call.request.action,
            call.deploying,
        )
    )


def lockouts(guards: Sequence[Guard], calls: Sequence[Call]) -> list[Lockout]:
    """Every (guard statement, call) where the guard refuses a deployer, without duplicates."""
    found: dict[str, Lockout] = {}
    for call in calls:
        for guard in guards:
            if not guard.covers(call):
                continue
            for index, statement in enumerate(guard.statements):
                if statement.get("Effect") != "Deny" or not statement_applies(
                    statement, call.request
                ):
                    continue
                lockout = Lockout(
                    guard,
                    str(statement.get("Sid", f"#{index}")),
                    call,
                    _explain(statement, call.request),
                )
                found.setdefault(_key(lockout), lockout)
            if guard.key_policy and call.request.resource in guard.resources:
                allows = [
                    s
                    for s in guard.statements
                    if s.get("Effect") == "Allow" and statement_applies(s, call.request)
                ]
                if not allows:
                    # Without an Allow in the key policy (itself or its account's root,
                    # which delegates to IAM), KMS refuses, and refuses to set such a policy.
                    # https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
                    why = "no statement of the key policy allows it (nor delegates to the account)"
                    lockout = Lockout(guard, "(no Allow)", call, why)
                    found.setdefault(_key(lockout), lockout)
    return list(found.values())
