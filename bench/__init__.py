"""Benchmarks: one script per question; each prints a table, writes JSON and checks budgets."""
