"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Paths are written by hand below; the schemas of table rows are generated from the open-data
columns (:mod:`shinchoku.reports.opendata.columns`), so they cannot drift from the data. A test
checks that every URL pattern of the ``api`` namespace is described here and nothing else is.
"""

from __future__ import annotations

from typing import Any

from shinchoku.api.responses import MAX_PER_PAGE
from shinchoku.core.indicators import AchievementFormula
from shinchoku.reports.opendata.columns import Column, Kind, entry_columns, evaluation_columns
from shinchoku.reports.opendata.document import SCHEMA_VERSION

_TYPES: dict[Kind, list[str]] = {
    "text": ["string", "null"],
    "integer": ["integer", "null"],
    "decimal": ["number", "null"],
    "flag": ["boolean"],
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _row_schema(columns: list[Column[Any]], note: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": note,
        "properties": {c.key: {"type": _TYPES[c.kind], "title": c.header} for c in columns},
        # level1_code, level1_title …: one pair per level above the projects; see level_labels.
        "additionalProperties": {"type": ["string", "null"]},
    }


def _page(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["count", "page", "per_page", "pages", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer", "maximum": MAX_PER_PAGE},
            "pages": {"type": "integer"},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": _ref(item)},
        },
    }


_OBJECT = {"type": "object"}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
_SUMMARY = {
    "type": "object",
    "description": (
        "事業の評価の件数(再掲を除く)。projects = rated + non_rating_counts の合計 + unrated。"
        "割合を求めるときは rated(評価の記号がついた事業)を分母にしてください。"
    ),
    "required": ["projects", "rated", "unrated", "counts", "non_rating_counts"],
    "properties": {
        "projects": {"type": "integer", "minimum": 0, "description": "事業数(再掲を除く)"},
        "rated": {"type": "integer", "minimum": 0, "description": "評価の記号がついた事業の数"},
        "unrated": {"type": "integer", "minimum": 0, "description": "未評価(記号が何もない)事業の数"},
        "counts": _COUNTS | {"description": "評価の記号ごとの件数(評価基準の順)"},
        "non_rating_counts": _COUNTS
        | {"description": "評価ではない区分(未着手・評価困難など)ごとの件数(評価基準の順)"},
    },
}


def _list(key: str, item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": [key], "properties": {key: {"type": "array", "items": item}}}


_OPINION = {
    "node_id": {"type": "string", "title": "項目ID(意見の対象)"},
    "node_code": {"type": "string", "title": "番号"},
    "level_label": {"type": "string", "title": "階層の名称"},
    "node_title": {"type": "string", "title": "名称"},
    "position": {"type": "integer", "title": "同じ項目の中の順番"},
    "opinion": {"type": "string", "title": "委員意見"},
    "response": {"type": ["string", "null"], "title": "市の考え方(未回答は null)"},
}

_PLAN_ID = {"name": "plan_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_YEAR = {
    "name": "year",
    "in": "path",
    "required": True,
    "description": "年度(西暦。令和5年度は 2023)",
    "schema": {"type": "integer"},
}
_PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}},
]

_PLACES = [
    *_PAGING,
    {
        "name": "prefecture",
        "in": "query",
        "description": "都道府県コード(2桁、01〜47。埼玉県は 11)の自治体に限る",
        "schema": {"type": "string", "pattern": "^(0[1-9]|[1-3][0-9]|4[0-7])$"},
    },
    {
        "name": "municipality",
        "in": "query",
        "description": "全国地方公共団体コード(6桁、または検査数字を除く5桁)の自治体に限る",
        "schema": {"type": "string", "pattern": "^[0-9]{5,6}$"},
    },
]


def _get(
    summary: str, schema: dict[str, Any], parameters: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    errors = {
        status: {"description": text, "content": {"application/json": {"schema": _ref("Error")}}}
        for status, text in (("400", "指定の誤り"), ("404", "見つからない、または公開されていない"))
    }
    return {
        "get": {
            "summary": summary,
            "parameters": parameters or [],
            "responses": {
                "200": {"description": "成功", "content": {"application/json": {"schema": schema}}},
                "304": {"description": "変更なし(If-None-Match が ETag と一致)"},
                **errors,
            },
        }
    }


_FORMULA: dict[str, Any] = {
    "type": "object",
    "description": "各値の achievement_rate の計算方法。description は達成率の横に示す文",
    "required": ["code", "label", "description"],
    "properties": {
        "code": {"type": "string", "enum": [formula.value for formula in AchievementFormula]},
        "label": {"type": "string"},
        "description": {"type": "string"},
    },
}

PATHS: dict[str, dict[str, Any]] = {
    "/api/v1/openapi.json": _get("この API の説明(OpenAPI 3.1)", _OBJECT),
    "/api/v1/municipalities/": _get(
        "自治体の一覧(全国地方公共団体コードの順)", _page("Municipality"), _PLACES
    ),
    "/api/v1/plans/": _get("計画の一覧(閲覧できる年度つき、自治体のコードの順)", _page("Plan"), _PLACES),
    "/api/v1/plans/{plan_id}/": _get("計画(評価基準と閲覧できる年度)", _ref("Plan"), [_PLAN_ID]),
    "/api/v1/plans/{plan_id}/nodes/": _get(
        "計画の体系(計画ごとの階層の項目の木)",
        _OBJECT | {"properties": {"nodes": {"type": "array"}}},
        [_PLAN_ID],
    ),
    "/api/v1/plans/{plan_id}/indicators/": _get(
        "数値指標と閲覧できる年度の実績値", _page("Indicator"), [_PLAN_ID, *_PAGING]
    ),
    "/api/v1/plans/{plan_id}/rounds/": _get(
        "閲覧できる年度の一覧",
        _OBJECT | {"properties": {"rounds": {"type": "array", "items": _ref("Round")}}},
        [_PLAN_ID],
    ),
    "/api/v1/plans/{plan_id}/rounds/{year}/": _get(
        "年度の評価全体(オープンデータの JSON と同じ内容)", _ref("Document"), [_PLAN_ID, _YEAR]
    ),
    "/api/v1/plans/{plan_id}/rounds/{year}/entries/": _get(
        "担当課ごとの評価(事業×担当課ごとに1件)", _page("EntryRow"), [_PLAN_ID, _YEAR, *_PAGING]
    ),
    "/api/v1/plans/{plan_id}/rounds/{year}/evaluations/": _get(
        "評価する項目より上の項目の評価", _page("EvaluationRow"), [_PLAN_ID, _YEAR, *_PAGING]
    ),
    "/api/v1/plans/{plan_id}/rounds/{year}/opinions/": _get(
        "推進委員会の意見と市の考え方(計画の体系の順)", _page("Opinion"), [_PLAN_ID, _YEAR, *_PAGING]
    ),
}


def document() -> dict[str, Any]:
    """The OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "shinchoku 進行管理データ API",
            "version": "1.0",
            "description": (
                "計画の体系・年度ごとの評価・数値指標を読み取るための API です(読み取り専用)。"
                "ログインしていない場合は公表済みの年度だけを返します。"
                f"項目の意味は docs/opendata.md(データ形式 {SCHEMA_VERSION})を参照してください。"
            ),
        },
        "paths": PATHS,
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "code", "message"],
                            "properties": {
                                "status": {"type": "integer"},
                                "code": {"type": "string"},
                                "message": {"type": "string", "description": "日本語のメッセージ"},
                            },
                        }
                    },
                },
                "Municipality": _OBJECT | {"required": ["code", "name", "plans"]},
                "Plan": _OBJECT
                | {
                    "required": ["id", "title", "municipality", "level_labels", "evaluation_level"],
                    "properties": {"achievement_formula": _FORMULA},
                },
                "Round": _OBJECT | {"required": ["fiscal_year", "fiscal_year_wareki", "state"]},
                "Indicator": _OBJECT
                | {
                    "required": ["id", "node_id", "label", "values"],
                    "properties": {
                        "achievement_formula": {
                            "type": "string",
                            "enum": [formula.value for formula in AchievementFormula],
                            "description": "計画の達成率の計算方法(Plan の achievement_formula.code と同じ)",
                        }
                    },
                },
                "Document": _OBJECT
                | {
                    "required": ["schema_version", "plan", "fiscal_year", "nodes"],
                    "properties": {"summary": _SUMMARY},
                },
                "EntryRow": _row_schema(entry_columns([]), "CSV(table=entries)の1行と同じ項目"),
                "EvaluationRow": _row_schema(evaluation_columns(), "CSV(table=evaluations)の1行と同じ項目"),
                "Opinion": {"type": "object", "required": list(_OPINION), "properties": _OPINION},
            }
        },
    }
