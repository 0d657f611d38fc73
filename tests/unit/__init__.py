"""Unit tests (no network, no emulator)."""
