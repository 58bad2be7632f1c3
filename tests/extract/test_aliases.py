"""Organisations by their shape, and one node per organisation within an article."""

from __future__ import annotations

import pytest
from conftest import entities, run_until


def orgs(text: str) -> dict[str, set[str]]:
    """label -> aliases of the organisations of ``text``."""
    doc = run_until(text, "entities")
    return {e.label: e.aliases for e in doc.entities.values() if e.kind == "Organization"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("昨日，榕江县古州镇中心卫生院派出医生下乡义诊。", "古州镇中心卫生院"),
        ("凯里市林业局局长吴某介绍，全市新造林5万亩。", "凯里市林业局"),
        ("中国农业银行黔东南分行发放扶贫贷款3亿元。", "中国农业银行黔东南分行"),
        ("贵州省慈善总会向村里捐赠物资。", "贵州省慈善总会"),
        ("甘南州畜牧兽医工作站派技术员指导养殖。", "甘南州畜牧兽医工作站"),
        ("湖南省卫健委与湘西州签订帮扶协议。", "湖南省卫健委"),
        ("黔东南州职业教育中心组织200名学员赴浙江务工。", "黔东南州职业教育中心"),
        ("布拖县彝绣培训基地今年培训绣娘500人。", "布拖县彝绣培训基地"),
        ("岷县宏发生态养殖场带动60户贫困户养牛。", "岷县宏发生态养殖场"),
        ("据天山网报道，和田地区新建扶贫车间120家。", "天山网"),
        ("多彩贵州网消息，毕节市试点新政。", "多彩贵州网"),
        ("光明日报社定点帮扶县里的两个村。", "光明日报社"),
        ("贵州省扶贫开发办公室发布通知，部署春耕生产。", "贵州省扶贫开发办公室"),
        ("中国人寿保险股份有限公司甘肃省分公司捐款50万元。",
         "中国人寿保险股份有限公司甘肃省分公司"),
    ],
)
def test_organisations_by_their_ending(text: str, name: str) -> None:
    assert name in orgs(text)


@pytest.mark.parametrize(
    "text",
    [
        "那年我县林业局来人测土。",  # a pronoun's county: a generic body
        "县扶贫办和乡镇卫生院都派了人。",  # the county's office, township clinics in general
        "在全县76所中小学开设营养午餐。",  # a count of schools
        "三家乡镇卫生院与市医院签了帮扶协议。",  # a number before a common name
        "村里织密防返贫保障安全网，贫困户有了依靠。",  # a common noun before 网
        "合作社采用“高架网床”养羊，发病率下降。",  # an unknown run before 网
        "村里新建的肉牛养殖场已投产。",  # a farm named by its livestock alone
        "县人社局组织专场招聘会。",  # jieba reads 县人|社局: still the county's bureau
        "到中心医院看病方便多了。",  # jieba knows 中心医院 whole, but it is no name
        "在村委会办公室里，干部们正在开会。",  # the office of a generic body
    ],
)
def test_generic_bodies_by_shape_are_not_organisations(text: str) -> None:
    assert orgs(text) == {}


def test_a_short_form_after_the_full_name_is_one_organisation() -> None:
    found = orgs(
        "威宁县兴农种养殖有限公司带动农户养牛。兴农公司与农户签订收购合同，"
        "县里还请来了麻江县蓝莓合作社，蓝莓合作社的社员传授经验。"
    )
    assert "兴农公司" in found["威宁县兴农种养殖有限公司"]
    assert "兴农公司" not in found


def test_the_higher_regions_before_a_name_are_dropped_and_the_regions_kept() -> None:
    doc = run_until("甘肃省临夏县北塬镇富民养殖专业合作社分红，北塬镇富民养殖专业合作社社员增收。",
                    "entities")
    found = {e.label: e.aliases for e in doc.entities.values() if e.kind == "Organization"}
    assert set(found) == {"北塬镇富民养殖专业合作社"}
    assert "甘肃省临夏县北塬镇富民养殖专业合作社" in found["北塬镇富民养殖专业合作社"]
    # the region chain the name starts with is named in full: a town and a county
    assert {"北塬镇"} <= entities(doc, "Town")
    assert {"临夏县"} <= entities(doc, "County")


def test_a_village_cooperative_written_without_its_village_suffix() -> None:
    found = orgs("岩脚村种植专业合作社去年分红。岩脚合作社今年扩大了规模。")
    assert found.keys() == {"岩脚村种植专业合作社"}
    assert "岩脚合作社" in found["岩脚村种植专业合作社"]


def test_a_short_form_with_a_standard_abbreviation_is_the_full_name() -> None:
    found = orgs("中国农业银行毕节分行发放贷款3亿元。农行毕节分行还派出驻村干部。")
    assert found == {"中国农业银行毕节分行": {"农行毕节分行"}}
    found = orgs("黔西南州农村商业银行推出扶贫贷款。黔西南州农商行已放贷2亿元。")
    assert found == {"黔西南州农村商业银行": {"黔西南州农商行"}}


def test_two_bodies_jieba_knows_apart_stay_apart() -> None:
    assert orgs("中国农业银行和中国银行都在县里设了网点。").keys() == {"中国农业银行", "中国银行"}


def test_a_county_jieba_cuts_apart_still_opens_a_name() -> None:
    # jieba reads 盘|州市; the division table knows 盘州市
    found = orgs("盘州市人民医院、盘州市中医院派出医疗队。")
    assert {"盘州市人民医院", "盘州市中医院"} <= found.keys()


def test_a_group_written_without_its_legal_form_is_the_company() -> None:
    found = orgs("六盘水市宏达投资集团有限责任公司带动农户种刺梨，宏达集团保底收购。")
    assert found.keys() == {"六盘水市宏达投资集团有限责任公司"}
    assert "宏达集团" in found["六盘水市宏达投资集团有限责任公司"]


def test_a_bracketed_place_inside_a_company_name() -> None:
    found = orgs("碧桂园（广州）农业科技有限公司在镇上建成扶贫车间。")
    assert "碧桂园（广州）农业科技有限公司" in found
    assert orgs("建成标准化村（社区）公共服务站209个。") == {}


def test_a_short_form_of_common_nouns_is_kept_only_beside_its_full_name() -> None:
    found = orgs("凤冈县苗家汉子野生蔬菜开发专业合作社带动农户。苗家汉子合作社社员年均增收5000元。")
    assert "苗家汉子合作社" in found["凤冈县苗家汉子野生蔬菜开发专业合作社"]
    assert orgs("苗家汉子合作社社员年均增收5000元。") == {}


def test_a_company_written_after_its_province_and_without_it() -> None:
    found = orgs("湖南步步升商业连锁股份有限公司收购猕猴桃，步步升公司与农户签约。")
    assert "步步升公司" in found["湖南步步升商业连锁股份有限公司"]


def industries(text: str) -> dict[str, set[str]]:
    """label -> aliases of the industries of ``text``."""
    doc = run_until(text, "entities")
    return {e.label: e.aliases for e in doc.entities.values() if e.kind == "Industry"}


def test_a_modified_product_is_an_alias_when_the_article_names_the_bare_one() -> None:
    # the shortest name the article uses as the product wins (GUIDELINES)
    found = industries("黔西县大力发展蔬菜、辣椒等产业。今年新建设施蔬菜大棚300个，带动农户增收。")
    assert "设施蔬菜" in found["蔬菜"]
    assert "设施蔬菜" not in found
    found = industries(
        "平武县推进全域旅游，乡村民宿游客不断。县里把旅游作为脱贫致富的支柱产业来发展。"
    )
    assert "全域旅游" in found["旅游"] and "全域旅游" not in found


def test_a_modified_product_alone_keeps_its_longer_name() -> None:
    found = industries("临夏县在川塬地区种植冷凉蔬菜2万亩，带动贫困户增收。")
    assert "冷凉蔬菜" in found and "蔬菜" not in found


def test_a_sector_is_no_product_a_modified_one_is_an_alias_of() -> None:
    # 生态畜牧业 is the article's line of work; 畜牧业 is the sector it belongs to
    found = industries("玛曲县发展生态畜牧业，牧民入股合作社。畜牧业是全县的支柱产业。")
    assert {"生态畜牧业", "畜牧业"} <= found.keys()


def test_a_product_named_by_its_line_of_work_is_called_by_the_product() -> None:
    doc = run_until("拉孜县建成藏鸡养殖基地5个。全县去年出栏藏鸡12万只。", "entities")
    industries = {e.label: e.aliases for e in doc.entities.values() if e.kind == "Industry"}
    assert "藏鸡" in industries and "藏鸡养殖" in industries["藏鸡"]
    assert "藏鸡养殖" not in industries


def test_a_line_of_work_keeps_its_name_when_the_product_is_never_alone() -> None:
    # 水产品 holds 水产 but is a word of its own; 乡村旅游 names no product 乡村
    doc = run_until("定日县发展水产养殖，水产品销往拉萨。定日县还发展乡村旅游，乡村面貌一新。",
                    "entities")
    industries = {e.label for e in doc.entities.values() if e.kind == "Industry"}
    assert "水产" not in industries and "乡村" not in industries
