"""Inline SVG bar charts: a named picture of figures, longest bar for the largest value, every
label escaped."""

import re

from booking.core.charts import PALETTE, Bar, bar_chart_svg, hatch_pattern, svg_text


def test_bars_are_as_long_as_their_values_and_labelled():
    svg = str(bar_chart_svg("People by sector", [Bar("Schools", 60), Bar("CAMHS", 15)]))
    assert svg.startswith('<svg class="app-chart"') and 'role="img"' in svg
    assert '<title id="chart-title">People by sector</title>' in svg
    bars = re.findall(r'width="([\d.]+)" height="28" fill="#1d70b8"', svg)
    widths = [float(width) for width in bars]
    assert widths[0] == 4 * widths[1] > 0
    assert ">Schools</text>" in svg and ">60</text>" in svg


def test_a_maximum_and_shown_values_for_percentages():
    svg = str(bar_chart_svg("Reached", [Bar("Primary", 50, "50%")], maximum=100, chart_id="p"))
    assert 'id="p"' in svg and ">50%</text>" in svg
    assert 'width="165.0" height="28" fill="#1d70b8"' in svg  # half of the 330 of room


def test_labels_are_escaped_and_long_ones_cut():
    svg = str(bar_chart_svg("<b>", [Bar("<script>x</script> and a very long name indeed", 0)]))
    assert "<script>" not in svg and "&lt;b&gt;" in svg
    assert "…" in svg


def test_the_shared_pieces_escape_what_they_are_given():
    assert svg_text(1.5, 20, '<b>"x"</b>', 'fill="#0b0c0c"') == (
        '<text x="1.5" y="20" fill="#0b0c0c">&lt;b&gt;&#34;x&#34;&lt;/b&gt;</text>'
    )
    assert hatch_pattern('a"b').startswith('<pattern id="a&#34;b"')
    assert len(set(PALETTE)) == len(PALETTE) == 7
