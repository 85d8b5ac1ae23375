"""Use cases of accounts: signing in (the audit of attempts and the lifting of limits; the limits
themselves are :mod:`shinchoku.accounts.throttle`), passwords and the 事務局's management of its
municipality's users.

Every function runs in one transaction and writes an audit record. Passwords are never written to
the audit trail, not even hashed: the record says that a password changed, not what it became.
Invalid input is refused with a :class:`~django.core.exceptions.ValidationError` whose keys name
the offending field (``username``, ``display_name``, ``role``, ``departments``, ``password``,
``is_active``, ``email``, ``extension``, ``current_password``, ``new_password``), so a form can
show each message beside its field; a missing right is a
:class:`~django.core.exceptions.PermissionDenied` in Japanese.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from shinchoku.accounts import permissions, throttle
from shinchoku.accounts.models import User
from shinchoku.accounts.one_time_passwords import hash_one_time_password
from shinchoku.audit.services import diff, record
from shinchoku.core.text import clean_typed_line
from shinchoku.core.typed_fields import clean_field
from shinchoku.plans.models import Department

# Editors and approvers act for departments; the other roles act for the whole municipality.
ROLES_WITH_DEPARTMENTS = (User.Role.EDITOR, User.Role.APPROVER)
EXTENSION_MAX_LENGTH = 20


# --- signing in (the limits themselves: shinchoku.accounts.throttle) ---------------------------


def record_failed_login(user: User, address: str) -> None:
    """Audit one wrong password for ``user`` from ``address``; say so when that address has now
    used up its attempts for the account."""
    limited = any(item.address == address for item in throttle.limited_addresses(user.username))
    where = f"接続元 {address}" if address else "接続元不明"
    summary = (
        f"「{user.username}」のログインに{throttle.PAIR_LIMIT}回失敗したため、{where}からのログインを"
        f"{int(throttle.WINDOW.total_seconds()) // 60}分間制限しました"
        if limited
        else f"「{user.username}」のログインに失敗しました(パスワードの誤り、{where})"
    )
    record(
        actor=None,
        action="limit_login" if limited else "fail_login",
        target=user,
        summary=summary,
        changes={"address": {"before": None, "after": address}},
        municipality=user.municipality,
        affects_public=False,  # accounts: never on a public page
    )


def record_successful_login(user: User, address: str) -> User:
    """Audit a successful sign-in of ``user`` from ``address``."""
    where = f"接続元 {address}" if address else "接続元不明"
    record(
        actor=user,
        action="login",
        target=user,
        summary=f"「{user.username}」がログインしました({where})",
        municipality=user.municipality,
        affects_public=False,  # accounts: never on a public page
    )
    return user


def unlock_user(actor: User, user_id: int) -> User:
    """Lift every sign-in limit on a user (the 事務局 of the user's municipality)."""
    with transaction.atomic():
        user = _managed_user_for_update(actor, user_id)
        addresses = throttle.clear(user.username)
        record(
            actor=actor,
            action="unlock_user",
            target=user,
            summary=f"「{user.username}」のログインの制限を解除しました({addresses}件の接続元)",
            municipality=user.municipality,
            affects_public=False,  # accounts: never on a public page
        )
    return user


# --- passwords ---------------------------------------------------------------------------------


def change_password(actor: User, *, current_password: str, new_password: str) -> User:
    """Change the signed-in user's own password, after checking the current one.

    The caller keeps the session (``update_session_auth_hash``); the user's other sessions end.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if not user.check_password(current_password):
            raise ValidationError({"current_password": "現在のパスワードが違います。"})
        _validate_password(new_password, user, field="new_password")
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        record(
            actor=actor,
            action="change_password",
            target=user,
            summary=f"「{user.username}」が自分のパスワードを変更しました",
            municipality=user.municipality,
            affects_public=False,  # accounts: never on a public page
        )
    return user


def reset_password(actor: User, user_id: int, *, password: str) -> User:
    """Give a user a new password chosen by the 事務局, and lift any lock.

    The 事務局 knows that password, so its owner must change it at their next sign-in
    (``must_change_password``). Every session of that user ends. The 事務局 changes its own password through
    :func:`change_password` instead (which asks for the current one).
    """
    with transaction.atomic():
        user = _managed_user_for_update(actor, user_id)
        if user.pk == actor.pk:
            own = "自分のパスワードは「パスワード変更」の画面で変更してください。"
            raise ValidationError({"password": own})
        if not permissions.can_reset_password(actor, user):
            raise PermissionDenied(
                f"「{user.username}」は{User.Role(user.role).label}のため、パスワードを再設定できるのは"
                "システム管理者だけです"
                "(サーバーで「shinchoku setup --municipality 自治体名 --code コード --admin ログインID "
                "--reset-password」を実行すると、一時パスワードを発行します)。"
                "本人が覚えているときは、本人が「パスワード変更」の画面で変更してください。"
            )
        _validate_password(password, user, field="password")
        user.set_password(password)
        replace_password(actor, user, summary=f"「{user.username}」のパスワードを再設定しました")
    return user


def replace_password(actor: User | None, user: User, *, summary: str) -> None:
    """Store ``user``'s newly set (hashed) password, to be changed at their next sign-in, lift every
    sign-in limit on them and audit it as ``summary``; the caller checked the permission and holds
    the transaction."""
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    throttle.clear(user.username)
    record(
        actor=actor,
        action="reset_password",
        target=user,
        summary=summary,
        municipality=user.municipality,
        affects_public=False,  # accounts: never on a public page
    )


def _validate_password(password: str, user: User, *, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error


# --- managing users ----------------------------------------------------------------------------


def create_user(
    actor: User,
    *,
    username: str,
    display_name: str,
    role: str,
    department_ids: Collection[int],
    password: str,
    must_change_password: bool = False,
    generated: bool = False,
    email: str = "",
    extension: str = "",
) -> User:
    """Create an active user of the actor's municipality with an initial password (and, optionally,
    the mail address and 内線 that reminders and the 未提出 list use).

    ``must_change_password``: the password is a one-time password handed out on paper; the user
    is led to the password change on every staff page until they change it. ``generated``: the
    password comes from :func:`~shinchoku.accounts.one_time_passwords.new_one_time_password` and
    is hashed as such (:func:`~shinchoku.accounts.one_time_passwords.hash_one_time_password`)."""
    with transaction.atomic():
        municipality_id = actor.municipality_id
        if municipality_id is None or not permissions.can_manage_users(actor, municipality_id):
            raise PermissionDenied("利用者を登録できるのは、自治体の事務局の職員だけです。")
        return add_user(
            actor,
            municipality_id,
            username=username,
            display_name=display_name,
            role=role,
            department_ids=department_ids,
            password=password,
            must_change_password=must_change_password,
            generated=generated,
            email=email,
            extension=extension,
        )


def add_user(
    actor: User | None,
    municipality_id: int,
    *,
    username: str,
    display_name: str,
    role: str,
    department_ids: Collection[int],
    password: str,
    must_change_password: bool,
    generated: bool = False,
    email: str = "",
    extension: str = "",
) -> User:
    """The creation behind :func:`create_user`, for callers that have checked the right already:
    :func:`create_user` itself and the set-up of a municipality (:mod:`shinchoku.accounts.setup`,
    whose actor is the command line (None) or a superuser). Runs in the caller's transaction."""
    username = clean_field("accounts.user", "username", username)
    display_name = clean_field("accounts.user", "display_name", display_name)
    errors: dict[str, Any] = {}
    if User.objects.filter(username=username).exists():
        errors["username"] = "このログインIDはすでに使われています。別のログインIDにしてください。"
    user = User(username=username, display_name=display_name, municipality_id=municipality_id, role=role)
    user.email, user.extension = _contacts(email, extension, errors)
    departments = _departments(municipality_id, role, department_ids, errors)
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password"] = error.error_list
    if errors:
        raise ValidationError(errors)
    user.is_staff = role == User.Role.SECRETARIAT
    user.must_change_password = must_change_password
    if generated:
        user.password = hash_one_time_password(password)
    else:
        user.set_password(password)
    user.save()
    user.departments.set(departments)
    record(
        actor=actor,
        action="create_user",
        target=user,
        summary=f"利用者「{username}」を登録しました"
        + ("(初回ログイン時にパスワードの変更が必要)" if must_change_password else ""),
        changes=diff({}, {"username": username} | _profile(user)),
        municipality=user.municipality,
        affects_public=False,  # accounts: never on a public page
    )
    return user


def update_user(
    actor: User,
    user_id: int,
    *,
    display_name: str,
    role: str,
    department_ids: Collection[int],
    is_active: bool,
    email: str | None = None,
    extension: str | None = None,
) -> User:
    """Change a user's name, role, departments, whether the account may sign in and (unless None)
    the mail address and 内線.

    Nobody changes their own role or deactivates themselves: the municipality would risk being
    left without a 事務局. Another member of the 事務局 does it.
    """
    display_name = clean_field("accounts.user", "display_name", display_name)
    with transaction.atomic():
        user = _managed_user_for_update(actor, user_id)
        errors: dict[str, Any] = {}
        if user.pk == actor.pk and role != user.role:
            errors["role"] = "自分の役割は変更できません。ほかの事務局の職員に依頼してください。"
        if user.pk != actor.pk and role != user.role and not permissions.can_change_role(actor, user):
            errors["role"] = (
                "ほかの事務局の職員の役割は、システム管理者だけが変更できます"
                "(役割を下げてからパスワードを再設定する、という手順で本人になりすませないようにするためです)。"
            )
        if user.pk == actor.pk and not is_active:
            errors["is_active"] = "自分を無効にすることはできません。ほかの事務局の職員に依頼してください。"
        departments = _departments(user.municipality_id, role, department_ids, errors)
        contacts = _contacts(
            user.email if email is None else email, user.extension if extension is None else extension, errors
        )
        if errors:
            raise ValidationError(errors)
        before = _profile(user)
        user.display_name = display_name
        user.role = role
        user.is_active = is_active
        user.is_staff = role == User.Role.SECRETARIAT
        user.email, user.extension = contacts
        user.save(update_fields=["display_name", "role", "is_active", "is_staff", "email", "extension"])
        user.departments.set(departments)
        changes = diff(before, _profile(user))
        if changes:
            record(
                actor=actor,
                action="update_user",
                target=user,
                summary=f"利用者「{user.username}」の登録内容を変更しました",
                changes=changes,
                municipality=user.municipality,
                affects_public=False,  # accounts: never on a public page
            )
    return user


def _managed_user_for_update(actor: User, user_id: int) -> User:
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None or not permissions.can_manage_user(actor, user):
        raise PermissionDenied("この利用者を変更できるのは、同じ自治体の事務局の職員だけです。")
    return user


def _departments(
    municipality_id: int | None, role: str, department_ids: Collection[int], errors: dict[str, Any]
) -> list[Department]:
    """The departments of the municipality a user of ``role`` joins; a refusal of the role or of
    the departments is added to ``errors``."""
    if role not in User.Role.values:
        errors["role"] = "役割を一覧から選んでください。"
        return []
    departments = (
        list(
            Department.objects.filter(municipality_id=municipality_id, pk__in=department_ids).order_by(
                "position", "name"
            )
        )
        if municipality_id is not None
        else []
    )
    label = User.Role(role).label
    if len(departments) != len(set(department_ids)):
        errors["departments"] = "この自治体にない所属が選ばれています。一覧から選び直してください。"
    elif role in ROLES_WITH_DEPARTMENTS and not departments:
        errors["departments"] = f"役割が「{label}」の利用者には、所属を1つ以上選んでください。"
    elif role not in ROLES_WITH_DEPARTMENTS and departments:
        errors["departments"] = (
            f"役割が「{label}」の利用者は所属を持ちません。所属の選択をすべて外してください"
            "(所属を持つのは担当課と所属長だけです)。"
        )
    return departments


def _contacts(email: str, extension: str, errors: dict[str, Any]) -> tuple[str, str]:
    """The typed mail address and 内線, cleaned; a malformed address is added to ``errors``."""
    email = clean_typed_line(email).strip()
    extension = clean_typed_line(extension).strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = (
                f"「{email}」はメールアドレスとして読めません。"
                "taro@city.example.lg.jp のように書いてください。"
            )
    if len(extension) > EXTENSION_MAX_LENGTH:
        errors["extension"] = f"内線は{EXTENSION_MAX_LENGTH}文字以内で書いてください。"
    return email, extension


def _profile(user: User) -> dict[str, Any]:
    """What the audit trail shows of a user (never the password)."""
    return {
        "display_name": user.display_name,
        "email": user.email,
        "extension": user.extension,
        "role": User.Role(user.role).label,
        "departments": [department.name for department in user.departments.order_by("position", "name")]
        if user.pk
        else [],
        "is_active": user.is_active,
    }
