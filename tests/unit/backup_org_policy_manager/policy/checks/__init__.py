"""Check tables: (fragment, expected issues) per check, paths relative to the fragment."""
