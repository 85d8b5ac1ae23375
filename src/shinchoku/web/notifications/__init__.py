"""The お知らせ page and the round's 督促 page (schedule, preview and 今すぐ督促)."""
