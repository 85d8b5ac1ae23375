"""Staff pages: see the module docstrings of views.py."""
