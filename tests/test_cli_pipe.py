"""``kg query … | head``: the reader closes the pipe early; the command stops quietly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_closed_pipe_ends_kg_query_without_a_traceback(corpus_ttl: Path) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # thousands of rows: more than a pipe holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "query", str(corpus_ttl), query, "--format", "csv"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline().strip() == b"s,p,o"  # what head -1 reads
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    status = proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert status == 141
