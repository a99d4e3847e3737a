"""Site chrome removed line by line without touching policy text; offsets kept."""

import pytest

from ingest.pipeline.clean import clean, is_chrome_line


@pytest.mark.parametrize(
    "line",
    [
        "搜本站",
        "搜索",
        "-",
        "投资热线:0431-81335626",
        "政务服务:0431-80786777",
        "客服热线:400-6366558转0",
        "吉ICP备12000556号-5 吉公网安备:22010302000245号",
        "津ICP备2020006662号-3 园区云招商 版权所有 部分文章为本站原创,未经许可,禁止转载!",
        "返回顶部",
        "首页",
        "首页 > 政策文件 > 区级政策",
        "当前位置:首页>政务公开",
        "【打印】【关闭】",
        "打印 关闭",
        "分享到:",
        "12-13 -",
        "2024-12-13",
        "[2024/12/13]",
        "202009月15日",
        "《长春新区加快培育数实融合新赛道若干政策》政策解读.docx",
        "附件:申报表.xlsx",
        "附件1:长春新区政策图文解读.png",
        "上一篇:关于开展申报的通知",
        "主办单位:某区人民政府办公室",
    ],
)
def test_chrome_lines_removed(line):
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "第三条 对符合条件的企业给予最高500万元支持。",
        "(一)培育数实融合新赛道集聚发展。",
        "长新管规〔2023〕11号",
        "2024年11月24日",
        "北京经济技术开发区管理委员会",
        "附件:1.申报指南",
        "一、总体目标",
        "1.申请不符合申报通知规定条件的;",
        "本政策自发布之日起30日后施行,符合同类政策事项,可按最优执行,但不重复执行。",
        "咨询电话:010-12345678,联系人:张某",
        "长春新区加快培育数实融合新赛道若干政策(后附解读)",
        # a repost's source line that also carries the publication date (traditional 發佈時間, converted)
        "来源:南山区人民政府网站|发布时间:2024年8月20日|阅读全文",
        "",
    ],
)
def test_policy_lines_kept(line):
    assert not is_chrome_line(line)


def test_inline_address_marker_removed_and_offsets_kept():
    text = "标题\n[地址:北京海淀区]面议海淀区若干措施 为促进发展,制定本措施。\n"
    out = clean(text)
    assert out.text == "标题\n海淀区若干措施 为促进发展,制定本措施。\n"
    i = out.text.index("海淀区若干措施")
    assert text[out.orig_offset(i) : out.orig_offset(i) + 7] == "海淀区若干措施"


def test_sidebar_news_list_removed():
    text = "第十条 本办法自发布之日起施行。\n绿色金融支持绿色工厂建设\n12-13 -\n大兴生物医药基地平台上线\n12-12 -\n创新驱动开放引领\n11-17\n"
    out = clean(text)
    assert out.text.strip() == "第十条 本办法自发布之日起施行。"


def test_every_kept_character_maps_to_the_same_original_character():
    text = "搜本站\n首页\n某区支持办法\n[地址:北京朝阳区]面议第一条 支持企业。\n返回顶部\n吉ICP备1号"
    out = clean(text)
    assert len(out.offsets) == len(out.text) + 1
    for i, ch in enumerate(out.text):
        assert text[out.orig_offset(i)] == ch


@pytest.mark.parametrize(
    "line",
    [
        "扫一扫在手机打开当前页",
        "微信扫一扫分享",
        "首页 政务公开 政策文件",
        "无障碍 | 长者模式 | 繁体 | 登录 | 注册",
    ],
)
def test_more_chrome_lines(line):
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    "line", ["第一章 总 则", "第一章 总则", "一、 支持 企业 发展", "联系人:张某 电话:010-12345678"]
)
def test_headings_with_spaces_are_not_menus(line):
    assert not is_chrome_line(line)
    assert clean(f"第一条 正文。\n{line}\n第二条 正文。").text.count("\n") == 2


def test_policy_hotline_kept_but_footer_hotline_dropped():
    text = (
        "第九条 本措施自发布之日起施行。\n咨询电话:0755-88100000\n"
        "扫一扫在手机打开当前页\n主办:某区人民政府办公室\n服务热线:0755-12345\n粤ICP备12345678号\n"
    )
    out = clean(text).text
    assert "咨询电话:0755-88100000" in out
    assert "服务热线" not in out
    assert "扫一扫" not in out


def test_hotline_alone_at_the_end_of_a_policy_is_kept():
    text = "第九条 本措施由区科技局负责解释。\n咨询电话:010-12345678\n"
    assert clean(text).text == text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("登录 退出", True),
        ("手机版 | English | 繁體", True),
        ("门户网站手机版", True),
        ("IPV6", True),
        ("- All", True),
        ("SBIR", True),
        ("A类项目", False),
        ("(一)A 类企业给予10万元补贴", False),
        ("第一条 登录系统后提交申请。", False),
        ("Phase 1", False),
    ],
)
def test_site_furniture_by_its_own_features(line, expected):
    from ingest.pipeline.clean import is_site_furniture

    assert is_site_furniture(line) is expected
