"""Forms of the Excel round-trip pages: the file to upload, and the confirmation of a preview."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from shinchoku.ingest.workbook.limits import check_upload_size
from shinchoku.ingest.workbook.problems import WorkbookFormatError


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
