"""Logos (core/logos.py): what an upload must be, the renditions the pages show, and
when old files go, with the history's versions in mind."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from PIL import Image, features
from reversion.models import Version

from core import logos
from core.logos import check_logo, rendition_names
from members.models import MemberOrganization
from networks.models import Network
from tests.core.test_history import (
    change_url,
    delete,
    edit,
    recover,
    restore,
    submitted,
    versions,
)
from tests.factories import MembershipFactory, NetworkFactory, OrganizationFactory
from tests.helpers import image_bytes, network_form_data

pytestmark = pytest.mark.django_db

MODERN = ["image/avif", "image/webp"] if features.check("avif") else ["image/webp"]


def upload(data, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(data, name="logo.png", language="en"):
    """The message an editor reads for ``data``, in ``language``."""
    with pytest.raises(ValidationError) as caught, translation.override(language):
        check_logo(upload(data, name))
    with translation.override(language):
        return " ".join(caught.value.messages), caught.value.error_list[0].code


def png_header(width, height):
    """A PNG that claims ``width`` × ``height`` pixels in a few bytes (a decompression
    bomb's header: its pixels are never there)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# --- What an upload must be -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format_", "name", "extension"),
    [("PNG", "logo.png", "png"), ("JPEG", "logo.jpg", "jpg"), ("WEBP", "logo.webp", "webp")],
)
def test_png_jpeg_and_webp_logos_are_accepted(format_, name, extension):
    found = check_logo(upload(image_bytes(format_, (300, 100)), name))
    assert (found.format, found.width, found.height) == (format_, 300, 100)
    assert found.extension == extension


def test_the_format_is_read_from_the_content_not_from_the_name(network):
    jpeg = image_bytes("JPEG", (300, 100))
    assert check_logo(upload(jpeg, "logo.png")).format == "JPEG"
    network.logo = upload(jpeg, "logo.png")
    network.save()
    assert network.logo.name.endswith(".jpg")


def test_a_gif_named_png_is_refused_naming_its_real_format():
    message, code = refusal(image_bytes("GIF", (300, 100), mode="P"))
    assert code == "format"
    assert message == (
        "This file's format is GIF; a logo must be a PNG, JPEG or WebP image. Save it as PNG "
        "and upload it again."
    )


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_svg_is_refused_saying_why_whatever_it_is_called(name):
    message, code = refusal(SVG, name)
    assert code == "svg"
    assert message == (
        "SVG logos are not accepted: an SVG file can carry scripts, which would run on this "
        "site when the file is opened. Upload the logo as a PNG (or JPEG or WebP) image "
        "instead."
    )


def test_a_file_over_two_megabytes_is_refused():
    noise = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11718 + b"\x00" * 192)
    buffer = io.BytesIO()
    noise.save(buffer, "PNG", compress_level=0)
    assert buffer.tell() > logos.MAX_BYTES
    message, code = refusal(buffer.getvalue())
    assert code == "file_size"
    assert message.startswith("This file is 2.9\xa0MB; a logo can be at most 2.0\xa0MB.")


@pytest.mark.parametrize("size", [(4001, 40), (40, 4001)])
def test_more_than_4000_pixels_a_side_is_refused(size):
    message, code = refusal(image_bytes("PNG", size, mode="L"))
    assert code == "too_large"
    width, height = size
    assert message == (
        f"This image is {width} × {height} pixels; a logo can be at most 4000 × 4000. Save it "
        "smaller and upload it again."
    )


def test_4000_and_32_pixels_a_side_are_accepted():
    assert check_logo(upload(image_bytes("PNG", (4000, 32), mode="L"))).width == 4000


def test_fewer_than_32_pixels_a_side_is_refused():
    message, code = refusal(image_bytes("PNG", (31, 200)))
    assert code == "too_small"
    assert message == (
        "This image is 31 × 200 pixels; a logo needs at least 32 × 32 to be sharp. Upload a "
        "larger version."
    )


@pytest.mark.parametrize("side", [5000, 10_000, 50_000])
def test_a_decompression_bomb_is_refused_before_any_pixel_is_decoded(side):
    # 5000: over our limit; 10 000: over Pillow's warning; 50 000: over its error.
    message, code = refusal(png_header(side, side))
    assert code in {"too_large", "too_many_pixels"}
    assert "a logo can be at most 4000 × 4000" in message


def test_garbage_named_png_is_refused_with_a_message():
    message, code = refusal(b"\x89PNG but not really" + bytes(200))
    assert code == "invalid"
    assert message == (
        "This file is not an image that can be read. A logo must be a PNG, JPEG or WebP image."
    )


def test_a_truncated_image_is_refused_as_damaged():
    whole = image_bytes("PNG", (600, 300))
    message, code = refusal(whole[: len(whole) // 2])
    assert code == "damaged"
    assert message == (
        "This image is damaged or incomplete (the upload may have been cut off). Save the "
        "logo again from its original and upload it once more."
    )


# The Serbian catalogue's suggested translations (the report lists the msgids).
SERBIAN = {
    "svg": (
        "SVG logotipi se ne prihvataju: SVG datoteka može da sadrži skripte, koje bi se "
        "izvršile na ovom sajtu kada se datoteka otvori. Umesto toga otpremite logotip kao "
        "PNG (ili JPEG ili WebP) sliku."
    ),
    "too_small": (
        "Ova slika ima 31 × 200 piksela; logotipu treba najmanje 32 × 32 da bi bio oštar. "
        "Otpremite veću verziju."
    ),
    "invalid": (
        "Ova datoteka nije slika koja može da se pročita. Logotip mora biti PNG, JPEG ili "
        "WebP slika."
    ),
}


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (SVG, "logo.svg", "svg"),
        (image_bytes("PNG", (31, 200)), "logo.png", "too_small"),
        (b"not an image at all", "logo.png", "invalid"),
    ],
    ids=["svg", "too-small", "unreadable"],
)
def test_refusals_are_in_serbian_in_both_scripts(data, name, code):
    latin, _code = refusal(data, name, language="sr-latn")
    assert latin == SERBIAN[code]
    cyrillic, _code = refusal(data, name, language="sr")
    assert "логотип" in cyrillic.lower()


def test_the_admin_refuses_garbage_named_png_with_a_message_not_an_error(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    logo = upload(b"\x00garbage\xff" * 50)
    response = admin_client.post(url, network_form_data(network, logo=logo))
    assert response.status_code == 200
    assert "This file is not an image that can be read." in response.content.decode()
    network.refresh_from_db()
    assert not network.logo


def test_the_admin_refuses_svg_saying_why(admin_client, network):
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = admin_client.post(url, network_form_data(network, logo=upload(SVG, "logo.svg")))
    assert response.status_code == 200
    assert "an SVG file can carry scripts" in response.content.decode()


def test_the_model_checks_a_new_file_too(network):
    network.logo = upload(image_bytes("PNG", (20, 20)))
    with pytest.raises(ValidationError) as caught:
        network.full_clean()
    assert caught.value.error_dict["logo"][0].code == "too_small"


def test_the_upload_field_offers_only_the_formats_accepted(admin_client, network):
    html = admin_client.get(change_url(network)).content.decode()
    assert 'accept="image/png,image/jpeg,image/webp"' in html
    assert "SVG is not accepted." in html


# --- Stored once ----------------------------------------------------------------------------


def test_the_same_image_is_stored_once_named_by_its_content(network):
    data = image_bytes("PNG", (300, 100))
    other = NetworkFactory()
    network.logo = upload(data, "at-network.png")
    network.save()
    other.logo = upload(data, "copy of the logo.png")
    other.save()
    assert network.logo.name == other.logo.name
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", network.logo.name)
    assert default_storage.listdir("logos")[1] == [network.logo.name.removeprefix("logos/")]


# --- Renditions -----------------------------------------------------------------------------


def with_logo(obj, data=None, name="logo.png"):
    obj.logo = upload(data or image_bytes("PNG", (1200, 600)), name)
    obj.save()
    return obj


def decoded(name):
    with default_storage.open(name) as file, Image.open(file) as image:
        return image.format, image.size


def test_saving_a_logo_makes_every_rendition_in_every_format(network):
    with_logo(network)
    renditions = network.logo_renditions
    assert renditions["source"] == network.logo.name
    assert set(renditions["sizes"]) == set(logos.SIZES)
    for size, (box_width, box_height) in logos.SIZES.items():
        entry = renditions["sizes"][size]
        # 1200 × 600 in a box twice as wide as high: the box, exactly.
        assert (entry["width"], entry["height"]) == (box_width, box_height)
        assert [f["type"] for f in entry["formats"]] == [*MODERN, "image/png"]
        for format_ in entry["formats"]:
            (one, one_density), (two, two_density) = format_["srcset"]
            assert (one_density, two_density) == (1, 2)
            expected = format_["type"].removeprefix("image/").upper()
            assert decoded(one) == (expected, (box_width, box_height))
            assert decoded(two) == (expected, (2 * box_width, 2 * box_height))
            assert one.startswith("logos/renditions/")


def test_a_photograph_falls_back_to_jpeg_and_a_transparent_logo_to_png(network):
    with_logo(network, image_bytes("JPEG", (400, 400)), "logo.jpg")
    assert network.logo_renditions["sizes"]["card"]["formats"][-1]["type"] == "image/jpeg"
    with_logo(network, image_bytes("WEBP", (400, 400)), "logo.webp")
    assert network.logo_renditions["sizes"]["card"]["formats"][-1]["type"] == "image/png"


def test_a_small_logo_is_never_enlarged(network):
    with_logo(network, image_bytes("PNG", (100, 50)))
    sizes = network.logo_renditions["sizes"]
    assert (sizes["page"]["width"], sizes["page"]["height"]) == (100, 50)
    assert all(len(f["srcset"]) == 1 for f in sizes["page"]["formats"])
    assert (sizes["small"]["width"], sizes["small"]["height"]) == (80, 40)
    # Sharper than the small size needs, not twice as sharp: said as it is.
    assert sizes["small"]["formats"][0]["srcset"][1][1] == 1.25


def test_a_photographs_exif_orientation_is_followed(network):
    image = Image.new("RGB", (400, 200), "navy")
    exif = Image.Exif()
    exif[0x0112] = 6  # taken sideways: shown turned a quarter clockwise
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    with_logo(network, buffer.getvalue(), "photo.jpg")
    page = network.logo_renditions["sizes"]["page"]
    assert (page["width"], page["height"]) == (60, 120)


def test_a_large_logo_is_reduced_once_and_keeps_its_transparency(network):
    with_logo(network, image_bytes("PNG", (4000, 2000)))
    page = network.logo_renditions["sizes"]["page"]
    for name, density in page["formats"][-1]["srcset"]:
        with default_storage.open(name) as file, Image.open(file) as image:
            assert image.size == (240 * density, 120 * density)
            assert image.mode == "RGBA"
            assert image.getpixel((0, 0))[3] == 0  # the corner stays transparent
            centre = image.getpixel((image.width // 2, image.height // 2))
            assert centre == (200, 30, 40, 255)


def test_renditions_are_made_once_not_on_every_save(network, monkeypatch):
    with_logo(network)
    made = []
    monkeypatch.setattr(logos, "make_renditions", lambda logo: made.append(logo) or {})
    network.summary_en = "Changed."
    network.save()
    Network.objects.get(pk=network.pk).save()
    assert made == []


def test_renditions_of_different_images_have_different_names(network):
    first = rendition_names(with_logo(network).logo_renditions)
    second = rendition_names(
        with_logo(
            NetworkFactory(), image_bytes("PNG", (1200, 600), color=(0, 0, 255, 255))
        ).logo_renditions
    )
    assert first.isdisjoint(second)


def test_the_renditions_of_a_logo_that_cannot_be_read_are_left_out_not_an_error(network):
    network.logo.save("broken.png", ContentFile(b"not an image"), save=False)
    network.save()
    assert network.logo_renditions == {}
    html = pytest.importorskip("django.test").Client().get("/en/networks/at-network/")
    # The file as it is, in the size's box: the page still works.
    assert f'src="/media/{network.logo.name}"' in html.content.decode()


# --- On the pages -----------------------------------------------------------------------------


def picture(html, size):
    match = re.search(rf'<picture class="logo logo--{size}">(.*?)</picture>', html, re.DOTALL)
    assert match, size
    return match.group(1)


@pytest.mark.parametrize(
    ("path", "alt"),
    [
        ("/en/networks/at-network/", "Two letters in a red circle"),
        ("/sr-latn/mreze/at-mreza/", "Dva slova u crvenom krugu"),
        ("/sr/mreze/at-mreza/", "Два слова у црвеном кругу"),
    ],
)
def test_the_network_page_shows_renditions_with_sizes_and_the_alt_text_of_its_language(
    client, network, path, alt
):
    network.logo_alt_en = "Two letters in a red circle"
    network.logo_alt_sr_latn = "Dva slova u crvenom krugu"
    with_logo(network)
    html = picture(client.get(path).content.decode(), "page")
    entry = network.logo_renditions["sizes"]["page"]
    for format_ in entry["formats"][:-1]:
        (one, _), (two, _) = format_["srcset"]
        assert (
            f'<source type="{format_["type"]}" srcset="/media/{one} 1x, /media/{two} 2x">' in html
        )
    (fallback, _), (fallback_2x, _) = entry["formats"][-1]["srcset"]
    assert (
        f'<img src="/media/{fallback}" srcset="/media/{fallback} 1x, /media/{fallback_2x} 2x" '
        f'width="240" height="120" alt="{alt}" decoding="async">'
    ) in html
    assert html.index("image/webp") < html.index("<img")
    if "image/avif" in MODERN:
        assert html.index("image/avif") < html.index("image/webp")


@pytest.mark.parametrize(
    ("path", "alt"),
    [
        ("/en/networks/at-network/", "Logo of Anti-Trafficking Network"),
        ("/sr-latn/mreze/at-mreza/", "Logotip: Antitrafiking mreža"),
        ("/sr/mreze/at-mreza/", "Логотип: Антитрафикинг мрежа"),
    ],
)
def test_without_alt_text_the_logo_is_called_the_logo_of_the_network(client, network, path, alt):
    with_logo(network)
    assert f'alt="{alt}"' in picture(client.get(path).content.decode(), "page")


def test_cards_show_the_logo_as_decoration_beside_the_name_they_repeat(client, network):
    with_logo(network)
    html = client.get("/en/").content.decode()
    card = picture(html, "card")
    assert 'width="160" height="80" alt="" loading="lazy"' in card


def test_the_organization_page_and_the_directory_show_the_organizations_logo(client, network):
    organization = MemberOrganization.objects.get(slug_en="centre-for-girls-nis")
    organization.logo_alt_en = "A girl drawn in green"
    with_logo(organization, image_bytes("PNG", (300, 300)))
    page = picture(client.get("/en/organizations/centre-for-girls-nis/").content.decode(), "page")
    assert 'width="120" height="120" alt="A girl drawn in green"' in page
    directory = picture(client.get("/en/organizations/").content.decode(), "small")
    assert 'width="40" height="40" alt="" loading="lazy"' in directory


def test_the_organizations_structured_data_names_its_logo(client, astra):
    with_logo(astra)
    html = client.get("/en/organizations/astra/").content.decode()
    assert f'"logo": "http://testserver/media/{astra.logo.name}"' in html


def test_without_a_logo_the_pages_show_none(client, network):
    assert "<picture" not in client.get("/en/networks/at-network/").content.decode()
    assert "<picture" not in client.get("/en/").content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_logos_add_no_query_to_the_home_page(
    client, django_assert_num_queries, introduction, count
):
    data = image_bytes("PNG", (300, 100))
    for network in NetworkFactory.create_batch(count):
        with_logo(network, data)
    with django_assert_num_queries(2):  # the introduction, the networks
        response = client.get("/en/")
    assert response.content.decode().count('<picture class="logo logo--card">') == count


@pytest.mark.parametrize("count", [1, 30])
def test_logos_add_no_query_to_the_directory(client, django_assert_num_queries, db, count):
    data = image_bytes("PNG", (300, 100))
    for membership in MembershipFactory.create_batch(count):
        with_logo(membership.organization, data)
    with django_assert_num_queries(6):  # as without logos
        response = client.get("/en/organizations/")
    assert response.content.decode().count('<picture class="logo logo--small">') == count


@pytest.mark.parametrize("count", [1, 30])
def test_logos_add_no_query_to_a_network_or_an_organization_page(
    client, django_assert_num_queries, astra, count
):
    with_logo(astra)
    network = with_logo(NetworkFactory(slug_en="logos"))
    for organization in OrganizationFactory.create_batch(count):
        MembershipFactory(network=network, organization=with_logo(organization))
        MembershipFactory(network=NetworkFactory(), organization=astra)
    with django_assert_num_queries(3):  # the network, its goals, its memberships
        assert "logo--page" in client.get("/en/networks/logos/").content.decode()
    with django_assert_num_queries(2):  # the organization, its memberships
        assert "logo--page" in client.get("/en/organizations/astra/").content.decode()


# --- In the admin -------------------------------------------------------------------------------


def test_the_change_form_shows_the_current_logo_beside_its_upload_field(admin_client, network):
    network.logo_alt_en = "The letters AT"
    with_logo(network)
    html = admin_client.get(change_url(network)).content.decode()
    preview = html[html.index("field-logo_preview") :]
    assert 'width="160" height="80" alt="The letters AT"' in picture(preview, "card")
    assert html.index("field-logo_preview") < html.index('name="logo"') < html.index("logo_alt_en")


def test_the_change_form_of_a_network_without_a_logo_says_so(admin_client, network):
    html = admin_client.get(change_url(network)).content.decode()
    assert "no logo yet" in html


def test_the_change_lists_show_small_logos_with_their_alt_text(admin_client, network, astra):
    with_logo(network)
    with_logo(astra)
    html = admin_client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert 'alt="Logo of Anti-Trafficking Network"' in picture(html, "small")
    html = admin_client.get(reverse("admin:members_memberorganization_changelist")).content
    assert 'alt="Logo of ASTRA"' in picture(html.decode(), "small")


def test_an_editor_uploads_a_logo_and_the_page_shows_it(admin_client, client, network):
    edit(admin_client, network, logo=upload(image_bytes("PNG", (800, 400))), logo_alt_en="AT")
    network.refresh_from_db()
    assert network.logo_renditions["source"] == network.logo.name
    assert 'alt="AT"' in picture(client.get("/en/networks/at-network/").content.decode(), "page")


def test_the_preview_shows_the_saved_logo_not_the_one_chosen_in_the_form(admin_client, network):
    with_logo(network)
    saved = network.logo_renditions["sizes"]["page"]["formats"][-1]["srcset"][0][0]
    url = reverse("admin:networks_network_preview", args=[network.pk])
    data = submitted(admin_client.get(change_url(network)))
    data["logo"] = upload(image_bytes("PNG", (500, 500), color=(0, 200, 0, 255)))
    html = admin_client.post(url, data).content.decode()
    assert f'src="/media/{saved}"' in picture(html, "page")
    assert "Files chosen in the form, such as a new logo, show once saved." in html
    assert Network.objects.get(pk=network.pk).logo.name == network.logo.name


# --- When files go ----------------------------------------------------------------------------


def exists(names):
    return {name: default_storage.exists(name) for name in names}


def test_a_replaced_logo_and_its_renditions_go_once_the_save_commits(
    network, django_capture_on_commit_callbacks
):
    old = with_logo(network).logo.name
    old_renditions = rendition_names(network.logo_renditions)
    with django_capture_on_commit_callbacks() as callbacks:
        with_logo(network, image_bytes("PNG", (900, 300)))
        # Nothing is deleted before the transaction commits.
        assert all(exists([old, *old_renditions]).values())
    for callback in callbacks:
        callback()
    assert not any(exists([old, *old_renditions]).values())
    assert all(exists([network.logo.name, *rendition_names(network.logo_renditions)]).values())


def test_a_rolled_back_save_deletes_nothing(network, django_capture_on_commit_callbacks):
    from django.db import transaction

    old = with_logo(network).logo.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                with_logo(network, image_bytes("PNG", (900, 300)))
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert default_storage.exists(old)


def test_deleting_an_object_deletes_its_logo_and_renditions(
    network, django_capture_on_commit_callbacks
):
    names = [with_logo(network).logo.name, *rendition_names(network.logo_renditions)]
    with django_capture_on_commit_callbacks(execute=True):
        network.delete()
    assert not any(exists(names).values())


def test_a_file_another_row_uses_stays(network, astra, django_capture_on_commit_callbacks):
    data = image_bytes("PNG", (300, 100))
    with_logo(astra, data)
    with_logo(network, data)
    names = [network.logo.name, *rendition_names(network.logo_renditions)]
    with django_capture_on_commit_callbacks(execute=True):
        network.delete()
    assert all(exists(names).values())
    assert astra.logo.name == names[0]


def test_a_logo_in_the_history_is_kept_and_shows_again_when_its_version_is_restored(
    admin_client, client, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit(admin_client, network, logo=upload(image_bytes("PNG", (800, 400))))
    network.refresh_from_db()
    first, first_renditions = network.logo.name, rendition_names(network.logo_renditions)
    with django_capture_on_commit_callbacks(execute=True):
        edit(admin_client, network, logo=upload(image_bytes("PNG", (600, 600))))
    network.refresh_from_db()
    assert network.logo.name != first
    # The first logo's renditions are gone; the file stays: a version names it.
    assert default_storage.exists(first)
    assert not any(exists(first_renditions).values())

    with_first = next(v for v in versions(network) if v.field_dict["logo"] == first)
    with django_capture_on_commit_callbacks(execute=True):
        restore(admin_client, network, with_first)
    network.refresh_from_db()
    assert network.logo.name == first
    assert network.logo_renditions["source"] == first
    html = picture(client.get("/en/networks/at-network/").content.decode(), "page")
    assert all(exists(rendition_names(network.logo_renditions)).values())
    fallback = network.logo_renditions["sizes"]["page"]["formats"][-1]["srcset"][0][0]
    assert f'src="/media/{fallback}"' in html


def test_renditions_are_not_part_of_the_history(admin_client, network):
    edit(admin_client, network, logo=upload(image_bytes("PNG", (800, 400))))
    latest = versions(network)[-1]
    assert "logo" in latest.field_dict
    assert "logo_renditions" not in latest.field_dict
    assert "logo_renditions" not in latest.serialized_data


def test_a_deleted_network_is_recovered_with_its_logo(
    admin_client, client, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit(admin_client, network, logo=upload(image_bytes("PNG", (800, 400))))
    network.refresh_from_db()
    name, renditions = network.logo.name, rendition_names(network.logo_renditions)
    with django_capture_on_commit_callbacks(execute=True):
        delete(admin_client, network)
    # The renditions go at once; the file waits for a recovery.
    assert default_storage.exists(name)
    assert not any(exists(renditions).values())

    deleted = Version.objects.get_deleted(Network).get()
    with django_capture_on_commit_callbacks(execute=True):
        recover(admin_client, Network, deleted)
    recovered = Network.objects.get(pk=network.pk)
    assert recovered.logo.name == name
    assert all(exists(rendition_names(recovered.logo_renditions)).values())
    assert "logo--page" in client.get("/en/networks/at-network/").content.decode()


def test_a_version_reverted_by_code_gets_its_renditions_after_the_commit(
    admin_client, network, django_capture_on_commit_callbacks
):
    edit(admin_client, network, logo=upload(image_bytes("PNG", (800, 400))))
    network.refresh_from_db()
    first = network.logo.name
    edit(admin_client, network, logo=upload(image_bytes("PNG", (600, 600))))
    with_first = next(v for v in versions(network) if v.field_dict["logo"] == first)
    with django_capture_on_commit_callbacks(execute=True):
        with_first.revert()
    network.refresh_from_db()
    assert network.logo.name == first
    assert network.logo_renditions["source"] == first


def test_make_logo_renditions_makes_the_missing_ones_and_only_those(network):
    with_logo(network)
    Network.objects.filter(pk=network.pk).update(logo_renditions={})
    output = io.StringIO()
    call_command("make_logo_renditions", stdout=output)
    assert "Renditions made for 1 logo(s)." in output.getvalue()
    network.refresh_from_db()
    assert network.logo_renditions["source"] == network.logo.name
    output = io.StringIO()
    call_command("make_logo_renditions", stdout=output)
    assert "Renditions made for 0 logo(s)." in output.getvalue()


def test_the_container_and_make_run_make_missing_renditions():
    from tests.servers import ROOT

    start = (ROOT / "bin" / "start").read_text()
    assert start.index("make_logo_renditions") < start.index("exec ")
    assert "make_logo_renditions" in (ROOT / "Makefile").read_text()
