from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "mahalleh.places"
    label = "places"
    verbose_name = "مکان‌ها"
    audited_models = "__all__"
    # The log of list reads is itself the record of who read what.
    audit_exclude = ("listread",)
    # Names, mobiles and national codes never reach the audit: only a keyed digest that says they changed.
    audit_personal = {"neighborhoodperson": ("full_name", "mobile", "national_code")}

    def ready(self) -> None:
        from mahalleh.core.audit import register_event_labels
        from mahalleh.core.registry import ApiRouter, NavEntry, api_routers, nav_entries
        from mahalleh.places.api import router
        from mahalleh.places.services import EVENT_LABELS

        register_event_labels(EVENT_LABELS)
        api_routers.register(ApiRouter(key="places", prefix="places", router=router, order=10))
        nav_entries.register(NavEntry(key="places", label="محلات", path="/places/neighborhoods/", active="/places/", order=10,
                                      description="محلات هدف و خانه‌های محله"))
        nav_entries.register(NavEntry(key="places-lists", label="فهرست‌های محله", path="/places/lists/", active="/places/lists/",
                                      order=11, description="نخبگان، بانوان فعال، ثبت‌نام‌شدگان، کمبودها و نیازها، سند مسائل محله"))
