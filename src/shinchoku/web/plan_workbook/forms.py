"""Forms of the plan workbook page: the file to upload, and the confirmation of its preview."""

from __future__ import annotations

from django import forms

from shinchoku.web.workbook.forms import WorkbookUploadForm


class PlanWorkbookUploadForm(WorkbookUploadForm):
    """The entry workbook's upload form (same checks of type and size), labelled for the plan."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = "計画の体系ファイル(.xlsx)"


class PlanWorkbookCommitForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    file_name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    publish = forms.BooleanField(
        label="「評価」「実績」シートの年度を公表する",
        required=False,
        help_text="チェックしないと、取り込んだ年度は締切済のままです(公表は年度の進行管理から行えます)。",
    )
