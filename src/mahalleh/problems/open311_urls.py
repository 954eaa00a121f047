"""Open311 GeoReport v2 routes (``/open311/v2/``): each in JSON and XML, by the URL's extension."""

from django.urls import path, register_converter

from mahalleh.problems import open311


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"
urlpatterns = [
    path("discovery.<fmt:fmt>", open311.discovery, name="discovery"),
    path("services.<fmt:fmt>", open311.services, name="services"),
    path("services/<slug:code>.<fmt:fmt>", open311.service_definition, name="service"),
    path("requests.<fmt:fmt>", open311.requests, name="requests"),
    path("requests/<str:code>.<fmt:fmt>", open311.request_detail, name="request"),
    path("tokens/<str:token>.<fmt:fmt>", open311.token_detail, name="token"),
]
