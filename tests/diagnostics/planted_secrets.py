"""A real HAR (cnn_firebug_firefox.har, see fixtures/SOURCES.md) with 14 secrets planted across
its entries, one of each kind a HAR carries: the probe that found HARs kept raw used the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SOURCE = Path(__file__).parent / "fixtures" / "har" / "cnn_firebug_firefox.har"

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkMTAifQ.c2lnbmF0dXJlcGxhbnRlZDEw"
BASIC = "cGxhbnRlZDEyOnMzY3JldHBsYW50ZWQ="
SECRETS = [
    "PlantedCookieHeader01x",
    "PlantedCookieArray02x",
    "PlantedSetCookie03x",
    "PlantedBearer04xyzabc",
    "PlantedApiKey05x",
    "PlantedUrlToken06x",
    "PlantedQueryString07x",
    "PlantedFormPassword08x",
    "PlantedJsonPassword09x",
    JWT,
    "PlantedRefreshToken11x",
    BASIC,
    "PlantedUrlPassword13x",
    "PlantedCsrf14x",
]


def _header(name: str, value: str) -> dict[str, str]:
    return {"name": name, "value": value}


def _plant(entries: list[dict[str, Any]]) -> None:
    step = len(entries) // len(SECRETS)
    (
        cookie_header,
        cookie_array,
        set_cookie,
        bearer,
        api_key,
        url_token,
        query_item,
        form_password,
        json_password,
        jwt,
        refresh_token,
        basic,
        url_password,
        csrf,
    ) = SECRETS
    plants = [
        lambda e: e["request"]["headers"].append(_header("Cookie", f"sessionid={cookie_header}")),
        lambda e: e["request"]["cookies"].append({"name": "NID", "value": cookie_array}),
        lambda e: e["response"]["headers"].append(
            _header("Set-Cookie", f"SID={set_cookie}; Path=/; HttpOnly")
        ),
        lambda e: e["request"]["headers"].append(_header("Authorization", f"Bearer {bearer}")),
        lambda e: e["request"]["headers"].append(_header("X-Api-Key", api_key)),
        lambda e: e["request"].update(
            url=e["request"]["url"].split("?")[0] + f"?access_token={url_token}&lang=en"
        ),
        lambda e: e["request"]["queryString"].append({"name": "token", "value": query_item}),
        lambda e: e["request"].update(
            postData={
                "mimeType": "application/x-www-form-urlencoded",
                "params": [{"name": "password", "value": form_password}],
                "text": f"password={form_password}",
            }
        ),
        lambda e: e["request"].update(
            postData={
                "mimeType": "application/json",
                "text": json.dumps({"password": json_password}),
            }
        ),
        lambda e: e["request"].update(url=f"https://api.example.com/v1/session/{jwt}/profile"),
        lambda e: e["response"]["content"].update(
            mimeType="application/json", text=json.dumps({"refresh_token": refresh_token})
        ),
        lambda e: e["request"]["headers"].append(_header("Proxy-Authorization", f"Basic {basic}")),
        lambda e: e["request"].update(url=f"https://deploy:{url_password}@git.example.com/repo"),
        lambda e: e["request"]["headers"].append(_header("X-CSRF-Token", csrf)),
    ]
    for index, plant in enumerate(plants):
        plant(entries[index * step])


def har_with_planted_secrets() -> bytes:
    document = json.loads(SOURCE.read_bytes())
    _plant(document["log"]["entries"])
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")


def secrets_in(data: bytes) -> list[str]:
    """The planted secrets still readable in ``data`` (UTF-8, UTF-16 or JSON-escaped)."""
    texts = [data.decode("utf-8", errors="replace")]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        texts.append(data.decode("utf-16", errors="replace"))
    return [secret for secret in SECRETS if any(secret in text for text in texts)]
