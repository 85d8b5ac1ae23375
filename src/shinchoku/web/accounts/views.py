"""Sign-in, password change and the 事務局's user management.

Views only authorise, parse a form, call one service from :mod:`shinchoku.accounts.services` and
render or redirect with a Japanese message. A service's ``ValidationError`` comes back as errors
beside the fields; its ``PermissionDenied`` is shown on the 403 page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shinchoku.accounts import permissions, services
from shinchoku.accounts.middleware import pop_session_ended
from shinchoku.accounts.models import User
from shinchoku.accounts.secretariat_plans import set_secretariat_plans
from shinchoku.accounts.setup import SetupError, set_up_municipality
from shinchoku.web.accounts import selectors
from shinchoku.web.accounts.forms import (
    LoginForm,
    MunicipalitySetupForm,
    PasswordChangeForm,
    PasswordResetForm,
    SecretariatPlansForm,
    UserCreateForm,
    UserEditForm,
)
from shinchoku.web.audience import STAFF


class LoginView(auth_views.LoginView):
    """Django's login view with the lock-out aware form; says so when a session has just ended."""

    template_name = "web/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"session_ended": pop_session_ended(self.request)}

    def get_default_redirect_url(self) -> str:
        """Without a page to go back to, an editor lands on 自分の担当 (what they have to do);
        everyone else on the staff home."""
        user = self.request.user
        if isinstance(user, User) and user.role == User.Role.EDITOR and not user.is_superuser:
            return reverse("web:my_entries")
        return super().get_default_redirect_url()


def _signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "the view must be wrapped in login_required"
    return request.user


def _manager(request: HttpRequest) -> tuple[User, int]:
    """The signed-in 事務局 member and the municipality whose users they manage; 403 for anyone
    else."""
    user = _signed_in(request)
    if user.municipality_id is None or not permissions.can_manage_users(user, user.municipality_id):
        raise PermissionDenied("利用者の管理は、自治体の事務局の職員だけが行えます。")
    return user, user.municipality_id


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"web/accounts/{template}", context | {"audience": STAFF})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    forced = _signed_in(request).must_change_password
    if request.method == "POST" and form.is_valid():
        try:
            user = services.change_password(
                _signed_in(request),
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "パスワードを変更しました。ほかの端末でのログインは終了しました。")
            # After the forced change of a one-time password, on to the work it held back.
            return redirect("web:home" if forced else "web:password_change")
    return _render(request, "password_change.html", {"form": form, "forced": forced})


@login_required
def users(request: HttpRequest) -> HttpResponse:
    manager, municipality_id = _manager(request)
    context = {"municipality": manager.municipality, "rows": selectors.user_rows(municipality_id)}
    return _render(request, "users.html", context)


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    manager, municipality_id = _manager(request)
    form = UserCreateForm(municipality_id, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # The 事務局 chose the password and knows it: the new user replaces it at first sign-in.
            user = services.create_user(manager, **form.arguments(), must_change_password=True)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"利用者「{user.username}」を登録しました。")
            return redirect("web:user_edit", user_id=user.pk)
    return _render(request, "user_create.html", {"form": form})


@login_required
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    manager, municipality_id = _manager(request)
    user = selectors.managed_user(manager, user_id)
    form = _user_form(manager, user, municipality_id, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(manager, user.pk, **form.arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"利用者「{user.username}」の登録内容を保存しました。")
            return redirect("web:user_edit", user_id=user.pk)
    return _edit_page(request, user, form, PasswordResetForm())


@require_POST
@login_required
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    manager, _ = _manager(request)
    user = services.unlock_user(manager, selectors.managed_user(manager, user_id).pk)
    messages.success(request, f"利用者「{user.username}」のログインの制限を解除しました。")
    return redirect("web:user_edit", user_id=user.pk)


@require_POST
@login_required
def user_password_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    manager, municipality_id = _manager(request)
    user = selectors.managed_user(manager, user_id)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.reset_password(manager, user.pk, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"利用者「{user.username}」のパスワードを再設定しました。")
            return redirect("web:user_edit", user_id=user.pk)
    edit_form = _user_form(manager, user, municipality_id)
    return _edit_page(request, user, edit_form, form)


@require_POST
@login_required
def user_secretariat_plans(request: HttpRequest, user_id: int) -> HttpResponse:
    """The plans a 事務局 member manages (see shinchoku.accounts.secretariat_plans)."""
    manager, municipality_id = _manager(request)
    user = selectors.managed_user(manager, user_id)
    form = SecretariatPlansForm(municipality_id, request.POST)
    if form.is_valid():
        try:
            plan_ids = [plan.pk for plan in form.cleaned_data["plans"]]
            set_secretariat_plans(manager, user.pk, plan_ids)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"利用者「{user.username}」の担当する計画を保存しました。")
            return redirect("web:user_edit", user_id=user.pk)
    edit_form = _user_form(manager, user, municipality_id)
    return _edit_page(request, user, edit_form, PasswordResetForm(), form)


def _user_form(manager: User, user: User, municipality_id: int, data: Any = None) -> UserEditForm:
    """The form of a user's profile and role as ``manager`` may change them."""
    return UserEditForm(
        municipality_id,
        data,
        initial=selectors.profile_initial(user),
        editing_self=user.pk == manager.pk,
        role_fixed=not permissions.can_change_role(manager, user),
    )


def _edit_page(
    request: HttpRequest,
    user: User,
    form: UserEditForm,
    reset_form: PasswordResetForm,
    plans_form: SecretariatPlansForm | None = None,
) -> HttpResponse:
    if plans_form is None and user.municipality_id is not None:
        current = list(user.secretariat_plans.all())
        plans_form = SecretariatPlansForm(user.municipality_id, initial={"plans": current})
    context = {
        "plans_form": plans_form if user.role == User.Role.SECRETARIAT else None,
        "managed": user,
        "state": selectors.account_state(user),
        "is_self": user.pk == request.user.pk,
        "can_reset": permissions.can_reset_password(request.user, user),
        "form": form,
        "reset_form": reset_form,
    }
    return _render(request, "user_edit.html", context)


RESET_HINT = "「新しい一時パスワードを発行する」を選んで登録すると、"


@login_required
def municipality_setup(request: HttpRequest) -> HttpResponse:
    """The superuser's page creating a municipality and its first 事務局 member; the one-time
    password is shown once, on the answer to the POST, which no cache keeps."""
    user = _signed_in(request)
    if not permissions.can_set_up_municipality(user):
        raise PermissionDenied("自治体の新規登録は、システム管理者(スーパーユーザー)だけが行えます。")
    form = MunicipalitySetupForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = set_up_municipality(
                user,
                name=data["name"],
                code=data["code"],
                admin_username=data["admin_username"],
                admin_display_name=data["admin_display_name"],
                reset_password=data["reset_password"],
            )
        except SetupError as error:
            form.add_error(None, str(error))
    lines = outcome.describe(RESET_HINT).splitlines() if outcome else []
    response = _render(request, "municipality_setup.html", {"form": form, "outcome": outcome, "lines": lines})
    response["Cache-Control"] = "no-store"
    return response
