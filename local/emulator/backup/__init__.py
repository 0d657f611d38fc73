"""Emulator extension for AWS backup (placeholder until its models land)."""


def install() -> None:
    """Install the backup extension into moto."""
