"""Indicator trends for ``kg analyze``: each indicator concept's values by year per region.

A policy analyst asks how the poverty rate or the poor population fell year by
year.  The statistics linked to one concept of ``indicators.ttl``
(``pa:indicatorConcept``) and carrying a ``pa:year`` are grouped by region;
a concept whose values span two years or more gets a line chart (one line a
region), drawn with matplotlib like the other charts of the report.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from kg.io import atomic_write
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph

#: (run with the project's prefixes, kg.vocab.PREFIXES)
_QUERY = """
SELECT ?indicator ?unit ?region ?year (MAX(?v) AS ?value) WHERE {
  ?s a pa:Statistic ; pa:indicatorConcept ?c ; pa:aboutRegion ?r ;
     pa:value ?v ; pa:unit ?unit ; pa:year ?year .
  ?c skos:prefLabel ?indicator . ?r rdfs:label ?region .
}
GROUP BY ?indicator ?unit ?region ?year
"""


def indicator_trends(graph: Graph) -> list[dict]:
    """Concepts with values in two or more years: indicator, unit, series by region."""
    series: dict[tuple[str, str], dict[str, dict[int, float]]] = defaultdict(
        lambda: defaultdict(dict))
    for row in graph.query(_QUERY, initNs=PREFIXES):
        try:
            year = int(str(row.year)[:4])
        except ValueError:
            continue
        series[(str(row.indicator), str(row.unit))][str(row.region)][year] = float(row.value)
    trends = []
    for (indicator, unit), regions in sorted(series.items()):
        years = {y for values in regions.values() for y in values}
        if len(years) < 2:
            continue
        trends.append({
            "indicator": indicator,
            "unit": unit,
            "years": sorted(years),
            "series": {region: sorted(values.items())
                       for region, values in sorted(regions.items())},
        })
    return trends


def trend_charts(trends: list[dict], out_dir: Path, *, fmt: str = "png") -> list[Path]:
    """One line chart per concept: values by year, a line per region."""
    if not trends:
        return []
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from kg.analysis.charts import cjk_font

    family = cjk_font()
    style = {"font.family": [family, "sans-serif"] if family else ["sans-serif"],
             "svg.fonttype": "none"}
    paths = []
    for k, trend in enumerate(trends, 1):
        with plt.rc_context(style):
            fig, ax = plt.subplots(figsize=(7.5, 4.2), dpi=110)
            try:
                for region, points in trend["series"].items():
                    ax.plot([y for y, _ in points], [v for _, v in points], marker="o",
                            label=region)
                ax.set_title(f"{trend['indicator']} by year")
                ax.set_xlabel("year")
                ax.set_ylabel(trend["unit"])
                ax.set_xticks(trend["years"])
                ax.legend(fontsize=8)
                ax.spines[["top", "right"]].set_visible(False)
                fig.tight_layout()
                buf = io.BytesIO()
                fig.savefig(buf, format=fmt)
            finally:
                plt.close(fig)
        path = Path(out_dir) / f"trend_{k:02d}.{fmt}"
        atomic_write(path, buf.getvalue())
        paths.append(path)
    return paths


def render_trends(trends: list[dict], charts: list[Path] | None = None) -> str:
    """The Markdown section of the report (labels come from articles: table cells escaped)."""
    if not trends:
        return ""
    lines = ["## Indicators by year", ""]
    for k, trend in enumerate(trends):
        lines += [f"### {_escape(trend['indicator'])} ({_escape(trend['unit'])})", ""]
        lines += ["| region | " + " | ".join(map(str, trend["years"])) + " |",
                  "|---|" + "---|" * len(trend["years"])]
        for region, points in trend["series"].items():
            values = dict(points)
            cells = [_number(values[y]) if y in values else "" for y in trend["years"]]
            lines.append(f"| {_escape(region)} | " + " | ".join(cells) + " |")
        lines.append("")
        if charts and k < len(charts):
            lines += [f"![{_escape(trend['indicator'])} by year]({charts[k].name})", ""]
    return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;").replace("[", "\\[").replace("]", "\\]"))
