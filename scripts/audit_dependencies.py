"""Audit the installed Python packages (pip-audit) and the npm lockfile (npm audit) for known
vulnerabilities; fail on any that security/audit-exceptions.toml does not explain (issue #12 point 6).

    .venv/bin/python scripts/audit_dependencies.py            # `make audit`
    .venv/bin/python scripts/audit_dependencies.py --strict   # also fail when no advisory database answers

Both tools ask an online advisory database (OSV or PyPI's JSON API; the npm registry's audit
endpoint). Where none answers — an offline intranet, or a mirror without advisories — the audit says
so loudly and, unless --strict, does not fail: "could not audit" is not "vulnerable", but it is never
reported as "no known vulnerabilities" either.
"""

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCEPTIONS = ROOT / "security" / "audit-exceptions.toml"
VULNERABLE, UNAUDITED = 1, 2


@dataclass(frozen=True)
class Finding:
    ecosystem: str  # "PyPI" or "npm"
    package: str
    version: str
    ids: tuple[str, ...]  # the advisory's id and aliases
    fix: str = ""


@dataclass(frozen=True)
class Outcome:
    ecosystem: str
    audited: int  # packages checked against an advisory database
    skipped: int  # packages the database could not be asked about
    findings: tuple[Finding, ...]
    error: str = ""

    @property
    def reached_database(self) -> bool:
        return not self.error and self.audited > 0


def load_exceptions(path: Path = EXCEPTIONS, today: dt.date | None = None) -> tuple[dict[str, dict], list[str]]:
    """The accepted advisories by id, and the problems of the file (no reason, expired, no date)."""
    today = today or dt.date.today()
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("ignore", []) if path.exists() else []
    accepted, problems = {}, []
    for entry in entries:
        ident = str(entry.get("id", "")).strip()
        if not ident:
            problems.append("例外条目缺少 id")
            continue
        if not str(entry.get("reason", "")).strip():
            problems.append(f"{ident}:例外条目必须写明理由(reason)")
            continue
        until = entry.get("until")
        if not isinstance(until, dt.date):
            problems.append(f"{ident}:例外条目必须写明复查日期(until = 2027-06-30)")
            continue
        if until < today:
            problems.append(f"{ident}:例外已于 {until} 到期,请复查并升级或续期")
            continue
        accepted[ident] = entry
    return accepted, problems


def parse_pip_audit(report: dict) -> Outcome:
    findings, audited, skipped = [], 0, 0
    for dep in report.get("dependencies", []):
        if dep.get("skip_reason"):
            skipped += 1
            continue
        audited += 1
        for vuln in dep.get("vulns", []):
            ids = (vuln["id"], *vuln.get("aliases", []))
            fix = ", ".join(vuln.get("fix_versions", []))
            findings.append(Finding("PyPI", dep["name"], dep.get("version", ""), tuple(ids), fix))
    return Outcome("PyPI", audited, skipped, tuple(findings))


def parse_npm_audit(report: dict, stderr: str = "") -> Outcome:
    if "error" in report:
        error = report["error"]
        said = [line for line in stderr.splitlines() if "audit" in line.lower()]
        reason = error.get("summary") or error.get("code") or (said[0] if said else "") or "npm 审计接口返回错误"
        return Outcome("npm", 0, 0, (), reason[:200])
    findings = []
    for name, vuln in report.get("vulnerabilities", {}).items():
        for via in vuln.get("via", []):
            if isinstance(via, dict):
                ident = via.get("url", "").rsplit("/", 1)[-1] or str(via.get("source", ""))
                fix = str(vuln.get("fixAvailable", ""))
                findings.append(Finding("npm", name, vuln.get("range", ""), (ident,), fix))
    total = report.get("metadata", {}).get("dependencies", {}).get("total", 0)
    return Outcome("npm", total, 0, tuple(findings))


def unexplained(outcomes: list[Outcome], accepted: dict[str, dict]) -> list[Finding]:
    return [f for o in outcomes for f in o.findings if not any(i in accepted for i in f.ids)]


def verdict(
    outcomes: list[Outcome], accepted: dict[str, dict], problems: list[str], *, strict: bool
) -> tuple[int, list[str]]:
    """(exit code, lines to print)."""
    lines = [f"例外清单问题:{p}" for p in problems]
    open_findings = unexplained(outcomes, accepted)
    for f in open_findings:
        fix = f";可升级到 {f.fix}" if f.fix else ""
        lines.append(f"已知漏洞:{f.ecosystem} {f.package} {f.version} — {', '.join(f.ids)}{fix}")
    for o in outcomes:
        if o.reached_database:
            note = f",{o.skipped} 个未能查询" if o.skipped else ""
            lines.append(f"{o.ecosystem}:已对照漏洞库检查 {o.audited} 个依赖{note}。")
        else:
            reason = o.error or "漏洞库对每个依赖都没有回答(镜像不提供漏洞数据)"
            lines.append(f"{o.ecosystem}:未能审计 — 漏洞数据库不可达:{reason}")
    if open_findings or problems:
        return VULNERABLE, lines
    if not all(o.reached_database for o in outcomes):
        return (UNAUDITED if strict else 0), lines
    lines.append("未发现未经说明的已知漏洞。")
    return 0, lines


def run_pip_audit() -> Outcome:
    pip_audit = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if not pip_audit:
        return Outcome("PyPI", 0, 0, (), "未安装 pip-audit(make setup 会安装)")
    last_error = ""
    for service in ("osv", "pypi"):
        cmd = [pip_audit, "--local", "--skip-editable", "--progress-spinner", "off", "--format", "json"]
        args = [*cmd, "-s", service, "--timeout", "15"]
        result = subprocess.run(args, capture_output=True, text=True, timeout=600)  # noqa: S603 - our own tool
        if result.stdout.strip().startswith("{"):
            outcome = parse_pip_audit(json.loads(result.stdout))
            if outcome.audited:
                return outcome
            last_error = f"{service}: 每个依赖都未能查询"
        else:
            last_error = f"{service}: " + (result.stderr.strip().splitlines() or ["无输出"])[-1][:200]
    return Outcome("PyPI", 0, 0, (), last_error)


def run_npm_audit() -> Outcome:
    npm = shutil.which("npm")
    if not npm:
        return Outcome("npm", 0, 0, (), "未安装 npm")
    args = [npm, "audit", "--omit=dev", "--json"]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)  # noqa: S603 - our own tool
    try:
        return parse_npm_audit(json.loads(result.stdout), result.stderr)
    except json.JSONDecodeError:
        return Outcome("npm", 0, 0, (), (result.stderr.strip().splitlines() or ["无输出"])[-1][:200])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="fail (exit 2) when no advisory database answers")
    args = parser.parse_args(argv)
    accepted, problems = load_exceptions()
    code, lines = verdict([run_pip_audit(), run_npm_audit()], accepted, problems, strict=args.strict)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
