"""System checks of the kernel: every project app with models says what it audits."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.core import checks

from mahalleh.core.audit import ALL

PROJECT = "mahalleh."


def _audit_errors(config: AppConfig) -> list[checks.CheckMessage]:
    names = {model._meta.model_name for model in config.get_models()}
    if not names:
        return []
    declared = getattr(config, "audited_models", None)
    if declared is None:
        return [checks.Error(
            f"App '{config.label}' has models but does not declare what it audits.",
            hint='Set audited_models = "__all__" (with audit_exclude) or a tuple of model names on its AppConfig.',
            obj=config, id="core.E001",
        )]
    listed = set(getattr(config, "audit_exclude", ())) | (set() if declared == ALL else set(declared))
    unknown = sorted(listed - names)
    if unknown:
        return [checks.Error(
            f"App '{config.label}' names models it does not have in its audit declaration: {', '.join(unknown)}.",
            obj=config, id="core.E002",
        )]
    return []


@checks.register()
def audit_declared(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    return [error for config in configs if config.name.startswith(PROJECT) for error in _audit_errors(config)]
