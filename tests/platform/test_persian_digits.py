"""Persian digits and separators everywhere a person looks (issue 9, point 18).

A guard over the main pages as the demo secretariat reads them (the demo data, loaded by the loader):
no Latin digit in the visible text. What is not text is stripped first — scripts, styles, tags with their
attribute values (URLs, ids, form values) — and so are the places where Latin digits are a person's own
writing: user names, e-mail addresses and a stored file's own name (in ``<bdi class="file-name">``).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from mahalleh.accounts.models import User
from mahalleh.core.forms import JalaliDateField, PersianTimeField
from mahalleh.core.templatetags.persian import fa_num, fa_percent, format_number
from mahalleh.meetings.models import Meeting, Resolution

LATIN_DIGIT = re.compile(r"[0-9]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


INPUT = re.compile(r"<input\b[^>]*>", re.I)
ATTR = re.compile(r'\b(value|placeholder|type|name)="([^"]*)"')
PERSONAL_INPUTS = {"username", "email", "password", "phone"}


def _input_text(tag: str) -> str:
    """What a person reads in a form control: its value (unless hidden) and its placeholder."""
    attrs = dict(ATTR.findall(tag))
    if attrs.get("type") in ("hidden", "checkbox", "radio") or attrs.get("name", "").split("-")[-1] in PERSONAL_INPUTS:
        return " "
    return f" {attrs.get('value', '')} {attrs.get('placeholder', '')} "


def visible_text(html: str, usernames: set[str]) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = INPUT.sub(lambda m: _input_text(m.group(0)), html)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    html = re.sub(r'<bdi class="file-name">.*?</bdi>', " ", html, flags=re.S)
    html = re.sub(r'<span class="username">.*?</span>', " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    text = EMAIL.sub(" ", text)
    for name in usernames:
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", " ", text)
    return text


def latin_digits_in(text: str) -> list[str]:
    return [text[max(0, m.start() - 40): m.end() + 40].strip() for m in LATIN_DIGIT.finditer(text)][:5]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from mahalleh.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command

        call_command("flush", "--noinput", verbosity=0)


def main_pages() -> list[str]:
    meeting = Meeting.objects.order_by("-date").first()
    resolution = Resolution.objects.order_by("pk").first()
    assert meeting is not None and resolution is not None
    from mahalleh.agencies.models import Agency
    from mahalleh.meetings.models import Body
    from mahalleh.places.models import Neighborhood

    hood = Neighborhood.objects.filter(is_target=True).order_by("pk").first()
    agency = Agency.objects.order_by("pk").first()
    body = Body.objects.order_by("pk").first()
    assert hood and agency and body
    return [
        "/", "/places/neighborhoods/", hood.get_absolute_url(), f"/places/neighborhoods/{hood.pk}/edit/",
        "/agencies/", agency.get_absolute_url(), f"/agencies/{agency.pk}/edit/",
        "/meetings/bodies/", body.get_absolute_url(),
        "/meetings/", meeting.get_absolute_url(), f"/meetings/{meeting.pk}/edit/", f"/meetings/{meeting.pk}/attendance/",
        f"/meetings/{meeting.pk}/review/", "/meetings/new/", f"/meetings/{meeting.pk}/resolutions/new/",
        "/meetings/resolutions/", resolution.get_absolute_url(), f"/meetings/resolutions/{resolution.pk}/edit/",
        "/meetings/inbox/", "/meetings/scorecards/", "/minutes/import/",
    ]


@pytest.mark.django_db
def test_main_pages_show_no_latin_digit_to_the_secretariat(demo):
    user = User.objects.get(username="secretariat")
    usernames = set(User.objects.values_list("username", flat=True))
    client = Client()
    client.force_login(user)
    found = {}
    for url in main_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        hits = latin_digits_in(visible_text(response.content.decode(), usernames))
        if hits:
            found[url] = hits
    assert not found, f"Latin digits a person sees: {found}"


@pytest.mark.django_db
def test_form_errors_have_persian_digits(demo):
    """Django's own messages («at most 100 characters (it has 150)») come out with Persian digits."""
    user = User.objects.get(username="secretariat")
    client = Client()
    client.force_login(user)
    meeting = Meeting.objects.order_by("-date").first()
    assert meeting is not None
    response = client.post(f"/meetings/{meeting.pk}/edit/", {"place": "س" * 400, "number": "abc", "version": meeting.version})
    text = visible_text(response.content.decode(), set())
    assert "۲۰۰" in text or "۳۰۰" in text or "۴۰۰" in text, "the length limit is not said"
    assert not latin_digits_in(text), latin_digits_in(text)


def test_the_one_number_format():
    assert format_number(1234567) == "۱٬۲۳۴٬۵۶۷"
    assert format_number(12.5) == "۱۲٫۵"
    assert format_number(1401, group=False) == "۱۴۰۱"
    assert fa_num(1401, "plain") == "۱۴۰۱"
    assert fa_percent(37.5, 1) == "۳۷٫۵٪"
    assert fa_percent(80) == "۸۰٪"


def test_date_and_time_placeholders_cannot_be_mistaken_for_values():
    date_attrs = JalaliDateField().widget.attrs
    time_attrs = PersianTimeField().widget.attrs
    for attrs in (date_attrs, time_attrs):
        assert not re.search(r"[0-9۰-۹]", attrs["placeholder"]), attrs["placeholder"]
    assert date_attrs["placeholder"] == "روز/ماه/سال"
    # both digit sets are read
    field = JalaliDateField()
    assert field.clean("1401/04/23") == field.clean("۱۴۰۱/۰۴/۲۳") == datetime.date(2022, 7, 14)


@pytest.mark.django_db
def test_scorecards_open_on_the_latest_year_with_meetings(demo):
    from mahalleh.core.jalali import to_jalali
    from mahalleh.core.text import to_persian_digits

    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    latest = Meeting.objects.order_by("-date").first()
    assert latest is not None
    response = client.get("/meetings/scorecards/")
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["year"] == to_jalali(latest.date).year
    assert response.context["rows"], "the scorecards open on a period with nothing in it"
    assert f'value="{to_persian_digits(to_jalali(latest.date).year)}"' in response.content.decode()


@pytest.mark.django_db
def test_a_second_import_of_confirmed_minutes_names_the_meeting_not_its_id(demo):
    from pathlib import Path

    from mahalleh.minutes.importing import import_document
    from mahalleh.minutes.models import MinutesImport
    from mahalleh.minutes.parsing import MinutesError

    confirmed = MinutesImport.objects.filter(status=MinutesImport.Status.CONFIRMED).select_related("meeting").first()
    assert confirmed is not None and confirmed.meeting is not None
    seed = Path(__file__).resolve().parents[2] / "src" / "mahalleh" / "demo" / "seeds" / confirmed.filename
    with pytest.raises(MinutesError) as caught:
        import_document(data=seed.read_bytes() + "\nپایان".encode(), filename=confirmed.filename,
                        province=confirmed.province, actor=User.objects.get(username="secretariat"))
    message = str(caught.value)
    assert str(confirmed.meeting) in message
    assert not LATIN_DIGIT.search(message), message


def test_codes_are_kept_in_latin_digits_and_errors_say_persian_ones():
    from django import forms

    from mahalleh.core.forms import IdempotentFormMixin

    class Form(IdempotentFormMixin, forms.Form):
        invitation_number = forms.CharField(max_length=20)
        place = forms.CharField(max_length=8, required=False)

    form = Form({"invitation_number": "۶۵/۲۴/۵۱۰۳۲", "place": "سالن ۱۲"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["invitation_number"] == "65/24/51032"  # as imported minutes keep it
    assert form.cleaned_data["place"] == "سالن ۱۲"  # free text stays as typed
    too_long = Form({"invitation_number": "1", "place": "س" * 9})
    assert not too_long.is_valid()
    message = too_long.errors["place"][0]
    assert "۸" in message and "۹" in message and not LATIN_DIGIT.search(message), message
