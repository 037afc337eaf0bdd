import cProfile, pstats, sys
from unittest import mock
from bench import data
data.configure('sqlite:////tmp/bp.sqlite3')
from bench.bench_pages import Subject, SEARCHES
shape = data.bench_shape('county', centres=2, years=1, cases_per_centre_year=3000, items=300)
what = sys.argv[1]
with mock.patch("django.utils.timezone.now", return_value=shape.now):
    s = Subject(shape.now)
    f = {"list": s.centre_list, "search": lambda: s.search(SEARCHES["guide search, full pinyin"]), "dash": s.dashboard}[what]
    f(); f()
    cProfile.run('for _ in range(10): f()', '/tmp/prof2.out')
p = pstats.Stats('/tmp/prof2.out'); p.sort_stats('tottime').print_stats(25)
