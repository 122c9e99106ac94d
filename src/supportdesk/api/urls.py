from ninja import NinjaAPI

from supportdesk.api import sla
from supportdesk.api.auth import AgentSession

api = NinjaAPI(title="SupportDesk API", version="1", auth=AgentSession(), urls_namespace="api")
api.add_router("/sla", sla.router)
