from django.urls import path

from .views import api, guides, pages

app_name = "statuses"
urlpatterns = [
    path("", pages.home, name="home"),
    path("search/", pages.search_page, name="search"),
    path("<digit:digit>xx/", pages.status_class, name="class"),
    path("<code:code>/", pages.status_detail, name="detail"),
    path("<code:code>.<sub:sub>/", pages.vendor_code, name="vendor-code"),
    path("api/", api.api_index, name="api"),
    path("api/statuses/", api.api_status_list, name="api-list"),
    path("api/statuses/<code:code>/", api.api_status_detail, name="api-detail"),
    path("api/classes/<digit:digit>/", api.api_class_detail, name="api-class"),
    path("guides/<slug:slug>/", guides.guide_detail, name="guide"),
    path("guides/<slug:slug>/<slug:step>/", guides.guide_step, name="guide-step"),
    path("api/guides/", api.api_guide_list, name="api-guides"),
    path("api/guides/<slug:slug>/", api.api_guide_detail, name="api-guide"),
    path("api/search/", api.api_search, name="api-search"),
]
