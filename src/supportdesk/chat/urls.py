from django.urls import path

from supportdesk.chat import views

app_name = "chat"
urlpatterns = [
    path("texts/", views.texts, name="texts"),
    path("upload/", views.upload, name="upload"),
    path("history/", views.history, name="history"),
    path("files/<str:token>/", views.file_download, name="file"),
    path("demo/", views.demo, name="demo"),
]
