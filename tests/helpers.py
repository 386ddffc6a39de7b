"""Helpers that tests in several packages share."""

import html
import json
import re

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings


def network_form_data(network, **changes):
    data = {
        "kind": network.kind,
        "display_order": network.display_order,
        "is_published": "on",
        "founded_year": network.founded_year or "",
        "website": network.website,
        "member_count": network.member_count or "",
        "member_count_as_of": "",
    }
    for field in (
        "slug",
        "name",
        "short_name",
        "summary",
        "description",
        "astra_relationship",
        "headquarters",
        "member_count_note",
        "member_count_source",
    ):
        for suffix in ("en", "sr_latn", "sr"):
            data[f"{field}_{suffix}"] = getattr(network, f"{field}_{suffix}") or ""
    for prefix in ("goals", "memberships"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def migrate(targets):
    """Bring the test database to ``targets`` (migrations); their state's apps."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Leave the database as the rest of the suite expects it."""
    return migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
TAGS = {"en": "en", "sr-latn": "sr-Latn", "sr": "sr-Cyrl"}


def structured_data(page):
    """The page's one JSON-LD block, parsed."""
    blocks = SCRIPT.findall(page)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def text_of(page, pattern):
    """The text a visitor reads in the first element ``pattern`` matches."""
    match = re.search(pattern, page, re.DOTALL)
    assert match, pattern
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def canonical(page):
    return re.search(r'<link rel="canonical" href="([^"]+)">', page).group(1)


def image_bytes(format_, size, mode="RGBA", color=(200, 30, 40, 255)):
    """An image of ``size`` in ``format_`` (Pillow's name): a coloured disc on a
    transparent background (white where ``mode`` has no alpha), as logos tend to be."""
    import io

    from PIL import Image, ImageDraw

    if format_ == "JPEG":
        mode = "RGB"
    image = Image.new("RGBA", size, (0, 0, 0, 0) if "A" in mode else (255, 255, 255, 255))
    width, height = size
    ImageDraw.Draw(image).ellipse(
        (width // 8, height // 8, width - width // 8, height - height // 8), fill=color
    )
    buffer = io.BytesIO()
    image.convert(mode).save(buffer, format_)
    return buffer.getvalue()


def production_static_files(static_root, **more):
    """Settings under which whitenoise serves ``static_root`` (collected by the
    ``static_root`` fixture) as in production: hashed, compressed, no finders."""
    return override_settings(
        STATIC_ROOT=static_root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        **more,
    )
