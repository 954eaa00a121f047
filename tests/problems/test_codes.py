"""Tracking codes: readable, unguessable, and a check digit that catches one wrong or two swapped digits."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mahalleh.problems import codes

bodies = st.text(alphabet="0123456789", min_size=codes.RANDOM_DIGITS, max_size=codes.RANDOM_DIGITS)


def coded(body: str) -> str:
    return body + codes.check_digit(body)


@given(bodies, st.integers(0, codes.LENGTH - 1), st.integers(1, 9))
def test_every_single_wrong_digit_is_rejected(body, position, shift):
    code = coded(body)
    wrong = code[:position] + str((int(code[position]) + shift) % 10) + code[position + 1 :]
    assert codes.is_valid(code)
    assert not codes.is_valid(wrong)
    with pytest.raises(codes.InvalidCode):
        codes.parse(wrong)


@given(bodies, st.integers(0, codes.LENGTH - 2))
def test_every_adjacent_swap_is_rejected(body, position):
    code = coded(body)
    a, b = code[position], code[position + 1]
    swapped = code[:position] + b + a + code[position + 2 :]
    if a != b:
        assert not codes.is_valid(swapped)


def test_generated_codes_are_valid_long_enough_and_random():
    made = {codes.generate() for _ in range(2000)}
    assert len(made) == 2000  # 10¹⁰ possible: no clash in a small draw
    assert all(codes.is_valid(c) and len(c) == 11 for c in made)
    assert 10**codes.RANDOM_DIGITS >= 10**9


def test_display_and_parse_in_every_script():
    code = coded("4827193056")
    shown = codes.display(code)
    assert shown == "۴۸۲۷-۱۹۳-" + "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in code[7:])
    assert codes.parse(shown) == code
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert codes.parse(f"{arabic[:4]} {arabic[4:7]} {arabic[7:]}") == code
    assert codes.parse(f" {code[:4]}.{code[4:7]}–{code[7:]} ") == code


@pytest.mark.parametrize("text", ["", "12345", "123456789012", "abcd-efg-hijk", "۴۸۲۷-۱۹۳"])
def test_not_a_code(text):
    with pytest.raises(codes.InvalidCode) as info:
        codes.parse(text)
    assert str(info.value) == "این کد رهگیری معتبر نیست"
