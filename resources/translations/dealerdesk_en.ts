<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AdminPage</name>
    <message>
        <source>管理员账号</source>
        <translation>Administrator account</translation>
    </message>
    <message>
        <source>第一个管理员负责建立其他员工的账号。请牢记密码。</source>
        <translation>The first administrator creates the other staff accounts. Keep the password safe.</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>字母、数字、下划线，3–32 位，如 admin</source>
        <translation>Letters, digits, underscores; 3–32 characters, e.g. admin</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>至少 6 位</source>
        <translation>At least 6 characters</translation>
    </message>
    <message>
        <source>再次输入密码</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <source>备份与恢复</source>
        <translation>Backup &amp; restore</translation>
    </message>
    <message>
        <source>程序每天第一次启动和每次退出时自动备份，并按规则保留每日、每周、每月的备份。重要操作前也可以立即备份。</source>
        <translation>The program backs up automatically at the first start of each day and on every exit, and keeps daily, weekly and monthly backups. You can also back up right now before important work.</translation>
    </message>
    <message>
        <source>备份时间</source>
        <translation>Taken at</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <source>从其他文件恢复…</source>
        <translation>Restore from another file…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>第二备份位置（U 盘或网络共享）</source>
        <translation>Second backup location (USB stick or network share)</translation>
    </message>
    <message>
        <source>未设置：备份只保存在本机</source>
        <translation>Not set: backups are kept on this PC only</translation>
    </message>
    <message>
        <source>选择文件夹…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>不使用</source>
        <translation>Don&apos;t use</translation>
    </message>
    <message>
        <source>每次备份后会再复制一份到这里，防止电脑损坏时数据全部丢失。</source>
        <translation>Every backup is also copied here, so a broken PC does not lose all data.</translation>
    </message>
    <message>
        <source>手动备份</source>
        <translation>Manual backup</translation>
    </message>
    <message>
        <source>每日自动备份</source>
        <translation>Daily automatic backup</translation>
    </message>
    <message>
        <source>退出时备份</source>
        <translation>Backup on exit</translation>
    </message>
    <message>
        <source>恢复前备份</source>
        <translation>Backup before restore</translation>
    </message>
    <message>
        <source>升级前备份</source>
        <translation>Backup before upgrade</translation>
    </message>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>备份完成：%1</source>
        <translation>Backup done: %1</translation>
    </message>
    <message>
        <source>警告：</source>
        <translation>Warning:</translation>
    </message>
    <message>
        <source>选择备份文件</source>
        <translation>Choose backup file</translation>
    </message>
    <message>
        <source>售后管家备份 (*.sqlite3 *.db);;所有文件 (*)</source>
        <translation>DealerDesk backups (*.sqlite3 *.db);;All files (*)</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>用下面的备份替换当前数据？</source>
        <translation>Replace the current data with this backup?</translation>
    </message>
    <message>
        <source>恢复前，当前的数据会先自动保存为一份“恢复前备份”，需要时可以再恢复回来。恢复完成后必须重新启动程序。</source>
        <translation>Before restoring, the current data is saved as a &quot;backup before restore&quot;, so you can go back if needed. The program must be restarted after the restore.</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在恢复…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <source>恢复前的数据已保存在：%1</source>
        <translation>The data from before the restore was saved in: %1</translation>
    </message>
    <message>
        <source>原来没有数据，无需先保存。</source>
        <translation>There was no data before, so nothing needed saving.</translation>
    </message>
    <message>
        <source>恢复完成。</source>
        <translation>Restore complete.</translation>
    </message>
    <message>
        <source>请重新启动售后管家，之后才能继续使用。</source>
        <translation>Please restart DealerDesk before you continue.</translation>
    </message>
    <message>
        <source>恢复完成</source>
        <translation>Restore complete</translation>
    </message>
    <message>
        <source>选择第二备份位置</source>
        <translation>Choose second backup location</translation>
    </message>
    <message>
        <source>第二备份位置已保存。</source>
        <translation>Second backup location saved.</translation>
    </message>
    <message>
        <source>已停止复制到第二备份位置。</source>
        <translation>No longer copying to a second backup location.</translation>
    </message>
    <message>
        <source>操作未完成</source>
        <translation>Not done</translation>
    </message>
</context>
<context>
    <name>BranchPage</name>
    <message>
        <source>门店信息</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>这台电脑上的数据库属于哪个门店。门店代码会出现在工单号、投诉编号里，设置后不能修改。</source>
        <translation>The branch this PC&apos;s database belongs to. The branch code becomes part of work-order and complaint numbers and cannot be changed later.</translation>
    </message>
    <message>
        <source>门店代码</source>
        <translation>Branch code</translation>
    </message>
    <message>
        <source>2–8 位大写字母或数字，如 BJ01</source>
        <translation>2–8 capital letters or digits, e.g. BJ01</translation>
    </message>
    <message>
        <source>门店名称</source>
        <translation>Branch name</translation>
    </message>
    <message>
        <source>如：北京朝阳店</source>
        <translation>e.g. Beijing Chaoyang</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>如：010-64700000</source>
        <translation>e.g. 010-64700000</translation>
    </message>
</context>
<context>
    <name>BranchTab</name>
    <message>
        <source>总部</source>
        <translation>Headquarters</translation>
    </message>
    <message>
        <source>门店</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>门店代码</source>
        <translation>Branch code</translation>
    </message>
    <message>
        <source>门店名称</source>
        <translation>Branch name</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>时区</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>门店信息在首次设置时确定，暂不能在此修改。</source>
        <translation>Branch details were set at first start and cannot be changed here yet.</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>很抱歉，程序遇到了一个意外错误。刚才的操作可能没有完成，请检查后重试；已保存的数据不受影响。</source>
        <translation>Sorry, the program ran into an unexpected error. The last action may not have completed; please check and try again. Data already saved is not affected.</translation>
    </message>
    <message>
        <source>错误记录已保存到：
%1
如问题反复出现，请把该文件发给技术支持。</source>
        <translation>The error report was saved to:
%1
If this keeps happening, please send that file to support.</translation>
    </message>
    <message>
        <source>程序错误</source>
        <translation>Program error</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>新建客户</source>
        <translation>New customer</translation>
    </message>
    <message>
        <source>编辑客户档案</source>
        <translation>Edit customer file</translation>
    </message>
    <message>
        <source>个人</source>
        <translation>Individual</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>11 位手机号</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <source>如 010-12345678</source>
        <translation>e.g. 010-12345678</translation>
    </message>
    <message>
        <source>选填，填写时校验</source>
        <translation>Optional; checked when given</translation>
    </message>
    <message>
        <source>自然到店</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <source>老客户介绍</source>
        <translation>Referred by a customer</translation>
    </message>
    <message>
        <source>网络/电话预约</source>
        <translation>Online/phone booking</translation>
    </message>
    <message>
        <source>保险公司推荐</source>
        <translation>Insurer referral</translation>
    </message>
    <message>
        <source>车队/单位</source>
        <translation>Fleet/company</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any time</translation>
    </message>
    <message>
        <source>工作日白天</source>
        <translation>Weekdays, daytime</translation>
    </message>
    <message>
        <source>工作日晚上</source>
        <translation>Weekday evenings</translation>
    </message>
    <message>
        <source>周末</source>
        <translation>Weekends</translation>
    </message>
    <message>
        <source>同意接收回访和保养提醒（电话/短信）</source>
        <translation>Agrees to follow-up calls and service reminders (phone/SMS)</translation>
    </message>
    <message>
        <source>客户类型</source>
        <translation>Customer type</translation>
    </message>
    <message>
        <source>客户名称</source>
        <translation>Customer name</translation>
    </message>
    <message>
        <source>手机</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <source>其他电话</source>
        <translation>Other phones</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>客户来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>方便联系时间</source>
        <translation>Preferred contact time</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>客户信息</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>同时登记第一辆车</source>
        <translation>Register the first vehicle too</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <source>车牌 / 手机 / VIN / 姓名</source>
        <translation>Plate / mobile / VIN / name</translation>
    </message>
    <message>
        <source>输入车牌、手机号（或后 4 位）、VIN（或后 6 位）或姓名查找客户</source>
        <translation>Find a customer by plate, mobile (or last 4 digits), VIN (or last 6) or name</translation>
    </message>
    <message>
        <source>新建客户</source>
        <translation>New customer</translation>
    </message>
    <message>
        <source>导入客户名单</source>
        <translation>Import customer list</translation>
    </message>
    <message>
        <source>未找到匹配的客户或车辆</source>
        <translation>No matching customer or vehicle</translation>
    </message>
    <message>
        <source>在左侧或顶部查找框中查找客户（Ctrl+F），或点击“新建客户”。</source>
        <translation>Find a customer with the search box on the left or at the top (Ctrl+F), or click &quot;New customer&quot;.</translation>
    </message>
    <message>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>打印客户档案</source>
        <translation>Print customer file</translation>
    </message>
    <message>
        <source>客户信息</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>手机</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <source>其他电话</source>
        <translation>Other phones</translation>
    </message>
    <message>
        <source>证件号</source>
        <translation>ID / credit code</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>客户来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>方便联系时间</source>
        <translation>Preferred contact time</translation>
    </message>
    <message>
        <source>同意回访</source>
        <translation>Contact consent</translation>
    </message>
    <message>
        <source>首次到店</source>
        <translation>First visit</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>车辆</source>
        <translation>Vehicles</translation>
    </message>
    <message>
        <source>添加车辆</source>
        <translation>Add vehicle</translation>
    </message>
    <message>
        <source>编辑车辆</source>
        <translation>Edit vehicle</translation>
    </message>
    <message>
        <source>过户</source>
        <translation>Change owner</translation>
    </message>
    <message>
        <source>过户记录（所选车辆）</source>
        <translation>Ownership history (selected vehicle)</translation>
    </message>
    <message>
        <source>您的角色无权编辑客户与车辆</source>
        <translation>Your role may not edit customers and vehicles</translation>
    </message>
    <message>
        <source>您的角色无权打印客户档案</source>
        <translation>Your role may not print customer files</translation>
    </message>
    <message>
        <source>仅经理或管理员可导入客户名单</source>
        <translation>Only managers and administrators can import customer lists</translation>
    </message>
    <message>
        <source>同意</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>不同意</source>
        <translation>No</translation>
    </message>
    <message>
        <source>过户记录：%1</source>
        <translation>Ownership history: %1</translation>
    </message>
    <message>
        <source>车辆 %1 已过户给“%2”，过户记录已保留。</source>
        <translation>Vehicle %1 now belongs to &quot;%2&quot;; the ownership history is kept.</translation>
    </message>
    <message>
        <source>客户档案 — %1</source>
        <translation>Customer file — %1</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>完成设置</source>
        <translation>Finish set-up</translation>
    </message>
    <message>
        <source>点击“完成”创建门店和管理员账号，然后用管理员账号登录。</source>
        <translation>Click &quot;Finish&quot; to create the branch and the administrator account, then log in as the administrator.</translation>
    </message>
    <message>
        <source>填充演示数据</source>
        <translation>Fill with demo data</translation>
    </message>
    <message>
        <source>生成 %1 位虚构客户及其车辆，用于培训和试用。正式使用的数据库请不要勾选。</source>
        <translation>Creates %1 fictitious customers with their vehicles for training and trying out. Leave unticked for a database in real use.</translation>
    </message>
    <message>
        <source>门店：%1 %2
管理员：%3（%4）</source>
        <translation>Branch: %1 %2
Administrator: %3 (%4)</translation>
    </message>
    <message>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>导入客户名单</source>
        <translation>Import customer list</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>请选择 .csv 或 .xlsx 文件：每行一辆车，表头可用中文或英文（姓名、手机、车牌、VIN、品牌、车型、购车日期、里程）</source>
        <translation>Choose a .csv or .xlsx file: one row per vehicle, headers in Chinese or English (name, mobile, plate, VIN, brand, model, purchase_date, mileage)</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>共 %1 行：可导入 %2 行，有问题 %3 行（红色行不会导入）。尚未保存任何数据。</source>
        <translation>%1 rows: %2 can be imported, %3 have problems (red rows are not imported). Nothing has been saved yet.</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>已导入 %1 行。</source>
        <translation>Imported %1 rows.</translation>
    </message>
    <message>
        <source>%1 行未导入，原因见表格。</source>
        <translation>%1 rows were not imported; see the table for the reasons.</translation>
    </message>
    <message>
        <source>以下列无法识别，将被忽略：%1</source>
        <translation>These columns are not recognised and will be ignored: %1</translation>
    </message>
</context>
<context>
    <name>ImportRowsModel</name>
    <message>
        <source>可导入</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>有问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>LanguageTab</name>
    <message>
        <source>更改界面语言后，重新启动程序生效。打印的表单始终为中文。</source>
        <translation>A new UI language applies after restarting the program. Printed forms are always in Chinese.</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>已保存：下次启动时使用“%1”。</source>
        <translation>Saved: &quot;%1&quot; will be used from the next start.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录 — 售后管家</source>
        <translation>Log in — DealerDesk</translation>
    </message>
    <message>
        <source>汽车售后服务管理</source>
        <translation>After-sales service desk</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>用户名：</source>
        <translation>User name:</translation>
    </message>
    <message>
        <source>密码：</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>版本 %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>请输入用户名</source>
        <translation>Please enter your user name</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>售后管家 — %1 %2</source>
        <translation>DealerDesk — %1 %2</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>客户与车辆</source>
        <translation>Customers &amp; vehicles</translation>
    </message>
    <message>
        <source>维修工单</source>
        <translation>Work orders</translation>
    </message>
    <message>
        <source>客户投诉</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>跟踪回访</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>报表统计</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>总部同步</source>
        <translation>HQ sync</translation>
    </message>
    <message>
        <source>系统设置</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>操作未完成</source>
        <translation>Not done</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <source>勾选后填写日期；不勾选表示未知</source>
        <translation>Tick to enter a date; unticked means unknown</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>Not given</translation>
    </message>
</context>
<context>
    <name>OwnershipModel</name>
    <message>
        <source>车主</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>起始时间</source>
        <translation>From</translation>
    </message>
    <message>
        <source>结束时间</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>至今</source>
        <translation>Current</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>打印预览 — %1</source>
        <translation>Print preview — %1</translation>
    </message>
    <message>
        <source>共 %1 页</source>
        <translation>%1 pages</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <source>无法开始打印，请检查打印机。</source>
        <translation>Printing could not start; please check the printer.</translation>
    </message>
    <message>
        <source>保存失败</source>
        <translation>Saving failed</translation>
    </message>
    <message>
        <source>无法保存到 %1：%2</source>
        <translation>Could not save to %1: %2</translation>
    </message>
    <message>
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>“%1”功能尚未开放，将在后续版本提供。</source>
        <translation>&quot;%1&quot; is not available yet; it will come in a later version.</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>为 %1（%2）设置新密码：</source>
        <translation>Set a new password for %1 (%2):</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>再次输入密码</source>
        <translation>Repeat password</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>查找：车牌 / 手机或后4位 / VIN或后6位 / 姓名（Ctrl+F）</source>
        <translation>Find: plate / mobile or last 4 digits / VIN or last 6 / name (Ctrl+F)</translation>
    </message>
    <message>
        <source>（仅显示前 %1 条，请输入更多字符）</source>
        <translation>(showing the first %1 only; type more characters)</translation>
    </message>
    <message>
        <source>找到 %1 条 · ↑↓ 选择，Enter 打开客户档案，Esc 清除</source>
        <translation>%1 found · ↑↓ to choose, Enter opens the customer file, Esc clears</translation>
    </message>
    <message>
        <source>未找到匹配的客户或车辆</source>
        <translation>No matching customer or vehicle</translation>
    </message>
</context>
<context>
    <name>SearchHitsModel</name>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>手机</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>车架号(VIN)</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>品牌车型</source>
        <translation>Brand &amp; model</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>员工账号</source>
        <translation>Staff accounts</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>门店信息</source>
        <translation>Branch</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>售后管家 — 首次设置</source>
        <translation>DealerDesk — first set-up</translation>
    </message>
    <message>
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>下一步 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>无法完成设置</source>
        <translation>Set-up could not be completed</translation>
    </message>
    <message>
        <source>正在生成演示数据，请稍候……</source>
        <translation>Creating demo data, please wait…</translation>
    </message>
    <message>
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>门店已建立，但演示数据未能生成：%1</source>
        <translation>The branch was created, but the demo data could not be created: %1</translation>
    </message>
</context>
<context>
    <name>StaffCreateDialog</name>
    <message>
        <source>新建员工账号</source>
        <translation>New staff account</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>登录用，字母、数字、下划线，3–32 位</source>
        <translation>For logging in: letters, digits, underscores; 3–32 characters</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>初始密码</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <source>再次输入密码</source>
        <translation>Repeat password</translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <source>新建员工…</source>
        <translation>New staff member…</translation>
    </message>
    <message>
        <source>停用账号</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>重新启用</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <source>重置密码…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <source>只有管理员可以管理员工账号。</source>
        <translation>Only administrators can manage staff accounts.</translation>
    </message>
    <message>
        <source>已建立账号 %1（%2）。</source>
        <translation>Account %1 (%2) created.</translation>
    </message>
    <message>
        <source>已停用账号 %1。</source>
        <translation>Account %1 deactivated.</translation>
    </message>
    <message>
        <source>已重新启用账号 %1。</source>
        <translation>Account %1 reactivated.</translation>
    </message>
    <message>
        <source>已为 %1 设置新密码。</source>
        <translation>A new password was set for %1.</translation>
    </message>
</context>
<context>
    <name>StaffTableModel</name>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>在用</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Deactivated</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>过户 — %1</source>
        <translation>Change owner — %1</translation>
    </message>
    <message>
        <source>车辆 %1 当前车主：%2。查找新车主（车牌、手机、姓名），选中后确认。</source>
        <translation>Vehicle %1, current owner: %2. Find the new owner (plate, mobile, name), select and confirm.</translation>
    </message>
    <message>
        <source>查找新车主：手机 / 姓名 / 车牌</source>
        <translation>Find new owner: mobile / name / plate</translation>
    </message>
    <message>
        <source>新建客户…</source>
        <translation>New customer…</translation>
    </message>
    <message>
        <source>选填，如：二手车交易、家庭成员间过户</source>
        <translation>Optional, e.g. used-car sale, transfer within the family</translation>
    </message>
    <message>
        <source>确认过户</source>
        <translation>Confirm change of owner</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>新车主</source>
        <translation>New owner</translation>
    </message>
    <message>
        <source>过户说明</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>尚未选择新车主（↓ 进入列表选择）</source>
        <translation>No new owner selected yet (↓ to choose from the list)</translation>
    </message>
    <message>
        <source>%1（即当前车主）</source>
        <translation>%1 (the current owner)</translation>
    </message>
</context>
<context>
    <name>VehicleDialog</name>
    <message>
        <source>添加车辆</source>
        <translation>Add vehicle</translation>
    </message>
    <message>
        <source>编辑车辆</source>
        <translation>Edit vehicle</translation>
    </message>
    <message>
        <source>车主：%1</source>
        <translation>Owner: %1</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>VehicleForm</name>
    <message>
        <source>如 京A12345、粤BD12345</source>
        <translation>e.g. 京A12345, 粤BD12345</translation>
    </message>
    <message>
        <source>17 位，不含 I、O、Q</source>
        <translation>17 characters, no I, O or Q</translation>
    </message>
    <message>
        <source>如 2021</source>
        <translation>e.g. 2021</translation>
    </message>
    <message>
        <source>不填表示不限里程</source>
        <translation>Leave empty for no mileage limit</translation>
    </message>
    <message>
        <source>车牌号</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>车架号(VIN)</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>品牌</source>
        <translation>Brand</translation>
    </message>
    <message>
        <source>车型</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>年款</source>
        <translation>Model year</translation>
    </message>
    <message>
        <source>发动机号</source>
        <translation>Engine number</translation>
    </message>
    <message>
        <source>颜色</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>当前里程(km)</source>
        <translation>Current mileage (km)</translation>
    </message>
    <message>
        <source>购车日期</source>
        <translation>Purchase date</translation>
    </message>
    <message>
        <source>保险到期</source>
        <translation>Insurance expiry</translation>
    </message>
    <message>
        <source>年检到期</source>
        <translation>Annual inspection due</translation>
    </message>
    <message>
        <source>保修截止日期</source>
        <translation>Warranty end date</translation>
    </message>
    <message>
        <source>保修截止里程(km)</source>
        <translation>Warranty end mileage (km)</translation>
    </message>
</context>
<context>
    <name>VehiclesModel</name>
    <message>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>车架号(VIN)</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>品牌</source>
        <translation>Brand</translation>
    </message>
    <message>
        <source>车型</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>年款</source>
        <translation>Model year</translation>
    </message>
    <message>
        <source>颜色</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>里程(km)</source>
        <translation>Mileage (km)</translation>
    </message>
    <message>
        <source>购车日期</source>
        <translation>Purchase date</translation>
    </message>
    <message>
        <source>保险到期</source>
        <translation>Insurance expiry</translation>
    </message>
    <message>
        <source>年检到期</source>
        <translation>Annual inspection due</translation>
    </message>
    <message>
        <source>保修截止</source>
        <translation>Warranty end</translation>
    </message>
</context>
<context>
    <name>_ServiceDialog</name>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>选择客户名单</source>
        <translation>Choose customer list</translation>
    </message>
    <message>
        <source>客户名单 (*.csv *.xlsx)</source>
        <translation>Customer lists (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
</TS>
