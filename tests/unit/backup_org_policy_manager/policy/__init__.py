"""Unit tests of the backup policy engine."""
