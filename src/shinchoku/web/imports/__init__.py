"""The import review desk of the staff site: import runs and their 要確認 items (事務局 only)."""
