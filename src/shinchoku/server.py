"""The web server of ``shinchoku serve`` and ``shinchoku demo``: waitress in supervised processes.

One process runs Python on one CPU at a time, so with several workers the listening socket is
bound once here and that many processes are forked to accept on it, the kernel handing each
connection to one of them. The parent only supervises:

- a worker that dies is started again (logged in Japanese); workers that die right after starting,
  again and again (a broken installation, a database that refuses connections), are restarted
  after a growing pause, and after :data:`MAX_QUICK_DEATHS` in a row the server stops and says so,
  instead of forking in a loop;
- a worker whose parent dies, even by SIGKILL, ends too (Linux ``PR_SET_PDEATHSIG``, and a watch
  on ``getppid`` where that is missing), so no orphan keeps the port and a new start binds at once;
- SIGINT or SIGTERM stops every worker and then the parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable

# A worker that ends within this many seconds of its start counts as dying "right away".
QUICK_DEATH_SECONDS = 10.0
# Pauses before restarting after consecutive quick deaths: 0.5 s, 1 s, 2 s … at most 30 s.
FIRST_PAUSE_SECONDS = 0.5
MAX_PAUSE_SECONDS = 30.0
MAX_QUICK_DEATHS = 8
# How often a worker without PR_SET_PDEATHSIG looks whether its parent is still there.
PARENT_WATCH_SECONDS = 1.0

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def log(message: str) -> None:
    print(f"shinchoku: {message}", file=sys.stderr, flush=True)


def default_workers() -> int:
    """The CPUs this process may run on (a container's share, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def describe_exit(status: int) -> str:
    """``status`` from :func:`os.wait` in words: the exit code or the signal that ended a process."""
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return f"シグナル {name} で終了"
    return f"終了コード {code}"


def restart_pause(quick_deaths: int) -> float:
    """Seconds to wait before a restart after ``quick_deaths`` consecutive quick deaths."""
    if quick_deaths <= 1:
        return 0.0
    return float(min(FIRST_PAUSE_SECONDS * 2 ** (quick_deaths - 2), MAX_PAUSE_SECONDS))


def waitress_options(
    *, threads: int, behind_tls_proxy: bool, forwards_client_address: bool = False
) -> dict[str, object]:
    """The options of every waitress server.

    Behind the TLS-terminating proxy, waitress must pass on the proxy's ``X-Forwarded-Proto`` (by
    default it deletes every X-Forwarded header, and Django would then see plain http and redirect
    for ever). Only that header is trusted, from any address, exactly as Django's
    SECURE_PROXY_SSL_HEADER does: a client that reaches the port directly and forges it only gets
    itself answered without the redirect to https. ``X-Forwarded-For`` stays untrusted, so nobody
    can pose as another address by it here; when ``forwards_client_address`` (the deployment names
    its proxies with SHINCHOKU_TRUSTED_PROXY_COUNT), the header is passed on untouched, for
    shinchoku.accounts.addresses reads only the entries those proxies appended.
    """
    options: dict[str, object] = {"threads": threads, "ident": "shinchoku"}
    if behind_tls_proxy:
        options |= {"trusted_proxy": "*", "trusted_proxy_headers": {"x-forwarded-proto"}}
        if forwards_client_address:
            options["clear_untrusted_proxy_headers"] = False
    return options


def serve(
    application: Callable[..., object],
    host: str,
    port: int,
    *,
    threads: int,
    workers: int,
    behind_tls_proxy: bool = False,
    forwards_client_address: bool = False,
) -> bool:
    """Serve ``application`` until stopped; False when the workers kept dying and the server gave up.

    ``workers`` processes are forked and supervised; 0 serves in this very process instead (the
    demo, where one person tries the product and Ctrl+C must simply end it).
    """
    import waitress

    options = waitress_options(
        threads=threads, behind_tls_proxy=behind_tls_proxy, forwards_client_address=forwards_client_address
    )

    # Everything loaded so far lives as long as the server: leave it out of the garbage collector's
    # full passes, which otherwise walk it all, every thread of the process stopped meanwhile.
    gc.collect()
    gc.freeze()
    if workers <= 0 or not hasattr(os, "fork"):
        waitress.serve(application, host=host, port=port, **options)
        return True
    from django.db import connections

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # create_server sets SO_REUSEADDR: a socket left in TIME_WAIT by a crashed server does not
    # block the next start.
    listener = socket.create_server((host, port), family=family, backlog=1024)
    connections.close_all()  # opened by the checks; a worker must open its own
    try:
        return Supervisor(application, listener, options, workers).run()
    finally:
        listener.close()


class Supervisor:
    """Keeps ``workers`` processes serving on ``listener`` until SIGTERM or SIGINT."""

    def __init__(
        self,
        application: Callable[..., object],
        listener: socket.socket,
        options: dict[str, object],
        workers: int,
    ) -> None:
        self.application = application
        self.listener = listener
        self.options = options
        self.workers = workers
        self.started: dict[int, float] = {}  # pid → monotonic start time
        self.stopping = False
        self.quick_deaths = 0

    def run(self) -> bool:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        for _ in range(self.workers):
            self.start_worker()
        gave_up = False
        while self.started:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            started = self.started.pop(pid, None)
            if started is None or self.stopping:
                continue
            lived = time.monotonic() - started
            self.quick_deaths = self.quick_deaths + 1 if lived < QUICK_DEATH_SECONDS else 0
            if self.quick_deaths >= MAX_QUICK_DEATHS:
                log(
                    f"処理用プロセス {pid} が{describe_exit(status)}しました。起動直後の異常終了が "
                    f"{self.quick_deaths} 回続いたため、サーバーを停止します。ログを確認してください。"
                )
                gave_up = True
                self.stop()
                continue
            pause = restart_pause(self.quick_deaths)
            log(
                f"処理用プロセス {pid} が{describe_exit(status)}しました。"
                + (f"{pause:g} 秒後に再起動します。" if pause else "再起動します。")
            )
            if self.sleep_unless_stopping(pause):
                self.start_worker()
        return not gave_up

    def stop(self, signum: int = signal.SIGTERM, frame: object = None) -> None:
        self.stopping = True
        for pid in self.started:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def sleep_unless_stopping(self, seconds: float) -> bool:
        """Wait ``seconds`` (cut short by a stop); True when the server is still running."""
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.1, deadline - time.monotonic()))
        return not self.stopping

    def start_worker(self) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid:
            self.started[pid] = time.monotonic()
            return
        run_worker(self.application, self.listener, self.options, parent)


def run_worker(
    application: Callable[..., object], listener: socket.socket, options: dict[str, object], parent: int
) -> None:
    """The body of a forked worker: serve until SIGTERM or the parent's death; never returns."""
    import waitress

    # Ctrl+C reaches every process of the terminal: the parent alone decides, with SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    end_with_parent(parent)
    try:
        waitress.serve(application, sockets=[listener], **options)
    except BaseException:
        traceback.print_exc()
        os._exit(1)
    os._exit(0)


def end_with_parent(parent: int) -> None:
    """Make this process receive SIGTERM when ``parent`` dies, however it dies."""
    if not ask_kernel_for_parent_death_signal():
        threading.Thread(target=watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    # The parent may have died between fork and prctl: then nobody will send the signal.
    if os.getppid() != parent:
        os._exit(0)


def ask_kernel_for_parent_death_signal() -> bool:
    """Linux's PR_SET_PDEATHSIG with SIGTERM; False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    library = ctypes.util.find_library("c")
    if library is None:
        return False
    try:
        libc = ctypes.CDLL(library, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(parent: int) -> None:
    """Stop this process once it has been re-parented (its parent died)."""
    while os.getppid() == parent:
        time.sleep(PARENT_WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)
