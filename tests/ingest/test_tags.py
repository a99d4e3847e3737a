"""Tags: jieba with the domain dictionary, initialised once, cache in our directory."""

from __future__ import annotations

from ingest.pipeline import tags


def test_tokenizer_is_initialised_once():
    assert tags.tokenizer() is tags.tokenizer()


def test_cache_lives_in_our_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("HUIQI_CACHE_DIR", str(tmp_path))
    assert tags.cache_dir() == tmp_path / "jieba"
    assert (tmp_path / "jieba").is_dir()


def test_domain_words_win():
    words = tags.segment("支持互联网3.0和工业互联网标识解析二级节点建设")
    assert "互联网3.0" in words
    assert "工业互联网" in words


def test_tags_of_a_span():
    text = "支持人工智能企业开展大模型研发。对工业互联网平台给予支持。人工智能算力券。"
    tagger = tags.Tagger.for_span(text, 0, len(text))
    first = tagger.tags(0, text.index("。") + 1)
    assert first[0] == "人工智能" and "大模型" in first
    assert tagger.tags(0, len(text))[0] == "人工智能"
    assert tagger.tags(len(text), len(text)) == []


def test_lexicon_categories():
    lex = tags.lexicon()
    assert lex["人工智能"] == "ind"
    assert lex["DCMM"] == "qual"
    assert lex["朝阳区"] == "place"
