"""Text of the PDFs fpdf2 writes, read back the way a viewer's copy-and-paste does (pypdf is not installed).

fpdf2 embeds each TrueType font as Identity-H with a ToUnicode CMap (one
`bfchar` table per font) and writes every cell as `(…) Tj` of 2-byte codes
inside BT … ET after a `/Fn size Tf`. Decoding those codes through the
font's own CMap is exactly what a viewer does to extract text.
"""
from __future__ import annotations

import re
import zlib

_OBJ_START = re.compile(rb"(\d+) 0 obj\s*")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Object number -> (dictionary text, decoded stream or b''); streams are cut by their /Length."""
    out, pos = {}, 0
    while (m := _OBJ_START.search(data, pos)) is not None:
        start = m.end()
        stream_at = data.find(b"stream", start)
        end_at = data.find(b"endobj", start)
        if stream_at != -1 and stream_at < end_at:
            head = data[start:stream_at]
            length = int(re.search(rb"/Length (\d+)", head).group(1))
            body_start = stream_at + len(b"stream") + (2 if data[stream_at + 6:stream_at + 8] == b"\r\n" else 1)
            raw = data[body_start:body_start + length]
            out[int(m.group(1))] = (head, zlib.decompress(raw) if b"/FlateDecode" in head else raw)
            pos = data.find(b"endobj", body_start + length) + 6
        else:
            out[int(m.group(1))] = (data[start:end_at], b"")
            pos = end_at + 6
    return out


def _cmap(text: bytes) -> dict[int, str]:
    out = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    return out


def _literal(content: bytes, i: int) -> tuple[bytes, int]:
    """The PDF literal string starting after '(' at i; returns its bytes and the index after ')'."""
    out, depth = bytearray(), 1
    while True:
        c = content[i:i + 1]
        if c == b"\\":
            nxt = content[i + 1:i + 2]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                i += 2
            else:
                digits = re.match(rb"[0-7]{1,3}", content[i + 1:i + 4]).group(0)
                out.append(int(digits, 8))
                i += 1 + len(digits)
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out += c
        i += 1


def pdf_chunks(data: bytes) -> list[str]:
    """Every BT … ET text block, decoded, in page order."""
    objs = _objects(data)
    fonts: dict[bytes, dict[int, str]] = {}
    for head, _ in objs.values():
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", head):
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objs.get(int(ref), (b"", b""))[0])
            if to_unicode:
                fonts[name] = _cmap(objs[int(to_unicode.group(1))][1])
    chunks = []
    for number in sorted(objs):
        head = objs[number][0]
        if re.search(rb"/Type /Page\b(?!s)", head):
            for ref in re.findall(rb"/Contents (\d+) 0 R", head):
                chunks += _decode(objs[int(ref)][1], fonts)
    return chunks


def _decode(content: bytes, fonts: dict[bytes, dict[int, str]]) -> list[str]:
    chunks, current, cmap, i = [], [], {}, 0
    while i < len(content):
        if content.startswith(b"BT", i) and (i == 0 or content[i - 1:i] in b" \n"):
            current = []
        m = re.match(rb"/(F\d+) [\d.]+ Tf", content[i:i + 20])
        if m:
            cmap = fonts.get(m.group(1), {})
        if content[i:i + 1] == b"(":
            raw, i = _literal(content, i + 1)
            current.append("".join(cmap.get(int.from_bytes(raw[k:k + 2], "big"), "?") for k in range(0, len(raw), 2)))
            continue
        if content.startswith(b"ET", i) and current:
            chunks.append("".join(current))
            current = []
        i += 1
    return chunks
