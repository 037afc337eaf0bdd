import cProfile, pstats, sys
from bench import data
data.configure('postgres://postgres@127.0.0.1:55432/bianmin_perf_bench')
data.ensure_static()
from django.test import Client
from django.contrib.auth.models import User
c = Client(); c.force_login(User.objects.get(username=sys.argv[1]))
url = sys.argv[2]
for _ in range(3): c.get(url, secure=True)
cProfile.run('for _ in range(20): c.get(url, secure=True)', '/tmp/p.out')
p = pstats.Stats('/tmp/p.out'); p.sort_stats(sys.argv[3] if len(sys.argv) > 3 else 'cumulative').print_stats(60)
p.print_callers('query.py:611')
p.print_callers('models.py:1418')
