"""National open data: every published entry of every city in one file (CSV or JSON lines),
streamed round by round (:mod:`.export`), downloaded from the public site (:mod:`.views`) or
written by ``shinchoku opendata`` (:mod:`.command`)."""
