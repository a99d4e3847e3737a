"""申报时间, 受理部门 and 咨询电话 as texts state them (and nothing when they do not)."""

import datetime as dt

import pytest

from ingest.pipeline.contacts import application_window, contact_phone, handling_office

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("申报时间:2026年3月1日至2026年4月30日。", (D(2026, 3, 1), D(2026, 4, 30))),
        ("申报时间为2026年3月1日至4月30日", (D(2026, 3, 1), D(2026, 4, 30))),
        ("受理时间:2026年5月6日9:00起至2026年5月20日", (D(2026, 5, 6), D(2026, 5, 20))),
        ("申报截止时间:2026年6月30日", (None, D(2026, 6, 30))),
        ("申报时间:2026年3月1日", (D(2026, 3, 1), None)),
        ("本措施自2026年1月1日起施行,有效期至2028年12月31日。", (None, None)),
        ("申报时间:2026年2月30日至2026年3月5日", (None, D(2026, 3, 5))),
    ],
)
def test_application_window(text, expected):
    assert application_window(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("受理部门:朝阳区科学技术和信息化局。", "朝阳区科学技术和信息化局"),
        ("申报材料由区商务局负责受理。", "区商务局"),
        ("本措施由区科信局负责解释。", ""),
    ],
)
def test_handling_office(text, expected):
    assert handling_office(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("咨询电话:010-65099114", "010-65099114"),
        ("联系电话:010—8765 4321、13812345678", "010-87654321、13812345678"),
        ("联系人:张老师", ""),
        ("对年营业收入达到1000万元的企业", ""),
    ],
)
def test_contact_phone(text, expected):
    assert contact_phone(text) == expected
