import pytest

from supportdesk.mail.language import reply_language
from tests.deadline import finishes_within


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hello, the diagram does not open after the update.", "en"),
        ("Добрый день! Диаграмма не открывается.", "ru"),
        ("Не работает Docker image registry.example.com/app:1.2.3 в Kubernetes cluster", "ru"),
        ("После обновления pods падают with CrashLoopBackOff error, see logs", "ru"),
        ("Hi team, please check ticket. Спасибо", "en"),
        ("", "ru"),
        ("1.2.3 C:\\Users\\buh", "ru"),
    ],
)
def test_reply_language(text, language):
    assert reply_language(text) == language


def test_the_subject_decides_when_the_body_has_too_few_words():
    assert reply_language("+", "Cannot log in") == "en"


@pytest.mark.parametrize("size", [64 * 1024, 1024 * 1024])
def test_one_endless_word_is_judged_in_linear_time(size):
    with finishes_within(2):
        assert reply_language("a" * size, "б" * size) == "ru"
