"""Django's password validators, with their messages in Persian (Django 5.2's Persian catalogue lacks the
newer wording, so a person would read English). The rules themselves are Django's."""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validators

from mahalleh.core.text import to_persian_digits


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"این گذرواژه کوتاه است: دست‌کم {to_persian_digits(self.min_length)} نویسه لازم است."

    def get_help_text(self) -> str:
        return f"گذرواژه باید دست‌کم {to_persian_digits(self.min_length)} نویسه باشد."


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "گذرواژه به %(verbose_name)s بسیار شبیه است."

    def get_help_text(self) -> str:
        return "گذرواژه نباید به نام، نام کاربری یا رایانامه شما شبیه باشد."


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "این گذرواژه بسیار رایج است."

    def get_help_text(self) -> str:
        return "گذرواژه نباید از گذرواژه‌های رایج باشد."


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "گذرواژه نباید تنها از رقم باشد."

    def get_help_text(self) -> str:
        return "گذرواژه نباید تنها از رقم باشد."
