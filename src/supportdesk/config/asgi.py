"""ASGI entry point served by uvicorn: Django for HTTP, Channels for the WebSockets (the chat
widget, cross-origin and authenticated by its signed identity; the desk pages, same-origin and
authenticated by the session)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.config.settings.embedded")
django_application = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402 — after the apps load

from supportdesk.chat.routing import websocket_urlpatterns as chat_sockets  # noqa: E402
from supportdesk.workspace.routing import websocket_urlpatterns as desk_sockets  # noqa: E402

# The chat checks the page's origin against its host's allowed origins itself.
application = ProtocolTypeRouter(
    {"http": django_application, "websocket": URLRouter([*chat_sockets, *desk_sockets])}
)
