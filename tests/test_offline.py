"""A scan makes no network connection: checked with an audit hook in a fresh interpreter."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

AUDIT_SCRIPT = textwrap.dedent(
    """
    import json, sys
    events = []
    def hook(event, args):
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request",
                     "http.client.connect"):
            events.append(event)
    sys.addaudithook(hook)
    from scanner.cli import main
    try:
        main(["scan", sys.argv[1], "--output", sys.argv[2], "--quiet"])
    except SystemExit as exit:
        code = exit.code
    print(json.dumps({"events": events, "code": code}))
    """
)


def test_a_scan_makes_zero_network_connections(tmp_path: Path):
    export = tmp_path / "contacts.csv"
    export.write_text("name;email;phone\nOla;ola@example.no;+47 912 34 567\n", encoding="utf-8")
    report = tmp_path / "report.json"
    completed = subprocess.run(
        [sys.executable, "-c", AUDIT_SCRIPT, str(export), str(report)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
        timeout=300,
    )
    outcome = json.loads(completed.stdout.strip().splitlines()[-1])
    assert outcome["events"] == []
    assert outcome["code"] in (0, 1)
    assert json.loads(report.read_text())["summary"]["rows"] == 1
