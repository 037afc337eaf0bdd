"""The spoken announcement as a WAV file, made offline by a local TTS engine and kept on disk.

Choice (see docs/adr/0003-offline-hall-announcements.md): Debian's ``espeak-ng`` (apt package
``espeak-ng``; no network, no model download, ~20 ms per sentence) speaking the tone-numbered pinyin
of ``speech.announcement_pinyin`` with its ``cmn-latn-pinyin`` voice. The file holds a two-note
chime (叮咚, generated here) and the sentence twice, as halls announce. One file per ticket number
and window (``A023-3.wav``), generated on first use and reused every day after; ``manage.py
queue_audio`` generates a centre's files in advance. The browser's own offline voice
(speechSynthesis) is only the fallback of the display page when this file cannot be had.
"""

import math
import os
import shutil
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

from django.conf import settings

from bianmin.hallqueue import speech

VOICE = "cmn-latn-pinyin"
SPEED = 135  # words per minute: slower than the default 175, for a hall with echo and elderly listeners
TIMEOUT = 15  # seconds


class SpeechUnavailable(Exception):
    """The TTS engine is missing or failed; the message says why (for the log, not the public)."""


def audio_dir() -> Path:
    return Path(settings.QUEUE_AUDIO_DIR)


def engine() -> str | None:
    return shutil.which(settings.QUEUE_TTS_COMMAND)


def announcement_file(number: str, window: int) -> Path:
    """The announcement of ``number`` to ``window``, generated if it is not on disk yet."""
    if not speech.valid(number, window):
        raise ValueError(f"not a ticket number and window: {number!r} {window!r}")
    target = audio_dir() / speech.audio_name(number, window)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    spoken = _synthesize(speech.announcement_pinyin(number, window))
    _write_atomically(target, _compose(spoken))
    return target


def _synthesize(text: str) -> tuple[int, bytes]:
    """(sample rate, 16-bit mono frames) of ``text`` spoken by the engine."""
    command = engine()
    if command is None:
        raise SpeechUnavailable(f"语音合成程序 {settings.QUEUE_TTS_COMMAND} 未安装(Debian: apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "speech.wav"
        try:
            subprocess.run(  # noqa: S603 - fixed arguments; the text is built from a validated number
                [command, "-v", VOICE, "-s", str(SPEED), "-w", str(raw), text],
                check=True,
                capture_output=True,
                timeout=TIMEOUT,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechUnavailable(f"语音合成失败:{exc}") from exc
        with wave.open(str(raw), "rb") as source:
            if source.getnchannels() != 1 or source.getsampwidth() != 2:
                raise SpeechUnavailable("语音合成程序输出的不是16位单声道音频")
            return source.getframerate(), source.readframes(source.getnframes())


def chime(rate: int) -> bytes:
    """叮咚: two decaying notes (D6 then A5), 16-bit mono at ``rate``."""
    frames = bytearray()
    for frequency, seconds in ((1175.0, 0.30), (880.0, 0.55)):
        count = int(rate * seconds)
        for i in range(count):
            t = i / rate
            level = 0.32 * math.exp(-4.5 * t / seconds) * min(1.0, i / (0.004 * rate))
            frames += struct.pack("<h", int(32767 * level * math.sin(2 * math.pi * frequency * t)))
    return bytes(frames)


def silence(rate: int, seconds: float) -> bytes:
    return b"\x00\x00" * int(rate * seconds)


def _compose(spoken: tuple[int, bytes]) -> tuple[int, bytes]:
    rate, voice = spoken
    return rate, chime(rate) + silence(rate, 0.25) + voice + silence(rate, 0.7) + voice + silence(rate, 0.3)


def _write_atomically(target: Path, audio: tuple[int, bytes]) -> None:
    """Write beside the target and rename: a display asking at the same moment never reads half a file."""
    rate, frames = audio
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        with wave.open(temporary, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(frames)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
