"""Serbian in Django's language codes: one place for them (settings.LANGUAGES lists them)."""

LATIN = "sr-latn"
CYRILLIC = "sr"
SERBIAN = {LATIN, CYRILLIC}
# Fields that are identifiers, not prose: neither transliterated nor sanitised. Slugs and
# URL path words are the same in both scripts, so addresses stay typeable.
NOT_PROSE = {"slug"}
