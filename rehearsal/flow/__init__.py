"""The local rehearsal: the whole flow against the embedded emulator, checked step by step."""
