from django.urls import path, register_converter

from . import guide_views, views


class ClassDigitConverter:
    regex = "[1-5]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class StatusCodeConverter:
    regex = "[1-5][0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(ClassDigitConverter, "digit")
register_converter(StatusCodeConverter, "code")

app_name = "statuses"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("<digit:digit>xx/", views.status_class, name="class"),
    path("<code:code>/", views.status_detail, name="detail"),
    path("api/statuses/", views.api_status_list, name="api-list"),
    path("api/statuses/<int:code>/", views.api_status_detail, name="api-detail"),
    path("api/classes/<int:digit>/", views.api_class_detail, name="api-class"),
    path("guides/<slug:slug>/", guide_views.guide_detail, name="guide"),
    path("guides/<slug:slug>/<slug:step>/", guide_views.guide_step, name="guide-step"),
    path("api/guides/", guide_views.api_guide_list, name="api-guides"),
    path("api/guides/<slug:slug>/", guide_views.api_guide_detail, name="api-guide"),
]
