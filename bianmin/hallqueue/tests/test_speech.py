"""The announcement: the Chinese sentence, and the pinyin the offline TTS engine reads."""

import pytest

from bianmin.hallqueue import speech


def test_it_writes_the_sentence_the_hall_hears():
    assert speech.announcement_text("A023", 3) == "请 A023 号到 3 号窗口办理"
    assert speech.announcement_pinyin("A023", 3) == (
        "qing3 ei1 ling2 er4 san1 hao4, dao4 san1 hao4 chuang1 kou3 ban4 li3."
    )


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (1, "yi1"),
        (2, "er4"),
        (10, "shi2"),
        (12, "shi2 er4"),
        (20, "er4 shi2"),
        (21, "er4 shi2 yi1"),
        (100, "yi1 bai3"),
        (105, "yi1 bai3 ling2 wu3"),
        (110, "yi1 bai3 yi1 shi2"),
        (999, "jiu3 bai3 jiu3 shi2 jiu3"),
    ],
)
def test_it_reads_window_numbers_as_numbers(n, said):
    assert speech.count_pinyin(n) == said


def test_it_reads_ticket_numbers_digit_by_digit_with_the_letter_by_its_chinese_name():
    assert speech.number_pinyin("B100") == "bi4 yi1 ling2 ling2"
    assert speech.number_pinyin("W007") == "da2 bu2 liu1 ling2 ling2 qi1"


@pytest.mark.parametrize(
    ("number", "window", "ok"),
    [
        ("A023", 3, True),
        ("Z999", 999, True),
        ("a023", 3, False),
        ("A23", 3, False),
        ("A023", 0, False),
        ("A023", 1000, False),
        ("../x", 3, False),
    ],
)
def test_it_accepts_only_real_ticket_numbers_and_windows(number, window, ok):
    assert speech.valid(number, window) is ok
