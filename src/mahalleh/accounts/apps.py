from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mahalleh.accounts"
    label = "accounts"
    verbose_name = "کاربران و نقش‌ها"
    audited_models = "__all__"
    audit_exclude = (
        "apitoken",  # a hash and its last use, rewritten on every API call (issue and revoke are events)
        "loginaddress",  # the lock-out's gate, rewritten on every sign-in (the tries are events)
    )

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_login_failed

        from mahalleh.accounts.forms import AdminLoginForm
        from mahalleh.accounts.lockout import LOGIN_EVENTS, audit_login_failure
        from mahalleh.core.audit import register_event_labels

        # The admin signs in through the same gate as everyone (accounts.lockout).
        admin.site.login_form = AdminLoginForm
        # Connected after axes' own receiver (axes comes first in INSTALLED_APPS), so it sees the lock.
        user_login_failed.connect(audit_login_failure, dispatch_uid="mahalleh_audit_login_failure")
        register_event_labels({
            **LOGIN_EVENTS,
            "password_changed": "تغییر گذرواژه",
            "token_issued": "صدور توکن API",
            "token_revoked": "ابطال توکن API",
            "otp_enabled": "فعال‌شدن ورود دومرحله‌ای",
            "otp_failed": "رمز یک‌بارمصرف نادرست",
        })
