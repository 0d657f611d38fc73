"""Unit tests of the BackupOrgPolicyManager function."""
