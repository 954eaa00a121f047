from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "mahalleh.places"
    label = "places"
    verbose_name = "مکان‌ها"
