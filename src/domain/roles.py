"""Roles (岗位) and what each may do (DOMAIN.md §7). The one place permissions live.

Services call :func:`require`; the GUI may ask :func:`can` to hide a button, but hiding is
never the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import NotAllowed


class Role(StrEnum):
    ADVISOR = "advisor"
    TECHNICIAN = "technician"
    FOREMAN = "foreman"
    QC_INSPECTOR = "qc_inspector"
    PARTS_CLERK = "parts_clerk"
    CLAIMS_CLERK = "claims_clerk"
    CASHIER = "cashier"
    CARE_CLERK = "care_clerk"
    MANAGER = "manager"
    ADMIN = "admin"
    OWNER = "owner"  # 店长/经理 of a shop: the manager's authority plus administration
    SYSTEM = "system"  # the local command line and start-up tasks, never a login


ROLE_LABELS_ZH: dict[Role, str] = {
    Role.ADVISOR: "服务顾问",
    Role.TECHNICIAN: "技师",
    Role.FOREMAN: "车间主管",
    Role.QC_INSPECTOR: "质检员",
    Role.PARTS_CLERK: "配件员",
    Role.CLAIMS_CLERK: "索赔员",
    Role.CASHIER: "收银员",
    Role.CARE_CLERK: "客服专员",
    Role.MANAGER: "经理",
    Role.ADMIN: "管理员",
    Role.OWNER: "店长",
    Role.SYSTEM: "系统",
}
ROLE_LABELS_EN: dict[Role, str] = {
    Role.ADVISOR: "Service advisor",
    Role.TECHNICIAN: "Technician",
    Role.FOREMAN: "Foreman",
    Role.QC_INSPECTOR: "QC inspector",
    Role.PARTS_CLERK: "Parts clerk",
    Role.CLAIMS_CLERK: "Claims clerk",
    Role.CASHIER: "Cashier",
    Role.CARE_CLERK: "Customer-care clerk",
    Role.MANAGER: "Manager",
    Role.ADMIN: "Administrator",
    Role.OWNER: "Owner",
    Role.SYSTEM: "System",
}
LOGIN_ROLES: tuple[Role, ...] = tuple(r for r in Role if r is not Role.SYSTEM)


def role_label(role: str, lang: str = "zh") -> str:
    labels = ROLE_LABELS_EN if lang == "en" else ROLE_LABELS_ZH
    try:
        return labels[Role(role)]
    except ValueError:
        return role


class Permission(StrEnum):
    CUSTOMER_VIEW = "customer.view"
    CUSTOMER_EDIT = "customer.edit"
    CUSTOMER_IMPORT = "customer.import"
    PRINT_CUSTOMER_FILE = "print.customer_file"
    STAFF_MANAGE = "staff.manage"
    SETTINGS_EDIT = "settings.edit"
    DEMO_DATA = "demo.load"
    BACKUP_RESTORE = "backup.restore"
    WORKORDER_VIEW = "workorder.view"
    WORKORDER_EDIT = "workorder.edit"
    WORKORDER_PARTS = "workorder.parts"
    WORKORDER_REQUISITION = "workorder.requisition"
    WORKORDER_DISPATCH = "workorder.dispatch"
    WORKORDER_TIME = "workorder.time"
    WORKORDER_QC = "workorder.qc"
    WORKORDER_SETTLE = "workorder.settle"
    WORKORDER_DELIVER = "workorder.deliver"
    WORKORDER_DISCOUNT_ABOVE_LIMIT = "workorder.discount_above_limit"
    COMPLAINT_VIEW = "complaint.view"
    COMPLAINT_REGISTER = "complaint.register"
    COMPLAINT_HANDLE = "complaint.handle"
    COMPLAINT_APPROVE = "complaint.approve"  # major ones also need Staff.is_general_manager
    COMPLAINT_LOSS = "complaint.loss"
    MASTERDATA_EDIT = "masterdata.edit"  # this database's own master data (HQ: HQ's; a branch: 本店)
    CARE_VIEW = "care.view"
    CARE_CALL = "care.call"  # follow-up calls, call and letter registers, reminders
    CARE_ASSIGN = "care.assign"  # hand the call list to someone else (supervisor)
    WARRANTY_CLAIM_VIEW = "warranty_claim.view"
    WARRANTY_CLAIM_EDIT = "warranty_claim.edit"  # submit claims, record the maker's decision
    REPORT_DAILY = "report.daily"  # technician and supervisor daily reports
    KPI_VIEW = "kpi.view"  # monthly KPIs and their drill-down
    AUDIT_VIEW = "audit.view"  # read the audit trail (操作日志); nobody may edit it
    SYNC_EXCHANGE = "sync.exchange"  # export and import sync bundles (a branch's, or HQ's)
    SYNC_ENROL = "sync.enrol"  # enrol a branch, revoke its key, (re-)issue enrolment files


PERMISSION_LABELS_ZH: dict[Permission, str] = {
    Permission.CUSTOMER_VIEW: "查看客户档案",
    Permission.CUSTOMER_EDIT: "编辑客户与车辆",
    Permission.CUSTOMER_IMPORT: "导入客户名单",
    Permission.PRINT_CUSTOMER_FILE: "打印客户档案",
    Permission.STAFF_MANAGE: "管理员工账号",
    Permission.SETTINGS_EDIT: "修改门店设置",
    Permission.DEMO_DATA: "加载演示数据",
    Permission.BACKUP_RESTORE: "备份与恢复",
    Permission.WORKORDER_VIEW: "查看工单",
    Permission.WORKORDER_EDIT: "开单与修改工单",
    Permission.WORKORDER_PARTS: "填写配件项目",
    Permission.WORKORDER_REQUISITION: "维修领料",
    Permission.WORKORDER_DISPATCH: "派工",
    Permission.WORKORDER_TIME: "记录工时",
    Permission.WORKORDER_QC: "质量检验",
    Permission.WORKORDER_SETTLE: "结算与冲销",
    Permission.WORKORDER_DELIVER: "交车",
    Permission.WORKORDER_DISCOUNT_ABOVE_LIMIT: "超限折扣",
    Permission.COMPLAINT_VIEW: "查看投诉单",
    Permission.COMPLAINT_REGISTER: "受理客户投诉",
    Permission.COMPLAINT_HANDLE: "处理客户投诉",
    Permission.COMPLAINT_APPROVE: "审批投诉处理方案",
    Permission.COMPLAINT_LOSS: "登记投诉损失与罚扣",
    Permission.MASTERDATA_EDIT: "维护基础资料",
    Permission.CARE_VIEW: "查看跟踪服务",
    Permission.CARE_CALL: "回访与跟踪服务登记",
    Permission.CARE_ASSIGN: "分派回访任务",
    Permission.WARRANTY_CLAIM_VIEW: "查看保修索赔",
    Permission.WARRANTY_CLAIM_EDIT: "提交保修索赔与登记厂家结论",
    Permission.REPORT_DAILY: "查看日报表",
    Permission.KPI_VIEW: "查看经营指标",
    Permission.AUDIT_VIEW: "查看操作日志",
    Permission.SYNC_EXCHANGE: "导出与导入同步数据包",
    Permission.SYNC_ENROL: "登记门店与吊销密钥",
}
PERMISSION_LABELS_EN: dict[Permission, str] = {
    Permission.CUSTOMER_VIEW: "View customer files",
    Permission.CUSTOMER_EDIT: "Edit customers and vehicles",
    Permission.CUSTOMER_IMPORT: "Import customer lists",
    Permission.PRINT_CUSTOMER_FILE: "Print customer files",
    Permission.STAFF_MANAGE: "Manage staff accounts",
    Permission.SETTINGS_EDIT: "Change branch settings",
    Permission.DEMO_DATA: "Load demo data",
    Permission.BACKUP_RESTORE: "Back up and restore",
    Permission.WORKORDER_VIEW: "View work orders",
    Permission.WORKORDER_EDIT: "Open and edit work orders",
    Permission.WORKORDER_PARTS: "Enter part lines",
    Permission.WORKORDER_REQUISITION: "Requisition parts",
    Permission.WORKORDER_DISPATCH: "Dispatch jobs",
    Permission.WORKORDER_TIME: "Record labour time",
    Permission.WORKORDER_QC: "Quality checks",
    Permission.WORKORDER_SETTLE: "Settle and reverse",
    Permission.WORKORDER_DELIVER: "Deliver vehicles",
    Permission.WORKORDER_DISCOUNT_ABOVE_LIMIT: "Discounts above the limit",
    Permission.COMPLAINT_VIEW: "View complaints",
    Permission.COMPLAINT_REGISTER: "Register complaints",
    Permission.COMPLAINT_HANDLE: "Handle complaints",
    Permission.COMPLAINT_APPROVE: "Approve complaint proposals",
    Permission.COMPLAINT_LOSS: "Record complaint losses and penalties",
    Permission.MASTERDATA_EDIT: "Maintain master data",
    Permission.CARE_VIEW: "View follow-ups",
    Permission.CARE_CALL: "Record follow-up calls and care",
    Permission.CARE_ASSIGN: "Assign follow-up tasks",
    Permission.WARRANTY_CLAIM_VIEW: "View warranty claims",
    Permission.WARRANTY_CLAIM_EDIT: "Submit warranty claims and record the maker's decision",
    Permission.REPORT_DAILY: "View daily reports",
    Permission.KPI_VIEW: "View KPIs",
    Permission.AUDIT_VIEW: "View the audit trail",
    Permission.SYNC_EXCHANGE: "Export and import sync bundles",
    Permission.SYNC_ENROL: "Enrol branches and revoke their keys",
}

#: Roles that carry the manager's authority (§7 经理: everything in the branch, approvals,
#: discounts above the limit) wherever a rule names the manager: the manager and the owner.
MANAGERS: frozenset[Role] = frozenset({Role.MANAGER, Role.OWNER})

#: Who may be dispatched a job (派工): the workshop, and the owner, who in a one-person shop
#: repairs the car too.
WORKSHOP_ROLES: frozenset[Role] = frozenset({Role.TECHNICIAN, Role.FOREMAN, Role.OWNER})

_EVERYONE = frozenset(LOGIN_ROLES)
_FRONT_DESK = frozenset({Role.ADVISOR, Role.CARE_CLERK, Role.MANAGER})

_BY_ROLE: dict[Permission, frozenset[Role]] = {
    Permission.CUSTOMER_VIEW: _EVERYONE,
    Permission.CUSTOMER_EDIT: _FRONT_DESK,
    Permission.CUSTOMER_IMPORT: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.PRINT_CUSTOMER_FILE: _FRONT_DESK,
    Permission.STAFF_MANAGE: frozenset({Role.ADMIN}),
    Permission.SETTINGS_EDIT: frozenset({Role.ADMIN, Role.MANAGER}),
    Permission.DEMO_DATA: frozenset({Role.ADMIN}),
    Permission.BACKUP_RESTORE: frozenset({Role.ADMIN}),
    Permission.WORKORDER_VIEW: _EVERYONE,
    Permission.WORKORDER_EDIT: frozenset({Role.ADVISOR, Role.MANAGER}),
    Permission.WORKORDER_PARTS: frozenset({Role.ADVISOR, Role.PARTS_CLERK, Role.MANAGER}),
    Permission.WORKORDER_REQUISITION: frozenset(
        {Role.PARTS_CLERK, Role.TECHNICIAN, Role.FOREMAN, Role.MANAGER}),
    Permission.WORKORDER_DISPATCH: frozenset({Role.FOREMAN, Role.MANAGER}),
    Permission.WORKORDER_TIME: frozenset({Role.TECHNICIAN, Role.FOREMAN, Role.MANAGER}),
    Permission.WORKORDER_QC: frozenset(
        {Role.TECHNICIAN, Role.FOREMAN, Role.QC_INSPECTOR, Role.MANAGER}),
    Permission.WORKORDER_SETTLE: frozenset({Role.CASHIER, Role.MANAGER}),
    Permission.WORKORDER_DELIVER: frozenset({Role.ADVISOR, Role.CASHIER, Role.MANAGER}),
    Permission.WORKORDER_DISCOUNT_ABOVE_LIMIT: frozenset({Role.MANAGER}),
    Permission.COMPLAINT_VIEW: _EVERYONE,
    Permission.COMPLAINT_REGISTER: _EVERYONE,
    Permission.COMPLAINT_HANDLE: _FRONT_DESK,
    Permission.COMPLAINT_APPROVE: frozenset({Role.MANAGER}),
    Permission.COMPLAINT_LOSS: frozenset({Role.MANAGER}),
    Permission.MASTERDATA_EDIT: frozenset({Role.ADMIN, Role.MANAGER}),
    Permission.CARE_VIEW: _FRONT_DESK,
    Permission.CARE_CALL: frozenset({Role.CARE_CLERK, Role.MANAGER}),
    Permission.CARE_ASSIGN: frozenset({Role.MANAGER}),
    Permission.WARRANTY_CLAIM_VIEW: frozenset(
        {Role.CLAIMS_CLERK, Role.PARTS_CLERK, Role.ADVISOR, Role.MANAGER}),
    Permission.WARRANTY_CLAIM_EDIT: frozenset({Role.CLAIMS_CLERK, Role.MANAGER}),
    Permission.REPORT_DAILY: frozenset({Role.FOREMAN, Role.MANAGER}),
    Permission.KPI_VIEW: frozenset({Role.MANAGER}),
    Permission.AUDIT_VIEW: frozenset({Role.MANAGER, Role.ADMIN}),
    # issue 23 item 2: "Export and import at a branch: manager or admin." (HQ's imports and
    # exports for a branch likewise.) "Enrolment, revocation and re-issued enrolment files:
    # HQ admin only." — a branch taking its enrolment file binds this PC's key, so it is the
    # branch's administrator's step too; the service also refuses issuing one outside HQ.
    Permission.SYNC_EXCHANGE: frozenset({Role.MANAGER, Role.ADMIN}),
    Permission.SYNC_ENROL: frozenset({Role.ADMIN}),
}
#: Who may do what. The owner (店长/经理) of a shop that may be one person alone holds every
#: permission: the manager's (§7: everything in the branch) and the administrator's (staff
#: accounts, settings, backup/restore). Existing administrators and managers keep theirs.
MATRIX: dict[Permission, frozenset[Role]] = {
    permission: roles | {Role.OWNER} for permission, roles in _BY_ROLE.items()}


@dataclass(frozen=True)
class Actor:
    """Who is acting: the logged-in staff member (or the local system)."""

    staff_id: str | None
    username: str
    display_name: str
    role: Role

    @staticmethod
    def system() -> Actor:
        """Automatic work nobody started by hand (start-up tasks, background jobs, the
        watched folder's imports); the audit trail shows 系统."""
        return Actor(staff_id=None, username="system", display_name="系统", role=Role.SYSTEM)

    @staticmethod
    def command_line(os_user: str) -> Actor:
        """A ``dealerdesk`` subcommand run by the operating-system account ``os_user``.

        Why the system's authority under the account's name (issue 23 item 2: "a
        command-line action names the operating-system account (e.g. `root（命令行）`), never
        系统"): whoever runs the command controls the database file anyway (the trust model),
        but the audit trail must still say who that was.
        """
        name = os_user.strip() or "?"
        return Actor(staff_id=None, username=name, display_name=f"{name}（命令行）", role=Role.SYSTEM)


def can(actor: Actor, permission: Permission) -> bool:
    return actor.role is Role.SYSTEM or actor.role in MATRIX[permission]


def require(actor: Actor, permission: Permission) -> None:
    """Refuse what the role may not do; also tells the audit trail who is acting."""
    from domain import audit  # late: domain.audit imports the model, which may import roles

    audit.set_actor(actor)
    if not can(actor, permission):
        audit.refused(actor, PERMISSION_LABELS_ZH.get(permission, str(permission)))
        raise not_allowed(actor.role, PERMISSION_LABELS_ZH.get(permission, str(permission)),
                          PERMISSION_LABELS_EN.get(permission, str(permission)),
                          permission_code=str(permission))


def not_allowed(role: str, action_zh: str, action_en: str, **codes: str) -> NotAllowed:
    """The refusal with the role and the action as codes and as labels in both languages,
    so the message renders in whatever language the caller shows it in."""
    return NotAllowed("not_allowed", role_code=str(role), role=role_label(role),
                      role_en=role_label(role, "en"), action=action_zh, action_en=action_en, **codes)
