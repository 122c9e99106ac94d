"""The Content-Security-Policy of every page (Django's CSP middleware sends it).

The desk's pages load scripts, styles and images from the desk alone; nothing inline runs.
Customer HTML is sanitised as well, so the policy is the second wall, not the only one.
"""

from __future__ import annotations

from django.utils.csp import CSP


def content_security_policy(*, remote_images: bool = False) -> dict[str, list[str]]:
    """The policy; `remote_images` lets one page load images from anywhere (an agent chose
    to see a message's remote images)."""
    images = [CSP.SELF, "data:"] + (["https:", "http:"] if remote_images else [])
    return {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF],
        "img-src": images,
        "connect-src": [CSP.SELF],
        "font-src": [CSP.SELF],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }
