"""Running test work in real threads that start at the same moment, each with its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_together(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run ``work(i)`` for ``i`` in ``range(count)``, each in its own thread, all released at once by
    a barrier; return the errors they raised (for the test to assert on or re-raise)."""
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            start.wait()
            work(number)
        except BaseException as error:  # collected and re-raised by the test
            errors.append(error)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
