from django.urls import path

from supportdesk.chat.consumers import ChatConsumer

websocket_urlpatterns = [path("chat/ws/", ChatConsumer.as_asgi())]
