"""Emulator extension for AWS organizations (placeholder until its models land)."""


def install() -> None:
    """Install the organizations extension into moto."""
