"""``shinchoku demo``: the embedded demo's data and accounts, created once, and what the command
prints (the address, the logins and where mail goes)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from shinchoku.demo import second_city
from shinchoku.demo.accounts import create_city_accounts, create_demo_team, create_demo_user
from shinchoku.demo.changes import add_demo_correction
from shinchoku.demo.contacts import give_demo_contacts
from shinchoku.demo.generator import generate_demo
from shinchoku.demo.second_city_shared import create_plan_secretariat
from shinchoku.demo.structure import DEMO_MUNICIPALITY_CODE
from shinchoku.plans.models import Municipality

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "shinchoku-demo"


def prepare_demo(*, url: str) -> str:
    """Generate each demo municipality not in the database yet (imported ones may share it), set
    up its accounts (again: the well-known password is reset) and return the welcome text.

    Raises :class:`shinchoku.demo.accounts.DemoUserError` when a demo login belongs to someone else.
    """
    corrected_plan = None
    for code, generate in (
        (DEMO_MUNICIPALITY_CODE, generate_demo),
        (second_city.CITY_CODE, second_city.generate_second_demo),
    ):
        if not Municipality.objects.filter(code=code).exists():
            print("デモデータを生成しています…", flush=True)
            generated = generate()
            print(f"  {generated.describe()}", flush=True)
            if code == DEMO_MUNICIPALITY_CODE:
                corrected_plan = generated.plan
    secretariat = create_demo_user(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    if corrected_plan is not None:  # generated just now: one correction (正誤) to show
        add_demo_correction(secretariat, corrected_plan)
    team = create_demo_team(password=DEMO_PASSWORD)
    second = create_city_accounts(
        municipality_code=second_city.CITY_CODE,
        secretariat=second_city.SECRETARIAT_LOGIN,
        password=DEMO_PASSWORD,
    )
    second.append(  # a 事務局 member of the city's second plan only
        create_plan_secretariat(
            municipality_code=second_city.CITY_CODE,
            secretariat=second_city.SECRETARIAT_LOGIN,
            password_hash=make_password(DEMO_PASSWORD),
        )
    )
    for code in (DEMO_MUNICIPALITY_CODE, second_city.CITY_CODE):
        give_demo_contacts(code)
    return "\n".join(
        [
            "",
            "shinchoku デモを起動しました。",
            f"  アドレス:   {url}",
            f"  ログインID: {DEMO_USERNAME}",
            f"  パスワード: {DEMO_PASSWORD}",
            f"  データ:     {settings.DATABASES['default']['NAME']}",
            f"  メール:     {settings.MAIL_DIR} にファイルとして保存(外には送りません)",
            "  ほかの役割で試すログインID(パスワードは同じ):",
            *(f"    {account.username:<8} {account.description}" for account in team),
            f"  2つ目の自治体 {second_city.describe_shape()}のログインID(パスワードは同じ):",
            *(f"    {account.username:<14} {account.description}" for account in second),
            "終了するには Ctrl+C を押してください。",
            "",
        ]
    )
