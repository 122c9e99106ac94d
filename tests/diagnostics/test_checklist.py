import json
from pathlib import Path

import pytest

from supportdesk.diagnostics import (
    ITEM_LABELS,
    SNIFF_BYTES,
    Attachment,
    ChecklistItem,
    Edition,
    FaultReport,
    ProblemKind,
    applicable_items,
    evaluate_checklist,
)
from tests.diagnostics.bundles import write_bundle

FIXTURES = Path(__file__).parent / "fixtures"
Item = ChecklistItem


def attachment(path: Path, name: str | None = None) -> Attachment:
    return Attachment(name or path.name, path.read_bytes()[:SNIFF_BYTES])


@pytest.mark.parametrize(
    ("edition", "kind", "expected"),
    [
        (
            Edition.CLOUD,
            ProblemKind.USER_FACING_ERROR,
            {Item.BROWSER_VERSION, Item.HAR, Item.AFFECTED_USER_EMAIL, Item.REPRODUCTION_STEPS},
        ),
        (Edition.CLOUD, ProblemKind.SERVER_ERROR, {Item.REPRODUCTION_STEPS}),
        (Edition.CLOUD, ProblemKind.OTHER, {Item.REPRODUCTION_STEPS}),
        (
            Edition.ENTERPRISE,
            ProblemKind.USER_FACING_ERROR,
            {
                Item.BROWSER_VERSION,
                Item.HAR,
                Item.AFFECTED_USER_EMAIL,
                Item.REPRODUCTION_STEPS,
                Item.IMAGE_VERSION,
                Item.CONTAINER_LOG,
            },
        ),
        (
            Edition.ENTERPRISE,
            ProblemKind.SERVER_ERROR,
            {Item.REPRODUCTION_STEPS, Item.IMAGE_VERSION, Item.CONTAINER_LOG},
        ),
        (Edition.ENTERPRISE, ProblemKind.OTHER, {Item.REPRODUCTION_STEPS, Item.IMAGE_VERSION}),
    ],
)
def test_items_apply_by_edition_and_problem_kind(
    edition: Edition, kind: ProblemKind, expected: set[Item]
) -> None:
    assert applicable_items(edition, kind, diagram_mentioned=False) == expected
    assert Item.DIAGRAM_LINK in applicable_items(edition, kind, diagram_mentioned=True)


def test_an_empty_enterprise_report_misses_everything_that_applies() -> None:
    checklist = evaluate_checklist(
        FaultReport(Edition.ENTERPRISE, ProblemKind.USER_FACING_ERROR, "Всё сломалось")
    )
    assert checklist.missing == (
        Item.BROWSER_VERSION,
        Item.IMAGE_VERSION,
        Item.HAR,
        Item.CONTAINER_LOG,
        Item.REPRODUCTION_STEPS,
        Item.AFFECTED_USER_EMAIL,
    )
    assert not checklist.entry(Item.DIAGRAM_LINK).applies


def test_a_complete_russian_report_found_in_text_and_attachments(tmp_path: Path) -> None:
    text = (
        "Здравствуйте! Не сохраняется диаграмма https://app.example.com/diagrams/8f3a2c у пользователя "
        "ivanov@customer.ru, браузер Яндекс Браузер 23.11.\n"
        "Шаги воспроизведения:\n1. Открыть диаграмму\n2. Нажать «Сохранить»\n"
        "Образ registry.customer.ru/vendor/app:2.14.1\n"
        "--\nПётр, admin@customer.ru"
    )
    bundle = write_bundle(tmp_path / "diag.tar.gz", {})
    report = FaultReport(
        Edition.ENTERPRISE,
        ProblemKind.USER_FACING_ERROR,
        text,
        attachments=[
            attachment(FIXTURES / "har" / "chrome_export_with_utf8_bom.har", "network.json"),
            attachment(bundle),
        ],
        ignore_emails=["Admin@customer.ru"],
    )
    checklist = evaluate_checklist(report)
    assert checklist.missing == ()
    found = {entry.item: (entry.source, entry.evidence) for entry in checklist.entries}
    assert found[Item.HAR] == ("attachment", "network.json")
    assert found[Item.BROWSER_VERSION] == ("attachment", "network.json (HAR)")
    assert found[Item.IMAGE_VERSION] == ("attachment", "diag.tar.gz (bundle)")
    assert found[Item.CONTAINER_LOG] == ("attachment", "diag.tar.gz")
    assert found[Item.AFFECTED_USER_EMAIL] == ("text", "ivanov@customer.ru")
    assert found[Item.DIAGRAM_LINK] == ("text", "https://app.example.com/diagrams/8f3a2c")
    assert found[Item.REPRODUCTION_STEPS][0] == "text"


def test_form_fields_win_over_text() -> None:
    report = FaultReport(
        Edition.CLOUD,
        ProblemKind.USER_FACING_ERROR,
        "Chrome 99",
        fields={"browser_version": "Firefox 128", "har": "", "unknown_field": "x"},
    )
    checklist = evaluate_checklist(report)
    assert checklist.entry(Item.BROWSER_VERSION).source == "field"
    assert checklist.entry(Item.BROWSER_VERSION).evidence == "Firefox 128"
    assert not checklist.entry(Item.HAR).present


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("We run acme/desk:3.2.0 on prem", "acme/desk:3.2.0"),
        (
            "image registry.example.com:5000/team/app@sha256:" + "c" * 64,
            "registry.example.com:5000/team/app@sha256:" + "c" * 64,
        ),
        ("после обновления на версию 2.14 всё упало", "версию 2.14"),
        ("since v3.0.7 the export fails", "v3.0.7"),
    ],
)
def test_image_versions_in_text(text: str, evidence: str) -> None:
    checklist = evaluate_checklist(FaultReport(Edition.ENTERPRISE, ProblemKind.SERVER_ERROR, text))
    assert checklist.entry(Item.IMAGE_VERSION).evidence == evidence


def test_latest_tag_and_clock_times_are_not_versions() -> None:
    text = "we pull acme/desk:latest every day at 10:30"
    checklist = evaluate_checklist(FaultReport(Edition.ENTERPRISE, ProblemKind.SERVER_ERROR, text))
    assert not checklist.entry(Item.IMAGE_VERSION).present


def test_a_pasted_user_agent_gives_the_browser() -> None:
    text = "UA: Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15"
    checklist = evaluate_checklist(FaultReport(Edition.CLOUD, ProblemKind.USER_FACING_ERROR, text))
    assert checklist.entry(Item.BROWSER_VERSION).evidence == "Safari 17.0"


def test_a_log_attachment_with_a_startup_banner_gives_the_version_too() -> None:
    report = FaultReport(
        Edition.ENTERPRISE,
        ProblemKind.SERVER_ERROR,
        attachments=[attachment(FIXTURES / "logs" / "spring_boot_startup_java.log", "app.txt")],
    )
    checklist = evaluate_checklist(report)
    assert checklist.entry(Item.CONTAINER_LOG).evidence == "app.txt"
    assert checklist.entry(Item.IMAGE_VERSION).evidence == "FarmApplication 3.0.7 (app.txt)"


def test_a_diagram_mention_makes_the_link_apply_and_a_custom_pattern_finds_it() -> None:
    text = "Проблема со схемой процесса: https://draw.example.net/#G1abc"
    default = evaluate_checklist(FaultReport(Edition.CLOUD, ProblemKind.OTHER, text))
    assert default.missing == (Item.REPRODUCTION_STEPS, Item.DIAGRAM_LINK)
    custom = evaluate_checklist(
        FaultReport(Edition.CLOUD, ProblemKind.OTHER, text),
        diagram_url_pattern=r"https://draw\.example\.net/#G\w+",
    )
    assert custom.entry(Item.DIAGRAM_LINK).evidence == "https://draw.example.net/#G1abc"


def test_attachments_are_judged_by_content_not_name() -> None:
    fake = Attachment("trace.har", b"this is not json at all")
    report = FaultReport(Edition.CLOUD, ProblemKind.USER_FACING_ERROR, attachments=[fake])
    assert not evaluate_checklist(report).entry(Item.HAR).present


def test_labels_are_russian_and_english_and_to_dict_is_json_ready() -> None:
    checklist = evaluate_checklist(FaultReport(Edition.CLOUD, ProblemKind.USER_FACING_ERROR, ""))
    data = json.loads(json.dumps(checklist.to_dict()))
    assert data["missing"] == [
        "browser_version",
        "har",
        "reproduction_steps",
        "affected_user_email",
    ]
    assert data["entries"][0]["labels"] == {"ru": "Версия браузера", "en": "Browser version"}
    assert set(ITEM_LABELS) == {item.value for item in ChecklistItem}
    assert all(set(labels) == {"ru", "en"} for labels in ITEM_LABELS.values())
