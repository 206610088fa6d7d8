"""Message catalogue for domain error codes, in Chinese (default) and English.

Why here and not in Qt .ts files: the command line and the headless HQ side need the same
texts without Qt; the GUI shows exactly what the CLI prints.
"""

from __future__ import annotations

from typing import Any

_ZH: dict[str, str] = {
    "required": "{label}不能为空",
    "too_long": "{label}不能超过 {max} 个字符",
    "invalid_chars": "{label}含有不能保存的控制字符",
    "vin.length": "车架号(VIN)必须是 17 位，当前 {length} 位",
    "vin.bad_letter": "车架号(VIN)不能含字母 I、O、Q（第 {pos} 位是“{char}”）",
    "vin.bad_char": "车架号(VIN)只能由数字和字母组成（第 {pos} 位是“{char}”）",
    "vin.check_digit": "车架号(VIN)校验位错误：第 9 位应为“{expected}”，实为“{actual}”",
    "vin.placeholder": "车架号“{vin}”是占位字符，不是真实车架号，请照行驶证填写",
    "vin.unverified": "第9位不是校验位：进口车可能不使用校验位，请与行驶证核对",
    "plate.invalid": "车牌号“{plate}”格式不正确（例：京A12345，新能源：京AD12345）",
    "plate.special": "{plate} 是{note}：不按 GA 36 校验，按特殊号牌登记",
    "mobile.invalid": "手机号“{value}”不正确：应为 11 位，以 13–19 开头",
    "phone.invalid": "电话“{value}”不正确（例：010-12345678）",
    "id_number.invalid": "身份证号“{value}”不正确（18 位，最后一位校验码）",
    "id_number.first_generation": "身份证号“{value}”是 15 位的第一代身份证号码，已于 2013 年 1 月 1 日停止使用，请填写 18 位号码",
    "id_number.region": "身份证号的省级行政区划代码“{region}”不存在",
    "id_number.birth_date": "身份证号中的出生日期“{value}”不是有效日期",
    "id_number.birth_future": "身份证号中的出生日期 {value} 晚于今天",
    "id_number.check": "身份证号校验位错误：最后一位应为“{expected}”，实为“{actual}”",
    "credit_code.length": "统一社会信用代码“{value}”不正确：应为 18 位，当前 {length} 位",
    "credit_code.bad_char": "统一社会信用代码第 {pos} 位“{char}”不是可用字符（数字和除 I、O、S、V、Z 以外的大写字母）",
    "credit_code.region": "统一社会信用代码第 3–8 位应为 6 位数字的行政区划代码，实为“{value}”",
    "credit_code.check": "统一社会信用代码校验位错误：最后一位应为“{expected}”，实为“{actual}”",
    "date.invalid": "{label}日期不正确：{value}",
    "date.future": "{label}不能晚于今天",
    "number.range": "{label}必须在 {min} 到 {max} 之间",
    "mileage.invalid": "里程必须是 0 到 9999999 之间的整数",
    "model_year.invalid": "年款必须在 1950 到 {max} 之间",
    "branch_code.invalid": "门店代码“{value}”不正确：2–8 位大写字母或数字，如 BJ01",
    "username.invalid": "用户名只能包含字母、数字、下划线和点，3–32 位",
    "username.taken": "用户名“{username}”已被使用",
    "password.weak": "密码至少 {min} 位",
    "role.invalid": "未知角色：{role}",
    "vehicle.plate_taken": "车牌号 {plate} 已登记在客户“{owner}”名下",
    "vehicle.vin_taken": "车架号 {vin} 已登记（车牌 {plate}，客户“{owner}”）",
    "customer.not_found": "找不到客户：{key}",
    "customer.ambiguous": "“{key}”对应多位客户，请用客户编号或车牌",
    "vehicle.not_found": "找不到车辆：{key}",
    "staff.not_found": "找不到员工：{key}",
    "staff.last_admin": "不能停用最后一个管理员账号",
    "auth.failed": "用户名或密码错误",
    "auth.inactive": "账号“{username}”已停用，请联系管理员",
    "auth.locked": "登录失败次数过多，请 {minutes} 分钟后再试",
    "not_allowed": "您的角色（{role}）无权执行此操作：{action}",
    "db.missing": "找不到数据库：{path}。请先运行 dealerdesk init 或启动程序完成初始设置",
    "db.newer": "数据库版本（{db_version}）比本程序新，请升级售后管家后再打开",
    "db.not_dealerdesk": "文件“{path}”不是售后管家数据库",
    "db.busy": "数据库正忙（另一窗口或另一台电脑正在保存），请稍后重试",
    "db.disk_full": "磁盘已满或无法写入，本次内容未能保存（之前保存的数据不受影响）。请清理磁盘空间或检查存储设备后重试",
    "db.already_initialised": "数据库已初始化（门店 {branch_code}），无需再次初始化",
    "import.file_unreadable": "无法读取文件“{path}”：{reason}",
    "import.format": "不支持的文件格式“{suffix}”，请使用 .csv 或 .xlsx",
    "import.no_header": "文件中找不到表头（至少需要“姓名”和“车牌”或“VIN”列）",
    "import.duplicate_in_file": "与第 {row} 行重复（{what}）",
    "stale": "该记录已被他人修改，请重新打开后再保存",
}

_EN: dict[str, str] = {
    "required": "{label} is required",
    "too_long": "{label} must not exceed {max} characters",
    "invalid_chars": "{label} contains control characters that cannot be saved",
    "vin.length": "VIN must have 17 characters, it has {length}",
    "vin.bad_letter": "VIN must not contain I, O or Q (position {pos} is '{char}')",
    "vin.bad_char": "VIN may contain only digits and letters (position {pos} is '{char}')",
    "vin.check_digit": "VIN check digit is wrong: position 9 should be '{expected}', is '{actual}'",
    "vin.placeholder": "VIN '{vin}' is a placeholder, not a real VIN; copy it from the registration certificate",
    "vin.unverified": "Position 9 is not a check digit: imported cars may not use one; compare with the registration certificate",
    "plate.invalid": "Plate '{plate}' is not valid (e.g. 京A12345, new energy 京AD12345)",
    "plate.special": "{plate} is registered as a special plate ({note_en}), not checked against GA 36",
    "mobile.invalid": "Mobile number '{value}' is not valid: 11 digits starting 13-19",
    "phone.invalid": "Phone '{value}' is not valid (e.g. 010-12345678)",
    "id_number.invalid": "ID number '{value}' is not valid (18 characters)",
    "id_number.first_generation": "ID number '{value}' is a 15-digit first-generation number, no longer valid since 1 January 2013; enter the 18-digit number",
    "id_number.region": "ID number: province code '{region}' does not exist",
    "id_number.birth_date": "ID number: birth date '{value}' is not a real date",
    "id_number.birth_future": "ID number: birth date {value} is in the future",
    "id_number.check": "ID number check character is wrong: should end in '{expected}', is '{actual}'",
    "credit_code.length": "Unified social credit code '{value}' must have 18 characters, it has {length}",
    "credit_code.bad_char": "Unified social credit code: position {pos} '{char}' is not allowed (digits and capital letters except I, O, S, V, Z)",
    "credit_code.region": "Unified social credit code: positions 3-8 must be a 6-digit division code, are '{value}'",
    "credit_code.check": "Unified social credit code check character is wrong: should end in '{expected}', is '{actual}'",
    "date.invalid": "{label}: invalid date {value}",
    "date.future": "{label} cannot be in the future",
    "number.range": "{label} must be between {min} and {max}",
    "mileage.invalid": "Mileage must be a whole number from 0 to 9999999",
    "model_year.invalid": "Model year must be between 1950 and {max}",
    "branch_code.invalid": "Branch code '{value}' is not valid: 2-8 capital letters or digits, e.g. BJ01",
    "username.invalid": "User name: 3-32 letters, digits, underscores or dots",
    "username.taken": "User name '{username}' is taken",
    "password.weak": "Password must have at least {min} characters",
    "role.invalid": "Unknown role: {role}",
    "vehicle.plate_taken": "Plate {plate} is already registered to '{owner}'",
    "vehicle.vin_taken": "VIN {vin} is already registered (plate {plate}, customer '{owner}')",
    "customer.not_found": "Customer not found: {key}",
    "customer.ambiguous": "'{key}' matches several customers; use the customer id or plate",
    "vehicle.not_found": "Vehicle not found: {key}",
    "staff.not_found": "Staff member not found: {key}",
    "staff.last_admin": "The last administrator cannot be deactivated",
    "auth.failed": "Wrong user name or password",
    "auth.inactive": "Account '{username}' is deactivated; ask the administrator",
    "auth.locked": "Too many failed logins; try again in {minutes} minutes",
    "not_allowed": "Your role ({role_en}) may not do this: {action_en}",
    "db.missing": "Database not found: {path}. Run 'dealerdesk init' or start the app to set it up",
    "db.newer": "The database (version {db_version}) is newer than this program; please upgrade",
    "db.not_dealerdesk": "'{path}' is not a DealerDesk database",
    "db.busy": "The database is busy (another window or PC is saving); please retry",
    "db.disk_full": "The disk is full or cannot be written; this change was not saved (earlier data is safe). Free some disk space or check the drive and try again",
    "db.already_initialised": "The database is already set up (branch {branch_code})",
    "import.file_unreadable": "Cannot read '{path}': {reason}",
    "import.format": "Unsupported file type '{suffix}'; use .csv or .xlsx",
    "import.no_header": "No header row found (need at least name and plate or VIN columns)",
    "import.duplicate_in_file": "Duplicate of row {row} ({what})",
    "stale": "Someone else changed this record; reopen it and save again",
}

_CATALOGUES = {"zh": _ZH, "en": _EN}


def register(code: str, zh: str, en: str) -> None:
    """Let a feature module add its own codes next to the rules that raise them."""
    _ZH[code] = zh
    _EN[code] = en


class _WithFallback(dict[str, Any]):
    """Parameters where a missing ``x_en`` falls back to ``x``: an English template may ask
    for English labels while an older raiser only passed the Chinese one."""

    def __missing__(self, key: str) -> Any:
        if key.endswith("_en") and key[:-3] in self:
            return self[key[:-3]]
        raise KeyError(key)


def render(code: str, lang: str = "zh", **params: Any) -> str:
    catalogue = _CATALOGUES.get(lang, _ZH)
    template = catalogue.get(code) or _ZH.get(code)
    if template is None:
        return code if not params else f"{code}: {params}"
    try:
        return template.format_map(_WithFallback(params))
    except (KeyError, IndexError):
        return template
