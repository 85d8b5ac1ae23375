"""Merging the parts' PDFs into the report (pikepdf): pages, stamp, tags, links, outline, fonts.

The result is page for page the one-document render of the same content:

- pages: the cover's, then each body part's, in order;
- stamp: each page draws the matching stamp page (running header, page number) over its
  content, as a form XObject marked as an artifact, as page furniture should be in a tagged PDF;
- tags: one structure tree whose document element holds each part's elements in page order,
  with the parent tree renumbered (each part numbers its pages and annotations from 0);
- links: named destinations of all parts in one name tree (the cover's stand-in targets, see
  :func:`.parts.cover_job`, give way to the real ones), so the contents' links land on the parts;
- outline: rebuilt from every part's bookmarks, nested by heading level as WeasyPrint does;
- fonts: the parts' subsets of each font made one again (:mod:`.font_subsets`).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

import pikepdf

from shinchoku.reports.pdf.font_subsets import unify_fonts
from shinchoku.reports.pdf.parts import RenderedPart

_STAMP = "/ShinchokuStamp"


def assemble(cover: RenderedPart, body: Sequence[RenderedPart], stamp: RenderedPart) -> bytes:
    """The report from its parts; ``stamp`` has one page per page of the cover and body."""
    parts = [cover, *body]
    sources = [pikepdf.Pdf.open(io.BytesIO(part.pdf)) for part in parts]
    stamp_source = pikepdf.Pdf.open(io.BytesIO(stamp.pdf))
    pdf = pikepdf.Pdf.new()
    first_pages = []
    with warnings.catch_warnings():
        # pikepdf warns that named destinations are not carried: _merge_destinations does it.
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        for source in sources:
            first_pages.append(len(pdf.pages))
            pdf.pages.extend(source.pages)
    if len(pdf.pages) != len(stamp_source.pages):
        raise ValueError(f"the stamp has {len(stamp_source.pages)} pages for {len(pdf.pages)}")
    _merge_structure(pdf, sources, first_pages)
    _merge_destinations(pdf, sources, first_pages)
    _add_outline(pdf, parts, first_pages)
    _draw_stamp(pdf, stamp_source)
    unify_fonts(pdf)
    _copy_document_settings(pdf, sources[0])
    output = io.BytesIO()
    # The sources must stay open until here: pikepdf reads copied streams when saving.
    pdf.save(
        output,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return output.getvalue()


def _merge_structure(pdf: pikepdf.Pdf, sources: Sequence[pikepdf.Pdf], first_pages: Sequence[int]) -> None:
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root, K=pikepdf.Array())
    )
    root.K = pikepdf.Array([document])
    namespaces = sources[0].Root.StructTreeRoot.get("/Namespaces")
    if namespaces is not None:
        root.Namespaces = (
            pdf.copy_foreign(namespaces) if namespaces.is_indirect else _copy_array(pdf, namespaces)
        )
        document.NS = root.Namespaces[0]
    numbers: list[object] = []
    offset = 0
    for source, first in zip(sources, first_pages, strict=True):
        source_root = source.Root.StructTreeRoot
        # Copying after the pages maps the elements' /Pg and /Obj to the pages and annotations copied.
        for element in pdf.copy_foreign(source_root.K[0]).K:
            element.P = document
            document.K.append(element)
        source_numbers = list(source_root.ParentTree.Nums)
        keys = [int(key) for key in source_numbers[0::2]]
        for key, value in zip(keys, source_numbers[1::2], strict=True):
            numbers += [
                key + offset,
                pdf.copy_foreign(value) if value.is_indirect else _copy_array(pdf, value),
            ]
        for page in pdf.pages[first : first + len(source.pages)]:
            page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", pikepdf.Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        offset += max(keys, default=-1) + 1
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers)))
    root.ParentTreeNextKey = offset
    pdf.Root.StructTreeRoot = root


def _copy_array(pdf: pikepdf.Pdf, array: pikepdf.Object) -> pikepdf.Array:
    """A direct array of a source, its indirect items copied (pikepdf copies indirect objects only)."""
    return pikepdf.Array([pdf.copy_foreign(item) if item.is_indirect else item for item in array])


def _merge_destinations(pdf: pikepdf.Pdf, sources: Sequence[pikepdf.Pdf], first_pages: Sequence[int]) -> None:
    destinations: dict[str, pikepdf.Array] = {}
    # Body parts first: the cover's own entries for their anchors are stand-ins (see parts.cover_job).
    order = [*range(1, len(sources)), 0]
    for index in order:
        source = sources[index]
        names = source.Root.get("/Names")
        if names is None or "/Dests" not in names:
            continue
        pages = {page.obj.objgen: number for number, page in enumerate(source.pages)}
        for name, target in pikepdf.NameTree(names.Dests).items():
            page = pdf.pages[first_pages[index] + pages[target[0].objgen]].obj
            destinations.setdefault(name, pikepdf.Array([page, *list(target)[1:]]))
    tree = pikepdf.NameTree.new(pdf)
    for name in sorted(destinations):
        tree[name] = destinations[name]
    pdf.Root.Names = pikepdf.Dictionary(Dests=tree.obj)


def _add_outline(pdf: pikepdf.Pdf, parts: Sequence[RenderedPart], first_pages: Sequence[int]) -> None:
    """Each bookmark nests under the nearest earlier one of a lower heading level."""
    with pdf.open_outline() as outline:
        open_items: list[tuple[int, list[pikepdf.OutlineItem]]] = [(0, outline.root)]
        for part, first in zip(parts, first_pages, strict=True):
            for bookmark in part.bookmarks:
                item = pikepdf.OutlineItem(
                    bookmark.label,
                    first + bookmark.page,
                    pikepdf.PageLocation.XYZ,
                    left=bookmark.left,
                    top=bookmark.top,
                    zoom=0,
                )
                item.is_closed = not bookmark.is_open
                while open_items[-1][0] >= bookmark.level:
                    open_items.pop()
                open_items[-1][1].append(item)
                open_items.append((bookmark.level, item.children))


def _draw_stamp(pdf: pikepdf.Pdf, stamp: pikepdf.Pdf) -> None:
    for page, stamp_page in zip(pdf.pages, stamp.pages, strict=True):
        form = stamp_page.as_form_xobject()
        form = pdf.copy_foreign(form if form.is_indirect else stamp.make_indirect(form))
        # The parts' pages share one resources dictionary: each page gets its own to name its stamp.
        resources = pikepdf.Dictionary({key: value for key, value in page.obj.Resources.items()})
        xobjects = resources.get("/XObject", pikepdf.Dictionary())
        resources.XObject = pikepdf.Dictionary(
            {**{key: value for key, value in xobjects.items()}, _STAMP: form}
        )
        page.obj.Resources = resources
        contents = page.obj.Contents
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        # A part's content leaves its coordinate transformation in place: isolate it with q … Q.
        page.obj.Contents = pikepdf.Array(
            [
                pdf.make_stream(b"q\n"),
                *streams,
                pdf.make_stream(b"Q\n/Artifact BMC\n" + _STAMP.encode() + b" Do\nEMC\n"),
            ]
        )


def _copy_document_settings(pdf: pikepdf.Pdf, cover: pikepdf.Pdf) -> None:
    """Language, tagged-PDF marks and the document information of the cover (title, author)."""
    if "/Lang" in cover.Root:
        pdf.Root.Lang = pikepdf.String(str(cover.Root.Lang))
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    for key, value in cover.docinfo.items():
        pdf.docinfo[key] = pikepdf.String(str(value))
