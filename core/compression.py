"""Brotli and gzip for the public pages and open data files, when no proxy compresses.

Only what the page cache may share is compressed (core.cache): public answers with no
cookie, no CSRF token and nothing private in them. BREACH guesses a secret in a compressed
body from its length while reflecting the attacker's text beside it (the directory
reflects the search); a body with no secret in it has nothing to guess.

Each encoding is made once, when a page is stored, and kept in the cache entry beside the
plain body: a hit only picks one. The ETag of an encoded body is the plain body's with the
encoding appended (``"…-br"``): a different representation, so a client's copy of one
encoding is never called current for another. A proxy that compresses too (Caddy's
``encode``, deploy/Caddyfile) leaves an answer that already has a Content-Encoding alone.
"""

import gzip

import brotli

# Brotli at 6 and gzip at 6: Brotli's top qualities (9 to 11) shrink a page by a few more
# per cent for ten to thirty times the time, which a miss (a visitor waiting) would pay.
ENCODERS = {
    "br": lambda body: brotli.compress(body, quality=6, mode=brotli.MODE_TEXT),
    # mtime=0: the same body gives the same bytes in every process (and the same ETag).
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}
# Preferred in this order when the client likes several equally.
PREFERENCE = ("br", "gzip", "identity")
# Below this, the encoding's own overhead and the work are not worth it (Caddy's default).
MIN_SIZE = 512


def encodings_of(body, wanted=tuple(ENCODERS)):
    """``{encoding: bytes}`` for ``body``: itself as "identity", and each of ``wanted``
    that makes it smaller."""
    bodies = {"identity": body}
    if len(body) >= MIN_SIZE:
        for name in wanted:
            encoded = ENCODERS[name](body)
            if len(encoded) < len(body):
                bodies[name] = encoded
    return bodies


def accepted(header):
    """The q-values of an Accept-Encoding header: ``{coding: q}`` (``x-gzip`` is gzip)."""
    qualities = {}
    for item in header.split(","):
        coding, *parameters = item.split(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        qualities["gzip" if coding == "x-gzip" else coding] = quality
    return qualities


def negotiate(header, available):
    """The encoding of ``available`` to send for an Accept-Encoding ``header``.

    The client's highest q-value wins, ours (``PREFERENCE``) breaks ties. No header asks
    for nothing; "identity" is acceptable unless refused by name or by ``*;q=0``, and
    when everything is refused the plain body is sent anyway (RFC 9110 12.5.3 allows it,
    and a 406 would only be a broken page).
    """
    qualities = accepted(header or "")

    def quality(coding):
        # "*" stands for every coding not named, identity included.
        return qualities.get(coding, qualities.get("*", 1.0 if coding == "identity" else 0.0))

    best, best_quality = "identity", -1.0
    for coding in PREFERENCE:
        if coding in available and quality(coding) > best_quality and quality(coding) > 0:
            best, best_quality = coding, quality(coding)
    return best


def encoded_etag(etag, encoding):
    """The ETag of ``encoding`` of the body whose plain ETag is ``etag``."""
    if encoding == "identity":
        return etag
    return f'{etag[:-1]}-{encoding}"'
