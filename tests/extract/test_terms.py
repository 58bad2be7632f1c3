"""Programmes, industries and organisations: lexicons, X扶贫, quoted schemes, name endings."""

from __future__ import annotations

import pytest
from conftest import entities, run_until

from kg.extract.match.terms import find_terms


def terms(text: str) -> dict[str, set[str]]:
    """kind -> canonical names found in one sentence by the terms matcher alone."""
    out: dict[str, set[str]] = {}
    for m in find_terms(text, 0, 0):
        assert text[m.start : m.end] == m.surface
        if m.source == "weak":
            continue  # a candidate short form only (kg.extract.match.aliases keeps or drops it)
        out.setdefault(m.kind, set()).add(m.canonical)
    return out


def test_lexicon_programmes_and_their_abbreviations() -> None:
    found = terms("全面落实产业扶贫、易地搬迁、教育扶贫、健康扶贫、兜底保障等政策措施。")
    assert {"产业扶贫", "易地扶贫搬迁", "教育扶贫", "健康扶贫"} <= found["Program"]
    doc = run_until("全面落实产业扶贫、易地搬迁、教育扶贫等政策措施。", "entities")
    by_label = {e.label: e for e in doc.entities.values()}
    assert "易地搬迁" in by_label["易地扶贫搬迁"].aliases


def test_x_fupin_names_a_line_of_work() -> None:
    assert terms("日产袜子80万双，大力发展袜业扶贫。")["Program"] == {"袜业扶贫"}
    assert {"光伏扶贫", "电商扶贫"} <= terms("岷县推进光伏扶贫和电商扶贫。")["Program"]


@pytest.mark.parametrize(
    "text",
    [
        "帮助销售扶贫产品3282.15万元。",
        "茅箭区明确提出扶贫“一线工作法”，要求精兵强将全部下村。",
        "紧扣“两不愁三保障”“三率一度”标准，按照“四个不摘”要求。",
    ],
)
def test_fupin_after_a_verb_and_slogans_are_not_programmes(text: str) -> None:
    assert "Program" not in terms(text)


def test_quoted_local_schemes() -> None:
    found = terms("实施生态扶贫“三个一百工程”，发展百万亩经果林、百万头生态猪“双百万”工程。")
    assert {"生态扶贫", "三个一百工程", "双百万工程"} <= found["Program"]
    doc = run_until("万州区发展百万头生态猪“双百万”工程。", "entities")
    by_label = {e.label: e for e in doc.entities.values()}
    assert by_label["双百万工程"].kind == "Program"
    assert "双百万" in by_label["双百万工程"].aliases


def test_industries_take_the_shortest_name_with_the_longer_as_alias() -> None:
    doc = run_until("郧阳区发展香菇产业促进搬迁群众稳定脱贫。", "entities")
    by_label = {e.label: e for e in doc.entities.values()}
    assert by_label["香菇"].kind == "Industry"
    assert "香菇产业" in by_label["香菇"].aliases
    assert "香菇产业" not in by_label


def test_industries_of_another_province() -> None:
    found = terms("岷县大力发展当归、黄芪等中药材产业，安定区种植马铃薯。")
    assert {"当归", "黄芪", "中药材", "马铃薯"} <= found["Industry"]
    assert "Program" not in found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "德康公司与养殖家庭农场主签订代养协议，十堰农商银行提供贷款。",
            {"德康公司", "十堰农商银行"},
        ),
        ("做好水利部定点扶贫工作。", {"水利部"}),
        ("与中国人民保险集团“云签约”销售橄榄油。", {"中国人民保险集团"}),
        ("安定区引进蓝天马铃薯有限公司，与甘肃日报社合作。", {"蓝天马铃薯有限公司", "甘肃日报社"}),
        ("雷山县与贵州茶业集团签订收购协议。", {"贵州茶业集团"}),
        ("称多县依托青海三江源牧业有限公司发展牦牛。", {"青海三江源牧业有限公司"}),
    ],
)
def test_named_organisations(text: str, names: set[str]) -> None:
    assert entities(run_until(text, "entities"), "Organization") == names


def test_generic_bodies_are_not_organisations() -> None:
    text = (
        "运用保险公司资金、技术优势，成立农民专业合作社，区委、区政府主要领导带头，驻村工作队入户。"
    )
    assert "Organization" not in terms(text)
    # a sentence before a generic name is no name of its own
    assert "Organization" not in terms("称多县大力推进生态畜牧业合作社建设。")


def test_a_lexicon_word_inside_an_organisation_name_is_not_a_term_of_its_own() -> None:
    found = terms("安定区引进蓝天马铃薯有限公司。")
    assert found["Organization"] == {"蓝天马铃薯有限公司"}
    assert "Industry" not in found


def test_an_industry_development_company() -> None:
    doc = run_until("定西市安定区引进甘肃蓝天马铃薯产业发展有限公司，带动农户种植。", "entities")
    assert entities(doc, "Organization") == {"甘肃蓝天马铃薯产业发展有限公司"}


def test_a_quoted_campaign_named_before_huodong() -> None:
    assert "三师入户" in terms("万州区创新开展教师、医师、技师“三师入户”活动。").get(
        "Program", set()
    )


def test_programmes_by_shape() -> None:
    found = terms("深化沪滇协作，推进“五改一化”工作，走出一条产业脱贫的新路。")["Program"]
    assert {"沪滇协作", "五改一化", "产业脱贫"} <= found
    # 脱贫 after a word that is no line of work names no programme
    assert "Program" not in terms("确保贫困群众稳定脱贫、兜底脱贫。")


def test_a_quoted_loan_is_one_programme_not_the_product_inside_it() -> None:
    found = terms("县农商行推出“茶园收益贷”，为茶农解决资金难题。")
    assert found["Program"] == {"茶园收益贷"}
    assert "Industry" not in found



def test_a_quoted_loan_with_a_two_character_stem_is_a_programme() -> None:
    # 贷 is the loan's own name, not a scheme word left after a slogan (“头号工程”)
    assert terms("榕江县实施“特惠贷”，为贫困户发放贷款1.2亿元。")["Program"] == {"特惠贷"}
    assert "Program" not in terms("县里把农村公路建设当作“头号工程”来抓。")


def test_paired_aid_between_east_and_west_without_its_provinces() -> None:
    assert terms("开展对口扶贫协作，杭州市帮扶恩施州发展茶叶。")["Program"] == {"东西部扶贫协作"}
    assert terms("推进沪滇扶贫协作，上海市帮扶云南。")["Program"] == {"沪滇扶贫协作"}


def test_a_paired_programme_takes_the_bare_one_as_its_alias() -> None:
    doc = run_until("粤桂对口帮扶助推百色市发展芒果。对口帮扶资金投向芒果基地。", "entities")
    programs = {e.label: e.aliases for e in doc.entities.values() if e.kind == "Program"}
    assert "粤桂对口帮扶" in programs
    assert "对口帮扶" in programs["粤桂对口帮扶"]
    assert "对口帮扶" not in programs


@pytest.mark.parametrize(
    "text",
    [
        "建立“基本医保+大病保险+医疗救助”保障机制。",  # a list of parts in quotes
        "构建了“6+120”技术服务体系。",  # figures without a trigger verb
    ],
)
def test_quoted_lists_and_figures_are_not_programmes(text: str) -> None:
    assert "Program" not in terms(text)


def test_a_product_word_inside_another_word_is_no_industry() -> None:
    # 大黄 (rhubarb) is not in 养大黄牛: jieba cuts 大|黄牛
    assert "大黄" not in terms("他家以前养大黄牛，后来换成了安格斯牛。").get("Industry", set())


@pytest.mark.parametrize(
    "text",
    ["大家一起帮他把家具搬进了新房。", "仓库里存的粮食够吃半年。", "核桃树下听党课"],
)
def test_a_product_word_with_no_word_of_production_is_no_industry(text: str) -> None:
    assert "Industry" not in terms(text)


def test_a_product_word_in_a_sentence_about_producing_it_is_an_industry() -> None:
    assert terms("村里种植核桃3000亩。")["Industry"] == {"核桃"}


def test_unknown_products_listed_beside_a_known_one_are_industries() -> None:
    found = terms("全乡发展核桃、青钱柳、苗绣等产业，带动农户增收。")["Industry"]
    assert {"核桃", "青钱柳", "苗绣"} <= found
    # a listed product may end with its line of work
    assert "鹅毛扇加工" in terms("发展茶叶、鹅毛扇加工等产业。")["Industry"]
    # a listed kind of tourism is that kind, not tourism (旅游 is its line of work)
    found = terms("阿坝州发展乡村旅游、草原旅游，游客逐年增多。")["Industry"]
    assert found == {"乡村旅游", "草原旅游"}
    # a praise word before the line of work makes no product (jieba reads 特色旅游 whole)
    assert "特色旅游" not in terms("发展核桃、特色旅游等产业。")["Industry"]


def test_a_product_no_lexicon_holds_is_named_by_its_line_of_work() -> None:
    assert terms("那曲市发展牦牛肉加工，建成屠宰车间一座。")["Industry"] == {"牦牛肉加工"}
    assert terms("合作社带动农户发展天麻种植，年产值500万元。")["Industry"] >= {"天麻"}
    # how or at what scale is no product; two lines of work are none either
    for text in ("大力发展规模养殖，建成养殖小区10个。", "引导群众发展庭院种植。",
                 "全乡发展种植养殖，群众增收。"):
        assert "Industry" not in terms(text), text


def test_a_list_of_sectors_or_people_gives_no_new_industries() -> None:
    found = terms("带动茶叶、农产品、养殖大户、服务行业共同发展。").get("Industry", set())
    assert found == {"茶叶"}


def test_the_longer_product_wins_over_the_lexicon_word_inside_it() -> None:
    assert terms("海原县大力发展冷凉蔬菜。")["Industry"] == {"冷凉蔬菜"}
    assert terms("让红薯粉条走出大山，年销售额过亿元。")["Industry"] == {"红薯粉条"}
    # two raw products side by side stay two
    assert terms("全乡大力发展牦牛藏羊养殖。")["Industry"] == {"牦牛", "藏羊"}


def test_the_colour_of_a_variety_is_part_of_the_product() -> None:
    assert terms("合作社养殖黑山羊3000只，户均增收5000元。")["Industry"] == {"黑山羊"}
    assert terms("大棚里的紫甘蓝、西兰花长势喜人。")["Industry"] == {"紫甘蓝", "西兰花"}
    # 变黑 is a word: its 黑 is not the product's colour
    assert terms("烘烤时火大了容易变黑，变黑香菇卖不上价。")["Industry"] == {"香菇"}


def test_a_product_that_is_a_cost_is_no_industry() -> None:
    found = terms("算下来，除去饲料、人工成本，一头牛能多挣800元。")
    assert "饲料" not in found.get("Industry", set())
    found = terms("每只羊一年的饲料费用约300元，养殖户负担减轻。")
    assert "饲料" not in found.get("Industry", set())
    assert terms("县里引进饲料加工企业，年产饲料5万吨。")["Industry"] == {"饲料"}


def test_a_product_inside_the_name_of_an_event_or_platform_is_no_industry() -> None:
    found = terms("在玛曲县举办的全州“牦牛高效养殖技术培训班”上，专家作了讲解。")
    assert "Industry" not in found
    assert "牦牛" in terms("全县发展牦牛养殖，建成牦牛交易市场。")["Industry"]
    # a dash joins the stages a platform's name lists
    found = terms("全区牦牛产业研发—推广—应用平台已在那曲市建成，服务牧民。")
    assert "Industry" not in found


def test_quoted_words_before_a_noun_describe_it_and_name_no_scheme() -> None:
    assert "Program" not in terms("开展关爱“三留守”人员帮扶活动50余人次。")
    assert "三下乡" in terms("开展“三下乡”活动，送医送药到村。")["Program"]


def test_a_cooperative_named_by_its_livestock_alone_is_generic() -> None:
    assert "Organization" not in terms("已成为全县最大的牛羊养殖专业合作社之一。")


def test_products_are_industries_in_a_list_without_a_word_of_production() -> None:
    assert terms("香菇、木耳")["Industry"] == {"香菇", "木耳"}
    assert "Industry" not in terms("灶台边放着两袋玉米，大娘说家里的粮食够吃一年。")


def test_a_quoted_reform_takes_its_head_word() -> None:
    assert "三变改革" in terms("全县推行“三变”改革，盘活集体资产。")["Program"]


def test_a_listed_product_holding_a_lexicon_word_is_the_whole_product() -> None:
    found = terms("全县大力发展临夏贝母鸡、百合等特色产业。")["Industry"]
    assert found == {"临夏贝母鸡", "百合"}


def test_a_quoted_brand_is_no_programme() -> None:
    assert "Program" not in terms("大力推进“临夏羊”品牌建设。")


def test_generic_bodies_stay_out_of_the_article() -> None:
    doc = run_until("运用保险公司资金优势，成立农民专业合作社和牛羊养殖专业合作社。", "entities")
    assert entities(doc, "Organization") == set()


def test_a_top_category_after_a_verb_of_developing_is_a_sector() -> None:
    assert "养殖业" in terms("村里鼓励群众发展养殖业和庭院经济。")["Industry"]
    assert "Industry" not in terms("养殖业的技术人员下村指导。")


def test_a_programme_word_inside_another_word_is_no_programme() -> None:
    # 生态|移民区: the programme word ends inside the place word
    assert "Program" not in terms("他来到红寺堡生态移民区的新村考察。")
