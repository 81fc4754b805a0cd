"""A notice's plain-text body read as people expect, and never as markup."""

from hypothesis import given
from hypothesis import strategies as st

from booking.network.plain_text import as_text, blocks, render


def test_script_and_markup_are_shown_as_text():
    html = render('<script>alert("x")</script>\n\n<b>bold</b> & <a href="javascript:1">x</a>')
    assert "<script>" not in html and "<b>" not in html and '<a href="javascript' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a" in html


def test_paragraphs_lists_and_numbered_lists():
    body = "First line\nsecond line\n\nLook out for:\n- one\n* two\n\n1. first\n2. second"
    html = str(render(body))
    assert html.count('<p class="govuk-body">') == 2
    assert "First line<br>\nsecond line" in html
    assert '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li></ul>' in html
    assert '<ol class="govuk-list govuk-list--number"><li>first</li><li>second</li></ol>' in html
    assert [b.kind for b in blocks(body)] == ["paragraph", "paragraph", "bullets", "numbers"]
    assert as_text(body) == (
        "First line\nsecond line\n\nLook out for:\n\n- one\n- two\n\n1. first\n2. second"
    )


def test_bare_links_become_links_and_leave_trailing_punctuation_outside():
    html = str(render("See https://example.org/a?b=1&c=2. Or http://x.test/y)"))
    assert (
        '<a class="govuk-link" href="https://example.org/a?b=1&amp;c=2">'
        "https://example.org/a?b=1&amp;c=2</a>." in html
    )
    assert '<a class="govuk-link" href="http://x.test/y">http://x.test/y</a>)' in html


def test_a_link_cannot_break_out_of_its_attribute():
    html = str(render('https://example.org/"onmouseover="alert(1)'))
    assert 'href="https://example.org/"' in html and 'onmouseover="' not in html


@given(st.text(max_size=400))
def test_no_tag_of_the_body_survives(body):
    html = str(render(body))
    allowed = ("<p", "</p", "<br", "<ul", "</ul", "<ol", "</ol", "<li", "</li", "<a ", "</a")
    for index in [i for i, ch in enumerate(html) if ch == "<"]:
        assert html.startswith(allowed, index), html


def test_a_line_of_only_spaces_of_any_kind_ends_a_paragraph():
    body = "First\r\n\u00a0\r\nSecond\n \t\n- one\n\n\n\n2. two"
    assert [(b.kind, b.lines) for b in blocks(body)] == [
        ("paragraph", ("First",)),
        ("paragraph", ("Second",)),
        ("bullets", ("one",)),
        ("numbers", ("two",)),
    ]
