"""The HTML reader: a web page's markup read as the text layout reads a handbook."""
from ingest.readers import detect_format, read_document

PAGE = """<!DOCTYPE html>
<html><head><title>健康服务权益说明</title><script>var x = "<p>不是正文</p>";</script>
<style>p { color: red; }</style></head>
<body>
<div class="crumb">首页&nbsp;&gt;&nbsp;健康服务</div>
<h2>健康服务权益说明</h2>
<p><strong>一、服务一览</strong></p>
<table><tbody>
<tr><th>服务项目</th><th>标准版</th><th>尊享版</th></tr>
<tr><td>在线问诊</td><td>不限次</td><td>不限次</td></tr>
住院护工\t每年1次\t每年2次
<tr>
<td>年度体检</td>
<td>&mdash;</td>
<td>每年<br/>1次</td>
</tr>
</tbody></table>
<!-- 2024-03-15 下线：海外就医协调服务 -->
<h3>1.&nbsp;在线问诊</h3>
<p>医生5分钟内首次回复，保险期间内不限次数。<br/>
申请方式：关注&ldquo;英大人寿&rdquo;微信公众号。</p>
<ul><li><strong>专家门诊</strong>：资料齐全后3个工作日内安排；</li><li>住院安排</li></ul>
</body></html>
"""


def _read(tmp_path, html=PAGE, name="page.txt"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return read_document(path)


def test_a_web_page_is_read_as_html_whatever_its_name(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text(PAGE, encoding="utf-8")
    assert detect_format(path) == "html"
    assert _read(tmp_path).source.format == "html"


def test_plain_text_with_inline_markup_stays_text(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("<b>视频问诊</b>：每年12次。\n服务热线：95500。\n", encoding="utf-8")
    assert detect_format(path) == "text"
    path.write_text("| 服务 | 时效 |\n|---|---|\n" + "| 问诊 | 60秒<br>响应<br>全天<br>在线<br>免费<br>不限 |\n" * 3,
                    encoding="utf-8")
    assert detect_format(path) == "text"


def test_a_cms_fragment_of_block_tags_is_html(tmp_path):
    path = tmp_path / "fragment.txt"
    path.write_text("<div class='a'>\n" + "<p>视频问诊每年12次。</p>\n" * 5 + "</div>\n", encoding="utf-8")
    assert detect_format(path) == "html"


def test_html_reader_takes_headings_tables_and_lists_from_the_markup(tmp_path):
    doc = _read(tmp_path)
    assert [(b.kind, b.level) for b in doc.blocks if b.kind == "heading"] == [("heading", 2), ("heading", 2),
                                                                             ("heading", 3)]
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["健康服务权益说明", "一、服务一览", "1. 在线问诊"]
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert [[doc.cell_text(c) for c in row] for row in table.rows] == [
        ["服务项目", "标准版", "尊享版"], ["在线问诊", "不限次", "不限次"], ["住院护工", "每年1次", "每年2次"],
        ["年度体检", "—", "每年1次"]]
    assert [b.text for b in doc.blocks if b.kind == "list_item"] == ["• 专家门诊：资料齐全后3个工作日内安排；",
                                                                    "• 住院安排"]


def test_html_reader_leaves_out_scripts_styles_the_head_and_comments_and_decodes_entities(tmp_path):
    doc = _read(tmp_path)
    assert "不是正文" not in doc.text and "color" not in doc.text and "下线" not in doc.text
    assert "健康服务权益说明" in doc.text and "首页 > 健康服务" in doc.text
    assert "申请方式：关注“英大人寿”微信公众号。" in doc.text
    assert "医生5分钟内首次回复，保险期间内不限次数。\n申请方式" in doc.text  # a <br> ends a line


def test_html_reader_says_a_page_without_text_is_empty(tmp_path):
    import pytest

    from ingest.errors import EmptyFileError

    with pytest.raises(EmptyFileError):
        _read(tmp_path, "<!DOCTYPE html><html><head><title>x</title></head><body><script>1</script></body></html>")
