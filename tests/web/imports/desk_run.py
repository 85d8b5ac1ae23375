"""A small import run on the tiny plan's published year, with one item of each status, for the
judges (page types) and the permission matrix: the desk page and its confirm action need one."""

from __future__ import annotations

from shinchoku.evaluations.models import Entry
from shinchoku.ingest.models import ImportReviewItem, ImportRun
from shinchoku.ingest.report_text.commit import REPORT_TEXT_FORMAT
from shinchoku.ingest.review.observe import observe
from tests.evaluations.tiny_plan import TinyPlan

Kind = ImportReviewItem.Kind
Status = ImportReviewItem.Status


def desk_run(tiny: TinyPlan) -> ImportRun:
    """The tiny plan's import run (made once): a name and a rating still open, owners confirmed,
    a document-level item (no object) open."""
    existing = ImportRun.objects.filter(round=tiny.published).first()
    if existing is not None:
        return existing
    run = ImportRun.objects.create(
        round=tiny.published, source_format=REPORT_TEXT_FORMAT, file_name="報告書.txt", sha256="0" * 64
    )
    entry = Entry.objects.filter(round=tiny.published, project=tiny.single).first()
    round_id = tiny.published.pk
    rows = [
        (Kind.NAME, "name", tiny.single, None, "title", Status.OPEN, "事業名の欄が空です。", ""),
        (
            Kind.RATING,
            "rating",
            tiny.single,
            entry,
            "rating",
            Status.OPEN,
            "評価欄の「R」は読めません。",
            "R",
        ),
        (
            Kind.OWNERS,
            "owners",
            tiny.shared,
            None,
            "owners",
            Status.CONFIRMED,
            "事業主体を補いました。",
            "社",
        ),
        (Kind.STRUCTURE, "legend", None, None, "", Status.OPEN, "評価の凡例が見つかりません。", ""),
    ]
    ImportReviewItem.objects.bulk_create(
        ImportReviewItem(
            run=run,
            position=position,
            kind=kind,
            field=field,
            line=10 + position,
            where="文書" if node is None else f"事業「{node.title}」",
            message=message,
            raw=raw,
            node=node,
            entry=entry_,
            target=target,
            imported=observe(node, entry_, target, round_id),
            status=status,
            note="原本で確認しました。" if status == Status.CONFIRMED else "",
        )
        for position, (kind, field, node, entry_, target, status, message, raw) in enumerate(rows)
    )
    return run


def open_item(tiny: TinyPlan) -> ImportReviewItem:
    item = desk_run(tiny).items.filter(status=Status.OPEN).order_by("position").first()
    assert item is not None
    return item
