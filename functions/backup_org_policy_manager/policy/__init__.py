"""The backup policy engine: render, validate and merge AWS Organizations backup policies.

Pure Python (standard library only), so the Lambda, the CLI and the emulator share it.
"""

from backup_org_policy_manager.policy.chains import EffectivePolicies
from backup_org_policy_manager.policy.checks.metadata import policy_metadata_issues
from backup_org_policy_manager.policy.effective import (
    EffectivePolicy,
    PlanStatus,
    effective_document,
    effective_policy,
)
from backup_org_policy_manager.policy.identifiers import aws_case
from backup_org_policy_manager.policy.issues import Issue, PolicyValidationError, format_path
from backup_org_policy_manager.policy.merge import IgnoredOperation
from backup_org_policy_manager.policy.render import render
from backup_org_policy_manager.policy.validate import validate

__all__ = [
    "EffectivePolicies",
    "EffectivePolicy",
    "IgnoredOperation",
    "Issue",
    "PlanStatus",
    "PolicyValidationError",
    "aws_case",
    "effective_document",
    "effective_policy",
    "format_path",
    "policy_metadata_issues",
    "render",
    "validate",
]
