"""The gazetteer: one division list and one zone table that ingest, the matcher and the form all read."""

from __future__ import annotations

import pytest

import places
from eligibility.engine import match_clause
from ingest.pipeline.conditions import region_leaves
from ingest.pipeline.metadata import find_place
from places.zones import ZONE_SUFFIXES, build

AS_OF = "2026-11-21"
TITLE_TAIL = "关于支持产业高质量发展的若干措施"


def _policy(place: places.Place) -> dict:
    clause = {"id": 1, "number": "第一条", "heading": "支持", "kind": "support", "max_amount_yuan": 100_000}
    return {"id": 1, "title": "某政策", "province": place.province, "city": place.city,
            "region": place.region, "stacking": None, "clauses": [dict(clause, conditions=None)]}  # fmt: skip


def _status(policy: dict, profile: dict) -> str:
    return match_clause(policy["clauses"][0], policy, profile, AS_OF).status


def _accepted_everywhere(zone: places.Zone, spelling: str) -> str | None:
    """Why a zone spelling is not read the same by ingest, the matcher and the form (None: it is)."""
    place, source = find_place(spelling + TITLE_TAIL, spelling + TITLE_TAIL, [], None)
    if source != "title" or (place.province, place.city) != (zone.province_name, zone.city_name):
        return f"ingest read {place}"
    policy = _policy(place)
    inside = {"province": zone.province_name, "city": zone.city_name, "district": zone.district or None}
    if _status(policy, {**inside, "zones": [spelling]}) != "eligible":
        return f"the matcher refuses a company in {spelling} for {place}"
    if places.region_errors(zone.province_name, zone.city_name, "", [spelling]):
        return "the form refuses it as a zone"
    if places.region_errors(zone.province_name, zone.city_name, spelling):
        return "the form refuses it as a district"
    if zone.name not in places.zone_options()[zone.city_name]:
        return "the form does not offer it"
    elsewhere, other_city = ("吉林省", "长春市") if zone.province != "吉林" else ("北京市", "北京市")
    if _status(policy, {"province": elsewhere, "city": other_city, "zones": [spelling]}) != "ineligible":
        return "the matcher accepts it in another city"
    if "zones" not in places.region_errors(elsewhere, other_city, "", [spelling]):
        return "the form accepts it in another city"
    return None


def test_every_zone_ingest_extracts_is_accepted_by_the_matcher_and_the_form():
    problems = {
        spelling: why
        for zone in places.zone_table().zones
        for spelling in zone.names
        if (why := _accepted_everywhere(zone, spelling))
    }
    assert len(places.zone_table().exact) > 1000
    assert problems == {}


@pytest.mark.parametrize("suffix", ZONE_SUFFIXES)
def test_a_zone_the_table_does_not_know_is_still_a_zone_everywhere(suffix):
    name = "赣州" + suffix  # no zone of 赣州 is in the table: the name comes from the pattern
    assert places.zone_named(name) is None
    place, _ = find_place(name + TITLE_TAIL, name + TITLE_TAIL, [], None)
    assert place == places.Place("江西省", "赣州市", name)
    policy = _policy(place)
    home = {"province": "江西省", "city": "赣州市", "district": "章贡区"}
    assert _status(policy, {**home, "zones": [name]}) == "eligible"
    assert _status(policy, {**home, "zones": []}) == "ineligible"
    assert places.region_errors("江西省", "赣州市", "章贡区", [name]) == {}


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("哈经开区", "哈尔滨经济技术开发区"),
        ("哈尔滨经开区", "哈尔滨经济技术开发区"),
        ("贵阳国家高新区", "贵阳高新技术产业开发区"),
        ("西安高新区", "西安高新技术产业开发区"),
        ("甘肃兰州新区", "兰州新区"),
        ("山西综改示范区", "山西转型综合改革示范区"),
        ("广西自贸试验区南宁片区", "中国(广西)自由贸易试验区南宁片区"),
        ("中国（广西）自由贸易试验区南宁片区", "中国(广西)自由贸易试验区南宁片区"),
        ("亦庄", "北京经济技术开发区"),
    ],
)
def test_zone_spellings_share_one_key(written, canonical):
    assert places.zone_key(written) == places.zone_key(canonical) == canonical


def test_local_alias_needs_the_city_and_only_one_zone_of_its_kind_there():
    table = build(
        [
            {"name": "甲经济技术开发区", "kind": "经济技术开发区", "province": "北京市", "city": "北京市"},
            {"name": "乙经济技术开发区", "kind": "经济技术开发区", "province": "吉林省", "city": "长春市"},
            {"name": "丙经济技术开发区", "kind": "经济技术开发区", "province": "吉林省", "city": "长春市"},
        ]
    )
    assert [z.name for z in table.local["经开区"]] == [
        "甲经济技术开发区"
    ]  # 长春 has two: 经开区 is ambiguous
    assert table.exact["乙经开区"].name == "乙经济技术开发区"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("北京市", "北京市", "朝阳区"), ("北京", None, "朝阳"), True),
        (("北京市", "北京市", "朝阳区"), ("吉林省", "长春市", "朝阳区"), False),
        (("吉林省", "长春市", "朝阳区"), (None, "长春", "朝阳区"), True),
        (("黑龙江省", "哈尔滨市", "哈经开区"), (None, None, "哈尔滨经济技术开发区"), True),
        (("北京市", "北京市", "北京经济技术开发区"), ("吉林省", "长春市", "长春经济技术开发区"), False),
        (("上海市", "上海市", "长宁区"), ("上海市", "上海市", "长宁县"), False),
    ],
)
def test_regions_compare_as_province_city_and_district_or_zone(a, b, same):
    assert places.same_region(a, b) is same


def test_one_division_list_for_every_reader():
    div = places.divisions()
    assert "朝阳区" in div.tree["北京市"]["北京市"] and "朝阳区" in div.tree["吉林省"]["长春市"]
    assert "光明区" in div.tree["广东省"]["深圳市"]  # created after the list: data/adcodes_added.csv
    assert sorted(div.places_of("朝阳区")) == [("北京", "北京"), ("吉林", "长春")]
    assert {p.city for p in places.gazetteer().districts["朝阳区"]} == {"北京市", "长春市"}
    assert div.province_name("广西") == "广西壮族自治区"


@pytest.mark.parametrize(
    ("province", "city", "district", "zones", "field"),
    [
        ("北京市", "北京市", "朝阳区", [], None),
        ("吉林省", "长春市", "朝阳区", [], None),
        ("吉林省", "长春市", "海淀区", [], "district"),
        ("北京市", "北京市", "某新设街道", [], None),  # a name the list does not know stays open
        ("北京市", "北京市", "亦庄", [], None),
        ("吉林省", "长春市", "", ["北京经济技术开发区"], "zones"),
        ("吉林省", "长春市", "", ["某某产业园"], None),
    ],
)
def test_form_refuses_only_places_known_to_lie_elsewhere(province, city, district, zones, field):
    errors = places.region_errors(province, city, district, zones)
    assert (next(iter(errors)) if errors else None) == field


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a provincial policy listing its cities is the province's
        (
            "自治区人民政府印发。支持内蒙古工业发展,内蒙古各盟市落实。对赤峰市、通辽市给予支持。",
            ("内蒙古自治区", None, "内蒙古自治区"),
        ),
        ("本措施适用于广西壮族自治区内企业,广西各市落实。", ("广西壮族自治区", None, "广西壮族自治区")),
        ("在香港登记的企业,资助香港企业拓展市场。", ("香港特别行政区", None, "香港特别行政区")),
        ("澳门特别行政区政府经济局资助澳门中小企业。", ("澳门特别行政区", None, "澳门特别行政区")),
        ("台北市产业发展局设有产业发展基金。", ("台湾省", "台北市", "台北市")),
        ("总累积资助上限为港币1,500万元。", ("香港特别行政区", None, "香港特别行政区")),
        ("补助金额最高新台币3000万元。", ("台湾省", None, "台湾省")),
        ("在深圳市注册的港资企业,投资额超过1000万港元的给予奖励。", ("广东省", "深圳市", "深圳市")),
        # a city named in full as often as its province is the city's
        (
            "在广州市登记注册的企业,可在广东省政务服务网申请,广州市人社局受理。",
            ("广东省", "广州市", "广州市"),
        ),
        ("长春市企业可申请。", ("吉林省", "长春市", "长春市")),
    ],
)
def test_a_text_naming_no_district_is_its_city_or_province(text, expected):
    place, _ = find_place(None, text, [], None)
    assert (place.province, place.city, place.region) == expected


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("长春新区", True),
        ("中关村朝阳园", True),
        ("某某市智能制造产业基地", True),
        ("浦东新区", False),  # a district, though it ends like a zone
        ("滨海新区", False),
        ("朝阳区", False),
        ("大良街道", False),
    ],
)
def test_one_test_decides_zone_or_district(name, zone):
    assert places.is_zone_name(name) is zone
    leaf = region_leaves({"province": "上海市", "city": "上海市", "region": name})[-1]
    assert leaf["fact"] == ("zones" if zone else "district")


@pytest.mark.parametrize(
    ("title", "body", "issuer", "region"),
    [
        ("高新区关于支持人工智能产业发展的若干措施", "长春市企业。", None, "长春高新技术产业开发区"),
        ("经开区促进产业发展办法", "", "长春经济技术开发区管理委员会", "长春经济技术开发区"),
        # no city in the text: a local name cannot be placed
        ("高新区关于支持人工智能产业发展的若干措施", "对企业给予支持。", None, None),
        # a city with no zone of that name in the table: not guessed
        ("高新区关于支持人工智能产业发展的若干措施", "赣州市企业。", None, "赣州市"),
    ],
)
def test_a_zone_named_the_local_way_is_placed_by_its_city(title, body, issuer, region):
    place, _ = find_place(title, title + "\n" + body, [], issuer)
    assert place.region == region


def test_a_zone_elsewhere_is_dropped_and_never_unsettles_the_city():
    """Adding a district that lies in another city reports it and keeps the city already read."""
    from places.profile import normalise_region

    problems: list[str] = []
    _pkey, ckey, district, zones = normalise_region(None, "长春市", "亦庄", None, problems)
    assert ckey is not None and "长春" in ckey
    assert district is None and not zones
    assert problems and "不一致" in problems[0]
