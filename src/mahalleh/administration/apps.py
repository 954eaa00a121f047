from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    name = "mahalleh.administration"
    label = "administration"
    verbose_name = "مدیریت کاربران استان"
    audited_models = "__all__"

    def ready(self) -> None:
        from mahalleh.administration.selectors import is_province_admin
        from mahalleh.core.audit import register_event_labels
        from mahalleh.core.registry import NavEntry, nav_entries

        nav_entries.register(NavEntry(key="administration", label="مدیریت کاربران", path="/administration/users/",
                                      active="/administration/", order=90, visible=is_province_admin))
        register_event_labels({
            "user deactivated": "غیرفعال شدن کاربر",
            "user reactivated": "فعال شدن دوباره کاربر",
            "invite link issued": "صدور پیوند تعیین گذرواژه",
            "role handed over": "تحویل نقش",
            "onboarding imported": "ورود اطلاعات استان از اکسل",
        })
