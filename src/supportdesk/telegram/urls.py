from django.urls import path

from supportdesk.telegram import views

app_name = "telegram"

urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
]
