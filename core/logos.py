"""Logos of networks and organizations: what an upload must be, how it is stored, the
renditions the pages show, and when files go.

- **Checked, with a reason.** PNG, JPEG or WebP, as Pillow decodes it (not as the file is
  named), at most ``MAX_BYTES`` and ``MAX_SIDE`` pixels a side, at least ``MIN_SIDE``;
  the size is read from the header before any pixel is decoded, so a decompression bomb
  is refused unopened. SVG is refused, saying why: it can carry scripts, which would run
  on this site's address when the file is opened. A damaged or cut-off file is refused
  with its own message (never a server error).
- **Stored once.** A logo's name is a hash of its content (``logos/<hash>.png``): the
  same image uploaded again, for the same or another organization, is the same file.
- **Renditions** (sorl-thumbnail): for each size in ``SIZES``, AVIF (when Pillow can
  write it) and WebP, with PNG or JPEG as the fallback, at 1x and 2x, never enlarged.
  They are made when the logo is saved, inside the save, on the media storage under
  ``logos/renditions/``, named by sorl from the source and the options (so an address
  never changes content, and is served as immutable). Their names and sizes are kept on
  the row (``logo_renditions``): a page shows them without a query, a storage request
  or any image work.
- **Old files.** When a logo is replaced or its object deleted, after the transaction
  commits, its renditions are deleted and so is the file itself, unless a row still uses
  it or a version in the history does (core/history.py): restoring that version shows
  the logo again, its renditions made anew on save. The renditions are left out of the
  versions (they are derived), so a restored row always makes its own.
"""

import hashlib
import json
import logging
import warnings
from contextvars import ContextVar
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from PIL import Image, ImageOps, UnidentifiedImageError, features
from sorl.thumbnail.engines.pil_engine import Engine as PillowEngine

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
MIN_SIDE = 32

# Pillow's format name: (extension, media type).
ACCEPTED = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
}
ACCEPT_ATTRIBUTE = ",".join(media_type for _extension, media_type in ACCEPTED.values())

# The box (CSS pixels) each rendition fits in, keeping the logo's proportions.
SIZES = {
    "small": (80, 40),  # the directory's list, the admin's list
    "card": (160, 80),  # the home page's cards, the admin's change form
    "page": (240, 120),  # a network's or an organization's page
}
DENSITIES = (1, 2)
QUALITY = {"AVIF": 60, "WEBP": 82, "JPEG": 85, "PNG": 95}
MEDIA_TYPES = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}


def modern_formats():
    """AVIF first (the smallest) where this Pillow can write it, then WebP."""
    return ("AVIF", "WEBP") if features.check("avif") else ("WEBP",)


def spec_fingerprint():
    """Changes whenever the renditions would: ``make_logo_renditions`` makes them again."""
    spec = [SIZES, DENSITIES, QUALITY, modern_formats(), 1]  # 1: this module's own version
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]


# --- What an upload must be ---------------------------------------------------------------

ALLOWED = _("PNG, JPEG or WebP")

# Formats people try, told apart by their first bytes without decoding anything.
SIGNATURES = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"\x00\x00\x01\x00", "ICO"),
)


def looks_like_svg(head, name):
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        name.lower().endswith((".svg", ".svgz"))
        or text.startswith(b"<svg")
        or (text.startswith((b"<?xml", b"<!doctype svg", b"<!--")) and b"<svg" in head.lower())
    )


def named_format(head):
    """The format of a file we do not accept, by its signature, if we know it."""
    for signature, name in SIGNATURES:
        if head.startswith(signature):
            return name
    if head[4:12] in (b"ftypavif", b"ftypavis"):
        return "AVIF"
    if head[4:8] == b"ftyp":
        return "HEIC"
    return None


@dataclass
class LogoImage:
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return ACCEPTED[self.format][0]

    @property
    def media_type(self):
        return ACCEPTED[self.format][1]


MESSAGES = {
    "file_size": _(
        "This file is %(size)s; a logo can be at most %(limit)s. Save it smaller (a logo "
        "rarely needs more than 1000 pixels a side) and upload it again."
    ),
    "svg": _(
        "SVG logos are not accepted: an SVG file can carry scripts, which would run on this "
        "site when the file is opened. Upload the logo as a PNG (or JPEG or WebP) image "
        "instead."
    ),
    "format": _(
        "This file's format is %(format)s; a logo must be a %(allowed)s image. Save it as "
        "PNG and upload it again."
    ),
    "invalid": _("This file is not an image that can be read. A logo must be a %(allowed)s image."),
    "damaged": _(
        "This image is damaged or incomplete (the upload may have been cut off). Save the "
        "logo again from its original and upload it once more."
    ),
    "too_many_pixels": _(
        "This image is too large: a logo can be at most %(limit)s × %(limit)s pixels. Save "
        "it smaller and upload it again."
    ),
    "too_large": _(
        "This image is %(width)s × %(height)s pixels; a logo can be at most %(limit)s × "
        "%(limit)s. Save it smaller and upload it again."
    ),
    "too_small": _(
        "This image is %(width)s × %(height)s pixels; a logo needs at least %(limit)s × "
        "%(limit)s to be sharp. Upload a larger version."
    ),
}


def _refuse(code, **params):
    raise ValidationError(MESSAGES[code], code=code, params=params or None)


def check_logo(file):
    """The logo in ``file`` (an upload or any file object) as Pillow reads it, or a
    ValidationError saying what is wrong and what to do. Leaves the file at its start."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        _refuse("file_size", size=filesizeformat(size), limit=filesizeformat(MAX_BYTES))
    name = getattr(file, "name", "") or ""
    file.seek(0)
    head = file.read(512)
    file.seek(0)
    if looks_like_svg(head, name):
        _refuse("svg")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Pillow only warns below twice its pixel limit: refused all the same.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=list(ACCEPTED)) as image:
                found = LogoImage(image.format, *image.size)
                check_dimensions(found)
                # Decoded in full only now that its size is known to be sensible: a
                # truncated or corrupt file fails here.
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse("too_many_pixels", limit=MAX_SIDE)
    except UnidentifiedImageError:
        other = named_format(head)
        if other:
            _refuse("format", format=other, allowed=ALLOWED)
        _refuse("invalid", allowed=ALLOWED)
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
        _refuse("damaged")
    finally:
        file.seek(0)
    return found


def check_dimensions(image):
    if image.width > MAX_SIDE or image.height > MAX_SIDE:
        _refuse("too_large", width=image.width, height=image.height, limit=MAX_SIDE)
    if image.width < MIN_SIDE or image.height < MIN_SIDE:
        _refuse("too_small", width=image.width, height=image.height, limit=MIN_SIDE)


def validate_logo(value):
    """The model field's validator: a newly chosen file is checked; a stored one was
    checked when it came (and is not read from storage again on every save)."""
    if value and not getattr(value, "_committed", True):
        check_logo(value.file)


HELP_TEXT = _(
    "PNG, JPEG or WebP, at most 2 MB and 4000 × 4000 pixels, at least 32 × 32; a "
    "transparent background suits every page. SVG is not accepted."
)


class LogoFormField(forms.ImageField):
    """The admin's upload field: our checks and messages in place of Django's one
    "Upload a valid image", and the browser offered only the formats we accept."""

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)
        if file is None:
            return None
        found = check_logo(file)
        file.content_type = found.media_type
        return file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs


def stored_extension(content, name):
    """The extension of the format Pillow reads in ``content`` (not the one it came with,
    unless Pillow cannot tell: a file saved by code is stored, not judged)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(content, formats=list(ACCEPTED)) as image:
                return ACCEPTED[image.format][0]
    except Exception:
        return (name.rpartition(".")[2] if "." in name else "").lower()[:8] or "bin"
    finally:
        content.seek(0)


class LogoFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Named by its content: the same image is stored once, whatever it was called."""
        extension = stored_extension(content, name)
        digest = hashlib.sha256()
        content.seek(0)
        for chunk in content.chunks():
            digest.update(chunk)
        content.seek(0)
        name = self.field.generate_filename(self.instance, f"{digest.hexdigest()[:32]}.{extension}")
        if not self.storage.exists(name):
            name = self.storage.save(name, content, max_length=self.field.max_length)
        self.name = name
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()

    save.alters_data = True


class LogoField(models.ImageField):
    attr_class = LogoFieldFile
    default_validators = [validate_logo]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("upload_to", "logos/")
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LogoFormField, **kwargs})


class RenditionsField(models.JSONField):
    """The renditions of the row's logo: derived, so not part of its history or of the
    state the admin's lock compares (core/history.py)."""

    derived = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        # Rows written by code that predates the column (a migration's own models) too.
        kwargs.setdefault("db_default", {})
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


# --- Renditions -----------------------------------------------------------------------------


def rendition_formats(image):
    """The formats to make, the fallback (for browsers without the others) last: PNG for
    a logo with transparency or drawn as PNG, JPEG for a photograph."""
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    fallback = "PNG" if transparent or image.format == "PNG" else "JPEG"
    return (*modern_formats(), fallback)


# While renditions are made (``make_renditions``): each source decoded once, upright and
# no larger than the renditions need, by (storage, name).
_working_images = ContextVar("logo working images", default=None)


def working_image(image):
    """``image`` turned upright by its EXIF orientation and, when it is far larger than
    the largest rendition (a 4000-pixel logo for 480-pixel renditions), shrunk by a whole
    factor first: each rendition's fine resize then starts from a few hundred pixels,
    not millions (a 4000 × 4000 logo's renditions: 12 s without this, under 1 s with it)."""
    image = ImageOps.exif_transpose(image)
    largest = max(
        min(width * density / image.width, height * density / image.height)
        for width, height in SIZES.values()
        for density in DENSITIES
    )
    # Twice the pixels the largest rendition takes, so the final resize has some to use.
    factor = int(1 / (2 * largest)) if largest < 0.5 else 1
    if factor < 2:
        return image
    info = {key: value for key, value in image.info.items() if key != "exif"}
    transparent = "A" in image.mode or "transparency" in image.info
    # Averaged with the alpha premultiplied, so that transparent pixels leave no fringe.
    mode = "RGBa" if transparent else "RGB"
    reduced = image.convert("RGBA" if transparent else "RGB").convert(mode).reduce(factor)
    reduced = reduced.convert("RGBA" if transparent else "RGB")
    reduced.info = info
    return reduced


class RenditionEngine(PillowEngine):
    """sorl-thumbnail's Pillow engine (settings.THUMBNAIL_ENGINE), given each source once
    per ``make_renditions`` as ``working_image`` makes it, rather than decoding and
    resizing the whole upload again for each of the fifteen renditions."""

    def get_image(self, source):
        memo = _working_images.get()
        key = (id(source.storage), source.name)
        if memo is None:
            return working_image(super().get_image(source))
        if key not in memo:
            memo[key] = working_image(super().get_image(source))
        return memo[key].copy()


def make_renditions(logo):
    """Every rendition of ``logo`` (a stored FieldFile), made or found by sorl-thumbnail,
    as kept on the row: {"source", "spec", "sizes": {size: {"width", "height",
    "formats": [{"type", "srcset": [[name, density], ...]}, ...]}}}."""
    with logo.open("rb"), Image.open(logo) as image:
        formats = rendition_formats(image)
        source_width, source_height = image.size
    token = _working_images.set({})
    try:
        sizes = _make_renditions(logo, formats, source_width, source_height)
    finally:
        _working_images.reset(token)
    return {"source": logo.name, "spec": spec_fingerprint(), "sizes": sizes}


def _make_renditions(logo, formats, source_width, source_height):
    from sorl.thumbnail import get_thumbnail, source_cache

    sizes = {}
    with source_cache():  # the source is read once, not once per rendition
        for size, (width, height) in SIZES.items():
            # A logo that fits the box is shown at its own size: nothing sharper to make.
            fits = source_width <= width and source_height <= height
            entry = {"formats": []}
            for format_ in formats:
                srcset = []
                for density in DENSITIES[:1] if fits else DENSITIES:
                    box = (width * density, height * density)
                    thumbnail = get_thumbnail(
                        logo,
                        f"{box[0]}x{box[1]}",
                        format=format_,
                        quality=QUALITY[format_],
                        upscale=False,
                    )
                    if not thumbnail.exists():
                        raise OSError(f"sorl-thumbnail made no {thumbnail.name}")
                    if not srcset:
                        entry["width"], entry["height"] = thumbnail.width, thumbnail.height
                        srcset.append([thumbnail.name, 1])
                    elif thumbnail.width > entry["width"]:
                        srcset.append([thumbnail.name, round(thumbnail.width / entry["width"], 2)])
                entry["formats"].append({"type": MEDIA_TYPES[format_], "srcset": srcset})
            sizes[size] = entry
    return sizes


def rendition_names(renditions):
    return {
        name
        for entry in (renditions or {}).get("sizes", {}).values()
        for format_ in entry.get("formats", ())
        for name, _density in format_.get("srcset", ())
    }


def renditions_are_current(obj):
    renditions = obj.logo_renditions or {}
    return (
        renditions.get("source") == obj.logo.name and renditions.get("spec") == spec_fingerprint()
    )


def refresh_renditions(obj):
    """Before a save: stores a newly chosen logo (so that renditions can be made from
    it) and makes its renditions unless the row already has them. A logo whose
    renditions cannot be made is kept, shown as it is, and logged."""
    logo = obj.logo
    if not logo:
        obj.logo_renditions = {}
        return
    if not logo._committed:
        logo.save(logo.name, logo.file, save=False)
    if renditions_are_current(obj):
        return
    try:
        obj.logo_renditions = make_renditions(obj.logo)
    except Exception:
        logger.exception("Could not make the renditions of %s", logo.name)
        obj.logo_renditions = {}


# --- When files go ------------------------------------------------------------------------


def logo_models():
    return [model for model in apps.get_models() if issubclass(model, LogoMixin)]


def in_use(name):
    """A row of any model with a logo uses the file ``name``."""
    return any(model._base_manager.filter(logo=name).exists() for model in logo_models())


def in_history(name):
    """A stored version (core/history.py) names the file: restoring it needs the file."""
    from reversion.models import Version

    return Version.objects.filter(serialized_data__contains=json.dumps(name)).exists()


def forget_logo(name, renditions=None):
    """After a logo was replaced or its row deleted: its renditions go, and the file goes
    unless a row or a version still uses it."""
    if not name or in_use(name):
        return
    from sorl.thumbnail import delete
    from sorl.thumbnail.default import storage as rendition_storage

    try:
        # The renditions sorl knows of, and those the row knew of.
        delete(name, delete_file=False)
        for rendition in rendition_names(renditions):
            rendition_storage.delete(rendition)
        if not in_history(name):
            default_storage.delete(name)
    except Exception:
        # A file left behind is no reason to fail an editor's save.
        logger.exception("Could not delete the files of the replaced logo %s", name)


def _remember_stored_logo(sender, instance, raw=False, **kwargs):
    instance._stored_logo = None
    if instance.pk is not None:
        instance._stored_logo = (
            sender._base_manager.filter(pk=instance.pk)
            .values_list("logo", "logo_renditions")
            .first()
        )


def _after_save(sender, instance, raw=False, **kwargs):
    stored = getattr(instance, "_stored_logo", None)
    if stored and stored[0] and stored[0] != instance.logo.name:
        old_name, old_renditions = stored
        transaction.on_commit(lambda: forget_logo(old_name, old_renditions))
    if raw and instance.logo and not renditions_are_current(instance):
        # Restored from the history or loaded from a fixture: the row has none of its own.
        model, pk = type(instance), instance.pk
        transaction.on_commit(lambda: update_renditions(model, pk))


def _after_delete(sender, instance, **kwargs):
    name, renditions = instance.logo.name, instance.logo_renditions
    if name:
        transaction.on_commit(lambda: forget_logo(name, renditions))


def update_renditions(model, pk):
    """Makes a stored row's renditions and stores them (without touching anything else);
    whether it changed."""
    from core.cache import invalidate_pages

    obj = model._base_manager.filter(pk=pk).first()
    if obj is None or not obj.logo or renditions_are_current(obj):
        return False
    refresh_renditions(obj)
    model._base_manager.filter(pk=pk, logo=obj.logo.name).update(
        logo_renditions=obj.logo_renditions
    )
    invalidate_pages()
    return True


# --- The models ------------------------------------------------------------------------------

LOGO_ALT_HELP = _(
    "What the logo shows, for people who cannot see it, e.g. “ASTRA, the word in red "
    "capitals”. Left empty: “Logo of” and the name."
)


class LogoMixin:
    """For a model with ``logo`` (a LogoField), ``logo_alt`` (translated) and
    ``logo_renditions`` (a RenditionsField): the renditions are made as it is saved."""

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "logo" in update_fields:
            refresh_renditions(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "logo_renditions"}
        super().save(*args, **kwargs)


def logo_alt_text(obj):
    """The text alternative in the active language: the editor's in that very language
    (never another language's), or "Logo of …" and the name."""
    field = build_localized_fieldname("logo_alt", translation.get_language() or "en")
    text = (getattr(obj, field, None) or "").strip()
    return text or gettext("Logo of %(name)s") % {"name": obj.name}


# --- On the pages ------------------------------------------------------------------------------

# Below the fold on lists and cards: the browser fetches them as they come into view.
LAZY_SIZES = {"small", "card"}


def _srcset(candidates):
    return ", ".join(f"{default_storage.url(name)} {density:g}x" for name, density in candidates)


def picture(obj, size, *, decorative=False):
    """What ``includes/_logo.html`` draws for ``obj``'s logo at ``size`` (None without
    one), from the row alone: the modern formats as <source>s, the fallback as the <img>
    with its width and height (no layout shift). ``decorative``: beside the name it
    repeats, so announced by nobody (alt=""). Without renditions (not made yet), the
    file itself, kept to the size's box by the style sheet."""
    logo = obj.logo
    if not logo:
        return None
    result = {
        "size": size,
        "alt": "" if decorative else logo_alt_text(obj),
        "lazy": size in LAZY_SIZES,
        "sources": [],
    }
    renditions = obj.logo_renditions or {}
    entry = renditions.get("sizes", {}).get(size) if renditions.get("source") == logo.name else None
    if not entry:
        return {**result, "src": logo.url}
    *modern, fallback = entry["formats"]
    srcset = fallback["srcset"]
    return {
        **result,
        "sources": [{"type": f["type"], "srcset": _srcset(f["srcset"])} for f in modern],
        "src": default_storage.url(srcset[0][0]),
        "srcset": _srcset(srcset) if len(srcset) > 1 else "",
        "width": entry["width"],
        "height": entry["height"],
    }


def render_logo(obj, size, *, decorative=False):
    logo = picture(obj, size, decorative=decorative)
    return render_to_string("includes/_logo.html", {"logo": logo}) if logo else ""


def connect_signals(model):
    uid = model._meta.label_lower
    pre_save.connect(_remember_stored_logo, sender=model, dispatch_uid=f"logo-pre-{uid}")
    post_save.connect(_after_save, sender=model, dispatch_uid=f"logo-post-{uid}")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=f"logo-delete-{uid}")
