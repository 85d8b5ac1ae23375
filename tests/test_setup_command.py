"""``shinchoku setup``: the municipality and its first 事務局 from the command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from shinchoku.accounts.models import User
from shinchoku.cli import main
from shinchoku.plans.models import Municipality
from tests.evaluations.tiny_plan import make_user

AGEO = ["setup", "--municipality", "上尾市", "--code", "112194", "--admin", "ageo-jimu"]
PASSWORD_LINE = re.compile(r"一時パスワード:\s+(\S+)")


def test_setup_in_its_own_process_creates_the_database_and_a_second_run_changes_nothing(
    tmp_path: Path,
) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SHINCHOKU_TEST_DATABASE", "SHINCHOKU_DEMO"}
    } | {"SHINCHOKU_DATA_DIR": str(tmp_path / "data")}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "shinchoku.cli", *AGEO, "--admin-name", "上尾 花子"],
            capture_output=True,
            text=True,
            env=environment,
            timeout=300,
            check=False,
        )

    first = run()
    assert first.returncode == 0, first.stderr
    assert "データベースを最新の形にしています" in first.stdout
    assert "自治体「上尾市(全国地方公共団体コード 112194)」を登録しました" in first.stdout
    password = PASSWORD_LINE.search(first.stdout)
    assert password is not None
    assert (tmp_path / "data" / "shinchoku.sqlite3").is_file()

    second = run()
    assert second.returncode == 0, second.stderr
    assert "変更はありません" in second.stdout
    assert "データベースを最新の形にしています" not in second.stdout
    assert PASSWORD_LINE.search(second.stdout) is None


@pytest.mark.django_db
def test_setup_prints_the_one_time_password_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(AGEO) == 0
    out = capsys.readouterr().out
    password = PASSWORD_LINE.search(out)
    assert password is not None
    admin = User.objects.get(username="ageo-jimu")
    assert admin.check_password(password.group(1))
    assert admin.must_change_password
    assert "初回ログイン" in out

    assert main(AGEO) == 0
    again = capsys.readouterr().out
    assert "変更はありません" in again
    assert "--reset-password" in again
    assert PASSWORD_LINE.search(again) is None


@pytest.mark.django_db
def test_reset_password_prints_a_new_one_time_password(capsys: pytest.CaptureFixture[str]) -> None:
    main(AGEO)
    first = PASSWORD_LINE.search(capsys.readouterr().out)

    assert main([*AGEO, "--reset-password"]) == 0

    second = PASSWORD_LINE.search(capsys.readouterr().out)
    assert first is not None
    assert second is not None
    assert first.group(1) != second.group(1)
    assert User.objects.get(username="ageo-jimu").check_password(second.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--code", "112195"], "検査数字が正しくありません(正しくは 112194)"),
        (["--code", "abc"], "5桁または6桁の数字で指定してください"),
        (["--municipality", " "], "自治体名を指定してください"),
        (["--admin", "事務局"], "使えない文字があります"),
    ],
)
def test_setup_refuses_wrong_input_in_japanese(
    arguments: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    options = dict(zip(AGEO[1::2], AGEO[2::2], strict=True)) | dict(
        zip(arguments[::2], arguments[1::2], strict=True)
    )

    assert main(["setup", *[item for pair in options.items() for item in pair]]) == 2

    err = capsys.readouterr().err
    assert err.startswith("エラー: ")
    assert expected in err
    assert "何も変更していません" in err
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_setup_refuses_a_code_of_another_municipality(capsys: pytest.CaptureFixture[str]) -> None:
    Municipality.objects.create(name="北本市", code="112330")

    assert main(["setup", "--municipality", "上尾市", "--code", "112330", "--admin", "ageo-jimu"]) == 2

    assert "112330 はすでに「北本市」に使われています" in capsys.readouterr().err
    assert not User.objects.exists()


@pytest.mark.django_db
def test_setup_refuses_a_login_id_of_another_municipality(capsys: pytest.CaptureFixture[str]) -> None:
    make_user("ageo-jimu", Municipality.objects.create(name="北本市", code="112330"))

    assert main(AGEO) == 2

    assert "「北本市」の利用者が使っています" in capsys.readouterr().err
    assert not Municipality.objects.filter(code="112194").exists()


def test_setup_without_the_required_options_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["setup", "--municipality", "上尾市"])

    assert exit_.value.code == 2
    assert "--code" in capsys.readouterr().err
