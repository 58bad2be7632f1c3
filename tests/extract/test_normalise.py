"""normalise: scan noise undone, every character still mapped to its place in the raw text."""

from __future__ import annotations

from kg.extract.normalise import normalise
from kg.model import Doc


def norm(raw: str) -> Doc:
    doc = normalise(Doc(article_id="a.txt", raw=raw))
    assert len(doc.offsets) == len(doc.text)
    assert doc.offsets == sorted(doc.offsets), "offsets keep the order of the raw text"
    assert all(0 <= o < len(raw) for o in doc.offsets)
    return doc


def raw_of(doc: Doc, start: int, end: int) -> str:
    """The raw text behind ``doc.text[start:end]``."""
    return doc.raw[doc.offsets[start] : doc.offsets[end - 1] + 1]


def test_spaces_inside_chinese_sentences_are_removed() -> None:
    raw = "万州区 脱贫攻坚工作坚持高 位推动，取得决定性 胜利。"
    doc = norm(raw)
    assert doc.text == "万州区脱贫攻坚工作坚持高位推动，取得决定性胜利。"
    i = doc.text.index("高位")
    assert raw_of(doc, i, i + 2) == "高 位"


def test_spaces_between_latin_words_and_numbers_stay() -> None:
    doc = norm("扶贫车间生产 USB 数据线 2000 条。")
    assert "USB" in doc.text and "2000" in doc.text
    assert "生产USB数据线2000条" in doc.text  # no space next to Chinese characters


def test_a_line_broken_mid_sentence_is_joined_and_keeps_raw_offsets() -> None:
    raw = (
        "今年以来，万州区脱贫攻坚工作坚持高位推动，干字当头、实字为先，向脱贫攻\n坚发起最后总攻。\n"
    )
    doc = norm(raw)
    assert doc.text == (
        "今年以来，万州区脱贫攻坚工作坚持高位推动，干字当头、实字为先，向脱贫攻坚发起最后总攻。"
    )
    i = doc.text.index("脱贫攻坚发起")
    assert raw_of(doc, i, i + 4) == "脱贫攻\n坚"


def test_a_sentence_broken_across_a_blank_line_is_joined() -> None:
    # 000: “好人好马上一线”，在投入“兵力”的同时不惜 / (blank) / “财力”“物力”。
    doc = norm("“好人好马上一线”，在投入“兵力”的同时不惜\n\n“财力”“物力”。\n")
    assert doc.text == "“好人好马上一线”，在投入“兵力”的同时不惜“财力”“物力”。"


def test_a_long_headline_is_not_joined_to_the_dateline_after_it() -> None:
    raw = ("雪域高原上的增收路——西藏某县产业扶贫发展纪实\n\n"
           "西藏日报讯（记者 次仁）走进山南市的农牧民合作社，藏鸡养殖正红火。\n")
    doc = norm(raw)
    assert doc.text.startswith("雪域高原上的增收路——西藏某县产业扶贫发展纪实\n西藏日报讯")


COLUMN = ("近年来，江口县把食用菌产业作为脱贫攻坚的主导产业来抓，全县建成标准化"
          "菌棚两千余个，带动贫困群众一千八百余户。怒溪镇骆象村依托合作社发展香菇种"
          "植，村集体经济收入达到二十万元。")


def test_a_narrow_column_is_read_back_into_its_sentences() -> None:
    # a newspaper column scanned line by line: every line cut at 13 characters
    raw = "\n".join(COLUMN[i : i + 13] for i in range(0, len(COLUMN), 13)) + "\n"
    doc = norm(raw)
    assert doc.text == COLUMN
    # the same lines with one credit line repeated under photos: still one column
    credit = "本报记者杨明摄"
    doc = norm(f"{credit}\n{raw}{credit}\n{credit}\n")
    assert COLUMN in doc.text


def test_short_lines_of_their_own_are_not_a_column() -> None:
    # headings and credits, each on its line: nothing to join
    raw = "江口县脱贫攻坚综述\n\n" + "\n\n".join(["新华社记者鞠鹏摄"] * 8) + "\n"
    assert norm(raw).text.count("\n") >= 1 and "鞠鹏摄新华社" not in norm(raw).text


def test_a_finished_sentence_is_not_joined_to_the_next_paragraph() -> None:
    doc = norm("甘肃省定西市安定区大力发展马铃薯产业。\n安定区香泉镇种植中药材。\n")
    assert doc.text == "甘肃省定西市安定区大力发展马铃薯产业。\n安定区香泉镇种植中药材。"


def test_a_duplicated_paragraph_is_dropped() -> None:
    para = "“脱贫攻坚越到后面难度越大、挑战越多，干部越要沉下去。”7月25日，市长陈新武在竹山县调研。"
    raw = f"{para}\n\n{para}\n\n贵州省雷山县西江镇发展茶叶产业。\n"
    doc = norm(raw)
    assert doc.text.count("市长陈新武") == 1
    assert doc.text.endswith("贵州省雷山县西江镇发展茶叶产业。")
    i = doc.text.index("贵州省")
    assert doc.offsets[i] == raw.index("贵州省")


def test_short_repeated_lines_are_not_taken_for_duplicates() -> None:
    # headings and captions such as 开展义诊活动 may repeat; only long paragraphs are copies
    doc = norm("开展义诊活动\n\n\n开展义诊活动\n")
    assert doc.text.split("\n") == ["开展义诊活动", "开展义诊活动"]


def test_page_markers_are_dropped() -> None:
    raw = "T02\n|\nT03\n第3版\n- 12 -\n责任编辑：王林\n茅箭区大川镇唐家村发展猕猴桃产业。\n"
    doc = norm(raw)
    assert doc.text == "茅箭区大川镇唐家村发展猕猴桃产业。"
    assert doc.offsets[0] == raw.index("茅箭区")


def test_a_marker_like_string_inside_a_sentence_is_kept() -> None:
    doc = norm("郧阳区建设T02号扶贫车间，吸纳贫困户就业。\n")
    assert "T02" in doc.text


def test_photo_captions_are_kept_as_their_own_lines() -> None:
    raw = (
        "茅箭区坚持大员上阵，建立了驻村帮扶工作队\n\n\n\n"
        "茅塔乡大坪村光伏电站\n\n\n\n"
        "生态茅箭\n\n"
        "“五天四夜”等制度，严禁“挂名式”扶贫。\n"
    )
    doc = norm(raw)
    lines = doc.text.split("\n")
    assert "茅塔乡大坪村光伏电站" in lines
    assert "生态茅箭" in lines


def test_ocr_confusions_are_fixed_inside_domain_words_only() -> None:
    raw = "万州区甘宁镇带动当地村民脱倉致富，防止返盆，仓库里摆着盆景。"
    doc = norm(raw)
    assert "脱贫致富" in doc.text
    assert "防止返贫" in doc.text
    assert "仓库里摆着盆景" in doc.text  # 仓 and 盆 outside a domain word are left alone
    i = doc.text.index("脱贫")
    assert doc.raw[doc.offsets[i + 1]] == "倉", "the fixed character still points at the raw one"
    assert raw_of(doc, i, i + 4) == "脱倉致富"


def test_half_width_punctuation_becomes_full_width_but_numbers_keep_theirs() -> None:
    doc = norm("走访贫困户,发展茶叶(绿茶),人均增收1,200元:效果好!")
    assert doc.text == "走访贫困户，发展茶叶（绿茶），人均增收1,200元：效果好！"


def test_full_width_digits_and_percent_become_ascii() -> None:
    doc = norm("贫困发生率降至１．２％。")
    assert doc.text == "贫困发生率降至1.2%。"


def test_crlf_line_ends_keep_offsets_into_the_raw_text() -> None:
    raw = "小土豆做成大产业\r\n\r\n定西市安定区大力发展马铃薯产业。\r\n"
    doc = norm(raw)
    assert doc.text == "小土豆做成大产业\n定西市安定区大力发展马铃薯产业。"
    i = doc.text.index("定西市")
    assert doc.offsets[i] == raw.index("定西市")
    assert "\r" not in doc.text
