"""The phone-first intake page: one problem per key whatever the retries, bad input refused whole,
photos kept without their location, duplicate suggestions and merging at intake; the slip."""

import io
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from mahalleh.problems import codes, services
from mahalleh.problems.models import Problem, ProblemPhoto, ProblemUpdate, Status


def _form(neighborhood, category, **extra):
    return {"neighborhood": neighborhood.pk, "category": category.pk, "description": "فاضلاب کوچه سوم پس زده است",
            "source": "service_desk", "idempotency_key": str(uuid.uuid4()), **extra}


def _jpeg_with_location() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (35.0, 49.0, 0.0)}  # GPSInfo: the latitude of a resident's home
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_retry_with_the_same_key_returns_the_same_problem(client, routes, manager, neighborhood, sewage, municipality):
    client.force_login(manager)
    data = _form(neighborhood, sewage, reporter_mobile="+98 912 345 6789", sms_consent="on")
    first = client.post(reverse("problems:problem_create"), data)
    second = client.post(reverse("problems:problem_create"), data)  # the first answer was lost on the way
    problem = Problem.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("problems:problem_received", args=[problem.pk])
    assert problem.agency == municipality and problem.reporter_mobile == "09123456789" and problem.sms_consent
    page = client.get(first["Location"]).content.decode()
    assert codes.display(problem.tracking_code) in page


def test_under_htmx_a_retry_redirects_to_the_same_problem(client, routes, manager, neighborhood, sewage):
    client.force_login(manager)
    data = _form(neighborhood, sewage)
    answers = [client.post(reverse("problems:problem_create"), data, HTTP_HX_REQUEST="true") for _ in range(2)]
    assert {a["HX-Redirect"] for a in answers} == {reverse("problems:problem_received", args=[Problem.objects.get().pk])}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("description", "  ", "شرح مشکل را بنویسید."),
    ("reporter_mobile", "۰۲۱۳۳۴۴۵۵۶۶", "شماره تلفن همراه معتبر نیست"),
    ("category", "999999", "گزینهٔ معتبر انتخاب کنید"),
])
def test_bad_input_is_refused_with_a_persian_message_and_nothing_saved(client, routes, manager, neighborhood, sewage,
                                                                        field, value, message):
    client.force_login(manager)
    response = client.post(reverse("problems:problem_create"), {**_form(neighborhood, sewage), field: value})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Problem.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client, routes, manager, neighborhood, sewage):
    client.force_login(manager)
    fake = io.BytesIO(b"%PDF-1.4 not a photo")
    fake.name = "photo.jpg"
    response = client.post(reverse("problems:problem_create"), {**_form(neighborhood, sewage), "photos": fake})
    assert response.status_code == 400 and "photo.jpg" in response.content.decode()
    assert not Problem.objects.exists() and not ProblemPhoto.objects.exists()


def test_a_photo_is_kept_without_its_location(client, routes, manager, neighborhood, sewage):
    client.force_login(manager)
    upload = io.BytesIO(_jpeg_with_location())
    upload.name = "IMG_0001.jpg"
    assert b"Exif" in upload.getvalue()
    client.post(reverse("problems:problem_create"), {**_form(neighborhood, sewage), "photos": upload})
    photo = ProblemPhoto.objects.get()
    kept = photo.image.read()
    assert photo.kind == ProblemPhoto.Kind.INTAKE and kept.startswith(b"\xff\xd8") and b"Exif" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert not image.getexif().get(0x8825)


def test_a_neighborhood_out_of_reach_is_not_offered(client, routes, manager, other_neighborhood, sewage):
    client.force_login(manager)
    response = client.post(reverse("problems:problem_create"), _form(other_neighborhood, sewage))
    assert response.status_code == 400 and not Problem.objects.exists()


def test_similar_open_problems_are_suggested_and_a_merge_keeps_both(client, routes, manager, neighborhood, sewage,
                                                                     lighting):
    original = services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage,
                                       description="فاضلاب در کوچه سوم پس زده")
    services.problem_intake(actor=manager, neighborhood=neighborhood, category=lighting,
                            description="فاضلاب در کوچه سوم پس زده")  # another category: not suggested
    client.force_login(manager)
    similar = client.get(reverse("problems:problem_similar"), {
        "neighborhood": neighborhood.pk, "category": sewage.pk, "description": "پس زدن فاضلاب كوچه سوم"}).content.decode()
    assert f'value="{original.pk}"' in similar and similar.count('name="duplicate_of"') == 2  # it, and «none»
    response = client.post(reverse("problems:problem_create"), _form(neighborhood, sewage, duplicate_of=original.pk))
    duplicate = Problem.objects.exclude(pk=original.pk).get(category=sewage)
    assert response.status_code == 302
    assert duplicate.status == Status.DUPLICATE and duplicate.duplicate_of == original and duplicate.original == original
    assert original.updates.filter(kind=ProblemUpdate.Kind.MERGED).exists()
    assert duplicate.updates.filter(kind=ProblemUpdate.Kind.MERGED, is_public=True).exists()


def test_nothing_similar_for_another_neighborhood_or_a_closed_problem(client, routes, manager, county_user, neighborhood,
                                                                      other_neighborhood, sewage):
    closed = services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage, description="فاضلاب کوچه")
    Problem.objects.filter(pk=closed.pk).update(status=Status.FIXED)
    client.force_login(county_user)
    similar = client.get(reverse("problems:problem_similar"), {
        "neighborhood": neighborhood.pk, "category": sewage.pk, "description": "فاضلاب کوچه"}).content.decode()
    assert "duplicate_of" not in similar


def test_the_slip_is_an_a6_pdf_with_the_code(client, routes, manager, neighborhood, sewage):
    problem = services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage, description="فاضلاب")
    client.force_login(manager)
    response = client.get(reverse("problems:problem_slip", args=[problem.pk]))
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and pdf.startswith(b"%PDF")
    from pypdf import PdfReader  # A6: 105 × 148 mm = 297.6 × 419.5 pt

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(float(page.mediabox.width)) == 298 and round(float(page.mediabox.height)) == 420


def test_an_optional_point_on_the_map_in_persian_digits_is_kept_and_one_outside_iran_refused(
        client, routes, manager, neighborhood, sewage):
    client.force_login(manager)
    url = reverse("problems:problem_create")
    outside = client.post(url, _form(neighborhood, sewage, latitude="۵۱٫۵", longitude="۰٫۱"))
    assert outside.status_code == 400 and "در ایران نیست" in outside.content.decode() and not Problem.objects.exists()
    half = client.post(url, _form(neighborhood, sewage, latitude="35.8"))
    assert half.status_code == 400 and "هر دو عدد" in half.content.decode() and not Problem.objects.exists()
    assert client.post(url, _form(neighborhood, sewage, latitude="۳۵٫۸۴", longitude="50.97")).status_code == 302
    problem = Problem.objects.get()
    assert (problem.latitude, problem.longitude) == (35.84, 50.97)
