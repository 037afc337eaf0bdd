"""The dependency audit's decisions (scripts/audit_dependencies.py), from canned reports of
pip-audit and npm audit: a known vulnerability fails unless explained by a current exception; an
unreachable advisory database is reported as such and fails only with --strict."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "audit_dependencies.py"
spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

DJANGO_VULN = {
    "name": "django",
    "version": "5.2.1",
    "vulns": [{"id": "PYSEC-2099-1", "aliases": ["CVE-2099-0001"], "fix_versions": ["5.2.2"]}],
}
CLEAN = {"name": "openpyxl", "version": "3.1.5", "vulns": []}
SKIPPED = {"name": "weasyprint", "skip_reason": "Dependency not found on PyPI and could not be audited"}
NPM_CLEAN = {"vulnerabilities": {}, "metadata": {"dependencies": {"total": 6}}}
NPM_VULN = {
    "vulnerabilities": {
        "bootstrap": {
            "range": "<5.3.9",
            "fixAvailable": True,
            "via": [{"source": 1, "url": "https://github.com/advisories/GHSA-aaaa-bbbb-cccc"}],
        }
    },
    "metadata": {"dependencies": {"total": 6}},
}
NPM_UNREACHABLE = {"error": {"code": "E405", "summary": "", "detail": ""}}


def outcomes(pip_deps, npm_report):
    return [audit.parse_pip_audit({"dependencies": pip_deps}), audit.parse_npm_audit(npm_report)]


def exceptions(tmp_path, body: str, today=dt.date(2026, 12, 6)):
    path = tmp_path / "exceptions.toml"
    path.write_text(body, encoding="utf-8")
    return audit.load_exceptions(path, today)


def test_a_known_vulnerability_fails_the_audit(tmp_path):
    accepted, problems = exceptions(tmp_path, "")
    code, lines = audit.verdict(outcomes([DJANGO_VULN, CLEAN], NPM_CLEAN), accepted, problems, strict=False)
    assert code == audit.VULNERABLE
    assert "已知漏洞:PyPI django 5.2.1 — PYSEC-2099-1, CVE-2099-0001;可升级到 5.2.2" in lines


def test_an_npm_advisory_fails_it_too(tmp_path):
    code, lines = audit.verdict(outcomes([CLEAN], NPM_VULN), *exceptions(tmp_path, ""), strict=False)
    assert code == audit.VULNERABLE
    assert any("npm bootstrap <5.3.9 — GHSA-aaaa-bbbb-cccc" in line for line in lines)


def test_an_explained_current_exception_lets_it_pass(tmp_path):
    body = '[[ignore]]\nid = "CVE-2099-0001"\npackage = "django"\nreason = "不使用受影响的功能"\nuntil = 2027-06-30\n'
    code, lines = audit.verdict(outcomes([DJANGO_VULN, CLEAN], NPM_CLEAN), *exceptions(tmp_path, body), strict=True)
    assert code == 0
    assert lines[-1] == "未发现未经说明的已知漏洞。"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('[[ignore]]\nid = "PYSEC-2099-1"\nreason = "x"\nuntil = 2026-01-01\n', "已于 2026-01-01 到期"),
        ('[[ignore]]\nid = "PYSEC-2099-1"\nreason = ""\nuntil = 2027-01-01\n', "必须写明理由"),
        ('[[ignore]]\nid = "PYSEC-2099-1"\nreason = "x"\n', "必须写明复查日期"),
    ],
)
def test_an_expired_or_unexplained_exception_fails(tmp_path, body, problem):
    code, lines = audit.verdict(outcomes([DJANGO_VULN], NPM_CLEAN), *exceptions(tmp_path, body), strict=False)
    assert code == audit.VULNERABLE
    assert any(problem in line for line in lines)


def test_an_unreachable_database_is_never_reported_as_clean(tmp_path):
    accepted, problems = exceptions(tmp_path, "")
    results = outcomes([SKIPPED, SKIPPED], NPM_UNREACHABLE)
    code, lines = audit.verdict(results, accepted, problems, strict=False)
    assert code == 0
    assert "未发现未经说明的已知漏洞。" not in lines
    assert sum("未能审计 — 漏洞数据库不可达" in line for line in lines) == 2
    assert audit.verdict(results, accepted, problems, strict=True)[0] == audit.UNAUDITED


def test_the_committed_exceptions_file_is_valid():
    _accepted, problems = audit.load_exceptions()
    assert problems == []
