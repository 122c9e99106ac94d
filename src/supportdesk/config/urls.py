from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("supportdesk.ops.urls")),
    path("admin/", admin.site.urls),
]
