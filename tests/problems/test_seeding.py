"""The seeds' categories under the seven axes, and a problem's history that never shows its reporter."""

from mahalleh.agencies.models import ServiceAxis
from mahalleh.core.history import format_of
from mahalleh.problems.models import Category, Problem
from mahalleh.problems.seeding import seed_categories


def test_the_seeds_categories_are_loaded_once_under_their_axes(db):
    for order, (code, name) in enumerate(
        [("health", "بهداشت"), ("social_cultural", "فرهنگی"), ("construction_housing", "عمران"), ("skills_employment", "اشتغال"),
         ("sports_youth", "ورزش"), ("women_family", "بانوان"), ("education", "آموزش")]
    ):
        ServiceAxis.objects.create(code=code, name=name, order=order)
    made = seed_categories()
    for code in ["sewage", "construction_debris", "lighting", "sports_hall", "leisure_house", "stray_dogs", "addiction_camp",
                 "school_space", "library", "employment"]:
        assert code in made and made[code].service_days > 0
    assert made["sewage"].axis.code == "construction_housing" and made["school_space"].axis.code == "education"
    count = Category.objects.count()
    Category.objects.filter(code="sewage").update(service_days=99)
    seed_categories()
    assert Category.objects.count() == count and Category.objects.get(code="sewage").service_days == 15


def test_a_problems_history_hides_its_reporter():
    assert {"reporter_name", "reporter_mobile"} <= format_of(Problem).hidden
