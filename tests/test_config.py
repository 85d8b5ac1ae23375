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
