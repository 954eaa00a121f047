"""The resident's pages: /track/ by code in any digits, nothing personal or internal, the description
only once public; duplicates follow the original; the online form; the «fixed?» loop; the SMS reply
webhook; the shared rate limit."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from mahalleh.core import ratelimit
from mahalleh.core.models import RateCounter
from mahalleh.core.text import to_persian_digits
from mahalleh.problems import codes, services
from mahalleh.problems.models import Problem, ProblemUpdate, Source, Status

NAME, MOBILE = "زهرا احمدی", "09123456789"


@pytest.fixture
def problem(routes, manager, neighborhood, sewage):
    return services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage,
                                   description="فاضلاب خانه خانم رضایی در کوچه سوم", reporter_name=NAME,
                                   reporter_mobile=MOBILE, sms_consent=True)


def _page(client, problem) -> str:
    response = client.get(reverse("public:track_problem", args=[problem.tracking_code]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("spell", ["latin", "persian", "arabic", "dashed"])
def test_a_code_in_any_digits_finds_the_problem(client, problem, spell):
    code = problem.tracking_code
    typed = {"latin": code, "persian": to_persian_digits(code), "dashed": codes.display(code),
             "arabic": code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))}[spell]
    response = client.get(reverse("public:track"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == reverse("public:track_problem", args=[code])


def test_a_wrong_check_digit_is_named(client, problem):
    code = problem.tracking_code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    response = client.get(reverse("public:track"), {"code": wrong})
    assert response.status_code == 400 and codes.INVALID in response.content.decode()


def test_nothing_personal_or_internal_and_the_description_only_once_public(client, problem, county_user):
    services.problem_add_note(actor=county_user, problem=problem, version=problem.version, text="یادداشت داخلی محرمانه")
    page = _page(client, problem)
    for hidden in (NAME, MOBILE, to_persian_digits(MOBILE), "یادداشت داخلی محرمانه", "خانم رضایی"):
        assert hidden not in page
    assert problem.agency.name in page and "جدید" in page
    problem.refresh_from_db()
    services.problem_publish_description(actor=county_user, problem=problem, version=problem.version, public=True)
    assert "خانم رضایی" not in _page(client, problem)  # still «new»: not yet accepted
    problem.refresh_from_db()
    services.problem_accept(actor=county_user, problem=problem, version=problem.version)
    assert "خانم رضایی" in _page(client, problem)


def test_a_duplicate_shows_its_original(client, problem, manager, neighborhood, sewage, county_user):
    duplicate = services.problem_intake(actor=manager, neighborhood=neighborhood, category=sewage,
                                        description="فاضلاب کوچه سوم", duplicate_of=problem)
    services.problem_accept(actor=county_user, problem=problem, version=problem.version)
    page = _page(client, duplicate)
    assert codes.display(problem.tracking_code) in page and "پذیرفته‌شده" in page


def test_the_online_form_makes_one_new_problem_on_a_double_submit(client, routes, neighborhood, sewage):
    neighborhood.is_target = True
    neighborhood.save()
    data = {"neighborhood": neighborhood.pk, "category": sewage.pk, "description": "چاله بزرگ سر کوچه",
            "reporter_mobile": "912 345 6789", "idempotency_key": str(uuid.uuid4())}
    first, second = (client.post(reverse("public:report"), data) for _ in range(2))
    problem = Problem.objects.get()
    assert first["Location"] == second["Location"] == reverse("public:report_done", args=[problem.tracking_code])
    assert (problem.status, problem.source, problem.reporter_mobile, problem.created_by) == (
        Status.NEW, Source.ONLINE, MOBILE, None)
    bad = client.post(reverse("public:report"), {**data, "idempotency_key": str(uuid.uuid4()), "reporter_mobile": "123"})
    assert bad.status_code == 400 and "معتبر نیست" in bad.content.decode() and Problem.objects.count() == 1


def _fix(problem, focal):
    problem.refresh_from_db()
    return services.problem_set_status(actor=focal, problem=problem, version=problem.version, status=Status.FIXED)


def test_a_no_within_the_window_reopens_and_after_it_is_refused(client, problem, focal):
    _fix(problem, focal)
    assert "رفع نشد" in _page(client, problem)
    url = reverse("public:track_feedback", args=[problem.tracking_code])
    client.post(url, {"fixed": "no", "idempotency_key": str(uuid.uuid4())})
    problem.refresh_from_db()
    assert problem.status == Status.IN_PROGRESS and problem.fixed_at is None
    assert problem.updates.filter(kind=ProblemUpdate.Kind.REOPENED, is_public=True).exists()
    _fix(problem, focal)
    Problem.objects.filter(pk=problem.pk).update(confirm_until=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(url, {"fixed": "no", "idempotency_key": str(uuid.uuid4())}, follow=True)
    problem.refresh_from_db()
    assert problem.status == Status.FIXED and "مهلت اعلام نظر" in response.content.decode()


def test_the_sms_reply_needs_the_secret_and_reopens(client, problem, focal, settings):
    settings.SMS_INBOUND_SECRET = "s3cret"
    _fix(problem, focal)
    url = reverse("public:sms_inbound")
    assert client.post(url, {"from": "+989123456789", "text": "۲"}).status_code == 403
    assert client.post(url, {"secret": "wrong", "from": "+989123456789", "text": "۲"}).status_code == 403
    response = client.post(url, {"secret": "s3cret", "from": "+989123456789", "text": "۲"})
    problem.refresh_from_db()
    assert response.json()["ok"] and problem.status == Status.IN_PROGRESS


def test_the_rate_limit_is_shared_and_its_window_ends(db):
    assert all(ratelimit.hit("t:1.2.3.4", limit=3, window=60, now=1000.0) for _ in range(3))
    assert not ratelimit.hit("t:1.2.3.4", limit=3, window=60, now=1010.0)  # another worker: the same row
    assert RateCounter.objects.get(key="t:1.2.3.4").count == 4
    assert ratelimit.hit("t:1.2.3.4", limit=3, window=60, now=1080.0)  # the next window
    assert ratelimit.hit("t:5.6.7.8", limit=3, window=60, now=1010.0)  # another address


def test_the_tracker_answers_429_over_the_limit(client, problem, monkeypatch):
    # One fixed window for all 31 (a slow machine could otherwise cross into the next minute's window).
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_020.0)
    url = reverse("public:track_problem", args=[problem.tracking_code])
    answers = [client.get(url).status_code for _ in range(31)]
    assert answers[:30] == [200] * 30 and answers[30] == 429
