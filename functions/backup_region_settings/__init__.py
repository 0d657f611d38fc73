"""BackupRegionSettings: a custom resource that sets AWS Backup Region settings and restores them.

CloudFormation has no resource type for the resource-type opt-in or the full-management
preference, so ``Custom::BackupRegionSettings`` sets them from properties.
"""

__all__: list[str] = []
