from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "mahalleh.places"
    label = "places"
    verbose_name = "مکان‌ها"
    audited_models = "__all__"

    def ready(self) -> None:
        from mahalleh.core.registry import ApiRouter, NavEntry, api_routers, nav_entries
        from mahalleh.places.api import router

        api_routers.register(ApiRouter(key="places", prefix="places", router=router, order=10))
        nav_entries.register(NavEntry(key="places", label="محلات", path="/places/neighborhoods/", active="/places/", order=10,
                                      description="محلات هدف و خانه‌های محله"))
