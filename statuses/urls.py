from django.urls import path, register_converter

from . import views


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
    path("<digit:digit>xx/", views.status_class, name="class"),
    path("<code:code>/", views.status_detail, name="detail"),
]
