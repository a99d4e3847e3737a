"""The fact catalogue: every fact a condition may name, with its type, unit, label and question.

Plain Python (no Django) so the ingest pipeline and the matching engine share one vocabulary.
A condition leaf names a fact by key; keys with a dot carry a parameter, e.g.
``qualification_level.DCMM`` is the level the company holds of the qualification "DCMM".
Facts outside the profile's top-level keys live in the profile's ``facts`` object.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """One fact the matcher can read from a company profile."""

    key: str
    type: str  # bool | int | money | date | str | list | enum
    label: str
    question: str
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    in_profile: bool = True  # top-level profile key (False: lives in profile["facts"])
    yes: str = ""  # sentence when a bool fact is true, e.g. "具有独立法人资格"
    no: str = ""  # sentence when a bool fact is false

    def sentence(self, truth: bool) -> str:
        """The Chinese sentence stating that this bool fact is true (or false)."""
        text = self.yes if truth else self.no
        return text or f"{self.label}: {'是' if truth else '否'}"


ENTITY_TYPES: tuple[tuple[str, str], ...] = (
    ("enterprise", "企业"),
    ("university", "高校"),
    ("research_institute", "科研院所"),
    ("social_org", "社会组织"),
    ("park_operator", "园区运营单位"),
    ("incubator", "孵化器"),
    ("financial_institution", "金融机构"),
    ("individual", "个人(自然人)"),
    ("other", "其他"),
)

SIZE_CLASSES: tuple[tuple[str, str], ...] = (
    ("large", "大型企业"),
    ("medium", "中型企业"),
    ("small", "小型企业"),
    ("micro", "微型企业"),
)

SECTORS: tuple[tuple[str, str], ...] = (
    ("agriculture", "农林牧渔业"),
    ("industry", "工业(制造业等)"),
    ("wholesale", "批发业"),
    ("retail", "零售业"),
    ("transport", "交通运输业"),
    ("warehousing", "仓储业"),
    ("postal", "邮政业"),
    ("lodging", "住宿业"),
    ("catering", "餐饮业"),
    ("telecom", "信息传输业"),
    ("software_it", "软件和信息技术服务业"),
    ("property_management", "物业管理"),
    ("construction", "建筑业"),
    ("other", "其他行业"),
)

STAGES: tuple[tuple[str, str], ...] = (
    ("startup", "初创期"),
    ("growth", "成长期"),
    ("mature", "成熟期"),
)

_FACTS: list[Fact] = [
    Fact("entity_type", "enum", "主体类型", "贵单位属于哪类主体?", choices=ENTITY_TYPES),
    Fact(
        "independent_legal_person",
        "bool",
        "独立法人",
        "贵单位是否具有独立法人资格?",
        yes="具有独立法人资格",
        no="不具有独立法人资格",
    ),
    Fact("province", "str", "注册地所在省份", "贵单位注册地在哪个省(自治区、直辖市)?"),
    Fact("city", "str", "注册地所在城市", "贵单位注册地在哪个城市?"),
    Fact("district", "str", "注册地所在区县", "贵单位注册地在哪个区(县)?"),
    Fact("zones", "list", "所在园区/开发区", "贵单位是否位于某个开发区或产业园区? 请列出名称。"),
    Fact("established_on", "date", "成立日期", "贵单位的成立日期是哪天?"),
    Fact("stage", "enum", "发展阶段", "贵单位处于哪个发展阶段?", choices=STAGES),
    Fact("industries", "list", "所属行业/领域", "贵单位主营业务属于哪些行业或技术领域?"),
    Fact("employees", "int", "从业人数", "贵单位目前有多少名员工?", unit="人"),
    Fact("registered_capital_yuan", "money", "注册资本", "贵单位的注册资本是多少?", unit="元"),
    Fact("revenue_last_year_yuan", "money", "上年度营业收入", "贵单位上一年度营业收入是多少?", unit="元"),
    Fact("rd_expense_last_year_yuan", "money", "上年度研发投入", "贵单位上一年度研发费用是多少?", unit="元"),
    Fact(
        "above_designated_size",
        "bool",
        "规模以上企业",
        "贵单位是否为规模以上(规上)企业?",
        yes="为规模以上企业",
        no="不是规模以上企业",
    ),
    # Derived from employees, revenue and industries by the national standard (eligibility/engine/size.py)
    # unless the profile states it.
    Fact(
        "size_class",
        "enum",
        "企业规模",
        "贵单位按国家标准属于大型、中型、小型还是微型企业?",
        choices=SIZE_CLASSES,
    ),
    # Sectors of the national industry classification, derived from industries (eligibility/engine/size.py).
    Fact(
        "industry_sector",
        "enum",
        "国民经济行业门类",
        "贵单位主营业务属于哪个行业(如批发、零售、住宿、餐饮、制造、软件和信息技术服务)?",
        choices=SECTORS,
    ),
    Fact(
        "listed",
        "bool",
        "上市企业",
        "贵单位是否已在境内外证券交易所上市?",
        yes="为上市企业",
        no="不是上市企业",
    ),
    Fact("qualifications", "list", "资质认定", "贵单位已取得哪些资质或认定(如高新技术企业、专精特新)?"),
    Fact(
        "credit_good",
        "bool",
        "信用良好",
        "贵单位信用状况是否良好(未列入严重失信名单)?",
        yes="信用状况良好",
        no="信用状况不良",
    ),
    Fact(
        "major_penalty_3y",
        "bool",
        "近三年重大行政处罚",
        "贵单位近三年是否受到过重大行政处罚?",
        yes="近三年受到过重大行政处罚",
        no="近三年未受到重大行政处罚",
    ),
    # Facts that live in profile["facts"]: project- and application-specific figures.
    Fact(
        "project_investment_yuan",
        "money",
        "项目投资额",
        "拟申报项目的总投资是多少?",
        unit="元",
        in_profile=False,
    ),
    Fact(
        "equipment_investment_yuan",
        "money",
        "设备投资额",
        "拟申报项目的设备(软硬件)投资是多少?",
        unit="元",
        in_profile=False,
    ),
    Fact(
        "rent_area_sqm",
        "int",
        "租用面积",
        "贵单位租用的办公/生产用房面积是多少?",
        unit="平方米",
        in_profile=False,
    ),
    Fact(
        "financing_yuan",
        "money",
        "融资金额",
        "贵单位最近一轮股权融资金额是多少?",
        unit="元",
        in_profile=False,
    ),
    Fact(
        "project_level",
        "enum",
        "项目级别",
        "拟申报项目获得的立项级别是?",
        choices=(("national", "国家级"), ("municipal", "市级"), ("district", "区级")),
        in_profile=False,
    ),
    Fact(
        "first_time",
        "bool",
        "首次获得",
        "该资质/认定是否为首次获得?",
        in_profile=False,
        yes="为首次获得该资质/认定",
        no="并非首次获得该资质/认定",
    ),
    Fact(
        "relocated_in",
        "bool",
        "新迁入/新落地",
        "贵单位是否为近期新注册或新迁入本区的企业?",
        in_profile=False,
        yes="为新注册或新迁入本区的企业",
        no="不是新注册或新迁入本区的企业",
    ),
]

FACTS: dict[str, Fact] = {f.key: f for f in _FACTS}

# Facts conditions may name that no profile states: the matcher derives them on the date of evaluation.
DERIVED: dict[str, Fact] = {
    # from established_on (注册三年以上, 成立不足两年); unknown asks for the date
    "years_since_established": Fact(
        "years_since_established", "float", "成立年限", "贵单位的成立日期是哪天?", unit="年"
    ),
}

# Parameterised facts: "<prefix>.<name>", e.g. qualification_level.DCMM
PARAMETERISED: dict[str, Fact] = {
    "qualification_level": Fact(
        "qualification_level", "int", "资质等级", "贵单位取得的{name}等级是几级?", unit="级"
    ),
    "qualification_obtained_on": Fact(
        "qualification_obtained_on", "date", "资质取得日期", "贵单位何时取得{name}?"
    ),
    # The company's own answer to a declaration question (profile["declarations"][name]); the
    # question and wording live with the clause's requirement (eligibility/engine/declarations.py).
    "declaration": Fact("declaration", "bool", "企业声明", "请回答声明问题“{name}”"),
}


def lookup(key: str) -> Fact | None:
    """The catalogue entry for a fact key, parameterised keys included."""
    if key in FACTS:
        return FACTS[key]
    if key in DERIVED:
        return DERIVED[key]
    prefix, _, name = key.partition(".")
    base = PARAMETERISED.get(prefix)
    if base is None or not name:
        return None
    return Fact(
        key=key,
        type=base.type,
        label=f"{name}{base.label}",
        question=base.question.format(name=name),
        unit=base.unit,
        in_profile=False,
    )
