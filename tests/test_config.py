from pathlib import Path

import pytest

from shinchoku.config import INSECURE_DEMO_SECRET, ConfigurationError, load_config, read_bool


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "SHINCHOKU_DATA_DIR",
        "DATABASE_URL",
        "SHINCHOKU_DEBUG",
        "SHINCHOKU_DEMO",
        "SHINCHOKU_SECRET_KEY",
        "SHINCHOKU_ALLOWED_HOSTS",
        "SHINCHOKU_PUBLIC_URL",
        "SHINCHOKU_HSTS_SECONDS",
        "SHINCHOKU_CACHE_URL",
        "SHINCHOKU_PAGE_CACHE_MB",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_default_database_is_sqlite_in_the_data_folder(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("SHINCHOKU_DATA_DIR", "/srv/shinchoku")
    config = load_config()
    assert config.data_dir == Path("/srv/shinchoku")
    assert config.database_url == "sqlite:////srv/shinchoku/shinchoku.sqlite3"


def test_the_default_data_folder_is_per_user(clean_environment: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_environment.setenv("HOME", str(tmp_path))
    clean_environment.delenv("XDG_DATA_HOME", raising=False)
    assert load_config().data_dir == tmp_path / ".local" / "share" / "shinchoku"


def test_a_postgres_url_is_accepted(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("DATABASE_URL", "postgres://user@db/shinchoku")
    assert load_config().database_url == "postgres://user@db/shinchoku"


def test_an_unknown_database_url_is_refused_naming_the_variable(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    clean_environment.setenv("DATABASE_URL", "mysql://db/x")
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        load_config()


def test_a_malformed_boolean_is_refused_naming_the_variable(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("SHINCHOKU_DEBUG", "maybe")
    with pytest.raises(ConfigurationError, match="SHINCHOKU_DEBUG"):
        read_bool("SHINCHOKU_DEBUG", False)


def test_without_debug_or_demo_the_configuration_is_production(clean_environment: pytest.MonkeyPatch) -> None:
    config = load_config()
    assert config.production
    assert config.secret_key == INSECURE_DEMO_SECRET


def test_demo_mode_is_not_production(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("SHINCHOKU_DEMO", "true")
    assert not load_config().production


@pytest.mark.parametrize(
    ("raw", "origin", "host"),
    [
        ("https://shinchoku.example.lg.jp", "https://shinchoku.example.lg.jp", "shinchoku.example.lg.jp"),
        ("https://Shinchoku.Example.LG.JP/", "https://shinchoku.example.lg.jp", "shinchoku.example.lg.jp"),
        ("https://localhost:8443", "https://localhost:8443", "localhost"),
        ("http://10.0.0.5:8080", "http://10.0.0.5:8080", "10.0.0.5"),
    ],
)
def test_the_public_url_gives_the_origin_and_the_host(
    clean_environment: pytest.MonkeyPatch, raw: str, origin: str, host: str
) -> None:
    clean_environment.setenv("SHINCHOKU_PUBLIC_URL", raw)
    public_url = load_config().public_url
    assert public_url is not None
    assert (public_url.origin, public_url.host, public_url.https) == (origin, host, raw.startswith("https"))


@pytest.mark.parametrize(
    "raw",
    [
        "shinchoku.example.lg.jp",
        "ftp://shinchoku.example.lg.jp",
        "https://",
        "https://shinchoku.example.lg.jp/shinchoku/",
        "https://shinchoku.example.lg.jp/?a=1",
        "https://user:secret@shinchoku.example.lg.jp",
        "https://shinchoku.example.lg.jp:99999",
    ],
)
def test_a_malformed_public_url_is_refused_in_japanese_naming_the_variable(
    clean_environment: pytest.MonkeyPatch, raw: str
) -> None:
    clean_environment.setenv("SHINCHOKU_PUBLIC_URL", raw)
    with pytest.raises(ConfigurationError, match="SHINCHOKU_PUBLIC_URL") as error:
        load_config()
    assert "https://shinchoku.example.lg.jp のように" in str(error.value)


def test_without_a_public_url_there_is_none_and_hsts_lasts_a_year(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    config = load_config()
    assert config.public_url is None
    assert config.hsts_seconds == 365 * 24 * 60 * 60


@pytest.mark.parametrize("raw", ["-1", "一年", "1.5"])
def test_a_malformed_hsts_duration_is_refused_naming_the_variable(
    clean_environment: pytest.MonkeyPatch, raw: str
) -> None:
    clean_environment.setenv("SHINCHOKU_HSTS_SECONDS", raw)
    with pytest.raises(ConfigurationError, match="SHINCHOKU_HSTS_SECONDS"):
        load_config()


def test_without_a_cache_url_pages_are_kept_in_each_process_within_64_megabytes(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    config = load_config()
    assert config.cache_url == ""
    assert config.page_cache_mb == 64


@pytest.mark.parametrize(
    "raw", ["redis://127.0.0.1:6379/0", "redis://cache.example.lg.jp", "rediss://:secret@10.0.0.7:6380/2"]
)
def test_a_redis_cache_url_is_accepted(clean_environment: pytest.MonkeyPatch, raw: str) -> None:
    clean_environment.setenv("SHINCHOKU_CACHE_URL", raw)
    assert load_config().cache_url == raw


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("memcached://127.0.0.1:11211", "redis:// で始まる"),
        ("127.0.0.1:6379", "redis:// で始まる"),
        ("redis://", "redis:// で始まる"),
        ("redis://127.0.0.1:六三七九/0", "URLとして読めません"),
        ("redis://127.0.0.1:6379/pages", "データベース番号「pages」は数字ではありません"),
        ("unix://", "ソケットのパスがありません"),
    ],
)
def test_a_malformed_cache_url_is_refused_in_japanese_naming_the_variable(
    clean_environment: pytest.MonkeyPatch, raw: str, says: str
) -> None:
    clean_environment.setenv("SHINCHOKU_CACHE_URL", raw)
    with pytest.raises(ConfigurationError, match="SHINCHOKU_CACHE_URL") as error:
        load_config()
    assert says in str(error.value)


@pytest.mark.parametrize("raw", ["0", "-5", "64MB"])
def test_a_malformed_page_cache_size_is_refused_naming_the_variable(
    clean_environment: pytest.MonkeyPatch, raw: str
) -> None:
    clean_environment.setenv("SHINCHOKU_PAGE_CACHE_MB", raw)
    with pytest.raises(ConfigurationError, match="SHINCHOKU_PAGE_CACHE_MB"):
        load_config()
