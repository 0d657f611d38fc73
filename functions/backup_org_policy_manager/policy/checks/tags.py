"""Tags a policy writes (recovery point tags, backup plan tags): AWS's tag limits.

https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
"""

from __future__ import annotations

from collections.abc import Iterator

from backup_org_policy_manager.policy.checks.common import named
from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.operators import assigned
from backup_org_policy_manager.policy.values import as_text

__all__ = ["check_plan_tag_count", "check_tag"]

MAX_TAG_KEY = 128
MAX_TAG_VALUE = 256
MAX_TAGS_PER_RESOURCE = 50


def check_tag(tag: object) -> Iterator[Issue]:
    """``tag_key`` is 1-128 characters and not ``aws:``-prefixed; ``tag_value`` at most 256.

    https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
    """
    if not isinstance(tag, dict):
        return
    key = assigned(tag.get("tag_key"))
    if isinstance(key, str):
        if not 1 <= len(key) <= MAX_TAG_KEY:
            message = f"tag_key must be 1-{MAX_TAG_KEY} characters, not {len(key)}"
            yield Issue("P131", ("tag_key",), message)
        if key.lower().startswith("aws:"):
            yield Issue("P133", ("tag_key",), f"tag_key {key!r} uses the prefix aws:, kept for AWS")
    value = as_text(assigned(tag.get("tag_value")))
    if isinstance(value, str) and len(value) > MAX_TAG_VALUE:
        message = f"tag_value must be at most {MAX_TAG_VALUE} characters, not {len(value)}"
        yield Issue("P132", ("tag_value",), message)


def check_plan_tag_count(plan: object) -> Iterator[Issue]:
    """At most 50 backup plan tags: the most user tags one AWS resource can carry.

    https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
    """
    count = sum(1 for _ in named(plan, "backup_plan_tags"))
    if count > MAX_TAGS_PER_RESOURCE:
        message = f"a plan may set at most {MAX_TAGS_PER_RESOURCE} tags, not {count}"
        yield Issue("P130", ("backup_plan_tags",), message)
