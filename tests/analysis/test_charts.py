"""Charts find the CJK font by file, even when matplotlib's font cache predates it.

A subprocess gets a matplotlib cache of its own (``MPLCONFIGDIR``) written
without any CJK font, as on a machine where ``fonts-noto-cjk`` was installed
after matplotlib first ran; the chart must still find the font and draw the
Chinese labels without a missing-glyph warning.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

STALE_CACHE = """
from matplotlib import font_manager as fm
manager = fm.fontManager
manager.ttflist = [f for f in manager.ttflist if "CJK" not in f.name and "wqy" not in f.fname]
name = f"fontlist-v{fm.FontManager.__version__}.json"
fm.json_dump(manager, fm.Path(fm.mpl.get_cachedir(), name))
"""

DRAW = """
import sys, warnings
from matplotlib import font_manager as fm
assert not [f for f in fm.fontManager.ttflist if "CJK" in f.name], "the cache is not stale"
from kg.analysis.charts import bar_chart, cjk_font
family = cjk_font()
assert family, "no CJK font found"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    bar_chart([("黔东南州", 12), ("甘南州", 7)], sys.argv[1], title="易地扶贫搬迁", xlabel="户")
missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
assert not missing, missing
print(family)
"""


def have_cjk_font() -> bool:
    from kg.analysis.charts import cjk_font_files

    return bool(cjk_font_files())


@pytest.mark.skipif(not have_cjk_font(), reason="no CJK font on this machine (fonts-noto-cjk)")
def test_a_font_installed_after_the_cache_is_found(tmp_path: Path) -> None:
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl"), "PYTHONPATH": str(ROOT)}
    for script, args in ((STALE_CACHE, []), (DRAW, [str(tmp_path / "chart.png")])):
        run = subprocess.run(
            [sys.executable, "-c", script, *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr[-800:]
    assert "CJK" in run.stdout or "WenQuanYi" in run.stdout
    assert (tmp_path / "chart.png").stat().st_size > 1000
