"""CloudFormation in the emulator: resource models moto lacks, properties moto drops, AWS's
generated names and limits, and loud failure (with rollback) for anything it cannot create.

``install()`` is registered once in ``rehearsal.emulator.EXTENSIONS``.
"""

from __future__ import annotations

from moto.cloudformation import parsing

from rehearsal.emulator.cloudformation import (
    backup_selections_api,
    backup_vault_api,
    lifecycle,
    list_parameter_defaults,
    moto_gaps,
    moto_updates,
    organizations_resource_policy,
    resources_audit,
    resources_backup,
    resources_events,
    resources_organizations,
    resources_pipeline,
    resources_policies,
    resources_restore_testing,
    rollback,
    strict,
    update_diff,
)
from rehearsal.emulator.cloudformation.coverage import COVERAGE, TypeCoverage
from rehearsal.emulator.cloudformation.errors import ResourceFailedError

__all__ = ["COVERAGE", "MODELS", "ResourceFailedError", "TypeCoverage", "install"]

# The models this package adds (moto finds them as CloudFormationModel subclasses).
MODELS = (
    resources_audit.FrameworkResource,
    resources_audit.ReportPlanResource,
    resources_backup.BackupPlanResource,
    resources_backup.BackupSelectionResource,
    resources_backup.BackupVaultResource,
    resources_backup.LogicallyAirGappedBackupVaultResource,
    resources_events.EventBusResource,
    resources_organizations.PolicyResource,
    resources_organizations.ResourcePolicyResource,
    resources_pipeline.PipelineResource,
    resources_pipeline.ProjectResource,
    resources_policies.BucketPolicyResource,
    resources_policies.EventInvokeConfigResource,
    resources_policies.QueuePolicyResource,
    resources_policies.RolePolicyResource,
    resources_policies.SubscriptionResource,
    resources_policies.TopicPolicyResource,
    resources_restore_testing.RestoreTestingPlanResource,
    resources_restore_testing.RestoreTestingSelectionResource,
)


def install() -> None:
    """Install the APIs, models and checks (idempotent); after the backup extension."""
    backup_vault_api.install()
    backup_selections_api.install()
    organizations_resource_policy.install()
    list_parameter_defaults.install()
    moto_gaps.install()
    moto_updates.install()
    strict.install()
    lifecycle.install()
    rollback.install()
    update_diff.install()
    # moto caches its model map over CloudFormationModel.__subclasses__().
    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()
