"""The 未提出 list of a round for the 事務局: a printable page (A4) and the same rows as CSV
(UTF-8 with BOM for Excel, every text cell through :func:`csv_safe`)."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from shinchoku.core.cells import csv_safe
from shinchoku.web.rounds.access import managed_round, render_staff
from shinchoku.web.rounds.unsubmitted_selectors import UnsubmittedList, unsubmitted_list

BOM = "\ufeff"
CSV_HEADER = ("番号", "名称", "担当課", "状態", "期限超過", "担当者", "最終保存者", "メールアドレス", "内線")


def unsubmitted_csv_text(listing: UnsubmittedList) -> str:
    """The list as CSV text (BOM first, CRLF line ends); names and contacts joined by 「、」."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in listing.rows:
        entry = row.entry
        cells = (
            entry.project.code,
            entry.project.display_title,
            entry.department.name,
            entry.get_status_display(),
            "期限超過" if row.is_overdue else "",
            "、".join(row.contact.people),
            row.last_saved_by,
            "、".join(row.contact.emails),
            "、".join(row.contact.extensions),
        )
        writer.writerow([csv_safe(cell) for cell in cells])
    return BOM + out.getvalue()


def unsubmitted(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = managed_round(request, round_id)
    context = {"round": round_, "listing": unsubmitted_list(round_)}
    return render_staff(request, "web/rounds/unsubmitted.html", context)


def unsubmitted_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = managed_round(request, round_id)
    text = unsubmitted_csv_text(unsubmitted_list(round_))
    name = f"{round_.plan.title}_{round_.fiscal_year_label}_未提出.csv"
    disposition = content_disposition_header(True, name) or "attachment"
    return HttpResponse(
        text.encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )
