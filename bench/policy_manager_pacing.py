"""Does BackupOrgPolicyManager finish or refuse cleanly at 1,000 and 5,000 targets?

Plays whole requests on a virtual clock (nothing sleeps): Organizations is simulated as a
token bucket at the account's true rate (1 or 2 requests/s) that answers
TooManyRequestsException beyond it; each request takes 0.05 s. The function paces itself at
its configured rate (1 request/s by default; 2 requests/s = saturation when the account
allows 1). Create runs as CloudFormation and crhelper would: one 897 s invocation, then a
45 s poll a minute until it answers, within a ServiceTimeout of 3,600 s; then Delete runs
the same way. The lifecycle code and the retry/pacing/budget modules are the real ones;
only the Organizations port is simulated (in memory: 5,000 emulated attachments take minutes).

Budgets: every Create either completes (every target attached once) or is refused before
any write; none stops half-way; every Delete completes within the ServiceTimeout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from backup_org_policy_manager import continuation, lifecycle
from backup_org_policy_manager.budget import Budget
from backup_org_policy_manager.errors import RetryableError, TimeBudgetError
from backup_org_policy_manager.pacing import TokenBucket
from backup_org_policy_manager.ports import PolicyRef
from backup_org_policy_manager.request import Owner, PolicyRequest
from backup_org_policy_manager.retry import Retrier
from bench._report import finish, parser
from bench.policy_manager import POLICY

T = TypeVar("T")

OWNER = Owner("arn:aws:cloudformation:us-east-1:123456789012:stack/bench/1", "DailyPolicy")
FIRST_SLICE_S = 900 - 3
SERVICE_TIMEOUT_S = 3600.0
REQUEST_S = 0.05
_STACK = "org-backup-policies"
_FUNCTION_ARN = f"arn:aws:lambda:us-east-1:123456789012:function:{_STACK}-policy-manager"
# The event CloudFormation sends, as large as it gets in templates/org-policies.yaml (the
# presigned response URL is ~700 characters); the polling state starts from it.
EVENT: dict[str, Any] = {
    "RequestType": "Create",
    "ServiceToken": f"{_FUNCTION_ARN}",
    "ResponseURL": "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/"
    + "x" * 700,
    "StackId": f"arn:aws:cloudformation:us-east-1:123456789012:stack/{_STACK}/" + "x" * 36,
    "RequestId": "x" * 36,
    "LogicalResourceId": "DataClassificationPolicy",
    "ResourceType": "Custom::BackupOrgPolicy",
    "ResourceProperties": {"ServiceTimeout": "3600", "PolicyName": f"{_STACK}-data-class"},
}  # fmt: skip
CASES = [(n, true, pace) for n in (1_000, 5_000) for true, pace in ((1, 1), (2, 1), (2, 2), (1, 2))]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class SimulatedOrganizations:
    """An ``OrganizationsPort`` in memory, throttled at ``rate`` requests/s on ``clock``."""

    def __init__(self, clock: Clock, rate: float) -> None:
        self.clock, self.server = clock, TokenBucket(rate, burst=int(max(rate, 1)))
        self.retrier = Retrier(0)
        self.attempts: Counter[str] = Counter()
        self.policies: dict[str, dict[str, Any]] = {}

    def _call(self, operation: str, action: Callable[[], T]) -> T:
        def once() -> T:
            self.attempts[operation] += 1
            self.clock.now += REQUEST_S
            if self.server.delay(self.clock.now) > 0:
                raise RetryableError(operation, "TooManyRequestsException")
            self.server.take(self.clock.now)
            return action()

        return self.retrier.call(once, what=operation)

    def create_policy(
        self, name: str, description: str, content: str, tags: Mapping[str, str]
    ) -> PolicyRef | None:
        def create() -> PolicyRef:
            self.policies[name] = {"tags": dict(tags), "targets": set()}
            return PolicyRef(f"p-{len(self.policies):08d}", f"arn:{name}", name)

        return self._call("CreatePolicy", create)

    def _named(self, policy_id: str) -> dict[str, Any] | None:
        index = int(policy_id[2:]) - 1
        names = list(self.policies)
        return self.policies[names[index]] if 0 <= index < len(names) else None

    def find_policy(self, name: str) -> PolicyRef | None:
        def find() -> PolicyRef | None:
            if name not in self.policies:
                return None
            return PolicyRef(f"p-{list(self.policies).index(name) + 1:08d}", f"arn:{name}", name)

        return self._call("ListPolicies", find)

    def update_policy(self, policy_id: str, description: str, content: str) -> PolicyRef:
        raise NotImplementedError

    def delete_policy(self, policy_id: str) -> None:
        def delete() -> None:
            policy = self._named(policy_id)
            if policy is not None:
                policy["deleted"] = True

        self._call("DeletePolicy", delete)

    def list_tags(self, policy_id: str) -> dict[str, str] | None:
        policy = self._named(policy_id)
        alive = policy is not None and not policy.get("deleted")
        return self._call("ListTagsForResource", lambda: dict(policy["tags"]) if alive else None)  # type: ignore[index]

    def tag_policy(self, policy_id: str, tags: Mapping[str, str]) -> None:
        raise NotImplementedError

    def untag_policy(self, policy_id: str, keys: list[str]) -> None:
        raise NotImplementedError

    def list_targets(self, policy_id: str) -> frozenset[str]:
        policy = self._named(policy_id)
        targets = frozenset(policy["targets"]) if policy else frozenset[str]()
        for _ in range(max(1, len(targets) // 20)):  # ListTargetsForPolicy pages of 20
            self._call("ListTargetsForPolicy", lambda: None)
        return targets

    def attach(self, policy_id: str, target_id: str) -> bool:
        policy = self._named(policy_id)
        assert policy is not None

        def attach() -> bool:
            fresh = target_id not in policy["targets"]
            policy["targets"].add(target_id)
            policy["attached"] = policy.get("attached", 0) + 1
            return fresh

        return self._call("AttachPolicy", attach)

    def detach(self, policy_id: str, target_id: str) -> bool:
        policy = self._named(policy_id)
        assert policy is not None

        def detach() -> bool:
            was = target_id in policy["targets"]
            policy["targets"].discard(target_id)
            return was

        return self._call("DetachPolicy", detach)

    def ensure_policy_type_enabled(self, policy_type: str) -> bool:
        self._call("ListRoots", lambda: None)
        return False

    def accounts_with_invalid_effective_policy(self, policy_type: str) -> list[str] | None:
        return None


def _no_s3(location: object) -> str:
    raise AssertionError("the policy is inline")


def _invocation(
    org: SimulatedOrganizations, slice_s: float, pace: float, state: int, per_target: int
) -> Budget:
    org.retrier = Retrier(
        org.clock.now + slice_s, clock=org.clock.time, sleeper=org.clock.sleep,
        bucket=TokenBucket(pace),
    )  # fmt: skip
    return Budget(
        org.retrier, service_timeout_s=SERVICE_TIMEOUT_S,
        poll_interval_s=continuation.POLL_INTERVAL_MINUTES * 60,
        poll_slice_s=continuation.POLL_SLICE_S, state_chars=state, chars_per_target=per_target,
    )  # fmt: skip


def _next_poll(org: SimulatedOrganizations, started: float) -> None:
    ended = org.clock.now
    org.clock.now = started + continuation.POLL_INTERVAL_MINUTES * 60 * (
        int((ended - started) // (continuation.POLL_INTERVAL_MINUTES * 60)) + 1
    )


def _case(targets: int, true_rps: float, pace_rps: float) -> dict[str, Any]:
    org = SimulatedOrganizations(Clock(), true_rps)
    wanted = tuple(f"{100000000000 + i}" for i in range(targets))
    request = PolicyRequest("org-daily", POLICY.replace("DAYS", "35"), wanted, OWNER)
    state, per_target = continuation.state_chars(EVENT), continuation.chars_per_target(wanted)
    budget = _invocation(org, FIRST_SLICE_S, pace_rps, state, per_target)
    invocations, outcome, reason = 1, "done", ""
    try:
        ref = lifecycle.create(request, org, read_object=_no_s3, budget=budget)
    except TimeBudgetError as refused:
        outcome, reason, ref = "refused", str(refused), None
    while ref is not None and budget.unfinished:
        _next_poll(org, 0.0)
        if org.clock.now > SERVICE_TIMEOUT_S:
            outcome = "stopped half-way"
            break
        invocations += 1
        left = budget.left
        budget = _invocation(org, continuation.POLL_SLICE_S, pace_rps, state, per_target)
        lifecycle.resume(ref.policy_id, left["attach"], left["detach"], OWNER, org, budget=budget)
    created_s = org.clock.now
    attached = sum(p.get("attached", 0) for p in org.policies.values())
    calls = sum(org.attempts.values()) - sum(org.attempts[o] for o in ("ListTargetsForPolicy",))
    attempts_per_call = sum(org.attempts.values()) / max(1, org.retrier.calls + calls)
    delete_invocations, deleted = 0, ref is None
    if ref is not None:
        org.clock.now = created_s
        started = org.clock.now
        pending = True
        while pending and org.clock.now - started <= SERVICE_TIMEOUT_S:
            delete_invocations += 1
            slice_s = FIRST_SLICE_S if delete_invocations == 1 else continuation.POLL_SLICE_S
            budget = _invocation(org, slice_s, pace_rps, state, per_target)
            lifecycle.delete(ref.policy_id, OWNER, org, budget=budget)
            pending = budget.unfinished
            if pending:
                _next_poll(org, started)
        deleted = not pending
    return {
        "targets": targets,
        "account_rps": float(true_rps),
        "pace_rps": float(pace_rps),
        "create": outcome,
        "create_invocations": invocations,
        "create_min": created_s / 60,
        "attached": attached,
        "throttled": org.attempts["AttachPolicy"] - attached if attached else 0,
        "attempts_per_attach": org.attempts["AttachPolicy"] / attached if attached else 0.0,
        "delete_invocations": delete_invocations,
        "deleted": deleted,
        "writes_when_refused": sum(org.attempts[o] for o in ("CreatePolicy", "AttachPolicy"))
        if outcome == "refused"
        else 0,
        "reason": reason[:60],
        "_attempts_per_call": attempts_per_call,
    }


def _budgets(rows: list[dict[str, Any]]) -> list[str]:
    failures = []
    for row in rows:
        name = f"{row['targets']} targets at {row['account_rps']:g}/s (pace {row['pace_rps']:g}/s)"
        if row["create"] not in ("done", "refused"):
            failures.append(f"{name}: Create {row['create']}")
        if row["create"] == "done" and row["attached"] < row["targets"]:
            failures.append(f"{name}: only {row['attached']} of {row['targets']} attached")
        if row["create"] == "refused" and row["writes_when_refused"]:
            failures.append(f"{name}: refused after {row['writes_when_refused']} writes")
        if not row["deleted"]:
            failures.append(f"{name}: Delete did not complete")
    return failures


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    rows = [_case(*case) for case in CASES]
    for row in rows:
        row.pop("_attempts_per_call")
    return finish(rows, args.json, _budgets(rows))


if __name__ == "__main__":
    raise SystemExit(main())
