"""Reviewers are routed by place as the gazetteer compares places, not by the words each side used."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from applications.models import Application, handles_policy

from .factories import ApplicationFactory, ClauseFactory, CompanyFactory, PolicyFactory

ZONE = ("陕西省", "西安市", "西安高新技术产业开发区")
CHAOYANG_BJ = ("北京市", "北京市", "朝阳区")

# (reviewer's province, city, district), (policy's province, city, region), handled?, why
CASES = [
    (("陕西省", "西安市", "西安高新区"), ZONE, True, "a zone's alias is the zone"),
    (("陕西", "西安", "西安高新技术产业开发区"), ZONE, True, "省 and 市 are not part of the name"),
    (("", "", "西安高新区"), ZONE, True, "a zone settles its own province and city"),
    (("陕西省", "西安市", "雁塔区"), ZONE, False, "another district of the same city"),
    (("陕西省", "西安市", ""), ZONE, True, "a city's reviewer covers its zones"),
    (("陕西省", "", ""), ZONE, True, "a province's reviewer covers the whole province"),
    (("北京市", "", "朝阳区"), CHAOYANG_BJ, True, "a municipality is its own city"),
    (("北京", "北京", "朝阳"), CHAOYANG_BJ, True, "short forms compare equal"),
    (("吉林省", "长春市", "朝阳区"), CHAOYANG_BJ, False, "朝阳区 of 长春 is not 朝阳区 of 北京"),
    (("北京市", "北京市", "海淀区"), CHAOYANG_BJ, False, "another district"),
    (("北京市", "北京市", "朝阳区"), ("北京市", "北京市", ""), False, "a city-wide policy is the city's"),
    (("", "", "朝阳区"), CHAOYANG_BJ, True, "a bare district is compared as written"),
    (("", "", "朝阳区"), ("吉林省", "长春市", "朝阳区"), True, "…so it cannot tell the two apart"),
]


@pytest.mark.parametrize(("reviewer_place", "policy_place", "handled", "why"), CASES)
def test_reviewer_routing_compares_places(make_user, reviewer_place, policy_place, handled, why):
    province, city, district = reviewer_place
    reviewer = make_user(Role.REVIEWER, province=province, city=city, district=district)
    p_province, p_city, p_region = policy_place
    policy = PolicyFactory(province=p_province, city=p_city, region=p_region)
    application = ApplicationFactory(
        company=CompanyFactory(), clause=ClauseFactory(policy=policy), state="submitted", revision=1
    )
    assert handles_policy(reviewer, policy) is handled, why
    listed = Application.objects.handled_by(reviewer).filter(pk=application.pk).exists()
    assert listed is handled, why


def test_a_policy_keeps_its_place_path_when_its_region_is_corrected(db):
    policy = PolicyFactory(province="陕西省", city="西安市", region="雁塔区")
    assert policy.place_path == "陕西/西安/雁塔"
    policy.region = "西安高新区"
    policy.save(update_fields=["region"])
    policy.refresh_from_db()
    assert policy.place_path == "陕西/西安/西安高新技术产业开发区"
