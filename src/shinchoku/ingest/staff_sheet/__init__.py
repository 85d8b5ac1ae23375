"""The staff sheet: the 事務局 registers many users at once from one Excel (or CSV) file."""
