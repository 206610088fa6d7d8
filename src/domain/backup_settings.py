"""Backup settings (备份设置) kept in the database's settings table, and their keys.

Why in the database and not in QSettings: the rotation and the second folder are a branch's
business decision (DESIGN.md: business settings travel with the database), and both the GUI
and ``dealerdesk backup`` must honour the same values. The keys live here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import ValidationError, collect
from domain.messages import register
from domain.roles import Actor, Permission, require
from domain.services.branch import SettingsService
from domain.validation import clean_text

KEY_SECOND_FOLDER = "backup.second_folder"
KEY_KEEP_DAILY = "backup.keep_daily"
KEY_KEEP_WEEKLY = "backup.keep_weekly"
KEY_KEEP_MONTHLY = "backup.keep_monthly"
#: ISO-8601 UTC time of the last completed background integrity check.
KEY_LAST_INTEGRITY_CHECK = "integrity.last_check_at"

DEFAULT_KEEP_DAILY = 14
DEFAULT_KEEP_WEEKLY = 8
DEFAULT_KEEP_MONTHLY = 12
MAX_KEEP = 400

# Messages of storage.backup's refusals live here so the GUI (which may not import storage)
# renders them too.
register("backup.missing", "找不到备份文件：{path}", "Backup file not found: {path}")
register("backup.not_sqlite",
         "文件“{path}”不是 SQLite 数据库文件，不能用来恢复",
         "'{path}' is not an SQLite database file and cannot be restored")
register("backup.needs_sqlite",
         "文件“{path}”是本店主机服务器数据库的备份（.dump），这台电脑的数据库是本机数据库文件，"
         "需要 .sqlite3 备份文件",
         "'{path}' is a backup of the main PC's server database (.dump); this PC's database is "
         "a local file and needs a .sqlite3 backup")
register("backup.needs_dump",
         "文件“{path}”是本机数据库文件的备份（.sqlite3），本店数据库在主机服务器上，需要 .dump 备份文件",
         "'{path}' is a backup of a local database file (.sqlite3); this branch's database is on "
         "the main PC's server and needs a .dump backup")
register("backup.not_dump",
         "文件“{path}”不是售后管家服务器数据库的备份（.dump），不能用来恢复",
         "'{path}' is not a backup of a DealerDesk server database (.dump) and cannot be restored")
register("backup.foreign_branch",
         "备份“{path}”是门店 {backup_branch} 的数据，当前数据库是门店 {current_branch}，不能恢复到这里",
         "Backup '{path}' holds branch {backup_branch}'s data; this database is branch "
         "{current_branch}: it cannot be restored here")
register("backup.restore_failed",
         "恢复没有完成，数据库保持原样：{reason}",
         "The restore did not complete; the database is unchanged: {reason}")
register("backup.not_dealerdesk",
         "文件“{path}”不是售后管家数据库（缺少 {missing} 表），不能用来恢复",
         "'{path}' is not a DealerDesk database (table {missing} is missing) and cannot be restored")
register("backup.newer",
         "备份“{path}”来自更新版本的售后管家（数据库版本 {db_version}），请先升级本程序再恢复",
         "'{path}' comes from a newer DealerDesk (database version {db_version}); upgrade this program first")
register("backup.damaged",
         "备份文件“{path}”已损坏，不能用来恢复：{problem}",
         "Backup '{path}' is damaged and cannot be restored: {problem}")
register("backup.unreadable",
         "无法读取文件“{path}”：{reason}",
         "Cannot read '{path}': {reason}")
register("backup.no_database",
         "还没有数据库可以备份：{path}",
         "There is no database to back up yet: {path}")
register("backup.failed",
         "备份失败：{reason}（目标：{path}）",
         "Backup failed: {reason} (target: {path})")
register("backup.bad_reason",
         "备份原因“{reason}”无效：只能使用小写字母、数字和连字符",
         "Backup reason '{reason}' is not valid: lower-case letters, digits and hyphens only")
register("backup.running",
         "正在备份，请等这次备份完成后再试",
         "A backup is already running; try again when it has finished")
register("backup.cancelled",
         "备份已取消，没有留下不完整的备份文件",
         "Backup cancelled; no incomplete backup file was left behind")
register("backup.second_folder_unreachable",
         "第二备份位置“{folder}”无法访问（U 盘未插入或网络共享断开？）：本次备份只保存在本机 {local}",
         "The second backup folder '{folder}' is unreachable (USB drive unplugged or share offline?): "
         "this backup is only on this PC at {local}")


@dataclass(frozen=True)
class BackupSettings:
    second_folder: str = ""  # empty: no second copy
    keep_daily: int = DEFAULT_KEEP_DAILY
    keep_weekly: int = DEFAULT_KEEP_WEEKLY
    keep_monthly: int = DEFAULT_KEEP_MONTHLY


def _count(raw: object, default: int) -> int:
    # A hand-edited or damaged value falls back to the default rather than stopping backups.
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_KEEP:
        return default
    return raw


def load_backup_settings(settings: SettingsService) -> BackupSettings:
    folder = settings.get(KEY_SECOND_FOLDER, "")
    return BackupSettings(
        second_folder=folder if isinstance(folder, str) else "",
        keep_daily=_count(settings.get(KEY_KEEP_DAILY), DEFAULT_KEEP_DAILY),
        keep_weekly=_count(settings.get(KEY_KEEP_WEEKLY), DEFAULT_KEEP_WEEKLY),
        keep_monthly=_count(settings.get(KEY_KEEP_MONTHLY), DEFAULT_KEEP_MONTHLY),
    )


def validate_backup_settings(value: BackupSettings) -> BackupSettings:
    errors: list[ValidationError | None] = []
    folder = value.second_folder
    try:
        folder = clean_text(value.second_folder, "第二备份位置", "second_folder", max_len=500)
    except ValidationError as exc:
        errors.append(exc)
    for field, label, count in (("keep_daily", "保留每日备份数", value.keep_daily),
                                ("keep_weekly", "保留每周备份数", value.keep_weekly),
                                ("keep_monthly", "保留每月备份数", value.keep_monthly)):
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_KEEP:
            errors.append(ValidationError("number.range", field, label=label, min=0, max=MAX_KEEP))
    collect(*errors)
    return BackupSettings(folder, value.keep_daily, value.keep_weekly, value.keep_monthly)


def save_backup_settings(settings: SettingsService, actor: Actor, value: BackupSettings) -> BackupSettings:
    """Validate everything first, then write; only an administrator decides about backups."""
    require(actor, Permission.BACKUP_RESTORE)
    clean = validate_backup_settings(value)
    settings.set(actor, KEY_SECOND_FOLDER, clean.second_folder)
    settings.set(actor, KEY_KEEP_DAILY, clean.keep_daily)
    settings.set(actor, KEY_KEEP_WEEKLY, clean.keep_weekly)
    settings.set(actor, KEY_KEEP_MONTHLY, clean.keep_monthly)
    return clean
