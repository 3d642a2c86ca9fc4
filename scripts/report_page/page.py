"""The page: one self-contained index.html beside its PNG files.

Every image is embedded as a data: URI, so the file opens from the file system, is
mailed or archived on its own, and needs no server and no network; the PNGs are
written next to it as well, for use elsewhere. Nothing is written until the whole page
is drawn, so a failure leaves the output folder as it was."""

import base64
import html
import os
from dataclasses import dataclass, field


@dataclass
class Image:
    file: str  # the PNG's name in the output folder
    png: bytes
    alt: str


@dataclass
class Section:
    title: str
    caption: str = ""
    images: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # short lines shown under the images
    table: tuple = None  # (headers, rows) of text, or None
    level: int = 2
    small_images: bool = False  # a grid of small plots (history) rather than one per line


@dataclass
class Page:
    title: str
    subtitle: str
    header: list  # header.columns(): [(report name, {row label: text})]
    sections: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # header.warnings(): shown first, above everything


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 1400px; padding: 0 1em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
.subtitle, .caption, .note { color: #555; } .caption { max-width: 70em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
img { max-width: 100%; height: auto; display: block; margin: 0.5em 0; }
.warning { background: #fff4e5; border-left: 4px solid #e08a00; padding: 0.3em 0.6em; margin: 0.3em 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 0.5em; }
"""

# Lets anyone (and the headless-browser test) see that every plot decoded: on load, the
# body's data-images-loaded attribute says "<decoded>/<all>".
_SCRIPT = """
window.addEventListener("load", function () {
  var images = document.images, loaded = 0;
  for (var i = 0; i < images.length; i++) {
    if (images[i].complete && images[i].naturalWidth > 0) loaded++;
  }
  document.body.setAttribute("data-images-loaded", loaded + "/" + images.length);
});
"""


def _e(text):
    return html.escape(str(text), quote=True)


def _table(headers, rows):
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _header(columns):
    if not columns:
        return ""
    labels = list(columns[0][1])
    rows = [[label] + [values.get(label, "—") for _, values in columns] for label in labels]
    return (f'<h2 id="what-ran-where">What ran where</h2>'
            f"{_table([''] + [name for name, _ in columns], rows)}")


def _image(image):
    data = base64.b64encode(image.png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_e(image.alt)}" title="{_e(image.file)}">'


def _section(section):
    parts = [f"<h{section.level}>{_e(section.title)}</h{section.level}>"]
    if section.caption:
        parts.append(f'<p class="caption">{_e(section.caption)}</p>')
    if section.images:
        images = "".join(_image(i) for i in section.images)
        parts.append(f'<div class="grid">{images}</div>' if section.small_images else images)
    if section.table:
        parts.append(_table(*section.table))
    for note in section.notes:
        parts.append(f'<p class="note">{_e(note)}</p>')
    return "\n".join(parts)


def render(page):
    warnings = [f'<p class="warning">warning: {_e(text)}</p>' for text in page.warnings]
    body = "\n".join([f"<h1>{_e(page.title)}</h1>", f'<p class="subtitle">{_e(page.subtitle)}</p>'] + warnings +
                     [_header(page.header)] + [_section(s) for s in page.sections])
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{_e(page.title)}</title>\n'
            f"<style>{_STYLE}</style>\n<script>{_SCRIPT}</script>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def write(page, folder):
    """Writes the PNGs and index.html into folder; returns index.html's path."""
    text = render(page)
    for section in page.sections:
        for image in section.images:
            with open(os.path.join(folder, image.file), "wb") as handle:
                handle.write(image.png)
    index = os.path.join(folder, "index.html")
    with open(index, "w", encoding="utf-8") as handle:
        handle.write(text)
    return index
