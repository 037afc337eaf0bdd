"""What the hall announces when a window calls a ticket: the Chinese sentence shown and spoken.

Pure: ``audio.py`` hands ``announcement_pinyin`` to the local TTS engine. Why pinyin: Debian's
espeak-ng (1.51) ships a reduced Mandarin dictionary in which most characters of the sentence
(请, 号, 窗, 办, 理 …) are missing and are spelled out instead, while its ``cmn-latn-pinyin`` voice
reads tone-numbered pinyin correctly. The sentence is fixed, so its pinyin is written here once.

Ticket numbers are read digit by digit as halls do ("A零二三号"); the letter is read the way it is
said in Chinese (A = ei, B = bi …); window numbers are read as numbers ("十二号窗口").
"""

import re

NUMBER = re.compile(r"^[A-Z]\d{3}$")
MAX_WINDOW = 999

DIGITS = ("ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3")
# Letter names as said in Chinese; I and O are not used as prefixes (mistaken for 1 and 0).
LETTERS = {
    "A": "ei1",
    "B": "bi4",
    "C": "xi1",
    "D": "di4",
    "E": "yi4",
    "F": "ai2 fu1",
    "G": "ji4",
    "H": "ai1 qi1",
    "I": "ai4",
    "J": "jie1",
    "K": "kai1",
    "L": "ai2 le5",
    "M": "ai2 mu3",
    "N": "en1",
    "O": "ou1",
    "P": "pi1",
    "Q": "qiu1",
    "R": "a4",
    "S": "ai2 si1",
    "T": "ti4",
    "U": "you1",
    "V": "wei1",
    "W": "da2 bu2 liu1",
    "X": "ai2 ke4 si1",
    "Y": "wai1",
    "Z": "zei4",
}


def valid(number: str, window: int) -> bool:
    return bool(NUMBER.match(number)) and 1 <= window <= MAX_WINDOW


def announcement_text(number: str, window: int) -> str:
    """请 A023 号到 3 号窗口办理 — shown on the display and given to the browser's voice."""
    return f"请 {number} 号到 {window} 号窗口办理"


def number_pinyin(number: str) -> str:
    """A023 → ei1 ling2 er4 san1 (the letter by its Chinese name, then digit by digit)."""
    letter, digits = number[0], number[1:]
    return " ".join([LETTERS[letter], *(DIGITS[int(d)] for d in digits)])


def count_pinyin(n: int) -> str:
    """1..999 as a Chinese number: 3 san1, 10 shi2, 12 shi2 er4, 20 er4 shi2, 105 yi4 bai3 ling2 wu3."""
    if not 1 <= n <= MAX_WINDOW:
        raise ValueError(f"window number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    words: list[str] = []
    if hundreds:
        words += [DIGITS[hundreds], "bai3"]
        if rest and tens == 0:
            words.append("ling2")
    if tens:
        if tens > 1 or hundreds:
            words.append(DIGITS[tens])
        words.append("shi2")
    if ones:
        words.append(DIGITS[ones])
    return " ".join(words)


def announcement_pinyin(number: str, window: int) -> str:
    """The sentence for the TTS engine's pinyin voice (commas give the pauses)."""
    return f"qing3 {number_pinyin(number)} hao4, dao4 {count_pinyin(window)} hao4 chuang1 kou3 ban4 li3."


def audio_name(number: str, window: int) -> str:
    """The cached file of one announcement: one per ticket number and window, reused every day."""
    return f"{number}-{window}.wav"
