"""Make test documents from an article's text: a web page, a printed PDF, a Word file, page
images with scan or photo noise, a scanned (image-only) PDF.

The documents are made the ways people make them: Chromium prints the page to PDF
(``--print-to-pdf``), python-docx writes the Word file, Pillow draws the pages with a CJK font
(Debian's fonts-noto-cjk) and adds what scanners and phone cameras add: blur, a slight skew,
uneven light, sensor noise and JPEG compression.
"""

from __future__ import annotations

import html
import io
import random
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def web_page(text: str, *, outlet: str = "黔东南新闻网", author: str = "记者 杨光",
             date: str = "2020-06-12") -> str:
    """A news page: the article (first line the headline) inside navigation, a sidebar,
    comments and a footer, with the metadata news sites put in their <head>."""
    lines = paragraphs(text)
    title, body = html.escape(lines[0]), "".join(f"<p>{html.escape(p)}</p>" for p in lines[1:])
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}_{outlet}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">
<meta name="author" content="{author}"><meta property="article:published_time" content="{date}">
</head><body>
<header><a href="/">{outlet}</a><nav><ul><li><a href="/">首页</a></li>
<li><a href="/xw">时政要闻</a></li><li><a href="/fp">脱贫攻坚</a></li>
<li><a href="/xq">县区动态</a></li><li><a href="/zt">专题</a></li></ul></nav></header>
<aside class="sidebar"><h3>热点排行</h3><ol><li><a href="/a1">全州召开春耕生产调度会</a></li>
<li><a href="/a2">州政府常务会议研究部署森林防火工作</a></li>
<li><a href="/a3">图片新闻：山乡新貌</a></li>
</ol></aside>
<main><article><h1>{title}</h1><div class="info">来源：{outlet} 作者：{author} 时间：{date}</div>
{body}</article></main>
<section class="comments"><h3>网友评论（2）</h3>
<div class="comment"><p>家乡变化真大，点赞！</p></div>
<div class="comment"><p>希望多报道我们乡里的合作社。</p></div></section>
<footer><p>版权所有：{outlet} 未经授权禁止转载</p>
<p><a href="/about">关于我们</a> | <a href="/c">联系方式</a></p>
</footer></body></html>"""


def print_pdf(page_html: str, pdf: Path) -> Path:
    """Chromium's print of a web page (a text PDF, as browsers and offices make them)."""
    if CHROMIUM is None:
        pytest.skip("needs chromium to print a PDF")
    source = pdf.with_suffix(".print.html")
    source.write_text(page_html, encoding="utf-8")
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", source.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    source.unlink()
    return pdf


def plain_page(text: str) -> str:
    lines = paragraphs(text)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in lines[1:])
    return (f'<html><head><meta charset="utf-8"></head><body style="font-size:15pt">'
            f"<h1>{html.escape(lines[0])}</h1>{body}</body></html>")


def word_file(text: str, path: Path, table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    lines = paragraphs(text)
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    document.save(path)
    return path


def _font(size: int):
    from PIL import ImageFont

    for path in CJK_FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size, index=0)  # index 0: the SC face
    pytest.skip("needs a CJK font (Debian fonts-noto-cjk) to draw Chinese pages")


def page_images(text: str, *, size: int = 30, width: int = 1240, height: int = 1754,
                margin: int = 100, seed: int = 7) -> list:
    """The article set on A4 pages at 150 dpi, then scanned: blur, a skew under 1°, JPEG."""
    from PIL import Image, ImageDraw, ImageFilter

    font = _font(size)
    per_line = (width - 2 * margin) // size
    lines: list[str] = []
    for para in paragraphs(text):
        lines += textwrap.wrap(para, per_line)
    step = int(size * 1.6)
    per_page = (height - 2 * margin) // step
    rnd = random.Random(seed)
    pages = []
    for first in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(lines[first : first + per_page]):
            draw.text((margin + rnd.randint(-2, 2), margin + i * step), line, font=font,
                      fill=rnd.randint(0, 50))
        page = page.filter(ImageFilter.GaussianBlur(0.8))
        page = page.rotate(rnd.uniform(-0.8, 0.8), resample=Image.BICUBIC, fillcolor=235)
        pages.append(_jpeg(page, 55))
    return pages


def photograph(page, *, seed: int = 3):
    """A phone photo of a printed page: tilted, lit unevenly, noisy, soft, compressed."""
    import numpy as np
    from PIL import Image, ImageFilter

    rnd = np.random.default_rng(seed)
    page = page.convert("L").rotate(1.6, resample=Image.BICUBIC, expand=True, fillcolor=120)
    w, h = page.size
    light = np.linspace(1.0, 0.72, w)[None, :] * np.linspace(0.95, 0.8, h)[:, None]
    pixels = np.asarray(page, dtype=np.float32) * light + rnd.normal(0, 9, (h, w))
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype("uint8")).convert("RGB")
    return _jpeg(photo.filter(ImageFilter.GaussianBlur(1.0)), 50)


def scanned_pdf(pages: list, pdf: Path) -> Path:
    """Page images bound into a PDF without a text layer (as a copier's scan-to-PDF makes)."""
    first, *rest = [p.convert("RGB") for p in pages]
    first.save(pdf, "PDF", resolution=150, save_all=True, append_images=rest)
    return pdf


def _jpeg(image, quality: int):
    from PIL import Image

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))
