"""Reminders and notices: mail through the city's relay and お知らせ in the staff site."""
