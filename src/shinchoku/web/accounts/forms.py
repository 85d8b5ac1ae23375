"""Forms of the sign-in and account pages. They check the shape of the input; the rules (lock-out,
password strength, which roles have departments) are the services' and come back as field errors.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from shinchoku.accounts.models import User
from shinchoku.ingest.workbook.limits import check_upload_size
from shinchoku.ingest.workbook.problems import WorkbookFormatError
from shinchoku.plans.models import Department, Plan
from shinchoku.web.typed_text import TypedTextField
from shinchoku.web.workbook.forms import WorkbookUploadForm

# Lazy: the list of rules the configured password validators apply, in Japanese.
PASSWORD_HELP = password_validators_help_text_html()


class AccountForm(forms.Form):
    """A form of these pages: labels without a colon, and the list for the error summary."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) of every field error in field order; non-field errors have no anchor.

        A group of checkboxes is reached through its first box (the group itself has no id)."""
        links = [("", str(message)) for message in self.non_field_errors()]
        for field in self:
            first_box = isinstance(field.field.widget, forms.CheckboxSelectMultiple)
            anchor = field.auto_id + ("_0" if first_box else "")
            links += [(anchor, f"{field.label}: {message}") for message in field.errors]
        return links


class LoginForm(AuthenticationForm):
    """Django's sign-in form in Japanese, with one message for every refusal.

    An unknown login ID, a wrong password, an attempt refused by the limits of
    :mod:`shinchoku.accounts.throttle` and an inactive account all read the same, so that the
    page never tells which login IDs exist or which are being guessed."""

    error_messages = {
        "invalid_login": (
            "ログインIDまたはパスワードが違うか、ログインの失敗が続いたためこの端末からのログインを"
            "一時的に制限しています。ログインIDとパスワードを確かめてください。"
            "制限は最長15分で解除されます。急ぐときは、事務局に制限の解除を依頼してください。"
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        # Older accounts were told their ユーザー名: both words lead to the same field.
        self.fields["username"].label = "ログインID(ユーザー名)"
        self.fields["password"].label = "パスワード"

    def confirm_login_allowed(self, user: Any) -> None:
        """The backend refuses inactive accounts already; the message is the same as any refusal."""
        if not user.is_active:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class PasswordChangeForm(AccountForm):
    current_password = forms.CharField(
        label="現在のパスワード",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label="新しいパスワード",
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_confirm = forms.CharField(
        label="新しいパスワード(確認)",
        strip=False,
        help_text="確認のため、新しいパスワードをもう一度入力してください。",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new, confirm = data.get("new_password"), data.get("new_password_confirm")
        if new and confirm and new != confirm:
            self.add_error("new_password_confirm", "確認用のパスワードが新しいパスワードと一致しません。")
        return data


class ProfileForm(AccountForm):
    """表示名, 役割 and 所属: what the 事務局 sets on creating and on editing a user."""

    display_name = TypedTextField(
        label="表示名",
        max_length=100,
        required=False,
        help_text="画面や変更履歴に表示する名前です(例: 共生 花子)。空欄のときはログインIDを表示します。",
    )
    role = forms.ChoiceField(
        label="役割", choices=User.Role.choices, error_messages={"required": "役割を選んでください。"}
    )
    departments = forms.ModelMultipleChoiceField(
        label="所属",
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="役割が担当課(入力)・所属長(承認)の利用者は1つ以上選びます。ほかの役割では選びません。",
    )

    email = forms.CharField(
        label="メールアドレス",
        max_length=254,
        required=False,
        help_text="督促や差戻しのお知らせをメールで受け取るアドレスです(任意)。",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    extension = forms.CharField(
        label="内線",
        max_length=20,
        required=False,
        help_text="未提出の一覧などに連絡先として表示します(任意)。",
        error_messages={"max_length": "内線は20文字以内で書いてください。"},
    )

    def __init__(self, municipality_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = self.fields["departments"]
        assert isinstance(departments, forms.ModelMultipleChoiceField)
        departments.queryset = Department.objects.filter(municipality_id=municipality_id).order_by(
            "position", "name"
        )

    def profile(self) -> dict[str, Any]:
        """The cleaned profile as keyword arguments of the account services."""
        return {
            "display_name": self.cleaned_data["display_name"],
            "role": self.cleaned_data["role"],
            "department_ids": [department.pk for department in self.cleaned_data["departments"]],
            "email": self.cleaned_data["email"],
            "extension": self.cleaned_data["extension"],
        }


class UserCreateForm(ProfileForm):
    username = forms.CharField(
        label="ログインID",
        max_length=150,
        validators=[
            ASCIIUsernameValidator(message="ログインIDには半角の英数字と @ . + - _ だけが使えます。")
        ],
        help_text=(
            "ログインのときに入力するIDです。半角の英数字と @ . + - _ が使えます。登録後は変更できません。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password = forms.CharField(
        label="初期パスワード",
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "display_name", "role", "departments", "email", "extension", "password"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No role is chosen in advance: the first choice would be 事務局, the most privileged role,
        # and a hurried click would make every new user one.
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [("", "選んでください"), *User.Role.choices]

    def arguments(self) -> dict[str, Any]:
        return self.profile() | {
            "username": self.cleaned_data["username"],
            "password": self.cleaned_data["password"],
        }


class UserEditForm(ProfileForm):
    is_active = forms.BooleanField(
        label="有効",
        required=False,
        help_text="チェックを外すと、この利用者はログインできなくなります(記録は残ります)。",
    )

    def __init__(
        self, *args: Any, editing_self: bool = False, role_fixed: bool = False, **kwargs: Any
    ) -> None:
        """``role_fixed``: the editor may not change this user's role (see
        :func:`shinchoku.accounts.permissions.can_change_role`); the service refuses it anyway, the
        form does not even offer it."""
        super().__init__(*args, **kwargs)
        if editing_self:
            for name in ("role", "is_active"):
                self.fields[name].disabled = True
                self.fields[name].help_text = (
                    "自分の役割の変更と、自分を無効にすることはできません。"
                    "必要なときは、ほかの事務局の職員に依頼してください。"
                )
        elif role_fixed:
            self.fields["role"].disabled = True
            self.fields["role"].help_text = "ほかの事務局の職員の役割は、システム管理者だけが変更できます。"

    def arguments(self) -> dict[str, Any]:
        return self.profile() | {"is_active": self.cleaned_data["is_active"]}


class SecretariatPlansForm(AccountForm):
    """The plans a 事務局 member manages (none checked: every plan of the city)."""

    plans = forms.ModelMultipleChoiceField(
        label="担当する計画",
        queryset=Plan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選んだ計画の年度の進行管理・評価の確認・計画の編集だけができます。何も選ばないと、すべての計画を担当します。",
        error_messages={"invalid_choice": "担当する計画は一覧から選んでください。"},
    )

    prefix = "plans"  # it shares the user's page with the edit form

    def __init__(self, municipality_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = self.fields["plans"]
        assert isinstance(plans, forms.ModelMultipleChoiceField)
        plans.queryset = Plan.objects.filter(municipality_id=municipality_id).order_by("title")


class PasswordResetForm(AccountForm):
    password = forms.CharField(
        label="新しいパスワード",
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    prefix = "reset"  # it shares the user's page with the edit form


class MunicipalitySetupForm(AccountForm):
    """The superuser's set-up of a municipality and its first 事務局 member."""

    name = forms.CharField(label="自治体名", max_length=100, help_text="例: 北本市")
    code = forms.CharField(
        label="全国地方公共団体コード",
        max_length=12,
        help_text="6桁の数字です(最後の1桁は検査数字。例: 北本市は 112330)。",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    admin_username = forms.CharField(
        label="事務局の職員のログインID",
        max_length=150,
        help_text="半角の英数字と @ . + - _ が使えます。登録済みの事務局の職員なら、そのまま残します。",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    admin_display_name = TypedTextField(
        label="事務局の職員の表示名", max_length=100, required=False, help_text="例: 共生 花子(省略可)"
    )
    reset_password = forms.BooleanField(
        label="登録済みの事務局の職員に新しい一時パスワードを発行する",
        required=False,
        help_text="本人がパスワードを忘れたときに使います。いまのパスワードは使えなくなります。",
    )


class StaffSheetUploadForm(WorkbookUploadForm):
    """The staff sheet to register: the template's .xlsx, or a CSV file (UTF-8 or Shift_JIS)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "職員の一覧(.xlsx または .csv)"

    def clean_file(self) -> UploadedFile:
        uploaded: UploadedFile = self.cleaned_data["file"]
        if not (uploaded.name or "").lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(
                "Excel ブック(.xlsx)か CSV ファイル(.csv)を選んでください。古い形式(.xls)は読めません。"
            )
        try:
            check_upload_size(uploaded.size or 0, uploaded.name or "")
        except WorkbookFormatError as error:
            raise forms.ValidationError(str(error)) from error
        return uploaded
