"""bench/bench_load.py reads locust's CSV statistics and judges them against the issue's targets.
(The load test itself starts a PostgreSQL cluster and gunicorn and runs for minutes: `make bench`
runs it, not the test suite.)"""

from bench import bench_load

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)


def stats(tmp_path, name: str, rows: list[tuple], failures: list[tuple] = ()) -> dict:
    lines = [HEADER]
    for label, count, failed, rps, p50, p95, p99 in rows:
        lines.append(f"GET,{label},{count},{failed},{p50},{p50},1,{p99},100,{rps},0,{p50},0,0,0,0,{p95},0,{p99},0,0,0")
    (tmp_path / f"{name}_stats.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fail = ["Method,Name,Error,Occurrences", *(f"GET,{n},{e},{k}" for n, e, k in failures)]
    (tmp_path / f"{name}_failures.csv").write_text("\n".join(fail) + "\n", encoding="utf-8")
    return bench_load.read_stats(tmp_path / f"{name}_stats.csv", tmp_path / f"{name}_failures.csv")


def test_it_reads_locust_statistics_and_failures(tmp_path):
    read = stats(tmp_path, "mix-50", [("queue", 120, 0, 2.0, 90, 180, 240), ("Aggregated", 120, 0, 2.0, 90, 180, 240)])
    assert read["rows"]["queue"] == {"requests": 120, "failures": 0, "rps": 2.0, "p50": 90.0, "p95": 180.0,
                                     "p99": 240.0, "avg": 90.0}  # fmt: skip
    assert read["errors"] == []
    table = bench_load.scenario_table("mix", 50, read)
    assert table[0].startswith("**mix, 50 users** — 120 requests, 2.0 requests/s, 0 errors; p50 90 ms, p95 180 ms")


def test_it_judges_the_runs_against_the_targets(tmp_path):
    results = {
        "mix-50": stats(tmp_path, "a", [("Aggregated", 1000, 0, 20.0, 80, 190, 300)]),
        "ceiling-50": stats(tmp_path, "b", [("Aggregated", 1000, 0, 16.0, 2, 5, 9)]),
        "intake only-50": stats(
            tmp_path, "c", [("intake: submit", 400, 0, 7.0, 100, 150, 200), ("Aggregated", 1600, 0, 28.0, 90, 150, 200)]
        ),
    }
    lines = bench_load.verdicts([50], results)
    assert lines[0] == "zero errors: met"
    assert lines[1] == "p95 ≤ 200 ms at 50 users: met (190 ms)"
    assert lines[2].startswith("intakes ≥ 40 % of the trivial view's throughput, 50 users paced alike: met (7.0")
    results["mix-50"] = stats(
        tmp_path, "d", [("Aggregated", 1000, 2, 20.0, 80, 260, 300)], failures=[("progress", "429 Too Many", 2)]
    )
    lines = bench_load.verdicts([50], results)
    assert lines[0] == "zero errors: MISSED (2 errors)"
    assert lines[1] == "p95 ≤ 200 ms at 50 users: MISSED (260 ms)"
