from django.urls import path

from . import api, guide_views, views

app_name = "statuses"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("<digit:digit>xx/", views.status_class, name="class"),
    path("<code:code>/", views.status_detail, name="detail"),
    path("api/statuses/", api.api_status_list, name="api-list"),
    path("api/statuses/<code:code>/", api.api_status_detail, name="api-detail"),
    path("api/classes/<digit:digit>/", api.api_class_detail, name="api-class"),
    path("guides/<slug:slug>/", guide_views.guide_detail, name="guide"),
    path("guides/<slug:slug>/<slug:step>/", guide_views.guide_step, name="guide-step"),
    path("api/guides/", api.api_guide_list, name="api-guides"),
    path("api/guides/<slug:slug>/", api.api_guide_detail, name="api-guide"),
]
