from supportdesk.mail.threading import clean_subject, subject_with_token, ticket_number_from_subject


def test_ticket_token_is_found_anywhere_in_the_subject():
    assert ticket_number_from_subject("Re: [#1042] Диаграмма") == 1042
    assert ticket_number_from_subject("Ответ: Диаграмма [#7]") == 7
    assert ticket_number_from_subject("Диаграмма #1042") is None


def test_outgoing_subject_has_one_token_and_no_reply_prefixes():
    assert subject_with_token("Re: RE: [#1042] Диаграмма", 1042) == "[#1042] Диаграмма"
    assert subject_with_token("Диаграмма", 7) == "[#7] Диаграмма"


def test_new_ticket_subject_loses_prefixes_and_stale_tokens():
    assert clean_subject("Fwd: Re: [#9] Отчёт") == "Отчёт"
    assert clean_subject("Отв: Отчёт") == "Отчёт"
