"""BackupOrgPolicyManager: the custom resource that owns Organizations BACKUP_POLICY objects."""

__all__: list[str] = []
