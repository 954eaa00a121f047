"""The shared templates without a browser: includes, error pages, base layout, and the ``ui`` filters.

Kept next to the browser tests because they test the same layer; they are fast and need no chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import jdatetime
import pytest
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from mahalleh.core.audit import history
from mahalleh.core.context import acting_as
from mahalleh.core.filtersets import ScopedFilterSet
from mahalleh.places.models import Neighborhood
from tests.factories import NeighborhoodFactory, UserFactory

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "src/mahalleh/templates"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture(autouse=True)
def _persian():
    with translation.override("fa"):
        yield


class SampleForm(forms.Form):
    name = forms.CharField(label="نام")
    kind = forms.ChoiceField(label="نوع", choices=[("a", "الف"), ("b", "ب")])
    active = forms.BooleanField(label="فعال", required=False)


def render_field(form: forms.Form, name: str) -> str:
    return render_to_string("includes/field.html", {"field": form[name]})


def test_field_gets_bootstrap_classes_and_persian_errors():
    form = SampleForm({"kind": "a"})
    assert not form.is_valid()
    name_html = render_field(form, "name")
    assert re.search(r'<input[^>]*class="form-control is-invalid"', name_html)
    assert 'aria-invalid="true"' in name_html
    assert "این فیلد لازم است." in name_html
    assert '<label class="form-label required" for="id_name">نام' in name_html

    kind_html = render_field(form, "kind")
    assert re.search(r'<select[^>]*class="form-select"', kind_html)
    assert "is-invalid" not in kind_html

    active_html = render_field(form, "active")
    assert re.search(
        r'<input[^>]*type="checkbox"[^>]*class="form-check-input"|class="form-check-input"[^>]*type="checkbox"',
        active_html,
    )
    assert 'class="form-check mb-2"' in active_html


def test_field_keeps_the_widgets_own_class_and_attributes():
    class DateForm(forms.Form):
        day = forms.CharField(widget=forms.TextInput(attrs={"class": "jalali", "data-jdp": ""}))

    html = render_field(DateForm(), "day")
    assert 'class="jalali form-control"' in html
    assert "data-jdp" in html


def test_pagination_keeps_filters_and_uses_persian_digits():
    page = Paginator(list(range(120)), 50).page(2)
    html = render_to_string(
        "includes/pagination.html", {"page_obj": page, "query_string": "q=%D8%AD&county=3"}
    )
    assert "صفحه ۲ از ۳" in html
    assert 'href="?q=%D8%AD&amp;county=3&amp;page=3"' in html
    assert 'href="?q=%D8%AD&amp;county=3&amp;page=1"' in html
    assert '<span class="page-link">۲</span>' in html


def test_pagination_is_empty_for_a_single_page():
    page = Paginator(list(range(10)), 50).page(1)
    assert render_to_string("includes/pagination.html", {"page_obj": page}).strip() == ""


def test_messages_are_bootstrap_alerts():
    messages = [Message(constants.ERROR, "ذخیره نشد."), Message(constants.SUCCESS, "ذخیره شد.")]
    html = render_to_string("includes/messages.html", {"messages": messages})
    assert re.search(r'alert-danger[^"]*" role="alert">\s*ذخیره نشد\.', html)
    assert re.search(r'alert-success[^"]*" role="status">\s*ذخیره شد\.', html)


def test_filters_form_is_a_get_form_with_the_current_values():
    request = RequestFactory().get("/places/neighborhoods/?q=حصار")
    html = render_to_string(
        "includes/filters.html", {"filter_form": ScopedFilterSet(request.GET, Neighborhood.objects.none()).form, "request": request}
    )
    assert '<form method="get"' in html
    assert re.search(r'name="q"[^>]*value="حصار"|value="حصار"[^>]*name="q"', html)
    assert 'href="/places/neighborhoods/"' in html  # «پاک کردن» drops every filter
    assert render_to_string("includes/filters.html", {"filter_form": None}).strip() == ""


@pytest.mark.django_db
def test_history_shows_who_changed_what_with_field_labels():
    user = UserFactory(first_name="مریم", last_name="کریمی")
    with acting_as(user):
        hood = NeighborhoodFactory(name="حصار", population=12000)
        hood.population = 13500
        hood.save()
    html = render_to_string("includes/history.html", {"history": list(history(hood))})
    assert "مریم کریمی" in html
    assert "ویرایش" in html and "ایجاد" in html
    population_label = str(Neighborhood._meta.get_field("population").verbose_name)
    update_row = re.search(rf"{population_label}</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    assert update_row is not None
    assert re.search(r"<del[^>]*>۱۲٬۰۰۰</del>.*←.*۱۳٬۵۰۰", update_row.group(1), re.S)
    assert "name_normalized" not in html and "updated_at" not in html


def test_history_when_empty():
    assert "تغییری ثبت نشده است." in render_to_string("includes/history.html", {"history": []})


@pytest.mark.django_db
def test_login_page_layout(client):
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in html
    assert '<meta name="csrf-token" content="' in html
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    assert f"{today.year:04d}/{today.month:02d}/{today.day:02d}".translate(PERSIAN_DIGITS) in html


@pytest.mark.django_db
def test_not_found_page_is_persian(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "صفحه پیدا نشد" in response.content.decode()


def test_server_error_page_renders_without_a_request():
    html = get_template("500.html").template.render(Context())
    assert "خطای سامانه" in html and 'dir="rtl"' in html


def test_forbidden_page_is_persian():
    request = RequestFactory().get("/")
    request.user = UserFactory.build()
    assert "دسترسی مجاز نیست" in render_to_string("403.html", request=request)


def test_no_template_loads_anything_from_another_host():
    offenders = []
    for path in TEMPLATES_DIR.rglob("*.html"):
        for match in re.finditer(
            r'(?:src|href|action)=["\'](?:https?:)?//', path.read_text(encoding="utf-8")
        ):
            offenders.append(f"{path.relative_to(TEMPLATES_DIR)}: {match.group(0)}")
    assert offenders == []
