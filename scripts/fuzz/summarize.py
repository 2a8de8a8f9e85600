"""Reads schemathesis' NDJSON event reports (one per service) and judges the fuzz run.

Counts what was really sent (every recorded request/response pair, by phase and status) instead of
trusting the exit code alone, so a run that silently sent a handful of requests fails.
Usage: summarize.py <summary.json> <min-requests> <service>=<ndjson>:<exit-code>:<seconds> ...
Prints a table; exits 1 if any service failed, errored or sent fewer than <min-requests> requests.
"""
import json
import sys
from collections import Counter


def read_report(path):
    requests, by_phase, by_status = 0, Counter(), Counter()
    seconds_by_label, requests_by_label = Counter(), Counter()
    failures, errors, checks = {}, [], Counter()
    with open(path, encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            kind, body = next(iter(event.items()))
            if kind in ("NonFatalError", "FatalError"):
                errors.append(body.get("info", {}).get("message") or body.get("value", {}).get("message") or kind)
            if kind != "ScenarioFinished":
                continue
            if body.get("status") == "error":
                errors.append(f"{body['recorder'].get('label')}: scenario error")
            recorder = body.get("recorder", {})
            for interaction in recorder.get("interactions", {}).values():
                requests += 1
                by_phase[body.get("phase")] += 1
                by_status[str((interaction.get("response") or {}).get("status_code", "no answer"))] += 1
                requests_by_label[recorder.get("label")] += 1
                seconds_by_label[recorder.get("label")] += (interaction.get("response") or {}).get("elapsed") or 0
            for results in recorder.get("checks", {}).values():
                for check in results:
                    checks[(check["name"], check["status"])] += 1
                    if check["status"] == "failure":
                        info = check.get("failure_info", {}).get("failure", {})
                        key = (info.get("operation") or recorder.get("label"), check["name"], info.get("title"))
                        failures[key] = info.get("message", "")
    return {
        "requests": requests,
        "byPhase": dict(by_phase),
        "byStatus": dict(sorted(by_status.items())),
        "checks": {f"{name}:{status}": n for (name, status), n in sorted(checks.items())},
        "failures": [{"operation": op, "check": name, "title": title, "message": msg} for (op, name, title), msg in failures.items()],
        "errors": errors,
        "slowest": [
            {"operation": label, "requests": requests_by_label[label], "seconds": round(seconds, 1)}
            for label, seconds in seconds_by_label.most_common(3)
        ],
    }


def main():
    out, min_requests, specs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    services, ok = {}, True
    for spec in specs:
        name, rest = spec.split("=", 1)
        path, code, seconds = rest.rsplit(":", 2)
        try:
            report = read_report(path)
        except (OSError, ValueError) as error:
            report = {"requests": 0, "byPhase": {}, "byStatus": {}, "checks": {}, "failures": [], "errors": [f"no report: {error}"], "slowest": []}
        report.update(exitCode=int(code), seconds=int(seconds), minRequests=min_requests)
        problems = []
        if report["requests"] < min_requests:
            problems.append(f"only {report['requests']} requests (< {min_requests})")
        if report["failures"]:
            problems.append(f"{len(report['failures'])} failing checks")
        if report["errors"]:
            problems.append(f"{len(report['errors'])} errors")
        if report["exitCode"] != 0 and not problems:
            problems.append(f"schemathesis exited {report['exitCode']}")
        report["ok"] = not problems
        report["problems"] = problems
        ok = ok and report["ok"]
        services[name] = report
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"minRequests": min_requests, "ok": ok, "services": services}, f, indent=2)
    print(f"\n{'service':<18}{'requests':>9}{'failures':>10}{'errors':>8}{'time':>7}  statuses")
    for name, r in services.items():
        statuses = " ".join(f"{s}:{n}" for s, n in r["byStatus"].items())
        print(f"{name:<18}{r['requests']:>9}{len(r['failures']):>10}{len(r['errors']):>8}{r['seconds']:>6}s  {statuses}")
        for problem in r["problems"]:
            print(f"  ✗ {name}: {problem}")
        for failure in r["failures"]:
            print(f"    - {failure['operation']}: {failure['check']} ({failure['title']})")
        for error in r["errors"][:5]:
            print(f"    - error: {str(error)[:200]}")
    print(f"\nfuzz summary: {out} — {'every service passed' if ok else 'FAILED'} (at least {min_requests} requests each)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
