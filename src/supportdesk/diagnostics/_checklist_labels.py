"""Names of the checklist items and how a customer obtains each, in Russian and English.

Plain dictionaries: the pure core has no gettext; the desk picks the language it renders.
"""

from __future__ import annotations

from collections.abc import Mapping

ITEM_LABELS: Mapping[str, Mapping[str, str]] = {
    "browser_version": {"ru": "Версия браузера", "en": "Browser version"},
    "image_version": {
        "ru": "Версия (тег) образа контейнера",
        "en": "Container image version (tag)",
    },
    "har": {
        "ru": "HAR-архив, записанный во время ошибки",
        "en": "HAR archive recorded during the fault",
    },
    "container_log": {"ru": "Текущий лог контейнера", "en": "Current container log"},
    "reproduction_steps": {"ru": "Шаги воспроизведения", "en": "Steps to reproduce"},
    "affected_user_email": {
        "ru": "Email пользователя, у которого возникла ошибка",
        "en": "Email of the affected user",
    },
    "diagram_link": {"ru": "Ссылка на диаграмму", "en": "Link to the diagram"},
}

ITEM_HINTS: Mapping[str, Mapping[str, str]] = {
    "browser_version": {
        "ru": "Название и версия браузера, например «Chrome 120» (меню «О браузере»).",
        "en": 'Browser name and version, e.g. "Chrome 120" (see "About" in the browser menu).',
    },
    "image_version": {
        "ru": "Тег образа, например registry.example.com/app:2.14.1 "
        "(docker ps или диагностический архив supportdesk-collect).",
        "en": "The image tag, e.g. registry.example.com/app:2.14.1 "
        "(docker ps, or the supportdesk-collect diagnostics bundle).",
    },
    "har": {
        "ru": "Инструменты разработчика → Network → воспроизведите ошибку → «Export HAR».",
        "en": 'Developer tools → Network → reproduce the fault → "Export HAR".',
    },
    "container_log": {
        "ru": "Вывод docker logs --timestamps за время ошибки или архив supportdesk-collect.",
        "en": "The output of docker logs --timestamps around the fault, or a supportdesk-collect bundle.",
    },
    "reproduction_steps": {
        "ru": "Пошагово: что вы делали, что ожидали увидеть и что произошло.",
        "en": "Step by step: what you did, what you expected and what happened.",
    },
    "affected_user_email": {
        "ru": "Email учётной записи, под которой возникает ошибка.",
        "en": "The email of the account that sees the fault.",
    },
    "diagram_link": {
        "ru": "Ссылка на диаграмму, с которой возникла проблема.",
        "en": "A link to the diagram the problem is about.",
    },
}
