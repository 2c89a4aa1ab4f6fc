#!/usr/bin/env python3
"""Writes small seed corpora for the fuzz targets into fuzz/corpus/<target>/ (not in git).

Seeds: a few KB cut from /work/shared/data/novels (or NOVELS=dir), text in UTF-8 with a BOM,
UTF-16 and Windows-1252, a tiny HTML page and AO3-shaped page, the ingest HTML fixtures, and
two tiny valid EPUBs built here (mimetype, META-INF/container.xml, an OPF with manifest and
spine, XHTML chapters). For `pipeline` each seed is prefixed by the byte that picks its file
name (0 txt, 1 md, 2 html, 3 epub, 4 jsonl, 5 no extension: sniffed).
"""
import glob, io, os, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
NOVELS = os.environ.get("NOVELS", "/work/shared/data/novels")


def write(target, seeds):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    for i, s in enumerate(seeds):
        with open(os.path.join(folder, f"seed{i}"), "wb") as f:
            f.write(s)


def epub(chapters, epub3=False, compress=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml",
                   '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                   '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                   "</rootfiles></container>", compress_type=compress)
        items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(len(chapters)))
        spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
        version = "3.0" if epub3 else "2.0"
        opf = (f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="{version}" unique-identifier="id">'
               '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Tiny</dc:title><dc:identifier id="id">x</dc:identifier>'
               f"</metadata><manifest>{items}</manifest><spine>{spine}</spine></package>")
        z.writestr("OEBPS/content.opf", opf, compress_type=compress)
        for i, c in enumerate(chapters):
            z.writestr(f"OEBPS/c{i}.xhtml",
                       f'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>C{i}</title></head>'
                       f"<body><h1>Chapter {i + 1}</h1>{c}</body></html>", compress_type=compress)
    return buf.getvalue()


txt = []
for path in sorted(glob.glob(os.path.join(NOVELS, "*.txt")))[:4]:
    b = open(path, "rb").read()
    txt.append(b[:3000])
    k = b.find(b"CHAPTER", 20000)
    if k > 0:
        txt.append(b[k - 500:k + 2500])
txt.append("\ufeffCafé “quoted” text.\r\n\r\nAnother paragraph — with a dash.\r\n".encode("utf-8"))
txt.append("Hello there. A second line.\n\nCHAPTER II\n\nMore text here.\n".encode("utf-16"))
txt.append("Caf\xe9 na\xefve text. \x93Quoted.\x94\n".encode("latin-1"))

html = [
    b'<!DOCTYPE html><html><head><title>T</title></head><body><h1>Chapter 1</h1><p>It was a <em>quiet</em> day &amp; night.</p>'
    b'<p>She walked home.</p><hr/><h2>Chapter 2</h2><p>Caf&eacute; &#8220;x&#8221;.</p></body></html>',
    b'<html><body><div id="chapters"><div class="chapter"><h3 class="title">Chapter 1</h3><div class="userstuff">'
    b"<p>Text one.</p><p>Text two!</p></div></div></div></body></html>",
]
for path in sorted(glob.glob(os.path.join(HERE, "..", "crates", "forewarn-ingest", "tests", "fixtures", "*.html"))):
    html.append(open(path, "rb").read())

epubs = [
    epub(["<p>It was a quiet day. She walked home.</p>"]),
    epub(["<p>One.</p>", "<p>Two &amp; three.</p><p>Four!</p>"], epub3=True, compress=zipfile.ZIP_STORED),
]
md = [b"# Title\n\n## Chapter 1\n\nSome *text* here. And [a link](x).\n\n***\n\nMore.\n"]
jsonl = [b'{"id":"a","text":"It was a quiet day. She walked home.","title":"T"}\n{"text":"Second record. Another sentence."}\nnot json\n']

write("txt", txt)
write("html", html)
write("epub", epubs)
pipeline = [bytes([0]) + s for s in txt[:4] + txt[-3:]]
pipeline += [bytes([1]) + s for s in md]
pipeline += [bytes([sel]) + s for s in html for sel in (2, 5)]
pipeline += [bytes([sel]) + s for s in epubs for sel in (3, 5)]
pipeline += [bytes([4]) + s for s in jsonl]
pipeline += [bytes([5]) + txt[0]]
write("pipeline", pipeline)
