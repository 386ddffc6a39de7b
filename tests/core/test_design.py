"""The design's server-side parts (issue 11): the hotlines on every page, the wordmark,
the home page's lead and featured network. Their looks are tested in a browser
(tests/e2e/test_design.py)."""

import pytest

from core.templatetags.portal import first_paragraph, later_paragraphs
from tests.factories import IntroductionFactory

PAGES = {
    "en": ["/en/", "/en/networks/at-network/", "/en/organizations/", "/en/no-such-page/"],
    "sr-latn": ["/sr-latn/", "/sr-latn/mreze/at-mreza/", "/sr-latn/organizacije/"],
    "sr": ["/sr/", "/sr/mreze/at-mreza/", "/sr/organizacije/", "/sr/nema-te-strane/"],
}


@pytest.mark.parametrize("language", PAGES)
def test_every_page_opens_with_the_two_hotlines_once(client, network, language):
    for path in PAGES[language]:
        html = client.get(path).content.decode()
        header = html.index('<header class="site-header">')
        for number in ("tel:+381117850000", "tel:116000"):
            # Above the header, and nowhere else (the footer no longer repeats them).
            assert html.count(f'href="{number}"') == 1, (path, number)
            assert html.index(f'href="{number}"') < header, (path, number)


def test_the_hotlines_are_labelled_in_the_pages_language(client, network):
    html = client.get("/en/").content.decode()
    assert '<aside class="hotlines" aria-label="Hotlines">' in html
    assert 'SOS hotline <a href="tel:+381117850000">+381&nbsp;11&nbsp;785&nbsp;0000</a>' in html
    assert 'Missing children <a href="tel:116000">116&nbsp;000</a>' in html


def test_the_wordmark_is_a_named_svg_in_the_text_colour(client, network):
    html = client.get("/sr/").content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert '<svg class="wordmark"' in header
    assert 'role="img" aria-label="ASTRA"' in header
    # currentColor: it follows the theme, and forced colours, like the link's text.
    assert 'fill="currentColor"' in header
    assert "<text" not in header  # outlines: no font needed to draw it


def test_the_home_page_leads_with_the_introductions_first_paragraph(client, network):
    IntroductionFactory(
        text_en="One sentence of lead.\n\nASTRA founded the AT Network.",
        text_sr_latn="Jedna rečenica.\n\nASTRA je osnovala AT mrežu.",
    )
    html = client.get("/en/").content.decode()
    assert '<p class="lead">One sentence of lead.</p>' in html
    featured = html[html.index('<section class="featured"') :]
    featured = featured[: featured.index("</section>")]
    # The rest of the introduction is about the AT Network: it goes with it.
    assert "<p>ASTRA founded the AT Network.</p>" in featured
    assert 'href="/en/networks/at-network/">Anti-Trafficking Network</a>' in featured
    assert 'class="map__svg"' in featured
    # Featured once: not again among the cards.
    assert html.count('href="/en/networks/at-network/"') == 1


@pytest.mark.parametrize(
    ("text", "first", "later"),
    [
        ("One.\n\nTwo.\n\nThree.", "One.", "Two.\n\nThree."),
        ("One.\r\n\r\nTwo.", "One.", "Two."),
        ("Only one.", "Only one.", ""),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_paragraph_filters(text, first, later):
    assert first_paragraph(text) == first
    assert later_paragraphs(text) == later
