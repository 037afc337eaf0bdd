from django.contrib.auth.forms import AuthenticationForm

from bianmin.core.forms import BootstrapFormMixin


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错5次,账号将被锁定30分钟。",
        "inactive": "该账号已停用,请联系县行政服务中心管委会。",
    }
