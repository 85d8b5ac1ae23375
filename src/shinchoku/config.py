"""Typed readers for the environment variables that configure shinchoku.

Every setting a deployment may change is read here, once, and a malformed value stops start-up
with a message that names the variable. Defaults suit the embedded demo; in production mode
(neither ``SHINCHOKU_DEBUG`` nor ``SHINCHOKU_DEMO`` set) the system checks in
:mod:`shinchoku.checks` refuse the unsafe ones before the server starts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


class ConfigurationError(Exception):
    """A setting is missing or invalid; the message names the variable and what to do."""


def read_bool(name: str, default: bool) -> bool:
    """Read ``name`` as a boolean (1/0, true/false, yes/no, on/off), refusing anything else."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(
        f"環境変数 {name} の値「{raw}」は真偽値ではありません(true または false を指定してください)。"
    )


def read_str(name: str, default: str) -> str:
    raw = os.environ.get(name)
    return default if raw is None or raw.strip() == "" else raw.strip()


def read_int(name: str, default: int, *, minimum: int = 0) -> int:
    """Read ``name`` as a whole number of at least ``minimum``, refusing anything else."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise ConfigurationError(
            f"環境変数 {name} の値「{raw}」は使えません。{minimum} 以上の整数を指定してください。"
        )
    return value


@dataclass(frozen=True)
class PublicUrl:
    """The address users type to reach the site (scheme, host and port, no path)."""

    scheme: str
    host: str
    origin: str

    @property
    def https(self) -> bool:
        return self.scheme == "https"


def parse_public_url(name: str, raw: str) -> PublicUrl:
    """``raw`` as the site's public address; :class:`ConfigurationError` names ``name`` otherwise.

    Only an origin is accepted (``https://shinchoku.example.lg.jp`` or with a port): the site is
    served from the root of its host, and the origin is what browsers send in ``Origin``.
    """
    example = "https://shinchoku.example.lg.jp のように指定してください。"
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise ConfigurationError(f"環境変数 {name} の値「{raw}」はURLとして読めません。{example}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError(
            f"環境変数 {name} の値「{raw}」は https:// または http:// で始まるアドレスではありません。"
            f"{example}"
        )
    if parts.username or parts.password or parts.path not in {"", "/"} or parts.query or parts.fragment:
        raise ConfigurationError(
            f"環境変数 {name} の値「{raw}」にはスキーム・ホスト名・ポート以外(パス・クエリ・利用者名など)を"
            f"含められません。{example}"
        )
    host = parts.hostname.lower()
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return PublicUrl(scheme=parts.scheme, host=host, origin=f"{parts.scheme}://{netloc}")


CACHE_URL_EXAMPLE = "redis://127.0.0.1:6379/0 のように指定してください。"


def parse_cache_url(name: str, raw: str) -> str:
    """``raw`` as the address of the Redis server that several servers share their page cache
    through (``redis://`` or ``rediss://`` with a host, an optional port and database number, or
    ``unix://`` with a socket path); :class:`ConfigurationError` names ``name`` otherwise."""
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ConfigurationError(
            f"環境変数 {name} の値「{raw}」はURLとして読めません。{CACHE_URL_EXAMPLE}"
        ) from None
    if parts.scheme == "unix":
        if not parts.path:
            raise ConfigurationError(
                f"環境変数 {name} の値「{raw}」にソケットのパスがありません。"
                "unix:///run/redis/redis-server.sock のように指定してください。"
            )
        return raw
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ConfigurationError(
            f"環境変数 {name} の値「{raw}」は redis:// で始まるRedisサーバーのアドレスではありません。"
            f"{CACHE_URL_EXAMPLE}"
        )
    database = parts.path.removeprefix("/")
    if database and not database.isdigit():
        raise ConfigurationError(
            f"環境変数 {name} の値「{raw}」のデータベース番号「{database}」は数字ではありません。"
            f"{CACHE_URL_EXAMPLE}"
        )
    return raw


# The default bound of the rendered pages each process keeps in its own memory (locmem).
DEFAULT_PAGE_CACHE_MB = 64

# One year: the usual HSTS lifetime (and the minimum browsers' preload lists ask for).
DEFAULT_HSTS_SECONDS = 365 * 24 * 60 * 60


def default_data_dir() -> Path:
    """The per-user folder that holds the embedded database and generated files."""
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "shinchoku"


SMTP_TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_MAIL_FROM = "shinchoku@localhost"


@dataclass(frozen=True)
class MailConfig:
    """How mail leaves the server: through ``smtp_host`` (the city's relay; LGWAN has its own), or,
    with no host, into files under the data folder so that nothing leaves the machine."""

    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_tls: str = "none"
    mail_from: str = DEFAULT_MAIL_FROM


def read_mail_config() -> MailConfig:
    """The SHINCHOKU_SMTP_* and SHINCHOKU_MAIL_FROM variables; a malformed one names itself."""
    tls = read_str("SHINCHOKU_SMTP_TLS", "none").lower()
    if tls not in SMTP_TLS_MODES:
        raise ConfigurationError(
            f"環境変数 SHINCHOKU_SMTP_TLS の値「{tls}」は使えません。"
            "starttls、ssl、none のいずれかを指定してください。"
        )
    mail_from = read_str("SHINCHOKU_MAIL_FROM", DEFAULT_MAIL_FROM)
    if "@" not in mail_from or any(character in mail_from for character in "\r\n"):
        raise ConfigurationError(
            f"環境変数 SHINCHOKU_MAIL_FROM の値「{mail_from}」はメールアドレスではありません。"
            "shinchoku@city.example.lg.jp のように指定してください。"
        )
    default_port = {"ssl": 465, "starttls": 587}.get(tls, 25)
    return MailConfig(
        smtp_host=read_str("SHINCHOKU_SMTP_HOST", ""),
        smtp_port=read_int("SHINCHOKU_SMTP_PORT", default_port, minimum=1),
        smtp_user=read_str("SHINCHOKU_SMTP_USER", ""),
        smtp_password=os.environ.get("SHINCHOKU_SMTP_PASSWORD", ""),
        smtp_tls=tls,
        mail_from=mail_from,
    )


@dataclass(frozen=True)
class Config:
    """The resolved configuration; build it with :func:`load_config`."""

    data_dir: Path
    database_url: str
    debug: bool
    demo: bool
    secret_key: str
    allowed_hosts: tuple[str, ...]
    public_url: PublicUrl | None = None
    hsts_seconds: int = DEFAULT_HSTS_SECONDS
    # How many reverse proxies of our own stand in front of the server (sign-in limits count the
    # client address they forward; see shinchoku.accounts.addresses).
    trusted_proxy_count: int = 0
    # Outgoing mail (reminders and notices): the city's SMTP relay; no host writes mail to files.
    mail: MailConfig = field(default_factory=MailConfig)
    # `shinchoku serve` sends the reminders due each day itself (instead of cron or a systemd timer).
    remind_daily: bool = False
    # The Redis server the page cache lives in, shared by several servers; empty keeps it in each
    # process's memory, at most page_cache_mb megabytes of pages per process.
    cache_url: str = ""
    page_cache_mb: int = DEFAULT_PAGE_CACHE_MB

    @property
    def production(self) -> bool:
        return not (self.debug or self.demo)


# Used only where no key is configured: the demo and the tests. Production refuses it.
INSECURE_DEMO_SECRET = "shinchoku-demo-only-insecure-key-do-not-use-in-production"


def load_config() -> Config:
    """Read the environment; raise :class:`ConfigurationError` for a malformed value."""
    data_dir = Path(read_str("SHINCHOKU_DATA_DIR", str(default_data_dir()))).expanduser()
    database_url = read_str("DATABASE_URL", f"sqlite:///{data_dir / 'shinchoku.sqlite3'}")
    if not database_url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigurationError(
            f"環境変数 DATABASE_URL の値「{database_url}」は使えません。"
            "sqlite:///パス または postgres://… の形式で指定してください。"
        )
    public_url = read_str("SHINCHOKU_PUBLIC_URL", "")
    cache_url = read_str("SHINCHOKU_CACHE_URL", "")
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        debug=read_bool("SHINCHOKU_DEBUG", False),
        demo=read_bool("SHINCHOKU_DEMO", False),
        secret_key=read_str("SHINCHOKU_SECRET_KEY", INSECURE_DEMO_SECRET),
        allowed_hosts=tuple(
            host.strip() for host in read_str("SHINCHOKU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
        ),
        public_url=parse_public_url("SHINCHOKU_PUBLIC_URL", public_url) if public_url else None,
        hsts_seconds=read_int("SHINCHOKU_HSTS_SECONDS", DEFAULT_HSTS_SECONDS),
        trusted_proxy_count=read_int("SHINCHOKU_TRUSTED_PROXY_COUNT", 0),
        mail=read_mail_config(),
        remind_daily=read_bool("SHINCHOKU_REMIND_DAILY", False),
        cache_url=parse_cache_url("SHINCHOKU_CACHE_URL", cache_url) if cache_url else "",
        page_cache_mb=read_int("SHINCHOKU_PAGE_CACHE_MB", DEFAULT_PAGE_CACHE_MB, minimum=1),
    )
