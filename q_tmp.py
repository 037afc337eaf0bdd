import sys
from bench import data
data.configure('postgres://postgres@127.0.0.1:55432/bianmin_perf_bench')
data.ensure_static()
from django.test import Client
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.contrib.auth.models import User
c = Client(); c.force_login(User.objects.get(username=sys.argv[1]))
c.get(sys.argv[2], secure=True)
with CaptureQueriesContext(connection) as q:
    c.get(sys.argv[2], secure=True)
for x in q.captured_queries: print(x['time'], x['sql'][:150])
