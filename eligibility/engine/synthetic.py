"""Synthetic company profiles (and policies shaped like the seeds) for benchmarks and property tests."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

# (province, city, district, zones a company there may sit in, weight)
PLACES: tuple[tuple[str, str, str, tuple[str, ...], int], ...] = (
    ("北京市", "北京市", "朝阳区", ("中关村朝阳园", "朝阳园"), 14),
    ("北京市", "北京市", "海淀区", ("中关村科学城", "中关村海淀园"), 10),
    ("北京市", "北京市", "石景山区", ("中关村石景山园",), 6),
    ("北京市", "北京市", "东城区", (), 5),
    ("北京市", "北京市", "西城区", (), 5),
    ("北京市", "北京市", "通州区", (), 5),
    ("北京市", "北京市", "大兴区", ("北京经济技术开发区", "亦庄", "经开区", "北京亦庄", "亦庄新城"), 8),
    ("北京市", "北京市", "怀柔区", ("怀柔科学城",), 3),
    ("北京", "北京", "朝阳", (), 2),
    ("吉林省", "长春市", "朝阳区", (), 8),
    ("吉林省", "长春市", "宽城区", ("长春新区",), 4),
    ("吉林省", "长春市", "长春新区", (), 3),
    ("吉林省", "长春市", "南关区", ("长春高新区",), 3),
    ("上海市", "上海市", "长宁区", ("虹桥商务区",), 5),
    ("上海市", "上海市", "浦东新区", ("张江",), 5),
    ("广东省", "深圳市", "南山区", (), 4),
    ("浙江省", "杭州市", "余杭区", (), 3),
    ("辽宁省", "朝阳市", "双塔区", (), 2),
)

QUALIFICATIONS = (
    "国家高新技术企业",
    "高新技术企业",
    "专精特新小巨人企业",
    '专精特新"小巨人"企业',
    "专精特新中小企业",
    "创新型中小企业",
    "科技型中小企业",
    "中关村高新技术企业",
    "DCMM",
    "CMMI",
    "海关AEO高级认证",
)
INDUSTRIES = (
    "人工智能",
    "数字人",
    "工业互联网",
    "集成电路",
    "医药健康",
    "元宇宙",
    "区块链",
    "文化创意",
    "游戏电竞",
    "金融科技",
    "机器人",
    "数据要素",
    "智能制造",
    "新能源",
)
ENTITY_TYPES = (
    ("enterprise", 80),
    ("university", 4),
    ("research_institute", 4),
    ("social_org", 3),
    ("park_operator", 3),
    ("incubator", 3),
    ("other", 3),
)


def _maybe(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def _money(rng: random.Random, low: float, high: float) -> int:
    """A round-ish amount between 10**low and 10**high yuan."""
    value = 10 ** rng.uniform(low, high)
    return int(round(value, -4)) if value > 100_000 else int(round(value, -2))


def _profile(rng: random.Random, index: int) -> dict[str, Any]:
    province, city, district, zones, _ = rng.choices(PLACES, weights=[p[-1] for p in PLACES])[0]
    profile: dict[str, Any] = {
        "credit_code": f"91{index:016d}",
        "name": f"测试企业{index:05d}有限公司",
        "entity_type": rng.choices([e for e, _ in ENTITY_TYPES], weights=[w for _, w in ENTITY_TYPES])[0],
        "province": province,
        "city": city,
        "district": district,
        "facts": {},
    }
    # Each fact is sometimes missing, sometimes null: unknown either way.
    if _maybe(rng, 0.04):
        del profile[rng.choice(("province", "city", "district"))]
    if _maybe(rng, 0.75):
        chosen = [z for z in zones if _maybe(rng, 0.5)][:1]
        profile["zones"] = chosen
    profile["independent_legal_person"] = rng.choice((True, True, True, False, None))
    if _maybe(rng, 0.85):
        start = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(0, 30 * 365))
        profile["established_on"] = start.isoformat()
    if _maybe(rng, 0.7):
        profile["stage"] = rng.choice(("startup", "growth", "mature"))
    if _maybe(rng, 0.9):
        profile["industries"] = rng.sample(INDUSTRIES, rng.randint(0, 3))
    if _maybe(rng, 0.85):
        profile["employees"] = int(10 ** rng.uniform(0, 4))
    if _maybe(rng, 0.8):
        profile["registered_capital_yuan"] = _money(rng, 5, 9)
    if _maybe(rng, 0.75):
        profile["revenue_last_year_yuan"] = rng.choice((0, _money(rng, 5, 10), _money(rng, 6, 9)))
    if _maybe(rng, 0.65):
        profile["rd_expense_last_year_yuan"] = _money(rng, 4, 8.5)
    if _maybe(rng, 0.7):
        profile["above_designated_size"] = rng.choice((True, False, False))
    if _maybe(rng, 0.85):
        held = []
        for name in rng.sample(QUALIFICATIONS, rng.randint(0, 3)):
            entry: dict[str, Any] = {"name": name}
            if _maybe(rng, 0.6):
                entry["obtained_on"] = (
                    dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 3900))
                ).isoformat()
            if name in ("DCMM", "CMMI") and _maybe(rng, 0.8):
                entry["level"] = rng.randint(1, 5)
            held.append(entry)
        profile["qualifications"] = held
    if _maybe(rng, 0.8):
        profile["credit_good"] = rng.choice((True, True, True, False))
    if _maybe(rng, 0.7):
        profile["major_penalty_3y"] = rng.choice((False, False, False, True))
    facts = profile["facts"]
    if _maybe(rng, 0.5):
        facts["project_investment_yuan"] = _money(rng, 5, 9)
    if _maybe(rng, 0.35):
        facts["equipment_investment_yuan"] = _money(rng, 5, 8.5)
    if _maybe(rng, 0.2):
        facts["financing_yuan"] = _money(rng, 6, 9)
    if _maybe(rng, 0.2):
        facts["project_level"] = rng.choice(("national", "municipal", "district"))
    if _maybe(rng, 0.3):
        facts["first_time"] = rng.choice((True, False))
    if _maybe(rng, 0.3):
        facts["relocated_in"] = rng.choice((True, False))
    return profile


def generate_profiles(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` varied, realistic company profiles (places, qualifications, missing facts), reproducibly."""
    rng = random.Random(seed)
    return [_profile(rng, i) for i in range(n)]


# --- policies -------------------------------------------------------------------------------------

# (province, city, region as a policy names it, number of policies)
POLICY_PLACES: tuple[tuple[str, str, str, int], ...] = (
    ("北京市", "北京市", "朝阳区", 3),
    ("北京市", "北京市", "海淀区", 3),
    ("北京市", "北京市", "石景山区", 2),
    ("北京市", "北京市", "东城区", 3),
    ("北京市", "北京市", "西城区", 1),
    ("北京市", "北京市", "通州区", 2),
    ("北京市", "北京市", "北京经济技术开发区", 4),
    ("北京市", "北京市", "怀柔区", 1),
    ("北京市", "北京市", "大兴区", 1),
    ("上海市", "上海市", "长宁区", 1),
    ("吉林省", "长春市", "长春新区", 2),
    ("吉林省", "长春市", "朝阳区", 1),
)
STACKING_RULES = ("从优不重复", "就高不重复", "就高原则", "按最优执行,但不重复执行", None, "不重复享受")
BASES = ("项目总投资", "设备投资", "研发投入", "项目实际投资额", "市级支持资金", None)


def _leaf(rng: random.Random) -> dict[str, Any]:
    pick = rng.randrange(13)
    if pick == 0:
        return {"fact": "qualifications", "op": "contains", "value": rng.choice(QUALIFICATIONS)}
    if pick == 1:
        return {
            "fact": "project_investment_yuan",
            "op": "gte",
            "value": rng.choice((1, 3, 5, 10, 50)) * 1_000_000,
        }
    if pick == 2:
        return {
            "fact": "employees",
            "op": rng.choice(("gte", "lte")),
            "value": rng.choice((10, 50, 100, 300)),
        }
    if pick == 3:
        return {
            "fact": "revenue_last_year_yuan",
            "op": "gte",
            "value": rng.choice((5, 20, 100, 500)) * 1_000_000,
        }
    if pick == 4:
        return {"fact": "established_on", "op": "gte", "value": f"{rng.randint(2015, 2023)}-01-01"}
    if pick == 5:
        return {
            "fact": "industries",
            "op": "contains_any",
            "value": rng.sample(INDUSTRIES, rng.randint(1, 3)),
        }
    if pick == 6:
        return {
            "fact": "entity_type",
            "op": "in",
            "value": ["enterprise", rng.choice(("university", "incubator"))],
        }
    if pick == 7:
        return {"fact": "credit_good", "op": "is_true"}
    if pick == 8:
        return {"fact": "major_penalty_3y", "op": "is_false"}
    if pick == 9:
        return {"fact": "qualification_level.DCMM", "op": "gte", "value": rng.randint(2, 5)}
    if pick == 10:
        return {
            "any": [
                {"fact": "above_designated_size", "op": "is_true"},
                {"fact": "revenue_last_year_yuan", "op": "gte", "value": 20_000_000},
            ]
        }
    if pick == 11:
        return {"not": {"fact": "qualifications", "op": "contains", "value": "国家高新技术企业"}}
    return {"fact": "rd_expense_last_year_yuan", "op": "gte", "value": rng.choice((1, 5, 10)) * 1_000_000}


def _clause(rng: random.Random, policy_id: int, index: int, clause_id: int) -> dict[str, Any]:
    cap = rng.choice((10, 20, 30, 50, 100, 200, 300, 500, 1000, 2000)) * 10_000
    benefits: list[dict[str, Any]] = []
    kind = rng.choices(("money", "ratio", "none"), weights=(5, 4, 1))[0]
    if kind == "ratio":
        benefits.append(
            {
                "kind": "subsidy",
                "ratio": rng.choice((0.1, 0.2, 0.3, 0.5)),
                "base": rng.choice(BASES),
                "cap_yuan": cap,
            }
        )
    elif kind == "money":
        benefits.append({"kind": "grant", "ratio": None, "base": None, "cap_yuan": cap})
    leaves = [_leaf(rng) for _ in range(rng.randint(1, 4))]
    return {
        "id": clause_id,
        "number": f"第{index + 3}条",
        "heading": f"支持措施{index + 1}",
        "text": "",
        "kind": "support",
        "max_amount_yuan": cap if benefits else None,
        "amounts_yuan": [cap] if benefits else [],
        "ratios": [b["ratio"] for b in benefits if b.get("ratio")],
        "benefits": benefits,
        "conditions": {"all": leaves} if len(leaves) > 1 else leaves[0],
    }


def generate_policies(seed: int = 0, clauses_per_policy: tuple[int, int] = (8, 16)) -> list[dict[str, Any]]:
    """Policies in the API shape (ids on policy and clauses) spread over the seed documents' places."""
    rng = random.Random(seed)
    policies: list[dict[str, Any]] = []
    clause_id = 1
    for province, city, region, count in POLICY_PLACES:
        for _ in range(count):
            policy_id = len(policies) + 1
            clauses = []
            for index in range(rng.randint(*clauses_per_policy)):
                clauses.append(_clause(rng, policy_id, index, clause_id))
                clause_id += 1
            window = rng.choices(("open", "current", "expired", "future"), weights=(6, 3, 1, 1))[0]
            effective_from, effective_until = {
                "open": (None, None),
                "current": ("2024-01-01", "2028-12-31"),
                "expired": ("2021-01-01", "2023-12-31"),
                "future": ("2030-01-01", None),
            }[window]
            policies.append(
                {
                    "id": policy_id,
                    "title": f"{region}产业支持政策{policy_id}",
                    "doc_number": None,
                    "issuer": None,
                    "province": province,
                    "city": city,
                    "region": region,
                    "published_on": None,
                    "effective_from": effective_from,
                    "effective_until": effective_until,
                    "is_draft": region == "长宁区",
                    "stacking": rng.choice(STACKING_RULES),
                    "supersedes": [],
                    "clauses": clauses,
                }
            )
    return policies
