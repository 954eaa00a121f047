"""Persian ordinals both ways."""

import pytest

from mahalleh.core.ordinals import int_to_ordinal, ordinal_to_int


@pytest.mark.parametrize(
    ("word", "number"),
    [
        ("اول", 1),
        ("اولین", 1),
        ("نخستین", 1),
        ("یکم", 1),
        ("دوم", 2),
        ("دومین", 2),
        ("سوم", 3),
        ("سومین", 3),
        ("چهاردهمین", 14),
        ("چهاردهم", 14),
        ("هجدهمین", 18),
        ("هیجدهمین", 18),
        ("بیست و یکمین", 21),
        ("بیست‌و‌یکمین", 21),
        ("بیستو یکمین", 21),
        ("بیست  و   یکمین", 21),
        ("بيست و يكمين", 21),
        ("سی‌امین", 30),
        ("سی ام", 30),
        ("سی و سومین", 33),
        ("چهارده‌مین", 14),
        ("صدمین", 100),
        ("صد و یکمین", 101),
        ("یکصد و یکمین", 101),
        ("صد و بیست و سومین", 123),
        ("دویستمین", 200),
        ("۱۴ام", 14),
        ("14مین", 14),
    ],
)
def test_ordinal_to_int(word, number):
    assert ordinal_to_int(word) == number


@pytest.mark.parametrize("word", ["", None, "چهارده", "سه", "جلسه", "۱۴", "مینم", "هزارمین"])
def test_non_ordinals_give_none(word):
    assert ordinal_to_int(word) is None


def test_int_to_ordinal_forms():
    assert int_to_ordinal(14) == "چهاردهمین"
    assert int_to_ordinal(14, adjective=False) == "چهاردهم"
    assert int_to_ordinal(1) == "اولین"
    assert int_to_ordinal(1, adjective=False) == "اول"
    assert int_to_ordinal(3) == "سومین"
    assert int_to_ordinal(21) == "بیست و یکمین"
    assert int_to_ordinal(30, adjective=False) == "سی\u200cام"
    assert int_to_ordinal(200) == "دویستمین"
    assert int_to_ordinal(101, adjective=False) == "صد و یکم"


@pytest.mark.parametrize("bad", [0, -1, 1000, 1.5])
def test_int_to_ordinal_out_of_range(bad):
    with pytest.raises(ValueError):
        int_to_ordinal(bad)


@pytest.mark.parametrize("adjective", [True, False])
def test_round_trip_1_to_200(adjective):
    words = [int_to_ordinal(n, adjective=adjective) for n in range(1, 201)]
    assert len(set(words)) == 200
    assert [ordinal_to_int(w) for w in words] == list(range(1, 201))
    # spacing and ZWNJ variants read the same
    assert [ordinal_to_int(w.replace(" و ", "\u200cو\u200c")) for w in words] == list(range(1, 201))
    assert [ordinal_to_int(w.replace(" ", "")) for w in words] == list(range(1, 201))


def test_round_trip_up_to_999():
    assert all(ordinal_to_int(int_to_ordinal(n)) == n for n in range(1, 1000))
