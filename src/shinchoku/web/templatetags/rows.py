"""Tags that draw the rows of long tables, outlines and charts: a scale-10 dashboard has about a
thousand rows, which a loop in a template renders ten times slower than these tags.

Each tag's docstring says what it draws and for which template. The markup is escaped with
:func:`html.escape`: what ``django.utils.html.escape`` does, without the lazy-text check that
function makes on every call.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from shinchoku.core.charts import BarChart
from shinchoku.evaluations.selectors import BreakdownRow, OutlineRow, ProjectChange
from shinchoku.plans.models import Plan, PlanNode
from shinchoku.web.templatetags.shinchoku import department_ratings, rating_badge, rating_code, site_addresser

register = template.Library()


@register.simple_tag(takes_context=True)
def change_rows(context: template.Context, changes: list[ProjectChange], key: str) -> SafeString:
    """The rows of a table of ``includes/year_changes.html`` (``key`` as :func:`change_lists` gives
    it): each project linked to its page, then its ratings of the previous year and of this one by
    their codes alone (the key before the tables gives their definitions); 「記載なし」 for the
    year a new or an ended project has no entry, or why it has none when its years say so
    (「令和7年度から開始」「終了(令和6年度まで)」)."""
    project_url = site_addresser(context, "project", 2)
    rows = []
    for item in changes:
        project = item.project
        before = escape(item.reason or "記載なし") if key == "new" else rating_code(item.before)
        after = escape(item.reason or "記載なし") if key == "ended" else rating_code(item.after)
        rows.append(
            f'<tr><th scope="row"><a href="{escape(project_url(project.plan_id, project.pk))}">'
            f"{_code_title(project)}</a></th><td>{before}</td><td>{after}</td></tr>\n"
        )
    return mark_safe("".join(rows))


@register.simple_tag(takes_context=True)
def breakdown_rows(context: template.Context, rows: list[BreakdownRow], plan: Plan, year: int) -> SafeString:
    """The rows of a breakdown table of ``web/dashboard.html``: each group linked to its page in
    ``plan`` (a node's page at ``year``), then each rating's count with its share of the rated (no
    share when nothing is rated: never 0%), each non-rating code's count (never a share), the
    unrated and the total."""
    node_url, department_url = site_addresser(context, "node", 2), site_addresser(context, "department", 2)
    lines = []
    for row in rows:
        if row.node is not None:
            url = f"{node_url(plan.pk, row.node.pk)}?year={year}"
        else:
            assert row.department is not None
            url = department_url(plan.pk, row.department.pk)
        counts = row.tally
        cells = "".join(
            f'<td class="num">{count}件<span class="share">({_percent(counts.share(code))})</span></td>'
            if counts.rated
            else f'<td class="num">{count}件</td>'
            for code, count in counts.counts.items()
        ) + "".join(f'<td class="num">{count}件</td>' for count in counts.others.values())
        lines.append(
            f'<tr><th scope="row"><a href="{escape(url)}">{escape(row.label)}</a></th>{cells}'
            f'<td class="num">{counts.unrated}件</td><td class="num">{counts.total}件</td></tr>\n'
        )
    return mark_safe("".join(lines))


@register.simple_tag(takes_context=True)
def outline_rows(
    context: template.Context, rows: list[OutlineRow], year: int | None, show_ratings: object
) -> SafeString:
    """The items of ``includes/outline.html``'s nested lists, one per row: the node's level and
    linked code and title (a node's page at ``year``, when given); for a project, its cross-listed
    original and its owners; when ``show_ratings`` (the page's round) is set, the tally of the
    projects below a node and the rating of a row that shows one. Each item then opens the list
    of its children, or ends with its own list and the ``row.closes`` enclosing ones."""
    project_url, node_url = site_addresser(context, "project", 2), site_addresser(context, "node", 2)
    query = f"?year={year}" if year else ""
    parts = []
    for row in rows:
        node, level_label = row.node, escape(row.node.level_label)
        parts.append(
            f'<li class="tree__item tree__item--level-{node.level}"><div class="tree__row">'
            f'<span class="tree__level">{level_label}</span>\n'
        )
        if row.is_project:
            parts.append(f'<a href="{escape(project_url(node.plan_id, node.pk))}">{_code_title(node)}</a>\n')
            if row.original is not None:
                original_url = escape(project_url(row.original.plan_id, row.original.pk))
                parts.append(
                    '<span class="tag">再掲</span> <span class="tree__relist">(元の事業: '
                    f'<a href="{original_url}">{_code_title(row.original)}</a>)</span>'
                )
            source = node.shared_from if node.shared_from_id is not None else None
            if source is not None:  # 共通事業 (see web/includes/shared_from.html)
                label = escape(f"共通事業({source.plan.title} {source.code})")
                parts.append(f' <span class="shared-from">{label}</span>')
            parts.append("\n")
            if row.owners:
                names = "、".join(escape(owner.name) for owner in row.owners)
                parts.append(
                    f'<span class="tree__owners"><span class="visually-hidden">事業主体:</span>{names}</span>'
                )
        else:
            parts.append(
                f'<a href="{escape(node_url(node.plan_id, node.pk))}{query}">{_code_title(node)}</a>'
            )
        parts.append("\n")
        if show_ratings:
            if row.tally is not None:
                counts = [*row.tally.columns, ("未評価", row.tally.unrated)]
                spans = "".join(f'<span class="tree__count">{escape(code)} {n}</span>' for code, n in counts)
                parts.append(
                    '<span class="tree__tally"><span class="visually-hidden">含まれる事業の評価:</span>'
                    f"{spans}</span>"
                )
            parts.append("\n")
            if row.show_rating:
                subject = "評価" if row.is_project else f"この{level_label}の評価"
                parts.append(
                    # A div: the per-department ratings are a list, which a span may not hold.
                    f'<div class="tree__rating"><span class="visually-hidden">{subject}:</span>'
                    f"{rating_badge(row.rating)}{department_ratings(row.department_ratings)}</div>"
                )
        parts.append("\n</div>")
        parts.append(
            '<ul class="tree__children">' if row.has_children else "</li>" + "</ul></li>" * row.closes
        )
        parts.append("\n")
    return mark_safe("".join(parts))


@register.simple_tag
def bar_rows(chart: BarChart, prefix: str) -> SafeString:
    """The rows of ``includes/bar_chart.html``'s chart (``prefix``: the chart's, for its fills).

    Each row is a group moved to the row's top: its label, its segments (filled with the colour and
    pattern of their code's place on the scale, labelled with the code when wide enough) or a
    dashed empty bar, then the counts of its non-rating codes and of the unrated.
    """
    fill, y, height = escape(prefix) + "-fill-", chart.text_y, chart.bar_height
    parts = []
    for row in chart.rows:
        parts.append(
            f'<g transform="translate(0 {row.y})">'
            f'<text class="chart-row-label" x="{chart.label_x}" y="{y}">{escape(row.label)}</text>'
        )
        for segment in row.segments:
            parts.append(
                f'<rect class="bar-segment" x="{segment.x}" width="{segment.width}" height="{height}"'
                f' fill="url(#{fill}{segment.style})"/>'
            )
            if segment.labelled:
                parts.append(
                    f'<text class="bar-label bar-label--{segment.style}" x="{segment.text_x}" y="{y}">'
                    f"{escape(segment.code)}</text>"
                )
        if not row.segments:
            parts.append(
                f'<rect class="bar-empty" x="{chart.label_width}" width="{chart.bar_width}"'
                f' height="{height}"/>'
                f'<text class="chart-note" x="{chart.note_x}" y="{y}">評価済みの事業なし</text>'
            )
        parts.append(f'<text class="chart-note" x="{chart.tail_x}" y="{y}">{escape(row.tail)}</text></g>\n')
    return mark_safe("".join(parts))


def _code_title(node: PlanNode) -> str:
    return f"{escape(node.code)} {escape(node.display_title)}"


def _percent(share: float | None) -> str:
    """0.4567 → 46%; empty for None (nothing rated: no share at all, never 0%)."""
    return "" if share is None else f"{share * 100:.0f}%"
