"""manage.py create_api_token USERNAME --name 用途 [--days 90]

For the server's operator: an API token for an account (e.g. the provincial exchange client's
service account, or a demo login), printed once on stdout. Users make their own on the 接口令牌 page.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bianmin.api import services
from bianmin.core.errors import ApplicationError


class Command(BaseCommand):
    help = "为账号创建接口令牌并打印(只显示一次)。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="用途说明")
        parser.add_argument("--days", type=int, default=90, choices=services.LIFETIMES, help="有效期(天)")

    def handle(self, *args, username, name, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"账号“{username}”不存在或已停用。")
        try:
            token, secret = services.token_create(user=user, name=name, days=days)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stderr.write(f"已为 {username} 创建令牌“{token.name}”,有效期至 {token.expires_at:%Y-%m-%d}。请妥善保存:")
        self.stdout.write(secret)
