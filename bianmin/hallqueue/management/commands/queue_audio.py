"""Generate the hall announcements in advance (one WAV per ticket number and window).

    .venv/bin/python manage.py queue_audio --centre 3 --upto 150

makes "请 A001 号到 1 号窗口办理" … for every active line of the centre, numbers 1..``--upto``,
every window that calls the line, with the local TTS engine (espeak-ng). Files already on disk are
kept. Without this command each announcement is generated on its first call (a few tens of ms).
"""

from django.core.management.base import BaseCommand, CommandError

from bianmin.hallqueue import audio
from bianmin.hallqueue.models import QueueLine
from bianmin.hallqueue.numbering import format_number


class Command(BaseCommand):
    help = "预先生成叫号语音(离线语音合成 espeak-ng),每个号码和窗口一个文件。"

    def add_arguments(self, parser):
        parser.add_argument("--centre", type=int, required=True, help="中心编号(Centre 的 id)")
        parser.add_argument("--upto", type=int, default=100, help="每项业务生成到第几号(默认 100)")

    def handle(self, *args, centre: int, upto: int, **options):
        if not 1 <= upto <= 999:
            raise CommandError("--upto 应在 1 到 999 之间。")
        lines = QueueLine.objects.filter(centre_id=centre, is_active=True).prefetch_related("windows")
        if not lines:
            raise CommandError("该中心没有在用的取号业务。")
        made = 0
        try:
            for line in lines:
                for window in line.windows.all():
                    for sequence in range(1, upto + 1):
                        path = audio.audio_dir() / f"{format_number(line.prefix, sequence)}-{window.number}.wav"
                        if not path.exists():
                            audio.announcement_file(format_number(line.prefix, sequence), window.number)
                            made += 1
        except audio.SpeechUnavailable as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已生成 {made} 个叫号语音文件,保存在 {audio.audio_dir()}。")
