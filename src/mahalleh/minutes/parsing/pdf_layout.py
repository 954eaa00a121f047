"""A PDF page's text as the lines a text file of the same minutes would have.

Minutes put their header and their resolutions in tables whose long cells wrap onto several lines. A
table row must come out as one line, its cells right to left separated by tabs, each cell's lines joined
by spaces (what ``docx_text`` gives for a Word table). Two ways to see a row:

- **Ruled tables** (the official layout, Mahalleh's own export): the horizontal rules drawn on the page cut
  it into bands; a band crossed by at least three vertical rules is a table row, and those rules are its
  cell borders. Every cell is kept, empty ones too, so the columns stay in place.
- **Unruled text**: pdfminer groups the lines of one cell or paragraph into a text box; boxes side by side
  (overlapping vertically) are a row. A box alone on its row keeps its lines (a header block, a list).

Whether the page stores Persian in visual order is decided from all its lines, so that one-word cells
(«ردیف», «مستمر») are turned the way the rest of the page is.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from mahalleh.minutes.parsing.bidi import fix_visual_line, visual_preference

_RULE = 2.0  # a rule is thinner than this (points)
_SAME = 1.5  # positions closer than this are one


@dataclass
class _Line:
    x0: float
    x1: float
    y0: float
    y1: float
    glyphs: list[str]

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class _Row:
    top: float
    right: float
    cells: list[list[_Line]] = field(default_factory=list)  # right to left
    table: bool = False  # cells of a table row (joined by tabs) rather than lines of one block


def page_lines(page: Any) -> list[str]:
    """The text lines of one pdfminer ``LTPage``, top to bottom."""
    from pdfminer.layout import LTChar, LTCurve, LTTextBox, LTTextLine

    boxes: list[list[_Line]] = []
    shapes: list[Any] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, LTTextBox):
            boxes.append([_line(ln, LTChar) for ln in obj if isinstance(ln, LTTextLine)])
        elif isinstance(obj, LTTextLine):  # a line outside any box: a box of its own
            boxes.append([_line(obj, LTChar)])
        elif isinstance(obj, LTCurve):  # rects and lines are curves too
            shapes.append(obj)
        elif hasattr(obj, "__iter__"):
            for child in obj:
                walk(child)

    walk(page)
    boxes = [b for b in boxes if b]
    visual = sum(visual_preference(line.glyphs) for box in boxes for line in box) > 0
    rows, placed = _ruled_rows(shapes, [line for box in boxes for line in box])
    rows += _box_rows([[line for line in box if id(line) not in placed] for box in boxes])
    rows.sort(key=lambda r: (-r.top, -r.right))
    out: list[str] = []
    for row in rows:
        if row.table:
            out.append("\t".join(" ".join(fix_visual_line(line.glyphs, visual=visual).strip() for line in cell).strip()
                                  for cell in row.cells))
        else:
            out.extend(fix_visual_line(line.glyphs, visual=visual).strip() for line in row.cells[0])
    return out


def _line(obj: Any, char_type: type) -> _Line:
    glyphs = [c.get_text() for c in obj if isinstance(c, char_type) or c.get_text() == " "]
    return _Line(obj.x0, obj.x1, obj.y0, obj.y1, glyphs)


def _merge(values: list[float]) -> list[float]:
    merged: list[float] = []
    for v in sorted(values):
        if not merged or v - merged[-1] > _SAME:
            merged.append(v)
    return merged


def _ruled_rows(shapes: list[Any], lines: list[_Line]) -> tuple[list[_Row], set[int]]:
    """Table rows cut out by the page's rules, and the ids of the lines placed in them."""
    horizontal: list[float] = []
    vertical: list[tuple[float, float, float]] = []  # x, bottom, top
    for s in shapes:
        if s.height < _RULE and s.width > _RULE:
            horizontal.append((s.y0 + s.y1) / 2)
        elif s.width < _RULE and s.height > _RULE:
            vertical.append(((s.x0 + s.x1) / 2, s.y0, s.y1))
            horizontal += [s.y0, s.y1]  # where a page break cuts a row, its borders end with no rule drawn
        elif s.width >= _RULE and s.height >= _RULE:  # a filled cell or a frame: its four edges
            horizontal += [s.y0, s.y1]
            vertical += [(s.x0, s.y0, s.y1), (s.x1, s.y0, s.y1)]
    rows: list[_Row] = []
    placed: set[int] = set()
    levels = _merge(horizontal)
    for bottom, top in itertools.pairwise(levels):
        if top - bottom < 3:
            continue
        # Rules crossing (most of) the band are its cell borders.
        borders = _merge([x for x, lo, hi in vertical if lo <= bottom + _SAME and hi >= top - _SAME])
        if len(borders) < 3:  # not a row of two cells or more: a frame, a paragraph between tables
            continue
        inside = [ln for ln in lines if id(ln) not in placed and bottom < ln.cy < top
                  and borders[0] < ln.cx < borders[-1]]
        if not inside:
            continue
        cells: list[list[_Line]] = []
        for left, right in reversed(list(itertools.pairwise(borders))):  # right to left
            cells.append(_reading_order([ln for ln in inside if left < ln.cx <= right]))
        placed.update(id(ln) for ln in inside)
        rows.append(_Row(top=top, right=borders[-1], cells=cells, table=True))
    return rows, placed


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Top to bottom; pieces on one baseline (a bold «مقرر گردید:» before the rest) right to left."""
    ordered: list[_Line] = []
    baseline: list[_Line] = []
    for line in sorted(lines, key=lambda ln: -ln.y0):
        if baseline and abs(line.y0 - baseline[0].y0) > _RULE:
            ordered += sorted(baseline, key=lambda ln: -ln.x1)
            baseline = []
        baseline.append(line)
    return ordered + sorted(baseline, key=lambda ln: -ln.x1)


def _box_rows(boxes: list[list[_Line]]) -> list[_Row]:
    """Rows of text boxes side by side; a box alone on its row is a block of lines."""
    boxes = [b for b in boxes if b]
    boxes.sort(key=lambda b: (-max(ln.y1 for ln in b), -max(ln.x1 for ln in b)))
    groups: list[list[list[_Line]]] = []
    low = high = 0.0
    for box in boxes:
        top, bottom = max(ln.y1 for ln in box), min(ln.y0 for ln in box)
        if groups and min(top, high) - max(bottom, low) > 0.5 * min(top - bottom, high - low):
            groups[-1].append(box)
            low, high = min(low, bottom), max(high, top)
        else:
            groups.append([box])
            low, high = bottom, top
    rows = []
    for group in groups:
        group.sort(key=lambda b: -max(ln.x1 for ln in b))  # right to left
        rows += _split_by_baselines(group)
    return rows


def _split_by_baselines(group: list[list[_Line]]) -> list[_Row]:
    """Boxes side by side: one row whose cells wrapped, or, where pdfminer put a whole column of a
    borderless table (or of label/value lines) in one box, one row per baseline the boxes share; a line
    on a baseline of its own box only continues that cell of the row above it."""
    top = max(ln.y1 for b in group for ln in b)
    right = max(ln.x1 for ln in group[0])
    if len(group) == 1:
        return [_Row(top=top, right=right, cells=group)]
    tagged = sorted(((ln, i) for i, box in enumerate(group) for ln in box), key=lambda t: -t[0].y0)
    baselines: list[list[tuple[_Line, int]]] = []
    for line, i in tagged:
        if baselines and abs(line.y0 - baselines[-1][0][0].y0) <= _RULE:
            baselines[-1].append((line, i))
        else:
            baselines.append([(line, i)])
    shared = {id(b) for b in baselines if len({i for _, i in b}) > 1}
    if len(shared) < 2:  # one row, its cells wrapped
        return [_Row(top=top, right=right, cells=[_reading_order(b) for b in group], table=True)]
    rows: list[_Row] = []
    for baseline in baselines:
        if id(baseline) in shared or not rows:
            rows.append(_Row(top=max(ln.y1 for ln, _ in baseline), right=right,
                             cells=[[] for _ in group], table=True))
        for line, i in baseline:
            rows[-1].cells[i].append(line)
    for row in rows:
        row.cells = [_reading_order(cell) for cell in row.cells]
    return rows
