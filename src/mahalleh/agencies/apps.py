from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "mahalleh.agencies"
    label = "agencies"
    verbose_name = "دستگاه‌ها"
    audited_models = "__all__"
    audit_exclude = ("registrystamp",)  # a cache token, renewed with each audited change

    def ready(self) -> None:
        from mahalleh.agencies import signals
        from mahalleh.agencies.api import router
        from mahalleh.core.registry import ApiRouter, NavEntry, api_routers, nav_entries

        api_routers.register(ApiRouter(key="agencies", prefix="agencies", router=router, order=20))
        nav_entries.register(NavEntry(key="agencies", label="دستگاه‌ها", path="/agencies/", order=20))
        signals.connect()
