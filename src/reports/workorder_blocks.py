"""Pieces the three work-order forms (委托书, 维修卡, 结算单) share.

Why one module: the line-item table, the totals with the payer split and the vehicle block
must read the same on every form a customer or technician holds side by side; the money
always comes from :func:`domain.workorder_rules.yuan` (integer fen, never a float).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from domain import clock
from domain.services.workorder_views import InspectionItem, WorkOrderView
from domain.workorder_rules import (
    PAYER_LABELS_ZH,
    SERVICE_CLASS_LABELS_ZH,
    Payer,
    ServiceClass,
    Totals,
    yuan,
)
from reports.fonts import draw_heavy_string, draw_string, markup, register_fonts, string_width
from reports.primitives import FitText, line_item_table
from reports.styles import INK, LABEL_FILL, MUTED, REPRINT_RED, RULE, Styles

TRADE_LABELS = {"mechanical": "机修", "electrical": "电工", "body": "钣金", "paint": "喷漆",
                "other": "其他"}
LINE_HEADERS = ("序", "类别", "编码/零件号", "维修项目 / 配件名称", "工时/数量", "单价(元)",
                "金额(元)", "付款方", "备注")
LINE_WIDTHS = (0.045, 0.06, 0.145, 0.265, 0.09, 0.1, 0.1, 0.085, 0.11)
LINE_WIDTHS_COMPACT = (0.045, 0.065, 0.15, 0.22, 0.105, 0.095, 0.1, 0.095, 0.125)
"""Small paper (A5): the name column gives way so 工时/数量 and 厂家保修 stay on one line."""
LINE_ALIGN = ("center", "center", "left", "left", "right", "right", "right", "center", "left")
CHINESE_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def payer_label(payer: str) -> str:
    try:
        return PAYER_LABELS_ZH[Payer(payer)]
    except ValueError:
        return payer


def class_label(service_class: str) -> str:
    try:
        return SERVICE_CLASS_LABELS_ZH[ServiceClass(service_class)]
    except ValueError:
        return service_class


def when(moment: datetime | None, zone: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return clock.format_local(moment, zone, fmt)


def km(value: int | None) -> str:
    return "" if value is None else f"{value:,} km"


def hours(hours_centi: int) -> str:
    return f"{hours_centi // 100}.{hours_centi % 100:02d}"


def quantity(qty_milli: int, unit: str = "") -> str:
    """4500 → '4.5', 1000 → '1' (thousandths, no float)."""
    whole, rest = divmod(abs(qty_milli), 1000)
    text = str(whole) + (f".{rest:03d}".rstrip("0") if rest else "")
    return ("-" if qty_milli < 0 else "") + text + (unit or "")


def fuel(eighths: int) -> str:
    names = {0: "空", 2: "1/4", 4: "半箱", 6: "3/4", 8: "满"}
    return f"{eighths}/8" + (f"（{names[eighths]}）" if eighths in names else "")


def amount_in_words(fen: int) -> str:
    """人民币大写: 12345 → 壹佰贰拾叁元肆角伍分, as a cashier writes it on a receipt."""
    if fen == 0:
        return "零元整"
    sign = "负" if fen < 0 else ""
    fen = abs(fen)
    yuan_part, cents = divmod(fen, 100)
    text = ""
    if yuan_part:
        groups: list[int] = []
        while yuan_part:
            yuan_part, group = divmod(yuan_part, 10_000)
            groups.append(group)
        big = ("", "万", "亿", "万亿")
        words = ""
        zero_pending = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                zero_pending = bool(words)
                continue
            if words and (zero_pending or group < 1000):
                words += "零"
            words += _four_digits(group) + big[index]
            zero_pending = False
        text = words + "元"
    jiao, fen_digit = divmod(cents, 10)
    if not cents:
        return sign + text + "整"
    if jiao:
        text += CHINESE_DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen_digit:
        text += CHINESE_DIGITS[fen_digit] + "分"
    return sign + text


def _four_digits(value: int) -> str:
    units = ("仟", "佰", "拾", "")
    digits = f"{value:04d}"
    out = ""
    zero = False
    started = False
    for digit, unit in zip(digits, units, strict=True):
        if digit == "0":
            zero = started
            continue
        if zero:
            out += "零"
            zero = False
        out += CHINESE_DIGITS[int(digit)] + unit
        started = True
    return out


# --- lines --------------------------------------------------------------------------------
def line_rows(order: WorkOrderView) -> list[list[str]]:
    """Every labour, part and sundry line as printed text: gross amount, discount in the note."""
    rows: list[list[str]] = []
    supplementary = {s.id for s in order.supplementaries}

    def note(*parts: str) -> str:
        return " ".join(p for p in parts if p)

    def extra(discount_fen: int, supplementary_id: str | None) -> str:
        return note(f"优惠{yuan(discount_fen)}" if discount_fen else "",
                    "增项" if supplementary_id and supplementary_id in supplementary else "")

    for x in order.labour:
        rows.append(["", "工时", x.code, x.description, hours(x.hours_centi), yuan(x.rate_fen),
                     yuan(x.gross_fen), payer_label(x.payer),
                     note(x.technician_name, extra(x.discount_fen, x.supplementary_id))])
    for p in order.parts:
        flags = note("原厂" if p.genuine else "非原厂", "保修" if p.warranty else "")
        rows.append(["", "配件", p.part_no, p.name, quantity(p.qty_milli, p.unit),
                     yuan(p.unit_price_fen), yuan(p.gross_fen), payer_label(p.payer),
                     note(flags, extra(p.discount_fen, p.supplementary_id))])
    for s in order.sundries:
        rows.append(["", "杂费", "", s.description, "", "", yuan(s.gross_fen),
                     payer_label(s.payer), extra(s.discount_fen, s.supplementary_id)])
    for index, row in enumerate(rows, start=1):
        row[0] = str(index)
    return rows


def lines_table(order: WorkOrderView, *, width: float, styles: Styles,
                blank_rows: int = 0) -> Table:
    """The order's lines in one table whose header row repeats on every page."""
    widths = LINE_WIDTHS_COMPACT if styles.base < 7.5 else LINE_WIDTHS
    return line_item_table(
        LINE_HEADERS, line_rows(order), col_widths=[w * width for w in widths],
        styles=styles, blank_rows=blank_rows, align=LINE_ALIGN, keep_whole=(2,),
        row_height=styles.base * 1.9,
    )


# --- totals -------------------------------------------------------------------------------
def totals_table(totals: Totals, *, width: float, styles: Styles) -> Table:
    """工时费 · 配件费 · 杂费 · 优惠 · 税额 · 合计 in one boxed row (label over value)."""
    labels = ["工时费", "配件费", "杂费", "优惠", "税额", "合计(元)"]
    values = [yuan(totals.labour_fen), yuan(totals.parts_fen), yuan(totals.sundry_fen),
              yuan(-totals.discount_fen) if totals.discount_fen else "0.00",
              yuan(totals.tax_fen), yuan(totals.total_fen)]
    size = styles.cell.fontSize
    data = [[Paragraph(markup(label), styles.header_cell) for label in labels],
            [FitText(v, size + (1.5 if i == 5 else 0.5), align="center", heavy=i == 5)
             for i, v in enumerate(values)]]
    table = Table(data, colWidths=[width / 6] * 6)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def payer_split_table(order: WorkOrderView, *, width: float, styles: Styles) -> Table:
    """Who pays what: the customer's share (with 大写) against warranty/insurance/contract."""
    totals = order.totals
    size = styles.cell.fontSize
    header = [Paragraph(markup(h), styles.header_cell)
              for h in ("付款方", "金额(元)", "税额(元)", "应付合计(元)", "说明")]
    rows: list[list[object]] = [header]
    shares = list(totals.shares) or []
    if not any(s.payer == Payer.CUSTOMER for s in shares):
        rows.append([Paragraph("客户", styles.cell), FitText("0.00", size, align="right"),
                     FitText("0.00", size, align="right"),
                     FitText("0.00", size + 1, align="right", heavy=True),
                     Paragraph(markup("客户无需付款"), styles.cell)])
    for share in shares:
        name = payer_label(share.payer)
        note = ""
        if share.payer == Payer.CUSTOMER:
            name = "客户应付"
            note = f"大写：{amount_in_words(share.total_fen)}"
        elif order.payer_name and share.payer == order.payer:
            name = f"{name}（{order.payer_name}）"
        rows.append([Paragraph(markup(name), styles.cell),
                     FitText(yuan(share.net_fen), size, align="right"),
                     FitText(yuan(share.tax_fen), size, align="right"),
                     FitText(yuan(share.total_fen), size + 1, align="right",
                             heavy=share.payer == Payer.CUSTOMER),
                     Paragraph(markup(note), styles.cell)])
    widths = [0.22, 0.14, 0.12, 0.16, 0.36]
    table = Table(rows, colWidths=[w * width for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


# --- walk-around inspection outline -------------------------------------------------------
# Top view, front to the left: (u along the car from the front, v across from its left side).
AREA_POSITIONS: dict[str, tuple[float, float]] = {
    "前保险杠": (0.03, 0.5), "前杠": (0.03, 0.5), "机盖": (0.17, 0.5), "发动机盖": (0.17, 0.5),
    "引擎盖": (0.17, 0.5), "前挡风玻璃": (0.33, 0.5), "前挡": (0.33, 0.5), "车顶": (0.5, 0.5),
    "后挡风玻璃": (0.72, 0.5), "后挡": (0.72, 0.5), "行李箱": (0.87, 0.5), "后备箱": (0.87, 0.5),
    "尾门": (0.87, 0.5), "后保险杠": (0.97, 0.5), "后杠": (0.97, 0.5),
    "左前翼子板": (0.15, 0.12), "左前叶子板": (0.15, 0.12), "左前门": (0.42, 0.1),
    "左后门": (0.6, 0.1), "左后翼子板": (0.82, 0.12), "左后叶子板": (0.82, 0.12),
    "左前轮": (0.2, 0.02), "左后轮": (0.78, 0.02), "左后视镜": (0.33, 0.0), "左裙边": (0.5, 0.14),
    "右前翼子板": (0.15, 0.88), "右前叶子板": (0.15, 0.88), "右前门": (0.42, 0.9),
    "右后门": (0.6, 0.9), "右后翼子板": (0.82, 0.88), "右后叶子板": (0.82, 0.88),
    "右前轮": (0.2, 0.98), "右后轮": (0.78, 0.98), "右后视镜": (0.33, 1.0), "右裙边": (0.5, 0.86),
}
_KEYS_LONGEST_FIRST = sorted(AREA_POSITIONS, key=len, reverse=True)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def area_position(area: str) -> tuple[float, float] | None:
    for key in _KEYS_LONGEST_FIRST:
        if key in area:
            return AREA_POSITIONS[key]
    return None


def mark(index: int) -> str:
    return CIRCLED[index - 1] if 1 <= index <= len(CIRCLED) else f"({index})"


class CarOutline(Flowable):
    """A plain top view of a car with each inspection mark's number at its place.

    The advisor walks round the car with the customer; marks the app knows the place of
    are drawn on the outline, and the blank outline leaves room to add more by hand.
    """

    def __init__(self, items: Sequence[InspectionItem], width: float, height: float) -> None:
        super().__init__()
        self.items = list(items)
        self.width = width
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        label_h = 8.0
        body_h = (h - label_h) * 0.78
        body_w = w * 0.9
        x0 = (w - body_w) / 2
        y0 = label_h + ((h - label_h) - body_h) / 2
        c.saveState()
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        wheel_w, wheel_h = body_w * 0.16, body_h * 0.12
        c.setFillColor(INK)
        for u in (0.2, 0.78):
            for v in (-0.06, 0.94):
                c.roundRect(x0 + u * body_w - wheel_w / 2, y0 + v * body_h, wheel_w, wheel_h,
                            1, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.roundRect(x0, y0, body_w, body_h, body_h * 0.22, stroke=1, fill=1)
        c.setLineWidth(0.5)
        # windscreen, roof, rear window as a cabin outline
        top, bottom = y0 + body_h * 0.82, y0 + body_h * 0.18
        cab = [(0.28, 0.25), (0.38, 0.18), (0.66, 0.18), (0.78, 0.25)]
        path = c.beginPath()
        path.moveTo(x0 + cab[0][0] * body_w, bottom + (top - bottom) * cab[0][1])
        path.lineTo(x0 + cab[1][0] * body_w, bottom)
        path.lineTo(x0 + cab[2][0] * body_w, bottom)
        path.lineTo(x0 + cab[3][0] * body_w, bottom + (top - bottom) * cab[3][1])
        path.lineTo(x0 + cab[3][0] * body_w, top - (top - bottom) * cab[3][1])
        path.lineTo(x0 + cab[2][0] * body_w, top)
        path.lineTo(x0 + cab[1][0] * body_w, top)
        path.lineTo(x0 + cab[0][0] * body_w, top - (top - bottom) * cab[0][1])
        path.close()
        c.drawPath(path, stroke=1, fill=0)
        for u in (0.38, 0.66):
            c.line(x0 + u * body_w, bottom, x0 + u * body_w, top)
        size = 6.5
        c.setFillColor(MUTED)
        draw_string(c, x0, 1, "◀车头", size)
        draw_string(c, x0 + body_w, 1, "车尾▶", size, align="right")
        draw_string(c, x0 + body_w / 2, 1, "（上为右侧 / 下为左侧）", size, align="center")
        for index, item in enumerate(self.items, start=1):
            place = area_position(item.area)
            if place is None:
                continue
            u, v = place
            cx = x0 + u * body_w
            cy = y0 + v * body_h
            r = 4.2
            c.setFillColorRGB(1, 1, 1)
            c.setStrokeColor(REPRINT_RED)
            c.setLineWidth(0.8)
            c.circle(cx, cy, r, stroke=1, fill=1)
            text = str(index)
            draw_heavy_string(c, cx, cy - 2.2, text, 6.2 if len(text) == 1 else 5,
                              align="center", color=REPRINT_RED)
        c.restoreState()


def outline_size(styles: Styles) -> tuple[float, float]:
    return (48 * mm, 24 * mm) if styles.base >= 7.5 else (42 * mm, 22 * mm)


def fits(text: str, size: float, width: float) -> bool:
    return string_width(text, size) <= width
