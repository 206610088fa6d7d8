"""Indexes for HQ's consolidated lists (work orders, complaint slips, follow-ups of every
branch), created by migration 0010.

Why: at HQ one table holds many branches' rows (50 branches × 100,000 orders), and the
lists page newest first, by branch. Without a branch-leading index a one-branch list walks
the whole reception index and its count reads every row; with it both read that branch's
range only (the state in the work-order index lets the 在修/逾期 counts stay in the index).
The follow-up list sorts by due date, then creation, then id: the index in that order lets
a page be read off the index instead of sorting every task.
"""

from __future__ import annotations

from sqlalchemy import Index

from domain.model.care import FollowUpTask
from domain.model.complaint import ComplaintSlip
from domain.model.workorder import WorkOrder

HQ_INDEXES: tuple[Index, ...] = (
    Index("ix_work_orders_branch_received", WorkOrder.branch_id, WorkOrder.received_at, WorkOrder.state),
    Index("ix_complaint_slips_branch_received", ComplaintSlip.branch_id, ComplaintSlip.received_at),
    Index("ix_follow_up_tasks_due_on_created", FollowUpTask.due_on, FollowUpTask.created_at, FollowUpTask.id),
)
