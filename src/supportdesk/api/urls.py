from ninja import NinjaAPI

from supportdesk.api import diagnostics, sla
from supportdesk.api.auth import AgentSession

api = NinjaAPI(title="SupportDesk API", version="1", auth=AgentSession(), urls_namespace="api")
api.add_router("/sla", sla.router)
api.add_router("/diagnostics", diagnostics.router)
