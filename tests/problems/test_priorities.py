"""The county HQ's priorities: a neighborhood's open problems by rank (the desk plan's input), and the rank
set by who routes the problem, at the version the page showed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mahalleh.core.models import AuditEntry
from mahalleh.core.roles import Role
from mahalleh.core.services import ConflictError, DomainError, NotAllowed
from mahalleh.problems import codes, selectors, services
from mahalleh.problems.models import Problem, Status
from tests.factories import NeighborhoodFactory, user_with_role


def raise_problem(actor, hood, category, text, *, rank=None, days_ago=0, status=None):
    problem = services.problem_intake(actor=actor, neighborhood=hood, category=category, description=text)
    fields = {"priority_rank": rank, "created_at": timezone.now() - datetime.timedelta(days=days_ago)}
    if status:
        fields["status"] = status
    Problem.objects.filter(pk=problem.pk).update(**fields)
    problem.refresh_from_db()
    return problem


@pytest.fixture
def ranked(routes, county_user, neighborhood, sewage, lighting):
    """Five problems of Hesar: ranks 2 and 1, two unranked (the older first), one closed."""
    return {
        "second": raise_problem(county_user, neighborhood, sewage, "فاضلاب", rank=2, days_ago=1),
        "first": raise_problem(county_user, neighborhood, lighting, "روشنایی", rank=1, days_ago=0),
        "old": raise_problem(county_user, neighborhood, sewage, "فاضلاب قدیمی", days_ago=9),
        "new": raise_problem(county_user, neighborhood, lighting, "روشنایی تازه", days_ago=2),
        "fixed": raise_problem(county_user, neighborhood, sewage, "رفع‌شده", rank=1, status=Status.FIXED),
    }


def test_open_problems_by_rank_unranked_last_oldest_first(ranked, neighborhood, django_assert_num_queries):
    with django_assert_num_queries(1):  # with their category, axis and agency
        problems = selectors.prioritized_open(neighborhood)
        shown = [(p.category.axis.name, p.agency.name if p.agency else None) for p in problems]
    assert [p.pk for p in problems] == [ranked[k].pk for k in ("first", "second", "old", "new")]
    assert shown[0] == ("عمران و مسکن", "آبفای استان")


def test_many_neighborhoods_in_one_query_each_cut_at_the_limit(ranked, neighborhood, other_neighborhood, secretariat,
                                                               sewage, django_assert_num_queries):
    other = raise_problem(secretariat, other_neighborhood, sewage, "فاضلاب محله دیگر")
    with django_assert_num_queries(1):
        both = selectors.prioritized_open_by_neighborhood([neighborhood, other_neighborhood], limit=2)
    assert [p.pk for p in both[neighborhood.pk]] == [ranked["first"].pk, ranked["second"].pk]
    assert [p.pk for p in both[other_neighborhood.pk]] == [other.pk]
    assert selectors.open_counts([neighborhood, other_neighborhood]) == {neighborhood.pk: 4, other_neighborhood.pk: 1}


def test_the_county_sets_a_rank_audited(ranked, county_user):
    problem = ranked["old"]
    services.problem_set_priority(actor=county_user, problem=problem, version=problem.version, rank=1)
    problem.refresh_from_db()
    assert problem.priority_rank == 1
    event = AuditEntry.objects.get(event="problem_prioritized")
    assert event.object_id == str(problem.pk) and event.actor == county_user
    assert event.after == {"before": None, "after": 1}
    services.problem_set_priority(actor=county_user, problem=problem, version=problem.version, rank=None)
    problem.refresh_from_db()
    assert problem.priority_rank is None


def test_a_stale_rank_writes_nothing(ranked, county_user):
    problem = ranked["old"]
    with pytest.raises(ConflictError):
        services.problem_set_priority(actor=county_user, problem=problem, version=problem.version - 1, rank=3)
    problem.refresh_from_db()
    assert problem.priority_rank is None


def test_only_who_routes_ranks_and_only_open_problems(ranked, focal, manager, county_user):
    problem = ranked["second"]  # sewage in Karaj: routed to the municipality, ``focal``'s agency
    for outsider in (focal, manager):
        with pytest.raises(NotAllowed):
            services.problem_set_priority(actor=outsider, problem=problem, version=problem.version, rank=1)
    with pytest.raises(DomainError, match="عددی مثبت"):
        services.problem_set_priority(actor=county_user, problem=problem, version=problem.version, rank=0)
    with pytest.raises(DomainError, match="بسته شده"):
        services.problem_set_priority(actor=county_user, problem=ranked["fixed"], version=ranked["fixed"].version,
                                      rank=1)
    problem.refresh_from_db()
    assert problem.priority_rank == 2


def test_the_page_lists_the_countys_target_neighborhoods_in_rank_order(client, ranked, county_user, neighborhood,
                                                                      other_neighborhood, county, sewage, secretariat):
    elsewhere = raise_problem(secretariat, other_neighborhood, sewage, "فاضلاب نظرآباد")
    not_target = NeighborhoodFactory(county=county, name="محله غیرهدف", is_target=False)
    hidden = raise_problem(county_user, not_target, sewage, "فاضلاب غیرهدف")
    client.force_login(county_user)
    html = client.get(reverse("problems:priorities")).content.decode()
    order = [html.index(codes.display(ranked[k].tracking_code)) for k in ("first", "second", "old", "new")]
    assert order == sorted(order)
    assert codes.display(ranked["fixed"].tracking_code) not in html
    assert codes.display(elsewhere.tracking_code) not in html  # another county's
    assert codes.display(hidden.tracking_code) not in html and "محله غیرهدف" not in html
    assert f'action="{reverse("problems:priority_set", args=[ranked["old"].pk])}"' in html
    # the secretariat sees every county of its province
    client.force_login(secretariat)
    html = client.get(reverse("problems:priorities")).content.decode()
    assert codes.display(elsewhere.tracking_code) in html and codes.display(ranked["first"].tracking_code) in html


def test_the_page_is_not_for_an_agency(client, ranked, focal):
    client.force_login(focal)
    assert client.get(reverse("problems:priorities")).status_code == 404
    problem = ranked["old"]
    response = client.post(reverse("problems:priority_set", args=[problem.pk]), {"rank": 1, "version": problem.version})
    assert response.status_code == 404


def test_the_inline_form_sets_the_rank_and_refuses_a_stale_one(client, ranked, county_user, neighborhood):
    problem = ranked["old"]
    client.force_login(county_user)
    url = reverse("problems:priority_set", args=[problem.pk])
    response = client.post(url, {"rank": "۳", "version": problem.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("problems:priorities") + f"#n{neighborhood.pk}"
    problem.refresh_from_db()
    assert problem.priority_rank == 3
    response = client.post(url, {"rank": "1", "version": problem.version - 1}, follow=True)
    assert "کاربر دیگری" in response.content.decode()
    problem.refresh_from_db()
    assert problem.priority_rank == 3


def test_the_page_reads_a_constant_number_of_queries(client, ranked, county_user, county, sewage):
    client.force_login(county_user)
    url = reverse("problems:priorities")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        hood = NeighborhoodFactory(county=county, name=f"محله تازه {n}")
        raise_problem(county_user, hood, sewage, f"فاضلاب {n}", rank=1)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


def test_the_menu_offers_the_page_to_the_county_only(client, county_user, focal, db):
    client.force_login(county_user)
    assert 'href="/problems/priorities/"' in client.get("/").content.decode()
    client.force_login(focal)
    assert 'href="/problems/priorities/"' not in client.get("/").content.decode()
    client.force_login(user_with_role(Role.NEIGHBORHOOD, neighborhood=NeighborhoodFactory()))
    assert 'href="/problems/priorities/"' not in client.get("/").content.decode()
