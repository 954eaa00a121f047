from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mahalleh.accounts"
    label = "accounts"
    verbose_name = "کاربران و نقش‌ها"
    audited_models = "__all__"
    audit_exclude = ("apitoken",)  # a hash and its last use, rewritten on every API call
