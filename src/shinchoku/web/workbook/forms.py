"""Forms of the Excel round-trip pages: the file to upload, and the confirmation of a preview."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict

from shinchoku.ingest.workbook.limits import LIMITS_TEXT, MAX_UPLOAD_BYTES, check_upload_size
from shinchoku.ingest.workbook.problems import WorkbookFormatError

# Room for the form's other fields and the multipart boundaries around the file.
_REQUEST_OVERHEAD = 64 * 1024
TOO_LARGE = f"ファイルが大きすぎるため受け取りませんでした。{LIMITS_TEXT}"


def upload_too_large(content_length: str | None) -> bool:
    """Whether a request announcing ``content_length`` bytes is larger than any accepted file;
    checked before Django reads the body, so that such a file is never written to disk."""
    try:
        return int(content_length or 0) > MAX_UPLOAD_BYTES + _REQUEST_OVERHEAD
    except ValueError:
        return False


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label="評価入力用ファイル(.xlsx)",
        error_messages={
            "required": "ファイルを選んでください。",
            "empty": "ファイルが空です。保存したファイルを選んでください。",
            "invalid": "ファイルを受け取れませんでした。もう一度選んでください。",
        },
    )

    def clean_file(self) -> UploadedFile:
        uploaded: UploadedFile = self.cleaned_data["file"]
        if not (uploaded.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "Excel ブック(.xlsx)を選んでください。古い形式(.xls)や CSV は読めません。"
            )
        try:
            check_upload_size(uploaded.size or 0, uploaded.name or "")
        except WorkbookFormatError as error:
            raise forms.ValidationError(str(error)) from error
        return uploaded


class WorkbookCommitForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    file_name = forms.CharField(max_length=255, widget=forms.HiddenInput)


def too_large_form() -> WorkbookUploadForm:
    """The upload form showing :data:`TOO_LARGE` at its file field (the body was not read)."""
    form = WorkbookUploadForm(data={}, files=MultiValueDict())
    form.full_clean()
    form.errors["file"] = form.error_class([TOO_LARGE])
    return form
