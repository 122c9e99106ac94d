from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from supportdesk.workspace.consumers import DeskConsumer

# Same-origin only, and the desk's session decides who it is (agents only, see the consumer).
websocket_urlpatterns = [
    path("desk/ws/", AllowedHostsOriginValidator(AuthMiddlewareStack(DeskConsumer.as_asgi())))
]
