"""The use cases of notices and reminders, one module per concept (see DESIGN.md §3)."""
