"""The 説明 sheet: what every sheet and column of the plan workbook means, in Japanese."""

from __future__ import annotations

from shinchoku.plans.workbook import layout

INTRODUCTION = (
    "このファイルは計画の体系ファイルです。計画一つ分(自治体、評価基準、担当課、体系、指標、過去の評価と実績)を"
    "1つの Excel ファイルで表します。shinchoku plan import または職員画面の「計画の体系ファイル」から"
    "取り込むと、"
    "変更点を確認してから、すべてを一度に反映します(問題が一つでもあれば何も変更しません)。",
    "シート名と1行目の見出しは変えないでください。列の順番は入れ替えても、見出しのない列を加えてもかまいません"
    "(加えた列は読みません)。数式は使えません。値を直接入力してください。",
    "年度は 令和5年度、R5、2023 のどれでも入力できます。",
    "同じファイルをもう一度取り込んでも何も変わりません。書き出したファイルを編集して取り込むと、"
    "編集した行だけが変わります(体系は番号、指標は事業の番号と指標名で対応づけます)。"
    "行を削除すると、その項目を削除します。ただし評価や実績値が入力された項目は削除できません(エラーになります)。",
)

# (sheet, column, explanation)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    (layout.PLAN_SHEET, layout.ITEM_MUNICIPALITY, "自治体名。shinchoku setup で登録した名称と同じにします。"),
    (
        layout.PLAN_SHEET,
        layout.ITEM_CODE,
        "全国地方公共団体コード(6桁、検査数字を含む)。登録済みの自治体と一致する必要があります。",
    ),
    (
        layout.PLAN_SHEET,
        layout.ITEM_TITLE,
        "計画名。同じ自治体の同じ計画名の計画を更新します(なければ新しく作ります)。",
    ),
    (layout.PLAN_SHEET, layout.ITEM_FIRST_YEAR, "計画期間の初年度(例: 令和6年度、2024)。"),
    (layout.PLAN_SHEET, layout.ITEM_LAST_YEAR, "計画期間の最終年度。"),
    (
        layout.PLAN_SHEET,
        layout.ITEM_LEVELS,
        "体系の階層の名称を上位から「、」で区切って2〜6個(例: 基本方針、施策、事業)。"
        "最後の階層の項目を、担当課が毎年評価します。",
    ),
    (
        layout.PLAN_SHEET,
        layout.ITEM_EVALUATION_LEVEL,
        "評価をまとめる階層(まとめの評価・委員意見・報告書の章の単位)。最後の階層より上の名称を一つ入力します。",
    ),
    (
        layout.PLAN_SHEET,
        layout.ITEM_RULE,
        "複数の担当課がある事業の評価の決め方: " + "・".join(layout.RULE_WORDS.values()) + "。",
    ),
    (
        layout.PLAN_SHEET,
        layout.ITEM_FORMULA,
        "(省略可)指標の達成率の計算方法: "
        + "・".join(layout.FORMULA_WORDS.values())
        + "。省略すると今の設定のままです。",
    ),
    (
        layout.PLAN_SHEET,
        layout.ITEM_APPROVAL,
        "(省略可)担当課の評価が所属長の承認を経るか: はい・いいえ。省略すると今の設定のままです。",
    ),
    (layout.CODES_SHEET, "記号", "評価の記号(S、A、◎ など)。よい評価から順に並べます。"),
    (layout.CODES_SHEET, "名称", "記号の名称(例: 順調)。"),
    (layout.CODES_SHEET, "定義", "その評価をつける基準。"),
    (
        layout.CODES_SHEET,
        "評価として数える",
        "はい: 評価として集計します。"
        "いいえ: 未着手・評価困難などの評価でない区分で、未評価とは別に数えます。",
    ),
    (layout.DEPARTMENTS_SHEET, "名称", "担当課・事業主体の名称。自治体で一つずつです。"),
    (layout.DEPARTMENTS_SHEET, "種別", "市の組織 または 外部団体(社会福祉協議会など)。"),
    (layout.DEPARTMENTS_SHEET, "メールアドレス", "(省略可)課の共有アドレス。提出の督促を送ります。"),
    (layout.DEPARTMENTS_SHEET, "内線", "(省略可)課の内線番号。"),
    (
        layout.DEPARTMENTS_SHEET,
        layout.PREVIOUS_NAME,
        "(省略可)組織改編で名称を変えた担当課の、変更前の名称。名称を変えるときは、名称に新しい名称、"
        "旧名称にいまの名称を入力します。変更年度より前の年度の評価・報告書は旧名称のまま表示します。"
        "書き出したファイルには最後の名称変更が入っています。消さずに残してください。",
    ),
    (
        layout.DEPARTMENTS_SHEET,
        layout.RENAMED_FROM,
        "(省略可)新しい名称になる年度(例: 令和7年度、2025)。旧名称と一緒に入力します。"
        "公表済みの年度に載っている担当課は、その翌年度以降にしてください。",
    ),
    (
        layout.NODES_SHEET,
        "番号",
        "項目の番号(例: 1、1-2、1-2-3)。計画の中で一つずつにします。取込のときはこの番号で対応づけます。",
    ),
    (layout.NODES_SHEET, "上位の番号", "一つ上の階層の項目の番号。最上位の階層では空欄にします。"),
    (
        layout.NODES_SHEET,
        "階層",
        "「計画」シートの階層の名称のどれか。上位の番号の項目のすぐ下の階層にします。",
    ),
    (layout.NODES_SHEET, "名称", "項目の名称。"),
    (layout.NODES_SHEET, "説明・事業内容", "説明や事業内容(改行できます)。"),
    (
        layout.NODES_SHEET,
        "担当課",
        "最後の階層の項目の担当課。「担当課」シートの名称を「、」で区切って入力し、最初が主担当課です。",
    ),
    (layout.NODES_SHEET, "計画最終年度までの目標", "その項目全体の、計画最終年度までの目標。"),
    (
        layout.NODES_SHEET,
        "再掲元の番号",
        "再掲の行のときだけ、再掲元の項目の番号。再掲の行には評価・指標を入力しません。",
    ),
    (
        layout.NODES_SHEET,
        layout.SHARED_HEADER,
        "(省略可)同じ自治体のほかの計画と共通の項目(共通事業)のときだけ、元の計画の項目を"
        "「<計画名> <番号>」で入力します(例: 北本市地域福祉計画 1-1-1-2。計画名と番号の間は空白)。"
        "評価と担当課は元の計画のものを表示し、この計画でも集計します。共通事業の行には担当課と評価を入力しません。",
    ),
    (
        layout.NODES_SHEET,
        layout.NODE_FIRST_YEAR,
        "(省略可)計画の途中から始める事業の最初の年度(例: 令和7年度、2025)。空欄は計画の初年度からです。"
        "最後の階層の(再掲でない)行にだけ書きます。",
    ),
    (
        layout.NODES_SHEET,
        layout.NODE_LAST_YEAR,
        "(省略可)計画の途中で終える事業の最後の年度(中間見直し)。空欄は計画の最終年度までです。"
        "次の年度からは評価を求めません。締め切った年度・公表した年度の評価は残ります。",
    ),
    (
        layout.NODES_SHEET,
        layout.NODE_CONTINUES,
        "(省略可)この事業が引き継ぐ、前の計画期間の事業。前の計画の計画名と番号を空白で区切って書きます"
        "(例: 第3期地域福祉計画 1-2-3)。事業のページに前期からの評価の推移が載ります。",
    ),
    (layout.INDICATORS_SHEET, "事業の番号", "指標をもつ項目の番号(「体系」シートの番号)。"),
    (layout.INDICATORS_SHEET, "指標名", "指標の名称。同じ項目の中で一つずつにします。"),
    (layout.INDICATORS_SHEET, "単位", "単位(人、回、% など)。"),
    (layout.INDICATORS_SHEET, "基準値", "基準値(数値)。"),
    (layout.INDICATORS_SHEET, "基準年度", "基準値の年度。"),
    (layout.INDICATORS_SHEET, "目標値", "目標値(数値)。"),
    (layout.INDICATORS_SHEET, "目標年度", "目標値の年度。"),
    (layout.INDICATORS_SHEET, "方向", "増やす・減らす・維持 のどれか(空欄は増やす)。"),
    (
        layout.TARGETS_SHEET,
        "事業の番号",
        "(このシートは省略可)年度ごとの目標(中間目標)をもつ指標の事業の番号。",
    ),
    (layout.TARGETS_SHEET, "指標名", "「指標」シートの指標名。"),
    (layout.TARGETS_SHEET, "年度", "目標の年度。"),
    (
        layout.TARGETS_SHEET,
        "目標値",
        "その年度の目標値(数値)。このシートがあるときは、シートにない年度別目標を削除します。",
    ),
    (
        layout.EVALUATIONS_SHEET,
        "年度",
        "(このシートは省略可)過去の年度の評価。ここに書いた年度は締切済の年度として取り込みます(公表は事務局が行います)。",
    ),
    (layout.EVALUATIONS_SHEET, "事業の番号", "評価する項目の番号(再掲でない最後の階層)。"),
    (layout.EVALUATIONS_SHEET, "担当課", "評価した担当課。その項目の担当課のどれかです。"),
    (layout.EVALUATIONS_SHEET, "進捗状況", "その年度の進捗状況。"),
    (layout.EVALUATIONS_SHEET, "評価", "「評価基準」シートの記号のどれか。空欄は未評価です。"),
    (layout.EVALUATIONS_SHEET, "評価の理由・課題", "評価の理由や課題。"),
    (layout.EVALUATIONS_SHEET, "次年度の目標", "次年度の目標。"),
    (layout.VALUES_SHEET, "事業の番号", "(このシートは省略可)実績値をもつ指標の事業の番号。"),
    (layout.VALUES_SHEET, "指標名", "「指標」シートの指標名。"),
    (layout.VALUES_SHEET, "年度", "実績の年度。締切済の年度として取り込みます。"),
    (layout.VALUES_SHEET, "実績値", "実績値(数値)。"),
)
CLOSING = (
    "「評価」「実績」シートにない行は削除しません。公表済の年度や、まだ締め切っていない年度の評価・実績は"
    "取込では変えられません(変えようとするとエラーになります)。"
)
