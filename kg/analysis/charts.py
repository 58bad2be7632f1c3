"""Bar charts of the analysis report with matplotlib (PNG or SVG, chosen by the file suffix).

Chinese labels need a CJK font (Debian: ``apt-get install fonts-noto-cjk``).  matplotlib's
font manager only knows the fonts that were installed when it built its cache, so a font
installed later is looked up by file, through fontconfig (``fc-list :lang=zh``) or at the
paths where Debian's packages put it, and registered with ``fontManager.addfont``.  Without
one the charts are still written, with a warning, and the labels show as boxes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from functools import cache
from pathlib import Path

from kg.io import atomic_write

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)


#: where Debian's CJK font packages put their files (fonts-noto-cjk, fonts-wqy-zenhei,
#: fonts-wqy-microhei, fonts-arphic-uming), for a machine without fontconfig's tools
KNOWN_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


@cache
def cjk_font() -> str | None:
    """The family name of a CJK font matplotlib can draw with, or None.

    The font manager's cache is asked first; when it knows none of :data:`CJK_FONTS`,
    the font files of the machine that cover Chinese are registered with it.
    """
    from matplotlib import font_manager

    def known() -> str | None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in installed), None)

    family = known()
    for path in [] if family else cjk_font_files():
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # unreadable or not a font matplotlib reads
            continue
        family = known()
        if family:
            break
    return family


def cjk_font_files() -> list[str]:
    """Files of fonts that cover Chinese: fontconfig's list, then Debian's known paths."""
    files: list[str] = []
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            run = subprocess.run(
                [fc_list, ":lang=zh", "--format", "%{file}\n"],
                capture_output=True,
                text=True,
                timeout=20,
            )
            files += sorted({line.strip() for line in run.stdout.splitlines() if line.strip()})
        except (OSError, subprocess.SubprocessError):
            pass
    # regular weights first: charts are drawn in the regular face
    files.sort(key=lambda f: ("Regular" not in f and "regular" not in f, f))
    files += [f for f in KNOWN_FILES if f not in files and Path(f).is_file()]
    return files


def bar_chart(
    rows: list[tuple[str, float]], path: Path, *, title: str, xlabel: str, colour: str = "#ff7f0e"
) -> Path:
    """A horizontal bar chart, largest bar on top, written atomically to ``path``."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    family = cjk_font()
    if family is None:
        warnings.warn(
            "no CJK font found (install fonts-noto-cjk): Chinese labels will show as boxes",
            stacklevel=2,
        )
    style = {"font.family": [family, "sans-serif"] if family else ["sans-serif"]}
    style["svg.fonttype"] = "none"  # SVG text stays text (searchable, selectable)
    labels = [label for label, _ in rows][::-1]
    values = [value for _, value in rows][::-1]
    with plt.rc_context(style):
        fig, ax = plt.subplots(figsize=(7.5, 0.38 * max(len(rows), 3) + 1.3), dpi=110)
        try:
            bars = ax.barh(range(len(values)), values, color=colour)
            ax.set_yticks(range(len(labels)), labels)
            ax.bar_label(bars, padding=3, fontsize=9)
            ax.set_title(title)
            ax.set_xlabel(xlabel)
            ax.spines[["top", "right"]].set_visible(False)
            ax.margins(x=0.12)
            if not rows:
                ax.text(0.5, 0.5, "(nothing to show)", ha="center", transform=ax.transAxes)
            fig.tight_layout()
            buf = io.BytesIO()
            fig.savefig(buf, format=Path(path).suffix.lstrip(".").lower() or "png")
        finally:
            plt.close(fig)
    atomic_write(Path(path), buf.getvalue())
    return Path(path)


def report_charts(report: dict, out_dir: Path, *, fmt: str = "png") -> list[Path]:
    """The report's charts: programmes by number of regions, statistics per region."""
    programmes = [(r["label"], r["regions"]) for r in report["programmes_by_regions"]]
    stats = [(r["label"], r["statistics"]) for r in report["statistics_by_region"]]
    return [
        bar_chart(
            programmes,
            out_dir / f"programmes_by_regions.{fmt}",
            title="Programmes by number of regions implementing them",
            xlabel="regions",
        ),
        bar_chart(
            stats,
            out_dir / f"statistics_by_region.{fmt}",
            title="Statistics reported per region",
            xlabel="statistics",
            colour="#8c564b",
        ),
    ]
