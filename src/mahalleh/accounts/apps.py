from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mahalleh.accounts"
    label = "accounts"
    verbose_name = "کاربران و نقش‌ها"
