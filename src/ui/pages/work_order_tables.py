"""The columns of the work-order page's tables, declared once.

Why declarative: each table is a list of (header, text) over a frozen view row, so what
the advisor sees and what a test reads come from the same place.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from domain.labels import label
from domain.services.workorder_views import (
    EventView,
    HandoverView,
    JobView,
    LabourLineView,
    PartLineView,
    PaymentView,
    QualityCheckView,
    RequisitionView,
    SundryLineView,
    TimeEntryView,
)
from domain.workorder_rules import (
    EVENT_LABELS,
    JOB_STATE_LABELS,
    PAYER_LABELS,
    PAYMENT_LABELS,
    QC_LABELS,
    TRADE_LABELS,
    Action,
    state_label,
)
from ui.i18n import language
from ui.models.work_order_tables import Column
from ui.widgets.amounts import local_text, money, scaled_text


def tr(text: str) -> str:
    """Module-level strings: pyside6-lupdate files a bare ``tr()`` call under the empty context."""
    return QCoreApplication.translate("", text)


def payer_text(payer: str) -> str:
    return label(PAYER_LABELS, payer, language())


def minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}:{rest:02d}"


def labour_columns() -> list[Column[LabourLineView]]:
    return [
        Column(tr("序"), lambda x: str(x.seq), True),
        Column(tr("代码"), lambda x: x.code),
        Column(tr("维修项目"), lambda x: x.description),
        Column(tr("工时"), lambda x: scaled_text(x.hours_centi, 2), True),
        Column(tr("单价"), lambda x: money(x.rate_fen), True, money=True),
        Column(tr("技师"), lambda x: x.technician_name),
        Column(tr("付款方"), lambda x: payer_text(x.payer)),
        Column(tr("折扣"), lambda x: money(x.discount_fen) if x.discount_fen else "", True, money=True),
        Column(tr("金额"), lambda x: money(x.net_fen), True, money=True),
        Column(tr("增项"), lambda x: tr("是") if x.supplementary_id else ""),
    ]


def part_columns() -> list[Column[PartLineView]]:
    return [
        Column(tr("序"), lambda x: str(x.seq), True),
        Column(tr("配件编号"), lambda x: x.part_no),
        Column(tr("配件名称"), lambda x: x.name),
        Column(tr("数量"), lambda x: f"{scaled_text(x.qty_milli, 3)} {x.unit}", True),
        Column(tr("单价"), lambda x: money(x.unit_price_fen), True, money=True),
        Column(tr("原厂"), lambda x: tr("原厂") if x.genuine else tr("非原厂")),
        Column(tr("保修"), lambda x: tr("保修") if x.warranty else ""),
        Column(tr("付款方"), lambda x: payer_text(x.payer)),
        Column(tr("折扣"), lambda x: money(x.discount_fen) if x.discount_fen else "", True, money=True),
        Column(tr("金额"), lambda x: money(x.net_fen), True, money=True),
    ]


def sundry_columns() -> list[Column[SundryLineView]]:
    return [
        Column(tr("序"), lambda x: str(x.seq), True),
        Column(tr("杂费项目"), lambda x: x.description),
        Column(tr("付款方"), lambda x: payer_text(x.payer)),
        Column(tr("折扣"), lambda x: money(x.discount_fen) if x.discount_fen else "", True, money=True),
        Column(tr("金额"), lambda x: money(x.net_fen), True, money=True),
    ]


def job_columns(zone: str | None) -> list[Column[JobView]]:
    return [
        Column(tr("序"), lambda j: str(j.seq), True),
        Column(tr("作业内容"), lambda j: j.title),
        Column(tr("工种"), lambda j: label(TRADE_LABELS, j.trade, language())),
        Column(tr("技师"), lambda j: j.technician_name),
        Column(tr("状态"), lambda j: label(JOB_STATE_LABELS, j.state, language()),
               alert=lambda j: j.state == "waiting_parts"),
        Column(tr("待料原因"), lambda j: j.wait_reason if j.state == "waiting_parts" else ""),
        Column(tr("派工时间"), lambda j: local_text(j.dispatched_at, zone)),
        Column(tr("累计用时"), lambda j: minutes_text(j.minutes), True),
    ]


def time_entry_columns(zone: str | None) -> list[Column[TimeEntryView]]:
    return [
        Column(tr("技师"), lambda t: t.technician_name),
        Column(tr("开始"), lambda t: local_text(t.started_at, zone)),
        Column(tr("结束"), lambda t: local_text(t.stopped_at, zone) if t.stopped_at else tr("计时中")),
        Column(tr("用时"), lambda t: minutes_text(t.minutes), True),
    ]


def requisition_columns(zone: str | None) -> list[Column[RequisitionView]]:
    return [
        Column(tr("签收时间"), lambda r: local_text(r.signed_at, zone)),
        Column(tr("领料技师"), lambda r: r.technician_name),
        Column(tr("发料人"), lambda r: r.issued_by_name),
        Column(tr("明细"), lambda r: "；".join(f"{x.name} ×{scaled_text(x.qty_milli, 3)}"
                                               for x in r.lines)),
    ]


def handover_columns(zone: str | None) -> list[Column[HandoverView]]:
    return [
        Column(tr("时间"), lambda h: local_text(h.at, zone)),
        Column(tr("交出"), lambda h: h.from_technician_name),
        Column(tr("接收"), lambda h: h.to_technician_name),
        Column(tr("说明"), lambda h: h.note),
    ]


def qc_columns(zone: str | None) -> list[Column[QualityCheckView]]:
    return [
        Column(tr("轮次"), lambda c: str(c.round), True),
        Column(tr("检验级别"), lambda c: label(QC_LABELS, c.level, language())),
        Column(tr("结果"), lambda c: tr("合格") if c.passed else tr("不合格"),
               alert=lambda c: not c.passed),
        Column(tr("检验人"), lambda c: c.inspector_name),
        Column(tr("时间"), lambda c: local_text(c.at, zone)),
        Column(tr("原因"), lambda c: c.reason),
    ]


def payment_columns(zone: str | None) -> list[Column[PaymentView]]:
    def method(p: PaymentView) -> str:
        return label(PAYMENT_LABELS, p.method, language())

    return [
        Column(tr("时间"), lambda p: local_text(p.at, zone)),
        Column(tr("收款方式"), method),
        Column(tr("金额"), lambda p: money(p.amount_fen), True, alert=lambda p: p.amount_fen < 0, money=True),
        Column(tr("参考号"), lambda p: p.reference),
        Column(tr("收银员"), lambda p: p.cashier_name),
    ]


def event_columns(zone: str | None) -> list[Column[EventView]]:
    return [
        Column(tr("时间"), lambda e: local_text(e.at, zone)),
        Column(tr("操作"), lambda e: label(EVENT_LABELS, e.action, language()),
               alert=lambda e: e.action in (Action.FAIL_QC, Action.CANCEL, Action.REVERSE)),
        Column(tr("操作人"), lambda e: e.actor_name),
        Column(tr("原状态"), lambda e: state_label(e.from_state, language()) if e.from_state else ""),
        Column(tr("新状态"), lambda e: state_label(e.to_state, language())),
        Column(tr("原因"), lambda e: e.reason),
    ]


__all__ = ["event_columns", "handover_columns",
           "job_columns", "labour_columns", "minutes_text", "part_columns", "payer_text",
           "payment_columns", "qc_columns", "requisition_columns", "sundry_columns",
           "time_entry_columns"]
