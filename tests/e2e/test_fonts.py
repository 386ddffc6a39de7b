"""The self-hosted typeface in a real browser: Serbian Cyrillic drawn as Serbian.

Serbian and Russian share the Cyrillic letters but not all their shapes: the Serbian
upright б and the Serbian italic г, д, п, т differ. The font carries both (OpenType `locl`,
language SRB) and the browser picks by the text's language, so the same letters rendered
with lang="sr" and lang="ru" must give different pictures exactly where the forms differ.
"""

import io

import pytest
from PIL import Image

from tests.e2e.conftest import public_pages

pytestmark = pytest.mark.e2e

FONT_PATHS = {
    "/static/fonts/noto-sans-regular.woff2",
    "/static/fonts/noto-sans-bold.woff2",
    "/static/fonts/noto-sans-italic.woff2",
}

# The samples sit on the site's own Cyrillic page, so its stylesheet and its
# Content-Security-Policy apply; the DOM is built through the DOM API (no inline styles).
ADD_SAMPLES = """() => {
  const sheet = document.createElement("div");
  Object.assign(sheet.style, {
    background: "#fff", color: "#000", fontSize: "64px", lineHeight: "1.25", padding: "8px",
  });
  const samples = [
    ["sr-upright", "sr", "span", "б"], ["ru-upright", "ru", "span", "б"],
    ["sr-upright-rest", "sr", "span", "гдпт"], ["ru-upright-rest", "ru", "span", "гдпт"],
    ["sr-italic", "sr", "i", "гдпт"], ["ru-italic", "ru", "i", "гдпт"],
    ["sr-sample", "sr", "span", "бгдпт"], ["ru-sample", "ru", "span", "бгдпт"],
    ["sr-sample-italic", "sr", "i", "бгдпт"], ["ru-sample-italic", "ru", "i", "бгдпт"],
  ];
  for (const [id, lang, tag, text] of samples) {
    const line = document.createElement("div");
    const sample = document.createElement(tag);
    sample.id = id;
    sample.lang = lang;
    sample.textContent = text;
    sample.style.display = "inline-block";
    line.append(sample);
    sheet.append(line);
  }
  // In place of the page's content: nothing else to draw over the samples.
  document.body.replaceChildren(sheet);
}"""


def picture(page, element_id):
    png = page.locator(f"#{element_id}").screenshot(animations="disabled")
    # A blank picture (a sample off the screen, or not drawn) would compare equal to
    # another blank one: each must show dark letters on white.
    darkest, lightest = Image.open(io.BytesIO(png)).convert("L").getextrema()
    assert (darkest, lightest) == (0, 255), element_id
    return png


def platform_fonts(page, selector):
    """The fonts Chromium actually drew a node's text with (DevTools: "Rendered fonts")."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return fonts


def font_requests(browsing):
    return [url.removeprefix(browsing.base_url) for url in browsing.requests if ".woff2" in url]


def test_serbian_cyrillic_is_drawn_with_serbian_forms_by_the_self_hosted_font(browsing):
    page = browsing.page(language="sr")
    page.goto(public_pages("sr")["home"])
    # The page's language is what selects the Serbian forms for all of its text.
    assert page.locator("html").get_attribute("lang") == "sr-Cyrl"

    page.evaluate(ADD_SAMPLES)
    page.evaluate(
        """() => Promise.all([
          document.fonts.load("64px 'Noto Sans'", "бгдпт"),
          document.fonts.load("italic 64px 'Noto Sans'", "бгдпт"),
        ]).then(() => document.fonts.ready)"""
    )
    assert page.evaluate("document.fonts.check(\"16px 'Noto Sans'\")")
    assert page.evaluate("document.fonts.check(\"italic 16px 'Noto Sans'\")")
    # check() is also true for a family the page never declared; these are the page's own
    # faces, loaded from its own files.
    loaded = page.evaluate(
        """() => [...document.fonts].filter(face => face.status === "loaded")
              .map(face => [face.family, face.style, face.weight])"""
    )
    assert sorted(map(tuple, loaded)) == [
        ("Noto Sans", "italic", "400"),
        ("Noto Sans", "normal", "400"),
        ("Noto Sans", "normal", "700"),
    ]

    # Drawn with the web font (not a system copy of Noto Sans, not a synthesised slant).
    for selector, postscript_name in [
        ("#sr-sample", "NotoSans-Regular"),
        ("#sr-sample-italic", "NotoSans-Italic"),
        ("#ru-sample-italic", "NotoSans-Italic"),
    ]:
        fonts = platform_fonts(page, selector)
        assert [(f["familyName"], f["postScriptName"], f["isCustomFont"]) for f in fonts] == [
            ("Noto Sans", postscript_name, True)
        ], selector

    # The whole sample differs upright (б) and in italic (б, г, д, п, т)...
    assert picture(page, "sr-sample") != picture(page, "ru-sample")
    assert picture(page, "sr-sample-italic") != picture(page, "ru-sample-italic")
    # ...letter by letter exactly where Serbian and Russian forms differ, and only there,
    # so the difference is the font's Serbian forms and nothing else on the page.
    assert picture(page, "sr-upright") != picture(page, "ru-upright")
    assert picture(page, "sr-italic") != picture(page, "ru-italic")
    assert picture(page, "sr-upright-rest") == picture(page, "ru-upright-rest")

    # Every face comes from the site's own files (the fixture checks no other origin was
    # asked); the preloaded regular face is fetched once, so the preload is the one used.
    requests = font_requests(browsing)
    assert set(requests) <= FONT_PATHS
    assert requests.count("/static/fonts/noto-sans-regular.woff2") == 1
    assert "/static/fonts/noto-sans-italic.woff2" in requests


@pytest.mark.parametrize("page_type", ["home", "network", "organizations", "organization"])
def test_cyrillic_pages_declare_serbian_in_cyrillic_for_the_fonts_serbian_forms(
    browsing, page_type
):
    page = browsing.page(language="sr")
    page.goto(public_pages("sr")[page_type])
    assert page.locator("html").get_attribute("lang") == "sr-Cyrl"
    page.evaluate("document.fonts.ready")
    heading = platform_fonts(page, "h1")
    assert [(f["familyName"], f["isCustomFont"]) for f in heading] == [("Noto Sans", True)]
