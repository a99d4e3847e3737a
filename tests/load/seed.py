"""Seed N synthetic companies (profiles in 北京市朝阳区 and elsewhere) and match them. Run with
manage.py shell: see run.sh, which then prints session cookies with cookies.py."""

import os
import random

from django.contrib.auth import get_user_model

from accounts.roles import Role
from accounts.services import user_grant_role
from eligibility.credit_code import check_char
from eligibility.models import Company
from eligibility.services import company_register, profile_update, rematch_company

N = int(os.environ.get("LOAD_COMPANIES", "2000"))
rng = random.Random(0)
User = get_user_model()
DISTRICTS = [("北京市", "北京市", "朝阳区"), ("北京市", "北京市", "海淀区"), ("吉林省", "长春市", "朝阳区")]
for i in range(N):
    user = User.objects.create(username=f"load{i}")
    user_grant_role(user, Role.ENTERPRISE)
    base = f"91110105MA{i:07d}"[:17]
    company = company_register(credit_code=base + check_char(base), name=f"负载测试企业{i}", owner=user)
    province, city, district = rng.choice(DISTRICTS)
    profile_update(
        company,
        {"province": province, "city": city, "district": district, "employees": rng.randint(1, 500),
         "industries": rng.sample(["人工智能", "数字人", "集成电路", "生物医药", "新能源"], 2),
         "revenue_last_year_yuan": rng.randint(1, 10**9)},
        user,
    )  # fmt: skip
    rematch_company(company.pk)
# The demo company (seed_demo) was registered before the policies were loaded: match it too.
for company in Company.objects.filter(membership__user__username="qiye"):
    rematch_company(company.pk)
