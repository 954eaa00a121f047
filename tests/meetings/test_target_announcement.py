"""The body that announced a target neighborhood lives on the meetings side (places does not reach
meetings): the data migration carries the old column's values over, and the neighborhood page
still says who announced it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from mahalleh.core.roles import Role
from mahalleh.meetings.models import TargetAnnouncement
from tests.factories import BodyFactory, NeighborhoodFactory, user_with_role

BEFORE = [("meetings", "0003_search_text"), ("places", "0001_initial")]
AFTER = [("meetings", "0004_target_announcement"), ("places", "0002_drop_target_announced_by")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_announcer_to_the_meetings_side():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Province, County = old.get_model("places", "Province"), old.get_model("places", "County")
    Neighborhood, Body = old.get_model("places", "Neighborhood"), old.get_model("meetings", "Body")
    province = Province.objects.create(name="البرز", code="alborz")
    county = County.objects.create(province=province, name="کرج")
    body = Body.objects.create(province=province, name="قرارگاه اجتماعی استان", kind="provincial_hq")
    announced = Neighborhood.objects.create(county=county, name="حصار", is_target=True, target_announced_by=body)
    Neighborhood.objects.create(county=county, name="اسلام‌آباد", is_target=True)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        rows = list(new.get_model("meetings", "TargetAnnouncement").objects.values_list("neighborhood_id", "body_id"))
        assert rows == [(announced.pk, body.pk)]
        assert "target_announced_by" not in {f.name for f in new.get_model("places", "Neighborhood")._meta.fields}
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_the_neighborhood_page_names_the_announcing_body(province):
    hood = NeighborhoodFactory(county__province=province, is_target=True)
    body = BodyFactory(province=province, name="قرارگاه اجتماعی استان البرز")
    client = Client()
    client.force_login(user_with_role(Role.SECRETARIAT, province=province))
    assert "به اعلام" not in client.get(hood.get_absolute_url()).content.decode()
    TargetAnnouncement.objects.create(neighborhood=hood, body=body)
    assert f"به اعلام {body.name}" in client.get(hood.get_absolute_url()).content.decode()
