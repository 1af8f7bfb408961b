"""Our static HTML read back as plain Markdown (the strategy pack's Markdown)."""

from __future__ import annotations

import pytest

from workbooks.static_markdown import escape_markdown, html_to_markdown


@pytest.mark.parametrize("typed, shown", [
    ("a | b", r"a \| b"),
    ("# not a heading", r"\# not a heading"),
    ("- not a list", r"\- not a list"),
    ("2019. A good year", r"2019\. A good year"),
    ("===", r"\==="),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("*bold* _it_ `code` [a](b) $x$ ~~gone~~", r"\*bold\* \_it\_ \`code\` \[a\](b) \$x\$ \~\~gone\~\~"),
    ("R&D &amp; more", "R&D &amp;amp; more"),
    ("back\\slash", "back\\\\slash"),
    ("two\n  lines", "two\nlines"),
])
def test_typed_text_is_escaped_to_show_as_typed(typed, shown):
    assert escape_markdown(typed) == shown


def test_headings_paragraphs_and_line_breaks():
    html = "<h1>Title #</h1><p>One<br>two</p><h3>Part</h3><div><h4>Prompt</h4><p>- answer</p></div>"
    assert html_to_markdown(html) == "# Title \\#\n\nOne\ntwo\n\n### Part\n\n#### Prompt\n\n\\- answer\n"


def test_a_list_stays_together_and_two_lists_stay_apart():
    html = "<ul><li>one</li><li>two</li></ul><ul><li>three</li></ul><p>after</p>"
    assert html_to_markdown(html) == "- one\n- two\n\n- three\n\nafter\n"


def test_a_table_with_its_caption_unless_the_heading_above_says_it():
    table = ("<table><caption>{}</caption><thead><tr><th>Name</th><th>Role</th></tr></thead>"
             "<tbody><tr><td>Ann | Bo</td><td></td></tr></tbody></table>")
    rows = "| Name | Role |\n| --- | --- |\n| Ann \\| Bo |   |\n"
    assert html_to_markdown("<h3>Team</h3>" + table.format("People")) == f"### Team\n\nPeople\n\n{rows}"
    assert html_to_markdown("<h3>Team</h3>" + table.format("Team")) == f"### Team\n\n{rows}"


def test_pictures_and_navigation_are_left_out():
    html = ('<nav><h2>Contents</h2><ul><li><a href="#a">A</a></li></ul></nav>'
            '<svg role="img"><title>Map</title><desc>Four people</desc><text>Core team</text></svg><p>Text</p>')
    assert html_to_markdown(html) == "Text\n"
