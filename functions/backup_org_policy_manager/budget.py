"""Whether the remaining work fits the time left, at the rate this invocation observes.

Checked before the first write (refuse with the arithmetic, or plan to continue across
invocations through crhelper's polling), and before each attachment (stop this slice).
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
(``ServiceTimeout``: 1 to 3,600 s) and
https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html (``Input``: 8,192).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from backup_org_policy_manager.errors import TimeBudgetError
from backup_org_policy_manager.retry import Retrier

__all__ = ["MAX_POLL_STATE_CHARS", "MAX_SERVICE_TIMEOUT_S", "Budget", "plan"]

MAX_POLL_STATE_CHARS = 8192
MAX_SERVICE_TIMEOUT_S = 3600
# ListTargetsForPolicy returns at most 20 a page:
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTargetsForPolicy.html
_TARGETS_PER_PAGE = 20


def plan(
    operations: int,
    *,
    need_s: float,
    seconds_per_operation: float,
    slice_s: float,
    service_timeout_s: float,
    poll_interval_s: float,
    poll_slice_s: float,
    state_chars: int,
    targets: int | None = None,
    poll_reads: int = 0,
) -> bool:
    """True when ``operations`` calls, needing ``need_s`` seconds here, must continue across
    invocations (at ``seconds_per_operation`` each once this one ends), False when they fit.
    ``targets`` is what the Reason counts (default: ``operations``); ``poll_reads`` the
    calls each poll makes before it can attach (listing the policy's targets).

    Raises
    ------
    TimeBudgetError
        The work cannot finish within ``service_timeout_s`` (counting one ``poll_slice_s`` of
        work per ``poll_interval_s`` after this invocation's ``slice_s``), or continuing would
        need more than 8,192 characters of polling state. The Reason gives the numbers.
    """
    if need_s <= slice_s:
        return False
    per_poll_s = poll_slice_s - poll_reads * seconds_per_operation
    left_s = operations * seconds_per_operation - max(slice_s, 0.0)
    polls = math.ceil(left_s / per_poll_s) if per_poll_s > 0 else math.inf
    wall_s = max(slice_s, 0.0) + polls * poll_interval_s
    rate = 1.0 / seconds_per_operation if seconds_per_operation > 0 else float("inf")
    counted = operations if targets is None else targets
    said = (
        f"PolicyTargets: {counted:,} targets at the observed {rate:.1f} requests/s need "
        f"~{math.ceil(operations * seconds_per_operation / 60)} min"
    )
    if wall_s > service_timeout_s:
        across = (
            f"~{math.ceil(wall_s / 60)} min across invocations"
            if math.isfinite(wall_s)
            else "listing them takes each poll's whole time"
        )
        raise TimeBudgetError(
            f"{said} ({across}); the custom resource "
            f"allows {service_timeout_s / 60:.0f} min: split PolicyTargets across policies or "
            f"raise ServiceTimeout (at most {MAX_SERVICE_TIMEOUT_S} s)"
        )
    if state_chars > MAX_POLL_STATE_CHARS:
        raise TimeBudgetError(
            f"{said}, more than one invocation allows ({slice_s / 60:.1f} min), and the list is "
            f"too long to continue across invocations ({state_chars:,} of "
            f"{MAX_POLL_STATE_CHARS:,} characters of polling state): split PolicyTargets "
            "across policies"
        )
    return True


@dataclass(slots=True)
class Budget:
    """The time of one invocation, measured by ``retrier``, and how a request may continue.

    ``unfinished`` is set when work stopped because this invocation's time ran out, and
    ``left`` then holds the targets still to ``"attach"`` and to ``"detach"``. The polling
    state carries them: ``state_chars`` characters plus ``chars_per_target`` for each.
    """

    retrier: Retrier
    service_timeout_s: float = MAX_SERVICE_TIMEOUT_S
    poll_interval_s: float = 60.0
    poll_slice_s: float = 50.0
    state_chars: int = 0
    chars_per_target: int = 0
    unfinished: bool = False
    left: dict[str, list[str]] = field(default_factory=dict)

    def check(self, operations: int, targets: int | None = None, listed: int = 0) -> bool:
        """``plan`` for ``operations`` more calls (for ``targets``) at the observed rate;
        each poll first lists ``listed`` attachments, 20 a page."""
        slice_s, per_call_s = self.retrier.remaining_s, self.retrier.seconds_per_call
        # What this invocation leaves undone is what the polling state must carry.
        left = operations if per_call_s <= 0 else max(0, operations - int(slice_s / per_call_s))
        return plan(
            operations,
            need_s=self.retrier.seconds_for(operations),
            seconds_per_operation=per_call_s,
            slice_s=slice_s,
            service_timeout_s=self.service_timeout_s,
            poll_interval_s=self.poll_interval_s,
            poll_slice_s=self.poll_slice_s,
            state_chars=self.state_chars + self.chars_per_target * left,
            targets=targets,
            poll_reads=math.ceil(listed / _TARGETS_PER_PAGE) + 1,
        )

    def has_time(self) -> bool:
        """Whether one more call fits before this invocation's deadline; records when not."""
        if self.retrier.remaining_s > self.retrier.seconds_for(1):
            return True
        self.unfinished = True
        return False
