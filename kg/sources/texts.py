"""The extracted texts beside the graph: ``OUT/texts/<article>.txt``.

Evidence offsets of a web page, PDF, Word or image source count characters
of the text its reader made, so that text is written where a reader of the
graph can open it (``pa:textFile`` names it).  The build cache keeps each
text beside the article's fragment; a build copies them into the output
folder with its other outputs and removes those of articles no longer built.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kg.sources import TEXTS_DIRNAME

if TYPE_CHECKING:
    from kg.build.cache import ArticleResult, BuildCache


def write_texts(cache: BuildCache, results: list[ArticleResult], out_dir: Path,
                stage: Callable[[Path], Path]) -> list[Path]:
    """Stage the texts of ``results`` that have one; returns the folder if any was written."""
    folder = out_dir / TEXTS_DIRNAME
    wanted = {f"{r.article_id}.txt": r.key for r in results if r.source_text}
    if folder.is_dir():
        for old in folder.iterdir():
            if old.name not in wanted and old.suffix == ".txt" and old.is_file():
                old.unlink(missing_ok=True)
    for name, key in wanted.items():
        shutil.copyfile(cache.text_path(key), stage(folder / name))
    return [folder] if wanted else []
