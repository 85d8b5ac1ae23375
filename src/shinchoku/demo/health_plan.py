"""The words of the demo's second municipality, あおば市, and its 3-level 健康増進計画.

Written for the demo; none of it is taken from a real city's report. The plan has another shape
than みどり市's: 基本方針 → 施策 → 事業, rated on an S/A/B/C scale with two codes that are not
ratings (未着手, 評価困難), with outside bodies among the owners, several multi-department
projects (rated by the lead department's rating), a cross-listing (再掲) and indicators to
raise, to lower and to keep. Which project uses a non-rating code in which year is written
here, so the demo always shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shinchoku.core.indicators import Direction
from shinchoku.core.ratings import Scale, ScaleCode
from shinchoku.plans.models import Department

DIVISION = Department.Kind.DIVISION
EXTERNAL = Department.Kind.EXTERNAL

NOT_STARTED = "未着手"
HARD_TO_RATE = "評価困難"

SCALE_NAME = "S・A・B・Cの4段階評価"
SCALE = Scale(
    (
        ScaleCode("S", "S", "目標を上回る成果があり、計画以上に進んでいる"),
        ScaleCode("A", "A", "目標どおりの成果があり、順調に進んでいる"),
        ScaleCode("B", "B", "一定の成果はあるが、目標の達成にはより一層の努力が必要である"),
        ScaleCode("C", "C", "成果が乏しく、進め方の見直しが必要である"),
        ScaleCode(
            NOT_STARTED, NOT_STARTED, "計画期間の後半に始める事業で、まだ着手していない", is_rating=False
        ),
        ScaleCode(
            HARD_TO_RATE,
            HARD_TO_RATE,
            "実績を把握する調査の時期や方法の変更により、この年度は評価できない",
            is_rating=False,
        ),
    )
)

# Name and kind, in display order.
DEPARTMENTS: tuple[tuple[str, Department.Kind], ...] = (
    ("健康推進課", DIVISION),
    ("保険年金課", DIVISION),
    ("子育て支援課", DIVISION),
    ("高齢福祉課", DIVISION),
    ("学校教育課", DIVISION),
    ("スポーツ振興課", DIVISION),
    ("農政課", DIVISION),
    ("環境政策課", DIVISION),
    ("あおば市医師会", EXTERNAL),
    ("あおば市社会福祉協議会", EXTERNAL),
    ("あおば市スポーツ協会", EXTERNAL),
    ("食生活改善推進員協議会", EXTERNAL),
)


@dataclass(frozen=True)
class IndicatorWords:
    """A project's indicator; values are decimal strings, the baseline of the year before the plan."""

    label: str
    unit: str
    baseline: str
    target: str
    direction: Direction


@dataclass(frozen=True)
class ProjectWords:
    """A project (事業): owners lead first, the whole project's 計画最終年度までの目標, and when a
    department reports a code that is not a rating: ``starts`` (未着手 in every earlier year) and
    ``hard_to_rate`` (years in which the lead department reports 評価困難)."""

    title: str
    content: str
    owners: tuple[str, ...]
    keyword: str
    final_target: str
    indicator: IndicatorWords | None = None
    starts: int | None = None
    hard_to_rate: tuple[int, ...] = ()


@dataclass(frozen=True)
class MeasureWords:
    """A 施策: the level the plan evaluates."""

    title: str
    description: str
    projects: tuple[ProjectWords, ...]


@dataclass(frozen=True)
class PolicyWords:
    """A 基本方針."""

    title: str
    measures: tuple[MeasureWords, ...] = field(default_factory=tuple)


POLICIES: tuple[PolicyWords, ...] = (
    PolicyWords(
        "生活習慣の改善と生活習慣病の予防",
        (
            MeasureWords(
                "栄養・食生活の改善",
                "バランスのよい食事と減塩を、家庭・学校・地域で進めます。",
                (
                    ProjectWords(
                        "食育推進事業",
                        "○親子料理教室・食育講座の開催\n○食生活改善推進員による地区伝達講習",
                        ("健康推進課", "食生活改善推進員協議会"),
                        "食育",
                        "○食育講座の参加者数 年間延べ1,200人",
                    ),
                    ProjectWords(
                        "学校給食を通じた食育",
                        "○給食だよりによる家庭への情報提供\n○栄養教諭による食に関する指導",
                        ("学校教育課",),
                        "学校給食",
                        "○全小・中学校で食に関する指導を年2回以上実施する。",
                    ),
                    ProjectWords(
                        "地産地消の推進",
                        "○直売所マップの作成・配布\n○学校給食への市内産野菜の供給",
                        ("農政課", "学校教育課"),
                        "地産地消",
                        "○学校給食における市内産野菜の使用割合 30%",
                    ),
                    ProjectWords(
                        "減塩推進キャンペーン",
                        "○減塩メニューの協力店の登録\n○健診会場での減塩啓発",
                        ("健康推進課",),
                        "減塩",
                        "○成人の1日の食塩摂取量を8.0gに減らす。",
                        IndicatorWords("成人の1日の食塩摂取量", "g", "10.4", "8.0", Direction.DOWN),
                    ),
                ),
            ),
            MeasureWords(
                "身体活動・運動の推進",
                "日常生活の中で体を動かす人を増やし、運動を続けられる環境を整えます。",
                (
                    ProjectWords(
                        "ウォーキング推進事業",
                        "○ウォーキングマップの作成\n○ウォーキング大会の開催",
                        ("スポーツ振興課", "健康推進課"),
                        "ウォーキング",
                        "○週1回以上運動する市民の割合 55%",
                        IndicatorWords("週1回以上運動する市民の割合", "%", "42.0", "55.0", Direction.UP),
                    ),
                    ProjectWords(
                        "健康ポイント事業",
                        "○健診受診や運動の記録にポイントを付与\n○ポイントに応じた記念品の贈呈",
                        ("健康推進課",),
                        "健康ポイント",
                        "○健康ポイント事業の参加者数 2,500人",
                        IndicatorWords("健康ポイント事業の参加者数", "人", "800", "2500", Direction.UP),
                    ),
                    ProjectWords(
                        "健康アプリの導入",
                        "○歩数や健診結果を記録できるスマートフォン用アプリの導入",
                        ("健康推進課",),
                        "健康アプリ",
                        "○健康アプリの登録者数 5,000人",
                        starts=2023,
                    ),
                    ProjectWords(
                        "総合型地域スポーツクラブの支援",
                        "○クラブの運営支援\n○指導者の養成",
                        ("スポーツ振興課", "あおば市スポーツ協会"),
                        "地域スポーツ",
                        "○全中学校区に総合型地域スポーツクラブを設置する。",
                    ),
                ),
            ),
            MeasureWords(
                "喫煙・飲酒対策",
                "禁煙を望む人を支え、望まない受動喫煙をなくします。",
                (
                    ProjectWords(
                        "禁煙支援事業",
                        "○禁煙外来の費用の助成\n○禁煙相談の実施",
                        ("健康推進課", "あおば市医師会"),
                        "禁煙",
                        "○成人の喫煙率 10.0%",
                        IndicatorWords("成人の喫煙率", "%", "14.2", "10.0", Direction.DOWN),
                    ),
                    ProjectWords(
                        "受動喫煙防止対策",
                        "○飲食店の禁煙・分煙の表示の推進\n○公共施設の敷地内禁煙",
                        ("環境政策課", "健康推進課"),
                        "受動喫煙",
                        "○受動喫煙の機会があった市民の割合を半減する。",
                        starts=2022,
                    ),
                ),
            ),
            MeasureWords(
                "健診・がん検診の受診促進",
                "健診とがん検診を受けやすくし、病気の早期発見と重症化の予防につなげます。",
                (
                    ProjectWords(
                        "特定健康診査",
                        "○40歳から74歳の国民健康保険加入者への特定健康診査\n○未受診者への受診勧奨",
                        ("保険年金課",),
                        "特定健診",
                        "○特定健康診査の受診率 60%",
                        IndicatorWords("特定健康診査の受診率", "%", "38.5", "60.0", Direction.UP),
                    ),
                    ProjectWords(
                        "がん検診",
                        "○胃・肺・大腸・乳・子宮頸がん検診の実施\n○個別検診の実施医療機関の拡大",
                        ("健康推進課", "あおば市医師会"),
                        "がん検診",
                        "○胃がん検診の受診率 15%",
                        IndicatorWords("胃がん検診の受診率", "%", "8.1", "15.0", Direction.UP),
                    ),
                    ProjectWords(
                        "特定保健指導",
                        "○生活習慣病のリスクが高い人への保健指導",
                        ("保険年金課", "健康推進課"),
                        "保健指導",
                        "○特定保健指導の実施率 45%",
                        IndicatorWords("特定保健指導の実施率", "%", "24.0", "45.0", Direction.UP),
                    ),
                ),
            ),
        ),
    ),
    PolicyWords(
        "ライフステージに応じた健康づくり",
        (
            MeasureWords(
                "子どもの健康づくり",
                "妊娠期から学齢期まで、子どもの健やかな成長を支えます。",
                (
                    ProjectWords(
                        "乳幼児健康診査",
                        "○4か月児・1歳6か月児・3歳児健康診査\n○未受診児の家庭訪問",
                        ("子育て支援課",),
                        "乳幼児健診",
                        "○3歳児健康診査の受診率 97%以上を保つ。",
                        IndicatorWords("3歳児健康診査の受診率", "%", "97.0", "97.0", Direction.KEEP),
                    ),
                    ProjectWords(
                        "歯と口の健康づくり",
                        "○小学校でのフッ化物洗口\n○親子歯みがき教室",
                        ("学校教育課", "健康推進課"),
                        "歯科保健",
                        "○むし歯のない3歳児の割合 95%",
                        IndicatorWords("むし歯のない3歳児の割合", "%", "86.0", "95.0", Direction.UP),
                    ),
                    ProjectWords(
                        "肥満傾向児への支援",
                        "○小学校での生活習慣の調査\n○保護者向けの相談会",
                        ("学校教育課",),
                        "子どもの肥満",
                        "○肥満傾向にある小学5年生の割合 8.0%",
                        IndicatorWords("肥満傾向にある小学5年生の割合", "%", "10.5", "8.0", Direction.DOWN),
                        hard_to_rate=(2021,),
                    ),
                ),
            ),
            MeasureWords(
                "働く世代とこころの健康づくり",
                "働く世代が健康づくりに取り組める職場と、悩みを相談できる地域をつくります。",
                (
                    ProjectWords(
                        "職域と連携した健康づくり",
                        "○事業所への出前健康講座\n○健康経営に取り組む事業所の紹介",
                        ("健康推進課",),
                        "健康経営",
                        "○出前健康講座を実施した事業所 累計60社",
                    ),
                    ProjectWords(
                        "こころの健康相談",
                        "○保健師・臨床心理士による相談\n○ゲートキーパー養成講座",
                        ("健康推進課", "あおば市社会福祉協議会"),
                        "こころの健康",
                        "○ゲートキーパー養成講座の修了者 累計1,000人",
                        hard_to_rate=(2022,),
                    ),
                ),
            ),
            MeasureWords(
                "高齢期の健康づくり",
                "介護予防とフレイル予防により、元気な高齢者を増やします。",
                (
                    ProjectWords(
                        "介護予防教室",
                        "○運動・口腔・栄養の介護予防教室\n○通いの場の立ち上げ支援",
                        ("高齢福祉課", "あおば市社会福祉協議会"),
                        "介護予防",
                        "○介護予防教室の参加者数 年間延べ6,000人",
                        IndicatorWords("介護予防教室の参加者数", "人", "3200", "6000", Direction.UP),
                    ),
                    ProjectWords(
                        "フレイル予防事業",
                        "○フレイルチェック会の開催\n○フレイルサポーターの養成",
                        ("高齢福祉課",),
                        "フレイル予防",
                        "○フレイルサポーターの登録者 累計150人",
                    ),
                ),
            ),
        ),
    ),
    PolicyWords(
        "健康を支える地域づくり",
        (
            MeasureWords(
                "地域で支える健康づくり",
                "地域の担い手とともに、身近な場所で健康づくりに取り組める体制を整えます。",
                (
                    ProjectWords(
                        "健康づくり推進員の育成",
                        "○推進員の養成講座\n○地区ごとの推進員の活動支援",
                        ("健康推進課",),
                        "健康づくり推進員",
                        "○健康づくり推進員 各地区5人以上",
                    ),
                    ProjectWords(
                        "地区健康教室",
                        "○公民館での健康教室\n○血圧測定・健康相談",
                        ("健康推進課", "あおば市社会福祉協議会"),
                        "地区健康教室",
                        "○地区健康教室の開催 年間120回",
                    ),
                ),
            ),
            MeasureWords(
                "健康を支える環境の整備",
                "情報の届け方と、歩きたくなるまちの環境を整えます。",
                (
                    ProjectWords(
                        "健康づくり情報の発信",
                        "○広報紙・SNSでの健康情報の発信\n○健康づくりガイドブックの配布",
                        ("健康推進課",),
                        "健康情報",
                        "○健康づくりの情報を見たことがある市民の割合 70%",
                    ),
                ),
            ),
        ),
    ),
)

# (the 施策 it appears under again, the original project's title): the 再掲 of the plan.
CROSS_LISTINGS: tuple[tuple[str, str], ...] = (("地域で支える健康づくり", "介護予防教室"),)

# Why a department rated as it did; entry texts beyond these come from :mod:`.writing`.
REASONS: dict[str | None, tuple[str, ...]] = {
    "S": (
        "○目標を前倒しで達成し、参加者も前年度を大きく上回った。",
        "○関係機関との連携により、計画以上の成果が得られた。",
    ),
    "A": (
        "○計画どおり実施でき、目標の達成に向けて順調に推移している。",
        "○参加者アンケートでは9割近くが「役に立った」と回答した。",
    ),
    "B": (
        "○事業は実施できたが、働く世代の参加が少ない。",
        "○一定の成果はあったものの、周知が十分とはいえない。",
    ),
    "C": (
        "○実施回数が計画を大きく下回った。実施方法から見直す。",
        "○対象者への案内が遅れ、利用が伸びなかった。次年度は早期に案内する。",
    ),
    NOT_STARTED: ("○計画期間の後半に始める事業のため、今年度は準備にとどまった。",),
    HARD_TO_RATE: ("○実績を把握する調査の方法を変更したため、前年度と比べられず、評価できない。",),
    None: ("○実施方法を検討中のため、評価を保留した。",),
}
NOT_STARTED_PROGRESS = "○事業の開始に向けて、関係機関と実施方法を協議した。"

SECRETARIAT_COMMENTS: dict[str | None, str] = {
    "S": "施策を構成する事業が計画以上の成果を上げている。成果を市民に分かりやすく伝えていく。",
    "A": "施策を構成する事業はおおむね順調に進んでいる。引き続き関係課と連携して取り組む。",
    "B": "一部の事業で成果が見られるが、施策の目標達成に向けてより一層の努力が必要である。",
    "C": "多くの事業で進捗が停滞しており、事務局と担当課で実施体制を見直す。",
    None: "評価済みの事業がないため、施策評価を保留した。",
}
