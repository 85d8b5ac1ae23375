"""``shinchoku serve --remind-daily``: the server sends the day's scheduled reminders itself, for
installations without cron or a systemd timer.

A background thread of the serving process calls :func:`send_due_reminders` at start and then every
hour. Reminders are recorded per day, so the hourly runs send each day's reminders once (the first
run after midnight, or after a restart, sends them) and a run missed while the server was down is
made up the same day.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 60 * 60


def _run_forever(stop: threading.Event) -> None:
    from shinchoku.notifications.services.reminders import send_due_reminders

    while not stop.is_set():
        try:
            send_due_reminders()
        except Exception:
            logger.exception("the daily reminders failed")
        finally:
            close_old_connections()
        stop.wait(INTERVAL_SECONDS)
    connections.close_all()  # this thread's own connections


def start_daily_reminders() -> threading.Event:
    """Start the reminder thread (a daemon: it ends with the server); set the event to stop it."""
    stop = threading.Event()
    threading.Thread(target=_run_forever, args=(stop,), name="shinchoku-reminders", daemon=True).start()
    return stop
