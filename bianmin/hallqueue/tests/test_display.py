"""The hall display's calling panel (no login) and its offline announcements: the latest calls with
their windows, only calls newer than the page's last one announced, the panel swapped in place
(one block, same id), and the audio: a real WAV made by espeak-ng, served only for real calls."""

import json
import re
import wave
from io import BytesIO

import pytest
from django.test import override_settings
from django.urls import reverse

from bianmin.hallqueue import audio, services
from bianmin.hallqueue.tests.helpers import build_hall

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(county):
    return build_hall(county)


@pytest.fixture(autouse=True)
def audio_dir(settings, tmp_path):
    settings.QUEUE_AUDIO_DIR = tmp_path / "queue-audio"
    return settings.QUEUE_AUDIO_DIR


def last_of(page: str) -> int:
    return int(re.search(r'data-last="(\d+)"', page).group(1))


def call(hall, county, window=None, clerk=None):
    return services.ticket_call_next(window=window or hall.window_3, actor=clerk or hall.clerk_3)


def test_the_display_page_carries_the_calling_panel_where_the_queue_is_set_up(client, county, hall):
    services.ticket_take(line=hall.line_a)
    ticket = call(hall, county)
    page = client.get(reverse("screens:display", args=[county.centre_a.pk])).content.decode()
    assert 'class="with-queue"' in page and 'id="queue-calls"' in page
    assert f'<div class="call-number">{ticket.number}</div>' in page and "请到 <b>3</b> 号窗口" in page
    assert "queue-calls.js" in page and 'data-announce="[]"' in page  # the first render announces nothing
    hall.line_in_b.delete()
    other = client.get(reverse("screens:display", args=[county.centre_b.pk])).content.decode()
    assert 'id="queue-calls"' not in other and 'class="with-queue"' not in other and "queue-calls.js" not in other


def test_the_fragment_announces_only_the_calls_after_the_last_one(client, county, hall):
    url = reverse("queue_screens:calls", args=[county.centre_a.pk])
    for _ in range(3):
        services.ticket_take(line=hall.line_a)
    first = call(hall, county, hall.window_1, county.clerk_a)
    page = client.get(url).content.decode()
    last = last_of(page)
    second = call(hall, county)
    services.ticket_recall(ticket=second, window=hall.window_3, actor=hall.clerk_3)
    fresh = client.get(url + f"?after={last}").content.decode()
    announce = json.loads(re.search(r'data-announce="([^"]*)"', fresh).group(1).replace("&quot;", '"'))
    assert [a["text"] for a in announce] == [f"请 {second.number} 号到 3 号窗口办理"] * 2  # the call and the recall
    assert announce[0]["audio"] == reverse("queue_screens:audio", args=[county.centre_a.pk, second.number, 3])
    assert fresh.count('id="queue-calls"') == 1  # one block, swapped in place by queue-calls.js
    assert f'<div class="call-number">{second.number}</div>' in fresh
    assert f'<span class="call-list-number">{first.number}</span>' in fresh  # earlier calls listed once each
    assert fresh.count(f">{second.number}<") == 1  # the recall moved it up, not listed twice
    again = client.get(url + f"?after={last_of(fresh)}").content.decode()
    assert 'data-announce="[]"' in again


def test_the_panel_shows_numbers_only(client, county, hall):
    services.ticket_take(line=hall.line_a)
    ticket = call(hall, county)
    page = client.get(reverse("queue_screens:calls", args=[county.centre_a.pk])).content.decode()
    assert ticket.token not in page and "clerk_a3" not in page


def test_it_serves_the_announcement_as_a_wav_made_offline(client, county, hall, audio_dir):
    if audio.engine() is None:
        pytest.fail("未找到 espeak-ng:请安装 Debian 的 espeak-ng 软件包(.ci/run 会自动安装)。")
    services.ticket_take(line=hall.line_a)
    ticket = call(hall, county)
    url = reverse("queue_screens:audio", args=[county.centre_a.pk, ticket.number, 3])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE"
    with wave.open(BytesIO(body)) as sound:
        assert (sound.getnchannels(), sound.getsampwidth()) == (1, 2)
        seconds = sound.getnframes() / sound.getframerate()
    assert 4 < seconds < 20  # the chime and the sentence twice
    assert (audio_dir / f"{ticket.number}-3.wav").exists()  # kept for the next call of this number here
    assert "max-age" in response["Cache-Control"]


def test_it_synthesizes_only_calls_that_happened_at_this_centre(client, county, hall):
    services.ticket_take(line=hall.line_a)
    ticket = call(hall, county)
    for centre, number, window in (
        (county.centre_a.pk, ticket.number, 1),  # not called at window 1
        (county.centre_a.pk, "Z999", 3),
        (county.centre_b.pk, ticket.number, 3),
    ):
        assert client.get(reverse("queue_screens:audio", args=[centre, number, window])).status_code == 404
    assert client.get(f"/display/{county.centre_a.pk}/audio/a001-3.wav").status_code == 404


@override_settings(QUEUE_TTS_COMMAND="no-such-tts-engine")
def test_without_the_engine_the_display_is_told_to_use_its_own_voice(client, county, hall):
    services.ticket_take(line=hall.line_a)
    ticket = call(hall, county)
    response = client.get(reverse("queue_screens:audio", args=[county.centre_a.pk, ticket.number, 3]))
    assert response.status_code == 503 and "语音合成不可用" in response.content.decode()


def test_the_chime_and_silences_have_the_lengths_asked():
    assert len(audio.silence(22050, 0.5)) == 22050
    chime = audio.chime(22050)
    assert len(chime) == 2 * (int(22050 * 0.30) + int(22050 * 0.55))
    assert max(abs(int.from_bytes(chime[i : i + 2], "little", signed=True)) for i in range(0, 2000, 2)) > 1000
