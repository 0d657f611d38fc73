"""TagOnRestore: gives restored resources the tags of their source."""

__all__: list[str] = []
