"""Corrections (正誤) of a published year: the 事務局's forms and the 正誤表.

The forms correct what the published year shows (an entry, a node's name or description, a
department's name) through :mod:`shinchoku.editions.services`; the year stays published. The
正誤表 lists every correction of a round, on the staff site and on the public site.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from shinchoku.accounts import permissions
from shinchoku.editions.corrections import corrections_of
from shinchoku.editions.models import Correction
from shinchoku.editions.services import NAME_FIELDS, correct_entry, correct_name
from shinchoku.editions.structure import codes_of, plan_as_shown, shown_row
from shinchoku.evaluations.models import Entry, Round
from shinchoku.evaluations.services.errors import EntryValidationError, StaleRecordError
from shinchoku.web.audience import Audience
from shinchoku.web.editions.forms import NO_RATING, EntryCorrectionForm, NameCorrectionForm
from shinchoku.web.page_cache import cached_page
from shinchoku.web.page_scopes import plan_city
from shinchoku.web.rounds.access import managed_round, render_staff, signed_in

STALE = "ほかの人が先に訂正しました。いまの内容を確かめてから、もう一度訂正してください。"


def _published(round_: Round) -> Round:
    if not round_.is_published:
        raise Http404("訂正できるのは、公表した年度だけです。")
    return round_


def entry_correction(request: HttpRequest, entry_id: int) -> HttpResponse:
    """GET: the published entry's fields to correct; POST: correct them with a reason."""
    related = ("round__plan__municipality", "project", "department", "rating")
    entry = get_object_or_404(Entry.objects.select_related(*related), pk=entry_id)
    if not permissions.can_manage_rounds(signed_in(request), entry.round.plan):
        raise PermissionDenied("公表した年度を訂正できるのは、その計画の事務局だけです。")
    round_ = _published(entry.round)
    codes = codes_of(round_)
    stale = ""
    if request.method == "POST":
        form = EntryCorrectionForm(request.POST, codes=codes)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = correct_entry(
                    signed_in(request),
                    entry.pk,
                    form.changes(),
                    data["correction_reason"],
                    version=data["version"],
                )
            except StaleRecordError as error:
                form.carry_version(error.current_version)
                stale = STALE
            except EntryValidationError as error:
                for field, message in error.errors.items():
                    form.add_error("correction_reason" if field == "reason" else field, message)
            else:
                messages.success(
                    request, f"{len(made)} 件の訂正を記録しました。" if made else "変更はありません。"
                )
                return redirect("web:round_corrections", round_id=round_.pk)
    else:
        initial = {
            name: getattr(entry, name) for name in EntryCorrectionForm.base_fields if hasattr(entry, name)
        }
        initial |= {"rating": entry.rating.code if entry.rating else NO_RATING, "version": entry.version}
        form = EntryCorrectionForm(initial=initial, codes=codes)
    context = {"entry": entry, "round": round_, "form": form, "stale": stale}
    status = 409 if stale else 400 if form.errors else 200
    return render_staff(request, "web/editions/entry_correction.html", context, status)


def node_correction(request: HttpRequest, round_id: int, node_id: int) -> HttpResponse:
    """A node's title and description as the published year shows them, to correct."""
    return _name_correction(request, round_id, Correction.Kind.NODE, node_id)


def department_correction(request: HttpRequest, round_id: int, department_id: int) -> HttpResponse:
    """A department's name as the published year shows it, to correct."""
    return _name_correction(request, round_id, Correction.Kind.DEPARTMENT, department_id)


def _name_correction(
    request: HttpRequest, round_id: int, kind: Correction.Kind, target_id: int
) -> HttpResponse:
    round_ = _published(managed_round(request, round_id))
    row = shown_row(round_, kind, target_id)
    if row is None:
        raise Http404("この年度の公表内容に、訂正する項目がありません。")
    labels = NAME_FIELDS[kind]
    shown = {name: row.get(name) or "" for name in labels}
    form = NameCorrectionForm(request.POST or None, labels=labels, initial=_name_initial(shown))
    stale = ""
    if request.method == "POST" and form.is_valid():
        try:
            correct_name(
                signed_in(request),
                round_.pk,
                kind=kind,
                target_id=target_id,
                values=form.values(),
                expected=form.expected(),
                reason=form.cleaned_data["correction_reason"],
            )
        except StaleRecordError:
            stale = STALE  # the reader's input stays; the values shown are now the current ones
            form = NameCorrectionForm(labels=labels, initial=_name_initial(shown) | form.values())
        except EntryValidationError as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else "correction_reason", message)
        else:
            messages.success(request, "訂正を記録しました。")
            return redirect("web:round_corrections", round_id=round_.pk)
    context = {"round": round_, "row": row, "kind": kind, "form": form, "stale": stale}
    status = 409 if stale else 400 if form.errors else 200
    return render_staff(request, "web/editions/name_correction.html", context, status)


def _name_initial(shown: dict[str, str]) -> dict[str, str]:
    return shown | {f"expected_{name}": value for name, value in shown.items()}


def round_corrections(request: HttpRequest, round_id: int) -> HttpResponse:
    """The 事務局's 正誤表 of a round: every correction, with who made it."""
    round_ = managed_round(request, round_id)
    context = {
        "round": round_,
        "plan": round_.plan,
        "corrections": corrections_of(round_).rows,
        "staff": True,
    }
    return render_staff(request, "web/editions/corrections.html", context)


@cached_page(scope=plan_city)
def corrections_table(request: HttpRequest, audience: Audience, plan_id: int, year: int) -> HttpResponse:
    """The 正誤表 of a year the reader may see (public: published years only)."""
    round_ = get_object_or_404(
        Round.objects.select_related("plan__municipality"), plan_id=plan_id, fiscal_year=year
    )
    if round_ not in audience.rounds(request.user, round_.plan):
        raise Http404("この年度の正誤表は表示できません。")
    context = {
        "round": round_,
        "plan": plan_as_shown(round_.plan, round_),
        "corrections": corrections_of(round_).rows,
        "audience": audience,
    }
    return render(request, "web/editions/corrections.html", context)
