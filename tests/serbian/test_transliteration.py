import itertools
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from serbian.transliteration import (
    CYRILLIC_LETTERS,
    DEFAULT_PROTECTED_TERMS,
    SPLIT_DIGRAPH_STEMS,
    _parse_split_stem,
    collation_key,
    fold,
    to_cyrillic,
    to_latin,
)


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Љубав", "Ljubav"),
        ("ЉУБАВ", "LJUBAV"),
        ("Њега", "Njega"),
        ("ЊЕГОШ", "NJEGOŠ"),
        ("Џеп", "Džep"),
        ("ЏЕП", "DŽEP"),
        ("Ђорђе Ђурић", "Đorđe Đurić"),
        ("чаша ћуприја шума жаба", "čaša ćuprija šuma žaba"),
        ("Љ", "Lj"),
        ("ПЉ", "PLJ"),
        ("Мрежа „Жене против насиља“, 2013.", "Mreža „Žene protiv nasilja“, 2013."),
    ],
)
def test_cyrillic_to_latin_is_letter_for_letter_and_keeps_capitals(cyrillic, latin):
    assert to_latin(cyrillic) == latin
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("ljubav", "љубав"),
        ("konj", "коњ"),
        ("džep", "џеп"),
        ("nadživeti", "надживети"),
        ("Nadživeo", "Надживео"),
        ("podžupan", "поджупан"),
        ("injekcija", "инјекција"),
        ("INJEKCIJA", "ИНЈЕКЦИЈА"),
        ("konjunkcija", "конјункција"),
        ("konjugacija", "конјугација"),
        # the stem decides one digraph, not the whole word
        ("injekcija i konj", "инјекција и коњ"),
    ],
)
def test_latin_digraphs_are_one_letter_except_in_listed_stems(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


# Words in which a listed stem splits one digraph, with their Cyrillic. Several also hold
# a digraph that stays one letter (жњ, љ), or have the stem inside a longer word.
SPLIT_WORDS = [
    ("nadžnjeti", "наджњети"),
    ("nadžanjeti", "наджањети"),
    ("odžaliti", "оджалити"),
    ("odžaljenje", "оджаљење"),
    ("nadživljavati", "надживљавати"),
    ("odživljavanje", "одживљавање"),
    ("podžupanijski", "поджупанијски"),
    ("podžupanijskom njivom", "поджупанијском њивом"),
    ("podžanrovi", "поджанрови"),
    ("injekcija", "инјекција"),
    ("injekcijom konja", "инјекцијом коња"),
    ("konjunkcija", "конјункција"),
    ("konjugacija", "конјугација"),
    ("vanjezički", "ванјезички"),
    # the stem inside a longer word
    ("autoinjektor", "аутоинјектор"),
    ("prenadživeti", "пренадживети"),
    ("Tanjugovih vesti", "Танјугових вести"),
    ("nekonjugovani", "неконјуговани"),
    ("nadživljavanjem", "надживљавањем"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), SPLIT_WORDS)
def test_a_stem_splits_only_the_digraph_at_its_mark(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("NADŽNJETI", "НАДЖЊЕТИ"),
        ("Nadžnjeti", "Наджњети"),
        ("ODŽALJENJE", "ОДЖАЉЕЊЕ"),
        ("Odžaljenje", "Оджаљење"),
        ("NADŽIVLJAVATI", "НАДЖИВЉАВАТИ"),
        ("PODŽUPANIJSKI", "ПОДЖУПАНИЈСКИ"),
        ("Konjunkcija", "Конјункција"),
        ("KONJUNKCIJA", "КОНЈУНКЦИЈА"),
        ("Injekcija", "Инјекција"),
        ("TANJUG", "ТАНЈУГ"),
    ],
)
def test_split_stems_match_in_any_case(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic
    assert to_latin(cyrillic) == latin


def test_every_exception_stem_marks_where_a_digraph_splits():
    for stem in SPLIT_DIGRAPH_STEMS:
        assert stem == stem.lower(), stem
        parts = stem.split("|")
        assert len(parts) >= 2, stem
        for left, right in itertools.pairwise(parts):
            assert left[-1:] + right[:1] in ("lj", "nj", "dž"), stem
        # The stem reads as its pieces read apart: split at the marks, nowhere else.
        cyrillic = to_cyrillic("".join(parts))
        assert cyrillic == "".join(to_cyrillic(part) for part in parts), stem
        assert to_latin(cyrillic) == "".join(parts)


@pytest.mark.parametrize("stem", ["nadžnj", "na|džnj", "Nad|žnj", "nad|ž|nj"])
def test_a_stem_without_a_mark_inside_a_digraph_is_refused(stem):
    with pytest.raises(ValueError, match=r"must split|lowercase"):
        _parse_split_stem(stem)


def test_a_letter_that_lowercases_to_two_keeps_the_rest_of_the_word():
    assert to_cyrillic("İnjekcija") == "İњекција"


def test_protected_terms_stay_latin_as_whole_words_only():
    terms = (*DEFAULT_PROTECTED_TERMS, "Balkans ACT Now")
    text = "ASTRA-e, La Strada International i prEUgovor; ASTRAL nije zaštićen."
    assert to_cyrillic(text, terms) == (
        "ASTRA-е, La Strada International и prEUgovor; АСТРАЛ није заштићен."
    )
    # Without the term, the same word is just Serbian text.
    assert to_cyrillic("ASTRA", ()) == "АСТРА"


def test_foreign_programme_names_of_the_content_stay_latin():
    text = "u okviru programa EuropeAid"
    assert to_cyrillic(text, DEFAULT_PROTECTED_TERMS) == "у оквиру програма EuropeAid"


@pytest.mark.parametrize(
    "untouched",
    [
        "https://www.astra.rs/sr/o-nama/?lang=sr#kontakt",
        "http://atmreza.org",
        "www.preugovor.org",
        "zeneprotivnasilja.net",
        "astra.rs/sr/o-nama",
        "info@astra.org.rs",
        "<a href=\"https://astra.rs\" class='link'>",
        "&nbsp;",
        "&#8211;",
        "%(name)s",
        "%s",
        "{count}",
        "{{ year }}",
        "116 000",
        "+381 11 785 0000",
    ],
)
def test_what_is_not_serbian_text_is_never_converted(untouched):
    assert to_cyrillic(untouched, DEFAULT_PROTECTED_TERMS) == untouched


def test_a_bare_domain_in_a_sentence_stays_but_the_sentence_does_not():
    text = "Izvor: sajt mreže (zeneprotivnasilja.net). Kraj 2013. godine."
    assert to_cyrillic(text) == "Извор: сајт мреже (zeneprotivnasilja.net). Крај 2013. године."


def test_addresses_and_markup_inside_serbian_text():
    text = 'Pišite na info@astra.org.rs ili posetite <a href="https://astra.rs">sajt</a>.'
    assert to_cyrillic(text) == (
        'Пишите на info@astra.org.rs или посетите <a href="https://astra.rs">сајт</a>.'
    )


def test_empty_and_missing_text():
    assert to_cyrillic("") == ""
    assert to_latin("") == ""
    assert to_latin(None) is None


def test_fold_makes_a_search_key_from_any_script():
    assert fold("Niš") == fold("NIŠ") == fold("Ниш") == fold("nis") == "nis"
    assert fold("Đorđe Đurić") == fold("Djordje Djuric") == "djordje djuric"
    assert fold("Čačak, Žabalj – Šid!") == "cacak zabalj sid"


def test_collation_key_follows_the_serbian_alphabet():
    words = ["Žabalj", "Zrenjanin", "Šabac", "Subotica", "Njegoš", "Novi Sad", "Ljig"]
    words += ["Loznica", "Đurđevo", "Džep", "Dubrava", "Ćuprija", "Čačak", "Cvet"]
    assert sorted(words, key=collation_key) == [
        "Cvet", "Čačak", "Ćuprija", "Dubrava", "Džep", "Đurđevo", "Loznica", "Ljig",
        "Novi Sad", "Njegoš", "Subotica", "Šabac", "Zrenjanin", "Žabalj",
    ]  # fmt: skip
    assert sorted(["Шабац", "Ђурђево", "Џеп", "Ћуприја"], key=collation_key) == [
        "Ђурђево", "Ћуприја", "Џеп", "Шабац",
    ]  # fmt: skip


# Serbian Cyrillic text: letters of both cases, digits, spaces and punctuation, free of
# the letter pairs that Latin would read as one letter (н+ј, л+ј, д+ж): those are the
# exception words, which only the stem list can handle. A full stop is never glued to
# the next word, which in Latin could read as a domain name ("нешто.нет").
SERBIAN_TEXT = st.text(
    alphabet=CYRILLIC_LETTERS + CYRILLIC_LETTERS.upper() + "0123456789 .,;!?-–„“\n",
    max_size=60,
).filter(
    lambda text: (
        not any(pair in text.lower() for pair in ("нј", "лј", "дж"))
        and not re.search(r"\.\w", text)
    )
)


# No deadline: a slow CI machine must not turn a correct run into a failure.
@settings(deadline=None)
@given(SERBIAN_TEXT)
@example("ЉУБАВ Љубав љубав ЉЉ Љ")
@example("ЏЕП, Џеп и џем 2024.")
def test_cyrillic_to_latin_and_back_is_the_identity(text):
    assert to_cyrillic(to_latin(text)) == text


# The same text with exception words (in any case) between its pieces.
CASES = (str.lower, str.upper, str.capitalize)
SPLIT_WORD = st.builds(
    lambda word, case: case(word),
    st.sampled_from([c for _, c in SPLIT_WORDS]),
    st.sampled_from(CASES),
)


@settings(deadline=None)
@given(st.lists(st.one_of(SERBIAN_TEXT, SPLIT_WORD), max_size=6))
@example(["НАДЖЊЕТИ", "Оджаљење", "коњ", "инјекција"])
def test_cyrillic_with_exception_words_to_latin_and_back_is_the_identity(pieces):
    text = " ".join(pieces)
    assert to_cyrillic(to_latin(text)) == text


@settings(deadline=None)
@given(SERBIAN_TEXT)
def test_latin_never_contains_cyrillic_and_folding_is_stable(text):
    latin = to_latin(text)
    assert not set(latin) & set(CYRILLIC_LETTERS + CYRILLIC_LETTERS.upper())
    assert fold(latin) == fold(text)
