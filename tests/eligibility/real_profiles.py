"""Generic well-filled company profiles for measuring the matcher on real policies of any region.

No profile names a place: ``manage.py eval_real`` puts each company in the region of the policy it is
matched against (province, city, and district or development zone), as an enterprise located there
would be. The companies differ in industry, size, qualifications and age so that thresholds, size
classes and qualification checks fall on both sides.
"""

from __future__ import annotations

BASE = {
    "entity_type": "enterprise",
    "independent_legal_person": True,
    "credit_good": True,
    "major_penalty_3y": False,
    "listed": False,
}

PROFILES: dict[str, dict] = {
    # a mid-sized manufacturer above designated size, national high-tech enterprise
    "hitech_manufacturer": {
        **BASE,
        "name": "某智能装备制造有限公司",
        "established_on": "2015-05-01",
        "stage": "growth",
        "industries": ["智能制造", "装备制造", "新材料"],
        "employees": 320,
        "revenue_last_year_yuan": 260_000_000,
        "rd_expense_last_year_yuan": 15_000_000,
        "registered_capital_yuan": 50_000_000,
        "above_designated_size": True,
        "qualifications": [{"name": "国家高新技术企业", "obtained_on": "2022-11-01"}],
        "facts": {"project_investment_yuan": 30_000_000, "equipment_investment_yuan": 12_000_000},
    },
    # a large manufacturer with a big investment project and a 小巨人 title
    "large_manufacturer": {
        **BASE,
        "name": "某新能源材料股份有限公司",
        "established_on": "2008-03-01",
        "stage": "mature",
        "industries": ["新能源", "新材料", "制造业"],
        "employees": 1800,
        "revenue_last_year_yuan": 1_500_000_000,
        "rd_expense_last_year_yuan": 60_000_000,
        "registered_capital_yuan": 300_000_000,
        "above_designated_size": True,
        "qualifications": [
            {"name": "国家高新技术企业", "obtained_on": "2021-10-01"},
            {"name": "国家级专精特新“小巨人”企业", "obtained_on": "2022-08-01"},
        ],
        "facts": {"project_investment_yuan": 3_500_000_000, "equipment_investment_yuan": 400_000_000},
    },
    # a small software company, technology-based SME
    "software_sme": {
        **BASE,
        "name": "某数字科技有限公司",
        "established_on": "2020-09-01",
        "stage": "growth",
        "industries": ["软件", "大数据", "人工智能"],
        "employees": 45,
        "revenue_last_year_yuan": 18_000_000,
        "rd_expense_last_year_yuan": 4_000_000,
        "registered_capital_yuan": 5_000_000,
        "above_designated_size": False,
        "qualifications": [{"name": "科技型中小企业", "obtained_on": "2024-05-01"}],
        "facts": {},
    },
    # a one-year-old start-up with no title yet
    "startup": {
        **BASE,
        "name": "某生物科技有限公司",
        "established_on": "2025-06-01",
        "stage": "startup",
        "industries": ["生物医药"],
        "employees": 8,
        "revenue_last_year_yuan": 600_000,
        "rd_expense_last_year_yuan": 900_000,
        "registered_capital_yuan": 1_000_000,
        "above_designated_size": False,
        "qualifications": [],
        "facts": {},
    },
}
