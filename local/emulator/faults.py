"""Fault injection for the emulator (placeholder until the fault layer lands)."""


def install() -> None:
    """Install the fault layer into moto."""
