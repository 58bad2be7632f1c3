"""sentences: split at final punctuation, headings recognised, raw spans exact."""

from __future__ import annotations

from conftest import run_until

from kg.model import Doc


def split(raw: str) -> Doc:
    doc = run_until(raw, "sentences")
    for s in doc.sentences:
        quote = doc.raw[s.raw_start : s.raw_end]
        # the raw span starts and ends on the sentence's own first and last characters
        assert quote[0] == doc.raw[doc.offsets[s.start]]
        assert doc.text[s.start : s.start + len(s.text)] == s.text
    return doc


def test_splits_at_final_punctuation() -> None:
    doc = split("雷山县发展茶叶产业。西江镇发展乡村旅游！控拜村怎么办？麻料村发展银饰加工")
    assert [s.text for s in doc.sentences] == [
        "雷山县发展茶叶产业。",
        "西江镇发展乡村旅游！",
        "控拜村怎么办？",
        "麻料村发展银饰加工",
    ]
    assert [s.index for s in doc.sentences] == [0, 1, 2, 3]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    doc = split("“茅箭要做全市脱贫攻坚的急先锋。”茅箭区区长张捍声说。")
    assert [s.text for s in doc.sentences] == [
        "“茅箭要做全市脱贫攻坚的急先锋。”",
        "茅箭区区长张捍声说。",
    ]


def test_commas_and_semicolons_do_not_split() -> None:
    doc = split("安定区实施光伏扶贫，建成村级光伏电站65座；香泉镇种植马铃薯。")
    assert len(doc.sentences) == 1


def test_short_unpunctuated_lines_are_headings_and_body_text_is_not() -> None:
    raw = (
        "小土豆做成大产业\n\n"
        "——甘肃省定西市安定区脱贫攻坚纪实\n\n"
        "安定区香泉镇大力发展马铃薯产业。\n\n"
        "安定区香泉镇马铃薯种植基地\n"
    )
    doc = split(raw)
    assert [(s.text, s.heading) for s in doc.sentences] == [
        ("小土豆做成大产业", True),
        ("——甘肃省定西市安定区脱贫攻坚纪实", True),
        ("安定区香泉镇大力发展马铃薯产业。", False),
        ("安定区香泉镇马铃薯种植基地", True),  # a caption
    ]


def test_a_long_unpunctuated_line_is_not_a_heading() -> None:
    raw = "雷山县西江镇控拜村依托苗族银饰锻造技艺建成银饰加工扶贫车间吸纳贫困群众就近就业增收致富"
    doc = split(raw)
    assert len(doc.sentences) == 1
    assert not doc.sentences[0].heading


def test_raw_spans_of_noisy_sentences_quote_the_raw_text() -> None:
    raw = (
        "T02\n\n"
        "万州区 脱贫攻坚工作坚持高 位推动,干字当头、实字为先,向脱贫攻\n"
        "坚发起最后总攻。带动当地村民脱倉致富。\n"
    )
    doc = split(raw)
    first, second = doc.sentences
    assert doc.raw[first.raw_start : first.raw_end] == (
        "万州区 脱贫攻坚工作坚持高 位推动,干字当头、实字为先,向脱贫攻\n坚发起最后总攻。"
    )
    assert (
        first.text == "万州区脱贫攻坚工作坚持高位推动，干字当头、实字为先，向脱贫攻坚发起最后总攻。"
    )
    assert doc.raw[second.raw_start : second.raw_end] == "带动当地村民脱倉致富。"
    assert second.text == "带动当地村民脱贫致富。"


def test_evidence_of_a_sentence_is_its_raw_text() -> None:
    raw = "\n\n记者吴小梅\n\n雷山县 西江镇发展茶叶。\n"
    doc = split(raw)
    ev = doc.evidence(doc.sentences[-1])
    assert ev.article == "article.txt"
    assert ev.sentence == "雷山县 西江镇发展茶叶。"
    assert raw[ev.start : ev.end] == ev.sentence
