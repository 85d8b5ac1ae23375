"""``shinchoku demo --municipalities N``: the national dataset, a 事務局 login per municipality,
and what the command prints (see :mod:`.command` for the two-city demo, which stays as it is)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from shinchoku.demo.accounts import create_demo_user
from shinchoku.demo.command import DEMO_PASSWORD, DEMO_USERNAME
from shinchoku.demo.national import generate_national

SECRETARIAT_PREFIX = "jimu-"
SHOWN_LOGINS = 3


def secretariat_login(code: str) -> str:
    """The login ID of the 事務局 of the municipality with ``code``."""
    return f"{SECRETARIAT_PREFIX}{code}"


def prepare_national(*, municipalities: int, seed: int, url: str) -> str:
    """Generate the national dataset, give every municipality a 事務局 login (the first one also
    ``demo``), all with the demo's well-known password, and return the text to print.

    Raises :class:`~shinchoku.demo.national.NationalDatasetError` on a database that holds
    municipalities, ``ValueError`` for a count outside 1–1,741.
    """
    print(f"全国データ({municipalities:,}自治体)を生成しています…", flush=True)
    summary = generate_national(municipalities=municipalities, seed=seed)
    print(f"  {summary.describe()}", flush=True)
    hashed = make_password(DEMO_PASSWORD)  # about a second on purpose: hashed once for all
    first = summary.municipalities[0]
    create_demo_user(
        username=DEMO_USERNAME, password=DEMO_PASSWORD, municipality_code=first.code, password_hash=hashed
    )
    for municipality in summary.municipalities:
        create_demo_user(
            username=secretariat_login(municipality.code),
            password=DEMO_PASSWORD,
            municipality_code=municipality.code,
            password_hash=hashed,
        )
    shown = summary.municipalities[:SHOWN_LOGINS]
    return "\n".join(
        [
            "",
            "shinchoku 全国データのデモを準備しました。",
            f"  アドレス:   {url}",
            f"  ログインID: {DEMO_USERNAME}({first.name}の事務局)",
            f"  パスワード: {DEMO_PASSWORD}",
            f"  データ:     {settings.DATABASES['default']['NAME']}",
            f"  各自治体の事務局のログインID(パスワードは同じ): {SECRETARIAT_PREFIX}<全国地方公共団体コード>",
            *(f"    {secretariat_login(item.code):<14} {item.name}" for item in shown),
            *(["    …"] if len(summary.municipalities) > len(shown) else []),
            "",
        ]
    )
