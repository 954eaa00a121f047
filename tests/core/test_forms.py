"""Jalali date and Persian time form fields, widgets and template filters."""

import datetime

import pytest
from django import forms
from django.template import Context, Template

from mahalleh.core.forms import JalaliDateField, PersianTimeField, jalali_formfield_callback
from mahalleh.core.models import Closure
from mahalleh.core.times import TimeParseError, format_time_fa, parse_time_fa


class MeetingForm(forms.Form):
    date = JalaliDateField(label="تاریخ")
    starts_at = PersianTimeField(label="ساعت", required=False)


@pytest.mark.parametrize("text", ["۱۴۰۱/۰۴/۲۳", "١٤٠١/٠٤/٢٣", "1401/04/23", "1401-4-23", "۲۳ تیر ۱۴۰۱"])
def test_jalali_date_field_accepts_any_digits(text):
    form = MeetingForm(data={"date": text, "starts_at": "۹ صبح"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == datetime.date(2022, 7, 14)
    assert form.cleaned_data["starts_at"] == datetime.time(9, 0)


def test_jalali_date_field_errors_in_persian():
    form = MeetingForm(data={"date": "1404/12/30"})
    assert not form.is_valid()
    message = form.errors["date"][0]
    assert message.startswith("تاریخ نامعتبر است: ۱۴۰۴/۱۲/۳۰")  # digits Persian (issue 9, point 18)
    assert MeetingForm(data={"date": ""}).errors["date"]  # required


def test_time_field_error_in_persian():
    form = MeetingForm(data={"date": "1401/04/23", "starts_at": "۲۵:۰۰"})
    assert not form.is_valid()
    assert form.errors["starts_at"][0].startswith("ساعت نامعتبر است")


def test_widget_renders_picker_attributes_and_jalali_value():
    form = MeetingForm(initial={"date": datetime.date(2022, 7, 14), "starts_at": datetime.time(7, 30)})
    html = str(form["date"])
    assert "data-jdp" in html and 'inputmode="numeric"' in html and 'dir="ltr"' in html
    assert 'value="۱۴۰۱/۰۴/۲۳"' in html
    assert 'value="۰۷:۳۰"' in str(form["starts_at"])


def test_bound_invalid_value_is_shown_back_as_typed():
    form = MeetingForm(data={"date": "۱۴۰۱/۱۳/۰۱"})
    assert 'value="۱۴۰۱/۱۳/۰۱"' in str(form["date"])


@pytest.mark.django_db
def test_formfield_callback_for_model_forms():
    class ClosureForm(forms.ModelForm):
        class Meta:
            model = Closure
            fields = ["date", "reason"]
            formfield_callback = jalali_formfield_callback

    form = ClosureForm(data={"date": "۱۴۰۲/۰۹/۱۰", "reason": "آلودگی هوا"})
    assert isinstance(form.fields["date"], JalaliDateField)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == datetime.date(2023, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۷/۳۰", (7, 30)),
        ("۷:۳۰", (7, 30)),
        ("7:30", (7, 30)),
        ("۹ صبح", (9, 0)),
        ("۱۵", (15, 0)),
        ("ساعت ۱۰", (10, 0)),
        ("ساعت ۸:۱۵ صبح", (8, 15)),
        ("۳ عصر", (15, 0)),
        ("۲ بعد از ظهر", (14, 0)),
        ("۱۲ ظهر", (12, 0)),
        ("۱۰ شب", (22, 0)),
        ("۱۲ شب", (0, 0)),
        ("۷ و نیم", (7, 30)),
        ("۹.۳۰", (9, 30)),
        ("٩:٤٥", (9, 45)),
    ],
)
def test_parse_time_fa(text, expected):
    assert parse_time_fa(text) == datetime.time(*expected)


@pytest.mark.parametrize("text", ["", "۲۵", "۷:۷۰", "فردا", "۱۵ صبح", "۹ دیروز"])
def test_parse_time_fa_rejects(text):
    with pytest.raises(TimeParseError) as err:
        parse_time_fa(text)
    assert "ساعت نامعتبر است" in str(err.value)


def test_format_time_fa():
    assert format_time_fa(datetime.time(7, 5)) == "۰۷:۰۵"
    assert format_time_fa(None) == ""


def render(template: str, **context) -> str:
    return Template("{% load persian %}" + template).render(Context(context))


def test_template_filters():
    d = datetime.date(2022, 7, 14)
    assert render("{{ d|jdate }}", d=d) == "۱۴۰۱/۰۴/۲۳"
    assert render('{{ d|jdate:"long" }}', d=d) == "پنجشنبه ۲۳ تیر ۱۴۰۱"
    assert render("{{ d|jdate }}", d=None) == ""
    moment = datetime.datetime(2022, 7, 14, 14, 0, tzinfo=datetime.UTC)
    assert render("{{ m|jdt }}", m=moment) == "۱۴۰۱/۰۴/۲۳ ساعت ۱۸:۳۰"
    assert render("{{ m|jdate }}", m=moment) == "۱۴۰۱/۰۴/۲۳"
    assert render("{{ n|fa }}", n=2020) == "۲۰۲۰"
    assert render("{{ n|fa_int }}", n=12345) == "۱۲٬۳۴۵"
    assert render("{{ n|fa_int }}", n=20000000) == "۲۰٬۰۰۰٬۰۰۰"
    assert render("{{ n|fa_int }}", n=-1234) == "-۱٬۲۳۴"
    assert render("{{ n|fa_int }}", n=999) == "۹۹۹"
    assert render("{{ n|fa_int }}", n="۱۲۳۴۵") == "۱۲٬۳۴۵"
    assert render("{{ n|fa_int }}", n="بدون عدد") == "بدون عدد"
    assert render("{{ n|ordinal }}", n=14) == "چهاردهمین"
    assert render('{{ n|ordinal:"plain" }}', n=21) == "بیست و یکم"
    assert render("{{ n|ordinal }}", n=5000) == "۵۰۰۰"
