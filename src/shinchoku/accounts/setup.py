"""Setting up a municipality from nothing: the municipality and its first 事務局 member.

Used by ``shinchoku setup`` (actor None) and by the superuser's set-up page. Idempotent: asked
again for the same municipality, code and login ID, it changes nothing and says so; it gives the
事務局 member a new one-time password only when asked to (``reset_password``), never silently.
Every refusal is a :class:`SetupError` with a Japanese message saying what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from shinchoku.accounts import permissions, services
from shinchoku.accounts.models import User
from shinchoku.accounts.one_time_passwords import hash_one_time_password, new_one_time_password
from shinchoku.audit.services import record
from shinchoku.core.local_government_code import LocalGovernmentCodeError, normalise_code
from shinchoku.core.typed_fields import clean_field
from shinchoku.plans.models import Municipality

USERNAME_MAX_LENGTH = 150
NAME_MAX_LENGTH = 100


class SetupError(ValueError):
    """The set-up was refused; nothing changed. The message is Japanese."""


@dataclass(frozen=True)
class SetupOutcome:
    municipality: Municipality
    admin: User
    municipality_created: bool
    admin_created: bool
    password: str | None  # the one-time password to hand out, when one was issued

    def describe(self, reset_hint: str = "--reset-password を付けて実行すると") -> str:
        """What happened, in Japanese, one line per fact (the command prints it; the page shows it,
        with its own ``reset_hint``: how to ask for a new one-time password there)."""
        place = f"{self.municipality.name}(全国地方公共団体コード {self.municipality.code})"
        lines = [
            f"自治体「{place}」を登録しました。"
            if self.municipality_created
            else f"自治体「{place}」は登録済みです(変更はありません)。"
        ]
        login = self.admin.username
        if self.admin_created:
            lines.append(f"事務局の利用者「{login}」を登録しました。")
        elif self.password is not None:
            lines.append(f"事務局の利用者「{login}」に新しい一時パスワードを発行しました。")
        else:
            lines.append(
                f"事務局の利用者「{login}」は登録済みです(パスワードは変更していません。"
                f"忘れたときは、{reset_hint}新しい一時パスワードを発行します)。"
            )
        return "\n".join(lines)

    @property
    def changed(self) -> bool:
        return self.municipality_created or self.admin_created or self.password is not None


def set_up_municipality(
    actor: User | AnonymousUser | None,
    *,
    name: str,
    code: str,
    admin_username: str,
    admin_display_name: str = "",
    reset_password: bool = False,
) -> SetupOutcome:
    """Create the municipality ``name`` with ``code`` (check digit verified) and its 事務局 member
    ``admin_username`` with a one-time password that must be changed at first login.

    An existing municipality of the same name and code is kept; an existing 事務局 member of it
    with that login ID is kept, with their password unless ``reset_password``. Raises
    PermissionDenied unless ``actor`` is the command line (None) or a superuser, and
    :class:`SetupError` when the code is wrong, the code or name belongs to another municipality,
    or the login ID is taken by another municipality's user or by a member who is not 事務局.
    """
    if not permissions.can_set_up_municipality(actor):
        raise PermissionDenied("自治体の新規登録は、システム管理者(スーパーユーザー)だけが行えます。")
    by = actor if isinstance(actor, User) else None
    name = clean_field("plans.municipality", "name", name)
    username = clean_field("accounts.user", "username", admin_username)
    display_name = clean_field("accounts.user", "display_name", admin_display_name)
    _check_shape(name, username, display_name)
    try:
        code = normalise_code(code)
    except LocalGovernmentCodeError as error:
        raise SetupError(str(error)) from error
    with transaction.atomic():
        municipality, municipality_created = _municipality(by, name, code)
        admin = User.objects.select_for_update().filter(username=username).first()
        if admin is None:
            password = new_one_time_password()
            admin = _create_admin(by, municipality, username, display_name, password)
            return SetupOutcome(municipality, admin, municipality_created, True, password)
        _check_existing_admin(admin, municipality)
        if not reset_password:
            return SetupOutcome(municipality, admin, municipality_created, False, None)
        password = new_one_time_password()
        admin.password = hash_one_time_password(password)
        issued = f"「{admin.username}」に一時パスワードを発行しました(初回ログイン時に変更が必要)"
        services.replace_password(by, admin, summary=issued)
        return SetupOutcome(municipality, admin, municipality_created, False, password)


def _check_shape(name: str, username: str, display_name: str) -> None:
    if not name:
        raise SetupError("自治体名を指定してください(例: 北本市)。")
    if len(name) > NAME_MAX_LENGTH:
        raise SetupError(f"自治体名は{NAME_MAX_LENGTH}文字以内で指定してください。")
    if len(display_name) > NAME_MAX_LENGTH:
        raise SetupError(f"事務局の職員の表示名は{NAME_MAX_LENGTH}文字以内で指定してください。")
    if not username:
        raise SetupError("事務局の職員のログインIDを指定してください(例: kyosei-jimu)。")
    if len(username) > USERNAME_MAX_LENGTH:
        raise SetupError(f"ログインID「{username[:20]}…」は{USERNAME_MAX_LENGTH}文字以内にしてください。")
    try:
        ASCIIUsernameValidator()(username)
    except ValidationError as error:
        raise SetupError(
            f"ログインID「{username}」には使えない文字があります。半角の英数字と @ . + - _ だけが使えます。"
        ) from error


def _municipality(actor: User | None, name: str, code: str) -> tuple[Municipality, bool]:
    existing = Municipality.objects.select_for_update().filter(code=code).first()
    if existing is not None:
        if existing.name != name:
            raise SetupError(
                f"全国地方公共団体コード {code} はすでに「{existing.name}」に使われています。"
                f"コードが正しいか確かめてください(「{existing.name}」のことなら、自治体名を"
                f"「{existing.name}」にして実行してください)。"
            )
        return existing, False
    namesake = Municipality.objects.filter(name=name).first()
    if namesake is not None:
        raise SetupError(
            f"自治体「{name}」はすでに全国地方公共団体コード {namesake.code} で登録されています。"
            f"コード {code} が正しいか確かめてください。"
        )
    municipality = Municipality.objects.create(name=name, code=code)
    record(
        actor=actor,
        action="create_municipality",
        target=municipality,
        summary=f"自治体「{name}」(全国地方公共団体コード {code})を登録しました",
        changes={"name": {"before": None, "after": name}, "code": {"before": None, "after": code}},
        municipality=municipality,
    )
    return municipality, True


def _create_admin(
    actor: User | None, municipality: Municipality, username: str, display_name: str, password: str
) -> User:
    try:
        return services.add_user(
            actor,
            municipality.pk,
            username=username,
            display_name=display_name,
            role=User.Role.SECRETARIAT,
            department_ids=[],
            password=password,
            must_change_password=True,
            generated=True,
        )
    except ValidationError as error:
        messages = [message for field in error.message_dict.values() for message in field]
        raise SetupError(" ".join(messages)) from error


def _check_existing_admin(admin: User, municipality: Municipality) -> None:
    if admin.municipality_id != municipality.pk:
        where = f"「{admin.municipality}」の利用者" if admin.municipality_id else "自治体に属さない利用者"
        raise SetupError(
            f"ログインID「{admin.username}」はすでに{where}が使っています。別のログインIDを指定してください。"
        )
    if admin.role != User.Role.SECRETARIAT or not admin.is_active:
        state = (
            "無効になっています" if not admin.is_active else f"役割が「{User.Role(admin.role).label}」です"
        )
        raise SetupError(
            f"ログインID「{admin.username}」は{municipality.name}の利用者ですが、{state}。"
            "事務局の職員として使うには、ほかの事務局の職員が「利用者の管理」で変更するか、"
            "別のログインIDを指定してください。"
        )
