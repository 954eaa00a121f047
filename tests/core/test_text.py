"""Persian normalization, markup stripping and digits."""

from hypothesis import given
from hypothesis import strategies as st

from mahalleh.core.text import normalize, strip_markup, to_latin_digits, to_persian_digits


def test_digits_both_ways():
    assert to_latin_digits("۱۴۰۱/٠٤/۲۳") == "1401/04/23"
    assert to_persian_digits("1401/04/23") == "۱۴۰۱/۰۴/۲۳"
    assert to_persian_digits("٢٣") == "۲۳"
    assert to_persian_digits(12) == "۱۲"


def test_arabic_letters_become_persian():
    assert normalize("كميته امداد امام خميني") == normalize("کمیته امداد امام خمینی")
    assert normalize("مصطفى") == "مصطفی"
    assert normalize("خانة") == normalize("خانه") == "خانه"
    for heh in ["ە", "ہ", "ۀ", "هٔ"]:
        assert normalize("خان" + heh) == "خانه"


def test_zwnj_and_space_compare_equal():
    assert normalize("خانه‌های محله") == normalize("خانه های محله") == "خانه های محله"
    assert normalize("می‌شود") == normalize("می شود")
    assert normalize("نمی‌توان") == normalize("نمی توان")


def test_digits_tatweel_diacritics_and_invisibles_removed():
    assert normalize("جلسه ۱۴") == "جلسه 14"
    assert normalize("جلســـه") == "جلسه"
    assert normalize("مُصَوَّبات") == "مصوبات"
    assert normalize("رحمٰن") == "رحمن"
    assert normalize("\u200fآب\u200e\ufeff") == "آب"


def test_markup_and_whitespace():
    assert normalize("<p>آبفای <b>استان</b>&nbsp;البرز</p>") == "آبفای استان البرز"
    assert normalize("**مقرر گردید:** اداره __آب__") == "مقرر گردید: اداره آب"
    assert normalize("- بند اول") == "بند اول"
    assert normalize("## دستور جلسه") == "دستور جلسه"
    assert normalize("  الف \n\t ب  ") == "الف ب"
    assert normalize(None) == "" and normalize("") == ""


def test_arabic_presentation_forms_from_pdf():
    # PDF extraction sometimes yields presentation forms: «ﺁﺏ» is «آب».
    assert normalize("ﺁﺏ") == "آب"


def test_strip_markup_keeps_letters_as_written():
    text = "<p>**كميته** امداد&nbsp;امام</p><p>- خانه‌ی محله</p>"
    out = strip_markup(text)
    assert out == "كميته امداد امام\nخانه‌ی محله"
    assert "ك" in out and "\u200c" in out  # letters and ZWNJ untouched
    assert strip_markup("&lt;b&gt; متن") == "<b> متن"  # an escaped tag is text, not markup
    assert strip_markup(None) == ""


def test_normalize_converges_on_nested_escapes():
    assert normalize("&amp;lt;b&amp;gt;آب") == normalize(normalize("&amp;lt;b&amp;gt;آب"))
    assert normalize("*__*آب") == "آب"


@given(st.text())
def test_normalize_never_raises_and_is_idempotent(text):
    once = normalize(text)
    assert isinstance(once, str)
    assert normalize(once) == once


persian_ish = st.lists(
    st.sampled_from(
        [
            *"ابپتسشکگیيكهةۀە\u200cـ۰۱۲٠١٢ \n<>&;*_#-\u064b\u064c\u064f\u0650\u0651\u0670",
            "&nbsp;",
            "&amp;",
            "<b>",
            "</p>",
            "- ",
        ]
    ),
    max_size=40,
).map("".join)


@given(persian_ish)
def test_normalize_idempotent_on_persian_like_text(text):
    once = normalize(text)
    assert normalize(once) == once
    assert not any(ch in once for ch in "يكةۀە\u200cـ٠١٢۰۱۲")


@given(st.text())
def test_strip_markup_never_raises(text):
    assert isinstance(strip_markup(text), str)
