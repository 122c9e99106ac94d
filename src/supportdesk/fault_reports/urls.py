from django.urls import path

from supportdesk.fault_reports import views

app_name = "fault_reports"

urlpatterns = [
    path("collector/supportdesk_collect.py", views.collector_download, name="collector"),
]
