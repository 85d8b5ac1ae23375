"""The import review desk: each import run's 要確認 items, what they concern, and their status."""
