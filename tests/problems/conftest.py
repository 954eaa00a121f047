import pytest
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from mahalleh.agencies.models import ServiceAxis
from mahalleh.core.notify import memory
from mahalleh.core.roles import Role
from mahalleh.problems.models import Category, RoutingRule
from tests.factories import AgencyFactory, NeighborhoodFactory, user_with_role


@pytest.fixture
def axis(db):
    return ServiceAxis.objects.create(code="construction_housing", name="عمران و مسکن", order=3)


@pytest.fixture
def sewage(axis):
    return Category.objects.create(axis=axis, code="sewage", name="فاضلاب", service_days=5)


@pytest.fixture
def lighting(axis):
    return Category.objects.create(axis=axis, code="lighting", name="روشنایی", service_days=10)


@pytest.fixture
def neighborhood(county):
    return NeighborhoodFactory(county=county, name="حصار")


@pytest.fixture
def other_neighborhood(other_county):
    return NeighborhoodFactory(county=other_county, name="محله دیگر")


@pytest.fixture
def water(province):
    return AgencyFactory(province=province, name="آبفای استان")


@pytest.fixture
def municipality(province):
    return AgencyFactory(province=province, name="شهرداری کرج")


@pytest.fixture
def routes(province, county, sewage, lighting, water, municipality):
    """Sewage: the province default is the water company, but Karaj sends it to its municipality."""
    RoutingRule.objects.create(province=province, category=sewage, agency=water)
    RoutingRule.objects.create(province=province, county=county, category=sewage, agency=municipality)
    RoutingRule.objects.create(province=province, category=lighting, agency=water)


@pytest.fixture
def manager(neighborhood):
    return user_with_role(Role.NEIGHBORHOOD, neighborhood=neighborhood)


@pytest.fixture
def focal(municipality):
    return user_with_role(Role.AGENCY, agency=municipality)


@pytest.fixture
def sms_outbox(settings):
    memory.outbox.clear()
    yield memory.outbox
    memory.outbox.clear()


def run_sms_tasks() -> list[tuple[str, str]]:
    """Run the reporter SMS tasks enqueued so far; the (to, text) they sent."""
    memory.outbox.clear()
    for result in DBTaskResult.objects.filter(task_path="mahalleh.problems.tasks.send_reporter_sms"):
        import_string(result.task_path).call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    DBTaskResult.objects.all().delete()
    return [(m.to, m.text) for m in memory.outbox]
