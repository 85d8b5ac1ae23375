"""One embedded font again after merging parts: the union of WeasyPrint's font subsets.

Each part embeds, for each font, a subset holding the glyphs that part uses, under a name made
from the font alone (``LNVQRW+ReportGothic``), with glyph ids kept (CID = glyph id, Identity-H).
Merged as they are, the parts would carry one copy per part, three times the size of a
one-document render. For TrueType fonts so encoded, the subsets of one font differ only in
which glyphs they hold, so their union is again a valid subset: outlines and metrics by glyph id
from whichever subset holds the glyph, widths (``W``) and Unicode maps (``ToUnicode``) merged.

Fonts of another kind are left as they are (correct, only bigger): CFF fonts such as the Noto
CJK fallback, and fonts with a custom encoding, which WeasyPrint writes for missing glyphs with
ids that differ from part to part.
"""

from __future__ import annotations

import bisect
import io
import re
import struct
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence

import pikepdf
from fontTools.ttLib.sfnt import SFNTReader, SFNTWriter  # type: ignore[import-untyped]

_CMAP_ENTRY = re.compile(rb"<([0-9a-fA-F]{4})> <([0-9a-fA-F]+)>")
_CMAP_HEAD = (
    b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
    b"<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n"
    b"/CMapType 2 def\n1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
)
_CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


def unify_fonts(pdf: pikepdf.Pdf) -> None:
    """Replace, in every font resource of ``pdf``, the subsets of one TrueType font by their union."""
    resources = list(_font_resources(pdf))
    groups: dict[str, list[pikepdf.Object]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for fonts in resources:
        for _, font in fonts.items():
            if font.objgen not in seen:
                seen.add(font.objgen)
                groups[str(font.get("/BaseFont"))].append(font)
    replacements: dict[tuple[int, int], pikepdf.Object] = {}
    for group in groups.values():
        if len(group) > 1 and all(_is_identity_truetype(font) for font in group):
            union = _union_font(pdf, group)
            replacements.update((font.objgen, union) for font in group)
    for fonts in resources:
        for name, font in list(fonts.items()):
            if font.objgen in replacements:
                fonts[name] = replacements[font.objgen]


def _font_resources(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every /Font resource dictionary, of the pages and of their form XObjects (the stamp)."""
    seen: set[tuple[int, int]] = set()
    pending = [page.obj.get("/Resources") for page in pdf.pages]
    while pending:
        resources = pending.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            yield fonts
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, pikepdf.Dictionary):
            pending.extend(xobject.get("/Resources") for _, xobject in xobjects.items())


def _is_identity_truetype(font: pikepdf.Object) -> bool:
    if font.get("/Subtype") != pikepdf.Name.Type0 or font.get("/Encoding") != pikepdf.Name("/Identity-H"):
        return False
    descendant = font.DescendantFonts[0]
    descriptor = descendant.get("/FontDescriptor")
    return (
        descendant.get("/Subtype") == pikepdf.Name.CIDFontType2
        and descendant.get("/CIDToGIDMap") == pikepdf.Name.Identity
        and isinstance(descriptor, pikepdf.Dictionary)
        and "/FontFile2" in descriptor
        and "/ToUnicode" in font
    )


def _union_font(pdf: pikepdf.Pdf, group: Sequence[pikepdf.Object]) -> pikepdf.Object:
    first = group[0]
    descendants = [font.DescendantFonts[0] for font in group]
    program = merge_truetype([d.FontDescriptor.FontFile2.read_bytes() for d in descendants])
    widths: dict[int, bytes] = {}
    for descendant in descendants:
        for cid, width in _widths(descendant.get("/W", pikepdf.Array()).unparse()):
            widths.setdefault(cid, width)
    to_unicode: dict[bytes, bytes] = {}
    for font in group:
        for glyph, text in _CMAP_ENTRY.findall(font.ToUnicode.read_bytes()):
            to_unicode.setdefault(glyph.lower(), text)

    descriptor = _copy(first.DescendantFonts[0].FontDescriptor)
    descriptor.FontFile2 = pdf.make_stream(program, Length1=len(program))
    box = descriptor.FontBBox
    widest = max((float(width) for width in widths.values()), default=0)
    descriptor.FontBBox = pikepdf.Array([box[0], box[1], widest, box[3]])
    descendant = _copy(first.DescendantFonts[0])
    descendant.W = pikepdf.Object.parse(_width_array(widths))
    descendant.FontDescriptor = pdf.make_indirect(descriptor)
    font = _copy(first)
    font.DescendantFonts = pikepdf.Array([pdf.make_indirect(descendant)])
    font.ToUnicode = pdf.make_stream(_to_unicode_cmap(to_unicode))
    return pdf.make_indirect(font)


def _copy(dictionary: pikepdf.Object) -> pikepdf.Dictionary:
    return pikepdf.Dictionary({key: value for key, value in dictionary.items()})


_W_TOKEN = re.compile(rb"\[|\]|[-+.\d]+")


def _widths(w: bytes) -> Iterator[tuple[int, bytes]]:
    """``(cid, width)`` from a /W array written out: ``c [w1 w2 …]`` runs or ``c_first c_last w``.

    Read from the array's text: going through pikepdf object by object is ten times slower."""
    tokens = _W_TOKEN.findall(w)[1:-1]  # without the outer brackets
    index = 0
    while index < len(tokens):
        start = int(tokens[index])
        if tokens[index + 1] == b"[":
            end = tokens.index(b"]", index + 2)
            for offset, width in enumerate(tokens[index + 2 : end]):
                yield start + offset, width
            index = end + 1
        else:
            for cid in range(start, int(tokens[index + 1]) + 1):
                yield cid, tokens[index + 2]
            index += 3


def _width_array(widths: dict[int, bytes]) -> bytes:
    """A /W array of runs of consecutive CIDs, as PDF text."""
    runs: list[bytes] = []
    previous = None
    for cid in sorted(widths):
        if previous is None or cid != previous + 1:
            runs.append(b"] %d [" % cid)
        runs.append(widths[cid])
        previous = cid
    return b"[ " + b" ".join(runs)[2:] + b" ] ]" if runs else b"[ ]"


def _to_unicode_cmap(entries: dict[bytes, bytes]) -> bytes:
    """A ToUnicode CMap in WeasyPrint's form: ``bfchar`` blocks of at most 100 entries."""
    items = sorted(entries.items())
    chunks = [_CMAP_HEAD]
    for start in range(0, len(items), 100):
        block = items[start : start + 100]
        chunks.append(b"%d beginbfchar\n" % len(block))
        chunks.extend(b"<%s> <%s>\n" % (glyph, text) for glyph, text in block)
        chunks.append(b"endbfchar\n")
    chunks.append(_CMAP_TAIL)
    return b"".join(chunks)


class _TrueType:
    """The tables of one subset that the union rebuilds: outlines (glyf/loca) and metrics."""

    def __init__(self, program: bytes) -> None:
        reader = SFNTReader(io.BytesIO(program))
        self.version = reader.sfntVersion
        self.tables = {tag: bytes(reader[tag]) for tag in reader.tables}
        self.glyph_count = struct.unpack_from(">H", self.tables["maxp"], 4)[0]
        long_offsets = struct.unpack_from(">h", self.tables["head"], 50)[0] == 1
        self.offsets = _big_endian("I" if long_offsets else "H", self.tables["loca"])
        self.offset_unit = 1 if long_offsets else 2
        self.horizontal = _Metrics(self.tables, "hhea", "hmtx", self.glyph_count)
        self.vertical = _Metrics(self.tables, "vhea", "vmtx", self.glyph_count)
        # The glyphs this subset holds: those with an outline, and those with an advance (a subset
        # gives the glyphs it dropped advance 0; a space has an advance but no outline).
        self.used = sorted(set(_outlined(self.offsets)) | set(_nonzero(self.horizontal.advances)))

    def glyph(self, gid: int) -> bytes:
        start, end = self.offsets[gid] * self.offset_unit, self.offsets[gid + 1] * self.offset_unit
        return self.tables["glyf"][start:end]


def _outlined(offsets: array[int]) -> Iterator[int]:
    """Glyph ids whose loca span is not empty, jumping over the empty ones (most of a subset)."""
    gid, last = 0, len(offsets) - 1
    while gid < last:
        following = bisect.bisect_right(offsets, offsets[gid], gid)
        if following > last:
            return
        yield following - 1
        gid = following


def _nonzero(values: array[int]) -> Iterator[int]:
    """Indexes of the non-zero 16-bit values, found by a scan of the bytes."""
    return (match.start() // 2 for match in _NONZERO_BYTE.finditer(values.tobytes()))


_NONZERO_BYTE = re.compile(rb"[^\x00]")


def _big_endian(kind: str, data: bytes) -> array[int]:
    values = array(kind, data)
    if sys.byteorder == "little":
        values.byteswap()
    return values


class _Metrics:
    """hmtx or vmtx as two arrays, advances and side bearings (kept as raw 16 bits); empty when the
    font has no such table."""

    def __init__(self, tables: dict[str, bytes], header: str, tag: str, glyph_count: int) -> None:
        self.present = tag in tables and header in tables
        if not self.present:
            self.advances, self.bearings = array("H"), array("H")
            return
        long_count = struct.unpack_from(">H", tables[header], 34)[0]
        pairs = _big_endian("H", tables[tag][: long_count * 4])
        self.advances = pairs[0::2]
        self.bearings = pairs[1::2]
        last = self.advances[-1] if long_count else 0
        self.advances.extend([last] * (glyph_count - long_count))
        self.bearings.extend(
            _big_endian("H", tables[tag][long_count * 4 : long_count * 4 + 2 * (glyph_count - long_count)])
        )


def merge_truetype(programs: Sequence[bytes]) -> bytes:
    """The union of TrueType subsets of one font that kept their glyph ids."""
    fonts = [_TrueType(program) for program in programs]
    base = max(fonts, key=lambda font: font.glyph_count)
    count = base.glyph_count
    # The first subset using a glyph gives its outline and metrics (all subsets agree on them).
    source: list[_TrueType | None] = [None] * count
    for subset in fonts:
        for gid in subset.used:
            if source[gid] is None:
                source[gid] = subset
    glyf = bytearray()
    loca = array("I", [0])
    for gid, holder in enumerate(source):
        if holder is not None:
            glyf += holder.glyph(gid)
            glyf += b"\0" * (-len(glyf) % 4)
        loca.append(len(glyf))
    tables = dict(base.tables)
    tables["glyf"] = bytes(glyf)
    tables["loca"] = _to_big_endian(loca)
    tables["head"] = tables["head"][:50] + struct.pack(">h", 1) + tables["head"][52:]
    tables["maxp"] = _merged_maxp([font.tables["maxp"] for font in fonts])
    for header, tag in (("hhea", "hmtx"), ("vhea", "vmtx")):
        if tag in tables:
            vertical = tag == "vmtx"
            metrics = array("H", bytes(4 * count))
            for gid, holder in enumerate(source):
                if holder is not None:
                    own = holder.vertical if vertical else holder.horizontal
                    metrics[2 * gid] = own.advances[gid]
                    metrics[2 * gid + 1] = own.bearings[gid]
            tables[tag] = _to_big_endian(metrics)
            largest = max(metrics[0::2], default=0)
            head = tables[header]
            tables[header] = head[:10] + struct.pack(">H", largest) + head[12:34] + struct.pack(">H", count)
    output = io.BytesIO()
    writer = SFNTWriter(output, len(tables), base.version)
    for tag in sorted(tables):
        writer[tag] = tables[tag]
    writer.close()
    return output.getvalue()


def _to_big_endian(values: array[int]) -> bytes:
    copy = array(values.typecode, values)
    if sys.byteorder == "little":
        copy.byteswap()
    return copy.tobytes()


def _merged_maxp(tables: Sequence[bytes]) -> bytes:
    """maxp with the most glyphs and, for version 1.0, the largest of each limit."""
    widest = max(tables, key=lambda table: struct.unpack_from(">H", table, 4)[0])
    if len(widest) < 32:
        return widest
    limits = [
        max(values)
        for values in zip(*(struct.unpack_from(">13H", table, 6) for table in tables), strict=True)
    ]
    return widest[:6] + struct.pack(">13H", *limits) + widest[32:]
