"""Every test starts with default configuration and no cached clients from another test."""

from tests.tag_on_restore_sandbox import fresh_function

__all__ = ["fresh_function"]
