"""Serbian in both scripts: Cyrillic to Latin (exact) and Latin to Cyrillic (nearly).

Pure functions, no database: callers pass the protected terms they want kept in Latin
(``DEFAULT_PROTECTED_TERMS`` plus whatever editors added in the admin).

Cyrillic to Latin is one letter to one letter or digraph (Љ→Lj, Њ→Nj, Џ→Dž). Latin to
Cyrillic has to guess: lj, nj and dž are usually one letter (ljubav → љубав) but in some
words two (injekcija → инјекција). Their stems, with the split marked ("in|jekc"), are
listed in ``SPLIT_DIGRAPH_STEMS``.
Text that is not Serbian is never converted: web and e-mail addresses, HTML tags and
entities, format placeholders (``%(name)s``, ``{name}``) and the protected terms.
"""

import functools
import re
import unicodedata

_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip
_LATIN_TO_CYRILLIC = {latin: cyrillic for cyrillic, latin in _CYRILLIC_TO_LATIN.items()}
_DIGRAPHS = ("lj", "nj", "dž")
CYRILLIC_LETTERS = "".join(_CYRILLIC_TO_LATIN)

# Word stems (lowercase Latin) in which one lj, nj or dž is two letters, not one: usually a
# prefix ending in n/l/d meeting a root starting with j/ž (nad+živeti, pod+župan), or a
# foreign word (in+jekcija). A "|" marks the morpheme boundary, inside the digraph that
# is split there; every other digraph of the word stays one letter (nad|žnj: наджњ).
# To extend: add the shortest stem that still only matches such words, with a "|" in the
# split digraph (l|j, n|j, d|ž), and a case to tests/serbian/test_transliteration.py.
SPLIT_DIGRAPH_STEMS = (
    # dž = d + ž
    "nad|žanj",
    "nad|živ",
    "nad|žnj",
    "od|žal",
    "od|živ",
    "pod|žanr",
    "pod|žup",
    "pod|žet",
    "pred|žet",
    # nj = n + j
    "in|jekc",
    "in|jekt",
    "kon|jug",
    "kon|junk",
    "van|jezi",
    "tan|jug",
)


def _parse_split_stem(stem):
    """The stem without its marks, and where each digraph it splits starts.

    "nad|žnj" → ("nadžnj", (2,)): the dž at index 2 is d + ž, the nj stays one letter.
    """
    parts = stem.split("|")
    text = "".join(parts)
    starts = []
    length = 0
    for part in parts[:-1]:
        length += len(part)
        if text[length - 1 : length + 1] not in _DIGRAPHS:
            raise ValueError(f"{stem!r}: a '|' must split lj, nj or dž")
        starts.append(length - 1)
    if not starts or text != text.lower():
        raise ValueError(f"{stem!r}: lowercase, with a '|' where the digraph splits")
    return text, tuple(starts)


_SPLIT_STEMS = tuple(_parse_split_stem(stem) for stem in SPLIT_DIGRAPH_STEMS)

# Names and acronyms that Serbian Cyrillic text keeps in Latin script. Editors extend the
# list in the admin (serbian.ProtectedTerm); these are always protected.
# Serbian acronyms (AT, SAD, PAOR) are transliterated like any word; foreign ones are not.
DEFAULT_PROTECTED_TERMS = (
    "ASTRA",
    "BAN",
    "Balkans ACT (Against Crime of Trafficking) Now",
    "Balkans ACT Now",
    "ECOSOC",
    "EIN",
    "EuropeAid",
    "European Implementation Network",
    "GAATW",
    "Global Missing Children’s Network",
    "GMCN",
    "ICMEC",
    "IP",  # "IP адреса"
    "La Strada International",
    "La Strada",
    "LSI",
    "MCE",
    "Missing Children Europe",
    "prEUgovor",
    "slug",  # the admin's "deo adrese (slug)": a technical term, like in English
    "WAVE",
    # File formats, written as everywhere else (the logo's upload messages).
    "AVIF",
    "GIF",
    "JPEG",
    "PNG",
    "SVG",
    "WebP",
)

_NOT_SERBIAN = [
    r"<[^>]*>",  # HTML tags, with their attributes
    r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);",  # HTML entities
    r"(?:https?|ftp)://[^\s<>\"']*[^\s<>\"'.,;:!?)\]]",  # web addresses
    r"www\.[^\s<>\"']*[^\s<>\"'.,;:!?)\]]",
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
    # bare domain names, with an optional path: zeneprotivnasilja.net, astra.rs/sr
    r"(?<![\w.])[\w-]+(?:\.[\w-]+)*\.(?:rs|srb|com|org|net|eu|int|info|edu|gov|io)\b"
    r"(?:/[^\s<>\"']*[^\s<>\"'.,;:!?)\]])?",
    r"%\(\w+\)[sdifr]|%[sdifr]",  # printf-style placeholders
    r"\{\{[^}]*\}\}|\{\w*(?:\.\w+)*(?::[^}]*)?\}",  # template and str.format placeholders
]
_WORD = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=32)
def _protected_pattern(terms):
    parts = list(_NOT_SERBIAN)
    # Longest first, so that "La Strada International" wins over "La Strada".
    for term in sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True):
        parts.append(rf"(?<!\w){re.escape(term)}(?!\w)")
    return re.compile("|".join(parts))


def _convert_outside(text, pattern, convert):
    """Apply ``convert`` to the parts of ``text`` that ``pattern`` does not protect."""
    result = []
    position = 0
    for match in pattern.finditer(text):
        result.append(convert(text[position : match.start()]))
        result.append(match.group())
        position = match.end()
    result.append(convert(text[position:]))
    return "".join(result)


def _is_upper_letter(char):
    return char.isalpha() and char.isupper()


def _cyrillic_word_to_latin(word):
    result = []
    for index, char in enumerate(word):
        lower = char.lower()
        latin = _CYRILLIC_TO_LATIN.get(lower)
        if latin is None:
            result.append(char)
        elif char == lower:
            result.append(latin)
        elif len(latin) == 1:
            result.append(latin.upper())
        else:
            # Љ is "LJ" in an all-caps word (ЉУБАВ → LJUBAV), "Lj" otherwise (Љубав).
            following = word[index + 1] if index + 1 < len(word) else ""
            preceding = word[index - 1] if index else ""
            all_caps = _is_upper_letter(following) or (
                not following and _is_upper_letter(preceding)
            )
            result.append(latin.upper() if all_caps else latin.capitalize())
    return "".join(result)


def to_latin(text):
    """Serbian Cyrillic to Serbian Latin, exactly (anything else is left as it is)."""
    if not text:
        return text
    return _WORD.sub(lambda match: _cyrillic_word_to_latin(match.group()), text)


def _split_positions(lower_word):
    """Indexes in the word where a digraph must be read as two letters."""
    positions = set()
    for stem, starts in _SPLIT_STEMS:
        index = lower_word.find(stem)
        while index != -1:
            positions.update(index + start for start in starts)
            index = lower_word.find(stem, index + 1)
    return positions


def _latin_word_to_cyrillic(word):
    lower_word = word.lower()
    if len(lower_word) != len(word):
        # A letter whose lowercase is longer (İ → i̇) would shift every index after it.
        lower_word = "".join(char.lower() if len(char.lower()) == 1 else char for char in word)
    split = _split_positions(lower_word)
    result = []
    index = 0
    while index < len(word):
        pair = lower_word[index : index + 2]
        if pair in _DIGRAPHS and index not in split:
            cyrillic = _LATIN_TO_CYRILLIC[pair]
            result.append(cyrillic.upper() if word[index].isupper() else cyrillic)
            index += 2
            continue
        char = word[index]
        cyrillic = _LATIN_TO_CYRILLIC.get(char.lower())
        if cyrillic is None:
            result.append(char)
        else:
            result.append(cyrillic.upper() if char.isupper() else cyrillic)
        index += 1
    return "".join(result)


def to_cyrillic(text, protected_terms=()):
    """Serbian Latin to Serbian Cyrillic, leaving alone whatever is not Serbian text."""
    if not text:
        return text
    # A tuple, so that the compiled pattern is cached for the same list of terms.
    pattern = _protected_pattern(tuple(protected_terms))

    def convert(part):
        return _WORD.sub(lambda match: _latin_word_to_cyrillic(match.group()), part)

    return _convert_outside(text, pattern, convert)


def ascii_friendly(text):
    """Serbian in Latin script with đ spelled "dj": what ASCII keys (slugs, search keys)
    are made from. The other letters lose their marks by Unicode decomposition (č → c),
    which đ, a letter of its own, does not have."""
    return to_latin(text or "").replace("đ", "dj").replace("Đ", "Dj")


def fold(text):
    """A search key: Latin script, lowercase, no diacritics (Niš, НИШ and nis all give nis)."""
    text = ascii_friendly(text).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# --- Collation ------------------------------------------------------------------------
# The Serbian alphabet in both scripts, for a sort key where the database has no ICU
# (SQLite): č, ć after c; dž, đ after d; lj after l; nj after n; š after s; ž after z.
_LATIN_ALPHABET = [
    *("a", "b", "c", "č", "ć", "d", "dž", "đ", "e", "f", "g", "h", "i", "j", "k", "l", "lj"),
    *("m", "n", "nj", "o", "p", "q", "r", "s", "š", "t", "u", "v", "w", "x", "y", "z", "ž"),
]
_CYRILLIC_ALPHABET = list(CYRILLIC_LETTERS)  # the azbuka, in its order
_RANK = {letter: rank for rank, letter in enumerate(_LATIN_ALPHABET + _CYRILLIC_ALPHABET, 100)}


def collation_key(text):
    """A sort key following the Serbian alphabet (Latin letters before Cyrillic ones)."""
    lower = (text or "").lower()
    primary = []
    index = 0
    while index < len(lower):
        pair = lower[index : index + 2]
        if pair in _RANK:
            primary.append(_RANK[pair])
            index += 2
            continue
        char = lower[index]
        if char in _RANK:
            primary.append(_RANK[char])
        elif char.isdigit():
            primary.append(50 + int(char) if char in "0123456789" else 60)
        elif char.isalpha():
            # A letter outside both alphabets (é, ü): under its base letter, or last.
            base = unicodedata.normalize("NFKD", char)[0]
            primary.append(_RANK.get(base, 10_000 + ord(char)))
        elif char.isspace():
            primary.append(1)
        else:
            primary.append(2)
        index += 1
    # Capitals after small letters only when everything else is equal, as ICU does.
    return (tuple(primary), text or "")
