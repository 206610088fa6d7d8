<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>序</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>应回访日</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>车辆</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>工单</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>维修项目</source>
        <translation>Repair item</translation>
    </message>
    <message>
        <source>服务顾问/技师</source>
        <translation>Advisor/technician</translation>
    </message>
    <message>
        <source>已打次数</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>约 %1 再打</source>
        <translation>Call back %1</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>来电</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <source>去电</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <source>客户/来电人</source>
        <translation>Customer/caller</translation>
    </message>
    <message>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>事由/要求</source>
        <translation>Reason/request</translation>
    </message>
    <message>
        <source>不满意意见</source>
        <translation>Dissatisfaction</translation>
    </message>
    <message>
        <source>总体评价</source>
        <translation>Overall rating</translation>
    </message>
    <message>
        <source>投诉单</source>
        <translation>Complaint slip</translation>
    </message>
    <message>
        <source>要求答复</source>
        <translation>Request answer</translation>
    </message>
    <message>
        <source>登记人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>收信人</source>
        <translation>Addressee</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>事由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>寄发人</source>
        <translation>Sent by</translation>
    </message>
    <message>
        <source>到期日</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>级内排名</source>
        <translation>Rank in level</translation>
    </message>
    <message>
        <source>车型</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>12个月付费进厂</source>
        <translation>Paid visits (12 mo)</translation>
    </message>
    <message>
        <source>12个月消费(元)</source>
        <translation>Spend 12 mo (yuan)</translation>
    </message>
    <message>
        <source>最近进厂</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <source>上月</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>应回访任务</source>
        <translation>Follow-ups due</translation>
    </message>
    <message>
        <source>已完成回访</source>
        <translation>Follow-ups done</translation>
    </message>
    <message>
        <source>回访未成功</source>
        <translation>Follow-ups failed</translation>
    </message>
    <message>
        <source>外呼电话 / 接通</source>
        <translation>Outgoing calls / answered</translation>
    </message>
    <message>
        <source>客户来电</source>
        <translation>Incoming calls</translation>
    </message>
    <message>
        <source>交车工单</source>
        <translation>Work orders delivered</translation>
    </message>
    <message>
        <source>回访率</source>
        <translation>Follow-up rate</translation>
    </message>
    <message>
        <source>质保期内回访率（目标100%）</source>
        <translation>Follow-up rate in warranty (target 100%)</translation>
    </message>
    <message>
        <source>已评价工单</source>
        <translation>Work orders rated</translation>
    </message>
    <message>
        <source>CSI</source>
        <translation>CSI</translation>
    </message>
    <message>
        <source>&#x3000;%1 满意率</source>
        <translation>&#x3000;%1 satisfaction</translation>
    </message>
    <message>
        <source>&#x3000;%1（%2）CSI</source>
        <translation>&#x3000;%1 (%2) CSI</translation>
    </message>
    <message>
        <source>服务顾问</source>
        <translation>Service advisor</translation>
    </message>
    <message>
        <source>回访中提出的投诉</source>
        <translation>Complaints raised in follow-ups</translation>
    </message>
    <message>
        <source>寄出信函</source>
        <translation>Letters sent</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>工时</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>技师</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>付款方</source>
        <translation>Payer</translation>
    </message>
    <message>
        <source>折扣</source>
        <translation>Discount</translation>
    </message>
    <message>
        <source>工单号</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>接车日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>里程</source>
        <translation>Mileage</translation>
    </message>
    <message>
        <source>维修内容</source>
        <translation>Work done</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>返修</source>
        <translation>Comeback</translation>
    </message>
    <message>
        <source>返修 %1</source>
        <translation>Comeback of %1</translation>
    </message>
    <message>
        <source>增项</source>
        <translation>Add-on</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>配件编号</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>配件名称</source>
        <translation>Part name</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>原厂</source>
        <translation>Genuine</translation>
    </message>
    <message>
        <source>非原厂</source>
        <translation>Non-genuine</translation>
    </message>
    <message>
        <source>保修</source>
        <translation>Warranty</translation>
    </message>
    <message>
        <source>杂费项目</source>
        <translation>Sundry item</translation>
    </message>
    <message>
        <source>作业内容</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>工种</source>
        <translation>Trade</translation>
    </message>
    <message>
        <source>索赔单号</source>
        <translation>Claim number</translation>
    </message>
    <message>
        <source>提交日期</source>
        <translation>Submitted on</translation>
    </message>
    <message>
        <source>索赔金额</source>
        <translation>Claimed amount</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>厂家结论</source>
        <translation>Manufacturer&apos;s decision</translation>
    </message>
    <message>
        <source>答复日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>提交人</source>
        <translation>Submitted by</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>待料原因</source>
        <translation>Waiting for parts</translation>
    </message>
    <message>
        <source>派工时间</source>
        <translation>Dispatched at</translation>
    </message>
    <message>
        <source>累计用时</source>
        <translation>Time spent</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>计时中</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>用时</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>签收时间</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <source>领料技师</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>发料人</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>明细</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>交出</source>
        <translation>From</translation>
    </message>
    <message>
        <source>接收</source>
        <translation>To</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>轮次</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>检验级别</source>
        <translation>Inspection level</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>不合格</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>检验人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>收款方式</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <source>参考号</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>收银员</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>原状态</source>
        <translation>From status</translation>
    </message>
    <message>
        <source>新状态</source>
        <translation>To status</translation>
    </message>
    <message>
        <source>无法打开数据库</source>
        <extracomment>Set to 1 by bench/bench_startup.py: print the time of the first window&apos;s first paint, exit.</extracomment>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>需要重新启动</source>
        <translation>Restart needed</translation>
    </message>
    <message>
        <source>数据已从备份恢复。程序将关闭，请重新启动售后管家。</source>
        <translation>The data was restored from the backup. The program will close; please restart DealerDesk.</translation>
    </message>
    <message>
        <source>多台电脑</source>
        <translation>Several PCs</translation>
    </message>
    <message>
        <source>这台电脑已设为本店主机，数据已移到数据库服务器上。程序将关闭，请重新启动售后管家。</source>
        <translation>This PC is now the shop&apos;s main PC and the data has moved to its database server. The program will close; please start DealerDesk again.</translation>
    </message>
    <message>
        <source>数据库检查发现问题</source>
        <extracomment>How often the GUI looks whether the weekly check has finished.</extracomment>
        <translation>Database check found problems</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>关于 %1</source>
        <translation>About %1</translation>
    </message>
    <message>
        <source>版本 %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>数据文件夹：%1</source>
        <translation>Data folder: %1</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>第三方组件及许可证：</source>
        <translation>Third-party components and licences:</translation>
    </message>
    <message>
        <source>（许可证文件缺失：%1）</source>
        <translation>(licence file missing: %1)</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
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
        <source>店长</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>至少 8 位，不用常见密码</source>
        <translation>At least 8 characters, not a common password</translation>
    </message>
    <message>
        <source>再次输入密码</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <source>员工账号（选填，以后也可以在 系统设置 → 员工账号 中添加）</source>
        <translation>Staff accounts (optional; you can also add them later under Settings → Staff accounts)</translation>
    </message>
    <message>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>管理员账号</source>
        <translation>Administrator account</translation>
    </message>
    <message>
        <source>第一个管理员负责建立其他员工的账号。请牢记密码。</source>
        <translation>The first administrator creates the other staff accounts. Keep the password safe.</translation>
    </message>
    <message>
        <source>店长账号</source>
        <translation>Owner&apos;s account</translation>
    </message>
    <message>
        <source>店长（经理）可以办理所有业务，也负责员工账号、设置和备份；一个人的店只用这一个账号即可。请牢记密码。</source>
        <translation>The owner (manager) may do all the shop&apos;s work and also looks after staff accounts, settings and backups; a one-person shop needs only this account. Keep the password safe.</translation>
    </message>
    <message>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>客户确认估价</source>
        <translation>Customer approves estimate</translation>
    </message>
    <message>
        <source>确认开单</source>
        <translation>Confirm and open</translation>
    </message>
    <message>
        <source>工单 %1&#x3000;估价 %2 元&#x3000;当前合计 %3 元</source>
        <translation>Work order %1&#x3000;Estimate %2 yuan&#x3000;Current total %3 yuan</translation>
    </message>
    <message>
        <source>电话确认时必填，如：车主本人 王先生</source>
        <translation>Required for phone approval, e.g. the owner, Mr Wang</translation>
    </message>
    <message>
        <source>确认方式</source>
        <translation>Approval method</translation>
    </message>
    <message>
        <source>确认人</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>确认时间</source>
        <translation>Approved at</translation>
    </message>
</context>
<context>
    <name>ApprovalMethod</name>
    <message>
        <source>客户在委托书上签字</source>
        <translation>Customer signed the repair order</translation>
    </message>
    <message>
        <source>电话确认</source>
        <translation>Approved by phone</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>全部门店</source>
        <translation>All branches</translation>
    </message>
    <message>
        <source>门店</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>全部操作</source>
        <translation>All actions</translation>
    </message>
    <message>
        <source>单号、车牌或姓名</source>
        <translation>Number, plate or name</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>数据表</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>全部人员</source>
        <translation>All staff</translation>
    </message>
    <message>
        <source>全部数据表</source>
        <translation>All tables</translation>
    </message>
    <message numerus="yes">
        <source>只显示最新的 %n 条，请缩小查询范围</source>
        <translation>
            <numerusform>Showing only the newest %n entry; narrow the search</numerusform>
            <numerusform>Showing only the newest %n entries; narrow the search</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>共 %n 条</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>门店</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>未知分店</source>
        <translation>Unknown branch</translation>
    </message>
    <message>
        <source>分店的系统操作（命令行或自动任务），无法判断是哪个门店</source>
        <translation>A branch&apos;s system entry (command line or automatic task): its branch cannot be told</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>变更内容</source>
        <translation>Changes</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <source>备份与恢复</source>
        <translation>Backup &amp; restore</translation>
    </message>
    <message>
        <source>程序每天第一次启动时在后台自动备份，备份时可以照常使用；退出时如果一小时内没有备份过，也会再备份一次。备份按规则保留每日、每周、每月的副本。重要操作前也可以立即备份。</source>
        <translation>The program backs up automatically in the background at the first start of each day; you can keep working while it runs. On exit it backs up again unless a backup was made within the last hour. Daily, weekly and monthly backups are kept by rule. You can also back up right now before important work.</translation>
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
        <source>取消备份</source>
        <translation>Cancel backup</translation>
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
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>：正在进行，可以照常使用本程序。</source>
        <translation>: in progress; you can keep using the program as usual.</translation>
    </message>
    <message>
        <source>备份已取消，没有留下不完整的备份文件。</source>
        <translation>Backup cancelled; no incomplete backup file was left behind.</translation>
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
        <source>售后管家备份 (*.sqlite3 *.dump *.db);;所有文件 (*)</source>
        <translation>DealerDesk backups (*.sqlite3 *.dump *.db);;All files (*)</translation>
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
    <name>BackupStatus</name>
    <message>
        <source>正在复制到第二备份位置… %1%</source>
        <translation>Copying to the second backup location… %1%</translation>
    </message>
    <message>
        <source>正在备份… %1%</source>
        <translation>Backing up… %1%</translation>
    </message>
</context>
<context>
    <name>BranchPage</name>
    <message>
        <source>门店信息</source>
        <extracomment>Asks for a folder (parent, title, start folder) and returns it or &quot;&quot; — swappable in tests.</extracomment>
        <translation>Branch</translation>
    </message>
    <message>
        <source>这台电脑上的数据库属于哪个门店。门店代码会出现在工单号、投诉编号里，设置后不能修改。</source>
        <translation>The branch this PC&apos;s database belongs to. The branch code becomes part of work-order and complaint numbers and cannot be changed later.</translation>
    </message>
    <message>
        <source>连接本店主机（本店有多台电脑，这台不是主机）</source>
        <translation>Connect to the main PC (several PCs in the shop; this is not the main PC)</translation>
    </message>
    <message>
        <source>本店有多台电脑，这台电脑作为主机</source>
        <translation>Several PCs in the shop: make this PC the main PC</translation>
    </message>
    <message>
        <source>数据库建在这台电脑上，其他电脑选“连接本店主机”连接它；营业时间这台电脑要一直开着。</source>
        <translation>The database is kept on this PC; the other PCs choose &apos;Connect to the main PC&apos;. Keep this PC running during business hours.</translation>
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
    <message>
        <source>门店（日常接车、工单、投诉、回访）</source>
        <translation>Branch (reception, work orders, complaints, follow-ups)</translation>
    </message>
    <message>
        <source>总部（汇总各门店的数据，下发价格和工时）</source>
        <translation>Head office (consolidates the branches, sends out prices and labour times)</translation>
    </message>
    <message>
        <source>用途</source>
        <translation>Used as</translation>
    </message>
    <message>
        <source>连接本店主机</source>
        <translation>Connect to the main PC</translation>
    </message>
    <message>
        <source>这台电脑是本店的一台工作站：数据保存在本店主机上。点“下一步”填写主机的地址。</source>
        <translation>This PC is a workstation of the shop: the data is kept on the main PC. Click Next to enter the main PC&apos;s address.</translation>
    </message>
    <message>
        <source>门店将建立在本店主机 %1 上。</source>
        <translation>The branch will be created on the main PC %1.</translation>
    </message>
    <message>
        <source>总部信息</source>
        <translation>Head office</translation>
    </message>
    <message>
        <source>这台电脑是总部：导入各门店的数据包，查看各门店的汇总。</source>
        <translation>This PC is the head office: it imports the branches&apos; bundles and shows them side by side.</translation>
    </message>
    <message>
        <source>总部代码</source>
        <translation>Head office code</translation>
    </message>
    <message>
        <source>总部名称</source>
        <translation>Head office name</translation>
    </message>
</context>
<context>
    <name>BranchSyncView</name>
    <message>
        <source>登记状态</source>
        <translation>Registration</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>总部：</source>
        <translation>Head office:</translation>
    </message>
    <message>
        <source>总部密钥指纹：</source>
        <translation>Head office key fingerprint:</translation>
    </message>
    <message>
        <source>本机密钥指纹：</source>
        <translation>This PC&apos;s key fingerprint:</translation>
    </message>
    <message>
        <source>上次导出：</source>
        <translation>Last export:</translation>
    </message>
    <message>
        <source>总部已确认到：</source>
        <translation>Confirmed by head office up to:</translation>
    </message>
    <message>
        <source>导入登记文件…</source>
        <translation>Import registration file…</translation>
    </message>
    <message>
        <source>导出到文件…</source>
        <translation>Export to file…</translation>
    </message>
    <message>
        <source>导入总部文件…</source>
        <translation>Import head office file…</translation>
    </message>
    <message>
        <source>结果：</source>
        <translation>Result:</translation>
    </message>
    <message>
        <source>尚未登记：请导入总部签发的登记文件</source>
        <translation>Not registered: import the registration file issued by head office</translation>
    </message>
    <message>
        <source>已登记，等待总部收到第一个数据包</source>
        <translation>Registered; waiting for head office to receive the first bundle</translation>
    </message>
    <message>
        <source>已登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>从未导出</source>
        <translation>Never exported</translation>
    </message>
    <message>
        <source>%1（到第 %2 号）</source>
        <translation>%1 (up to no. %2)</translation>
    </message>
    <message>
        <source>第 %1 号</source>
        <translation>No. %1</translation>
    </message>
    <message>
        <source>导入登记文件</source>
        <translation>Import registration file</translation>
    </message>
    <message>
        <source>登记完成，本机密钥指纹 %1</source>
        <translation>Registered; this PC&apos;s key fingerprint %1</translation>
    </message>
    <message>
        <source>导出到文件</source>
        <translation>Export to file</translation>
    </message>
    <message>
        <source>正在导出变更到 %1</source>
        <translation>Exporting changes to %1</translation>
    </message>
    <message>
        <source>导入总部文件</source>
        <translation>Import head office file</translation>
    </message>
    <message>
        <source>正在导入总部文件</source>
        <translation>Importing HQ files</translation>
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
    <name>BranchesPanel</name>
    <message>
        <source>超过</source>
        <translation>Mark branches red after</translation>
    </message>
    <message>
        <source>天未导入的门店标红</source>
        <translation>days without an import</translation>
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
        <source>最后导入</source>
        <translation>Last import</translation>
    </message>
    <message>
        <source>最后序号</source>
        <translation>Last sequence</translation>
    </message>
    <message>
        <source>密钥指纹</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>未导入天数</source>
        <translation>Days silent</translation>
    </message>
    <message>
        <source>登记门店…</source>
        <translation>Register branch…</translation>
    </message>
    <message>
        <source>吊销密钥</source>
        <translation>Revoke key</translation>
    </message>
    <message>
        <source>为门店导出…</source>
        <translation>Export for branch…</translation>
    </message>
    <message>
        <source>导入门店文件…</source>
        <translation>Import branch file…</translation>
    </message>
    <message>
        <source>监视文件夹（自动导入放入的 .ddsync 文件）</source>
        <translation>Watch folder (imports .ddsync files dropped into it)</translation>
    </message>
    <message>
        <source>未设置</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>选择文件夹…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>停止监视</source>
        <translation>Stop watching</translation>
    </message>
    <message>
        <source>结果：</source>
        <translation>Result:</translation>
    </message>
    <message>
        <source>总部密钥指纹：%1</source>
        <translation>Head office key fingerprint: %1</translation>
    </message>
    <message>
        <source>已吊销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <source>待登记</source>
        <translation>Awaiting registration</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>从未导入</source>
        <translation>Never imported</translation>
    </message>
    <message>
        <source>超过 %1 天没有收到该门店的数据</source>
        <translation>No data from this branch for more than %1 days</translation>
    </message>
    <message>
        <source>请先填写门店代码和门店名称</source>
        <translation>Enter the branch code and name first</translation>
    </message>
    <message>
        <source>保存登记文件</source>
        <translation>Save registration file</translation>
    </message>
    <message>
        <source>已为门店 %1 签发登记文件 %2（只能使用一次，请妥善传送）</source>
        <translation>Registration file %2 issued for branch %1 (single use; transfer it safely)</translation>
    </message>
    <message>
        <source>吊销门店 %1 的密钥后，该门店的数据包将不再被接受，需重新签发登记文件。确定吊销吗？</source>
        <translation>After revoking branch %1&apos;s key, its bundles are no longer accepted and a new registration file must be issued. Revoke the key?</translation>
    </message>
    <message>
        <source>已吊销门店 %1 的密钥 %2</source>
        <translation>Revoked key %2 of branch %1</translation>
    </message>
    <message>
        <source>为门店导出</source>
        <translation>Export for branch</translation>
    </message>
    <message>
        <source>正在为门店 %1 导出</source>
        <translation>Exporting for branch %1</translation>
    </message>
    <message>
        <source>导入门店文件</source>
        <translation>Import branch file</translation>
    </message>
    <message>
        <source>选择监视文件夹</source>
        <translation>Choose folder to watch</translation>
    </message>
    <message>
        <source>开始监视文件夹 %1</source>
        <translation>Watching folder %1</translation>
    </message>
    <message>
        <source>已停止监视文件夹 %1</source>
        <translation>Stopped watching folder %1</translation>
    </message>
    <message>
        <source>已导入 %1：%2</source>
        <translation>Imported %1: %2</translation>
    </message>
    <message>
        <source>已跳过 %1：%2</source>
        <translation>Skipped %1: %2</translation>
    </message>
    <message>
        <source>拒绝导入 %1：%2（已移到 refused 文件夹）</source>
        <translation>Refused %1: %2 (moved to the refused folder)</translation>
    </message>
    <message>
        <source>正在导入门店文件</source>
        <translation>Importing branch files</translation>
    </message>
    <message>
        <source>监视文件夹 %1 已恢复访问，继续自动导入</source>
        <translation>Watched folder %1 is reachable again; automatic import continues</translation>
    </message>
    <message>
        <source>文件夹不存在，或网络驱动器未连接</source>
        <translation>the folder does not exist, or the network drive is not connected</translation>
    </message>
    <message>
        <source>这不是一个文件夹</source>
        <translation>this is not a folder</translation>
    </message>
    <message>
        <source>没有访问权限</source>
        <translation>access is denied</translation>
    </message>
    <message>
        <source>无法读取</source>
        <translation>it cannot be read</translation>
    </message>
    <message>
        <source>无法访问监视文件夹 %1：%2。自动导入已暂停，文件夹恢复后会自动继续。</source>
        <translation>Cannot reach the watched folder %1: %2. Automatic import is paused and resumes by itself once the folder is back.</translation>
    </message>
    <message>
        <source>正在自动导入监视文件夹中的文件</source>
        <translation>Importing files from the watched folder</translation>
    </message>
</context>
<context>
    <name>CalendarSettingsTab</name>
    <message>
        <source>每周营业</source>
        <translation>Open on</translation>
    </message>
    <message>
        <source>休息日（节假日，不营业）</source>
        <translation>Holidays (closed)</translation>
    </message>
    <message>
        <source>额外工作日（调休，照常营业）</source>
        <translation>Extra working days (open although the weekday is closed)</translation>
    </message>
    <message>
        <source>进厂台次日均、工时利用率等按日计算的指标都除以本店的工作日数；默认每周七天营业。工作日历随本店数据上报总部。</source>
        <translation>Cars per day, utilisation and every other per-day figure divide by this branch&apos;s working days; by default the shop is open seven days a week. The calendar travels to HQ with the branch&apos;s data.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>%1 年 %2 月：%3 天中 %4 个工作日</source>
        <translation>%2/%1: %4 working days of %3</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
</context>
<context>
    <name>CallsTab</name>
    <message>
        <source>登记来电</source>
        <translation>Record call</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>已登记来电：%1</source>
        <translation>Call recorded: %1</translation>
    </message>
    <message>
        <source>；已生成投诉单 %1</source>
        <translation>; complaint slip %1 created</translation>
    </message>
</context>
<context>
    <name>CampaignItemDialog</name>
    <message>
        <source>修改服务活动</source>
        <translation>Edit campaign</translation>
    </message>
    <message>
        <source>新增服务活动</source>
        <translation>New campaign</translation>
    </message>
    <message>
        <source>如 HD2607</source>
        <translation>e.g. HD2607</translation>
    </message>
    <message>
        <source>服务活动</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>召回</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>元，免费则不填</source>
        <translation>yuan; leave empty if free</translation>
    </message>
    <message>
        <source>适用车型（不按 VIN 时填写）</source>
        <translation>Model it applies to (when not by VIN)</translation>
    </message>
    <message>
        <source>活动编号</source>
        <translation>Campaign code</translation>
    </message>
    <message>
        <source>活动名称</source>
        <translation>Campaign name</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>价格(元)</source>
        <translation>Price (yuan)</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>车型</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>VIN 起</source>
        <translation>VIN from</translation>
    </message>
    <message>
        <source>VIN 止</source>
        <translation>VIN to</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>价格</source>
        <translation>Price</translation>
    </message>
</context>
<context>
    <name>CareCallDialog</name>
    <message>
        <source>回访电话 — %1</source>
        <translation>Follow-up call — %1</translation>
    </message>
    <message>
        <source>来电登记</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>来电人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>来电号码</source>
        <translation>Caller&apos;s number</translation>
    </message>
    <message>
        <source>通话时间</source>
        <translation>Call time</translation>
    </message>
    <message>
        <source>回访人</source>
        <translation>Called by</translation>
    </message>
    <message>
        <source>接听人</source>
        <translation>Answered by</translation>
    </message>
    <message>
        <source>通话结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>约定再打时间</source>
        <translation>Call back at</translation>
    </message>
    <message>
        <source>用车情况、新需求、用车提示、活动通知……</source>
        <translation>Vehicle use, new needs, driving tips, promotions…</translation>
    </message>
    <message>
        <source>话题/事由</source>
        <translation>Topic/reason</translation>
    </message>
    <message>
        <source>满意意见</source>
        <translation>Praise</translation>
    </message>
    <message>
        <source>不满意意见</source>
        <translation>Dissatisfaction</translation>
    </message>
    <message>
        <source>客户要求</source>
        <translation>Customer&apos;s request</translation>
    </message>
    <message>
        <source>当场未能解决：报服务主任（2 天内答复，答复当天告知客户）</source>
        <translation>Not settled on the call: report to the service supervisor (answer within 2 days, customer told the same day)</translation>
    </message>
    <message>
        <source>答复</source>
        <translation>Our answer</translation>
    </message>
    <message>
        <source>满意度评价（客户意见调查卡）</source>
        <translation>Satisfaction rating (survey card)</translation>
    </message>
    <message>
        <source>总体满意度</source>
        <translation>Overall satisfaction</translation>
    </message>
    <message>
        <source>（未评价）</source>
        <translation>(not rated)</translation>
    </message>
    <message>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>登记投诉（生成客户抱怨处理表）</source>
        <translation>Register a complaint (creates a complaint slip)</translation>
    </message>
    <message>
        <source>客户陈述（不填则用不满意意见）</source>
        <translation>Customer&apos;s words (empty: use the dissatisfaction)</translation>
    </message>
    <message>
        <source>投诉类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>方便接听：%1</source>
        <translation>Best time to call: %1</translation>
    </message>
    <message>
        <source>客户不同意被联系</source>
        <translation>Customer does not agree to be contacted</translation>
    </message>
    <message>
        <source>工单 %1&#x3000;交车 %2</source>
        <translation>Work order %1&#x3000;delivered %2</translation>
    </message>
    <message>
        <source>维修项目：%1</source>
        <translation>Repair items: %1</translation>
    </message>
    <message>
        <source>服务顾问：%1&#x3000;技师：%2</source>
        <translation>Service advisor: %1&#x3000;technician: %2</translation>
    </message>
    <message>
        <source>%1&#x3000;第 %2 次拨打（最多 %3 次）</source>
        <translation>%1&#x3000;attempt %2 (at most %3)</translation>
    </message>
    <message>
        <source>此前：%1 %2</source>
        <translation>Before: %1 %2</translation>
    </message>
</context>
<context>
    <name>CarePage</name>
    <message>
        <source>各分店回访</source>
        <translation>Branches&apos; follow-ups</translation>
    </message>
    <message>
        <source>今日回访</source>
        <translation>Today&apos;s follow-ups</translation>
    </message>
    <message>
        <source>来电登记</source>
        <translation>Incoming calls</translation>
    </message>
    <message>
        <source>信函登记</source>
        <translation>Letters</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Reminders</translation>
    </message>
    <message>
        <source>客户分级</source>
        <translation>Customer levels</translation>
    </message>
    <message>
        <source>月度汇总</source>
        <translation>Monthly summary</translation>
    </message>
</context>
<context>
    <name>CareRequestDialog</name>
    <message>
        <source>答复客户要求 — %1</source>
        <translation>Answer the customer&apos;s request — %1</translation>
    </message>
    <message>
        <source>保存答复</source>
        <translation>Save answer</translation>
    </message>
    <message>
        <source>应于 %1 前答复</source>
        <translation>Answer due by %1</translation>
    </message>
    <message>
        <source>答复</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>已亲自告知客户（否则由客服今天电话告知）</source>
        <translation>I told the customer myself (otherwise customer care calls them today)</translation>
    </message>
</context>
<context>
    <name>ClaimFormDialog</name>
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
    <name>ClassesTab</name>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>车型</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>导出 Excel（呼叫名单）</source>
        <translation>Export Excel (call list)</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>车龄(年)从</source>
        <translation>Vehicle age (years) from</translation>
    </message>
    <message>
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <source>本月级别变动</source>
        <translation>Level changes this month</translation>
    </message>
    <message>
        <source>共 %1 位客户</source>
        <translation>%1 customers</translation>
    </message>
    <message>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>ComplaintAnswerDialog</name>
    <message>
        <source>客户意见 — %1</source>
        <translation>Customer&apos;s answer — %1</translation>
    </message>
    <message>
        <source>客户接受</source>
        <translation>Customer accepts</translation>
    </message>
    <message>
        <source>客户不接受</source>
        <translation>Customer does not accept</translation>
    </message>
    <message>
        <source>客户意见</source>
        <translation>Customer&apos;s answer</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>答复函</source>
        <translation>Reply letter</translation>
    </message>
    <message>
        <source>当面</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>答复方式</source>
        <translation>Answered by</translation>
    </message>
    <message>
        <source>客户原话</source>
        <translation>Customer&apos;s words</translation>
    </message>
</context>
<context>
    <name>ComplaintApproveDialog</name>
    <message>
        <source>审批处理方案 — %1</source>
        <translation>Approve proposal — %1</translation>
    </message>
    <message>
        <source>批准</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>处理方案</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <source>涉及金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>须由%1审批</source>
        <translation>Needs approval by the %1</translation>
    </message>
    <message>
        <source>审批权限</source>
        <translation>Authority needed</translation>
    </message>
    <message>
        <source>审批意见</source>
        <translation>Approval note</translation>
    </message>
</context>
<context>
    <name>ComplaintCloseDialog</name>
    <message>
        <source>结案 — %1</source>
        <translation>Close — %1</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>最终处理措施</source>
        <translation>Final measures</translation>
    </message>
    <message>
        <source>需要回访处理效果（生成客服回访任务）</source>
        <translation>Follow up the measure&apos;s effect (creates a customer-care task)</translation>
    </message>
    <message>
        <source>回访事由（可不填）</source>
        <translation>Follow-up reason (optional)</translation>
    </message>
    <message>
        <source>回访事由</source>
        <translation>Follow-up reason</translation>
    </message>
</context>
<context>
    <name>ComplaintIntakeDialog</name>
    <message>
        <source>登记投诉</source>
        <translation>Register complaint</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>投诉渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>输入车牌、手机号或姓名查找客户档案</source>
        <translation>Type a plate, phone or name to find the customer file</translation>
    </message>
    <message>
        <source>查找客户</source>
        <translation>Find customer</translation>
    </message>
    <message>
        <source>客户档案</source>
        <translation>Customer file</translation>
    </message>
    <message>
        <source>没有档案时填写客户姓名</source>
        <translation>Customer&apos;s name when there is no file</translation>
    </message>
    <message>
        <source>客户姓名</source>
        <translation>Customer&apos;s name</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>工单号（可不填）</source>
        <translation>Work order number (optional)</translation>
    </message>
    <message>
        <source>相关工单</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>投诉类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>危及客户安全</source>
        <translation>Customer&apos;s safety at risk</translation>
    </message>
    <message>
        <source>媒体或主管部门介入</source>
        <translation>Media or regulator involved</translation>
    </message>
    <message>
        <source>涉及国外供应商或厂家</source>
        <translation>Supplier or maker abroad involved</translation>
    </message>
    <message>
        <source>情形</source>
        <translation>Circumstances</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>索赔金额(元)</source>
        <translation>Amount claimed (yuan)</translation>
    </message>
    <message>
        <source>需要人工升级为重大时填写原因</source>
        <translation>Reason when raising to major by hand</translation>
    </message>
    <message>
        <source>升级原因</source>
        <translation>Reason for raising</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>客户陈述</source>
        <translation>Customer&apos;s words</translation>
    </message>
    <message>
        <source>客户要求</source>
        <translation>Customer&apos;s request</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>（未选择，可只填姓名）</source>
        <translation>(none chosen; a name is enough)</translation>
    </message>
    <message>
        <source>人工升级</source>
        <translation>Raised by hand</translation>
    </message>
    <message>
        <source>重大投诉：%1（将立即报总经理）</source>
        <translation>Major complaint: %1 (goes to the general manager at once)</translation>
    </message>
    <message>
        <source>一般投诉</source>
        <translation>General complaint</translation>
    </message>
    <message>
        <source>索赔金额</source>
        <translation>Amount claimed</translation>
    </message>
</context>
<context>
    <name>ComplaintLossDialog</name>
    <message>
        <source>登记损失与罚扣 — %1</source>
        <translation>Record loss and deductions — %1</translation>
    </message>
    <message>
        <source>有责任人时按责任比例分摊；只填部门时按部门基本点数分摊。责任人：%1</source>
        <translation>Shared by responsibility share when persons are named; by base points across the department otherwise. Responsible: %1</translation>
    </message>
    <message>
        <source>（未指定）</source>
        <translation>(not named)</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>损失金额(元)</source>
        <translation>Loss (yuan)</translation>
    </message>
    <message>
        <source>分摊部门</source>
        <translation>Department to share</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>YYYY-MM，空为本月</source>
        <translation>YYYY-MM, empty for this month</translation>
    </message>
    <message>
        <source>计入月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>损失金额</source>
        <translation>Loss</translation>
    </message>
</context>
<context>
    <name>ComplaintNoticeDialog</name>
    <message>
        <source>开具并打印</source>
        <translation>Issue and print</translation>
    </message>
    <message>
        <source>开具催办单 — %1</source>
        <translation>Issue a reminder — %1</translation>
    </message>
    <message>
        <source>开具洽办单 — %1</source>
        <translation>Issue a coordination request — %1</translation>
    </message>
    <message>
        <source>催办单交期限所在部门，写明超期原因后交回；单号自动编号。</source>
        <translation>The reminder goes to the department that holds the deadline and comes back with the reason it is late; it is numbered automatically.</translation>
    </message>
    <message>
        <source>洽办单请其他部门协同处理本投诉，并于答复期限前回复；单号自动编号。</source>
        <translation>The coordination request asks another department to help handle this complaint and to answer by the reply date; it is numbered automatically.</translation>
    </message>
    <message>
        <source>催办期限</source>
        <translation>Deadline chased</translation>
    </message>
    <message>
        <source>如：维修车间、配件部（空则手写）</source>
        <translation>e.g. Workshop, Parts (empty: written by hand)</translation>
    </message>
    <message>
        <source>被催办部门</source>
        <translation>To department</translation>
    </message>
    <message>
        <source>受文部门</source>
        <translation>To department</translation>
    </message>
    <message>
        <source>（不指定）</source>
        <translation>(nobody in particular)</translation>
    </message>
    <message>
        <source>被催办人</source>
        <translation>To person</translation>
    </message>
    <message>
        <source>受文人</source>
        <translation>To person</translation>
    </message>
    <message>
        <source>答复期限</source>
        <translation>Answer by</translation>
    </message>
    <message>
        <source>空则按期限自动填写</source>
        <translation>Empty: filled in from the deadline</translation>
    </message>
    <message>
        <source>请写明需要对方部门办理的事项（空则自动填写）</source>
        <translation>What the other department is asked to do (empty: filled in automatically)</translation>
    </message>
    <message>
        <source>催办事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <source>洽办事项</source>
        <translation>Matter</translation>
    </message>
</context>
<context>
    <name>ComplaintPenaltiesTab</name>
    <message>
        <source>打印奖罚通知单</source>
        <translation>Print penalty notice</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>通知单号</source>
        <translation>Notice no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>金额(元)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>投诉单号</source>
        <translation>Complaint no.</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>事由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>%1 件，合计 %2 元</source>
        <translation>%1 penalties, %2 yuan in all</translation>
    </message>
    <message>
        <source>奖罚通知单 %1</source>
        <translation>Penalty notice %1</translation>
    </message>
    <message>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>ComplaintPenaltyDialog</name>
    <message>
        <source>奖罚 — %1</source>
        <translation>Penalty — %1</translation>
    </message>
    <message>
        <source>登记并打印通知单</source>
        <translation>Record and print the notice</translation>
    </message>
    <message>
        <source>对本投诉的责任人处以警告、小过或大过；奖罚通知单一式三联：本人、部门、财务。</source>
        <translation>A warning, minor or major demerit for a person responsible for this complaint; the penalty notice has three copies: the person, the department, finance.</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible person</translation>
    </message>
    <message>
        <source>奖罚类别</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>事由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>YYYY-MM，空为本月</source>
        <translation>YYYY-MM, empty for this month</translation>
    </message>
    <message>
        <source>计入月份</source>
        <translation>For month</translation>
    </message>
    <message>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <source>当月全部效益奖金</source>
        <translation>the month&apos;s whole bonus</translation>
    </message>
</context>
<context>
    <name>ComplaintProposalDialog</name>
    <message>
        <source>处理方案 — %1</source>
        <translation>Proposal — %1</translation>
    </message>
    <message>
        <source>提交审批</source>
        <translation>Submit for approval</translation>
    </message>
    <message>
        <source>免费重新维修</source>
        <translation>Repair again free of charge</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>退款(元)</source>
        <translation>Refund (yuan)</translation>
    </message>
    <message>
        <source>优惠(元)</source>
        <translation>Discount (yuan)</translation>
    </message>
    <message>
        <source>赔偿金额(元)</source>
        <translation>Compensation (yuan)</translation>
    </message>
    <message>
        <source>书面或当面道歉</source>
        <translation>Apology in writing or in person</translation>
    </message>
    <message>
        <source>方案说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>审批权限</source>
        <translation>Authority needed</translation>
    </message>
    <message>
        <source>退款</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>优惠</source>
        <translation>Discount</translation>
    </message>
    <message>
        <source>赔偿金额</source>
        <translation>Compensation</translation>
    </message>
    <message>
        <source>须由%1审批</source>
        <translation>Needs approval by the %1</translation>
    </message>
</context>
<context>
    <name>ComplaintReasonDialog</name>
    <message>
        <source>逾期完成</source>
        <translation>met late</translation>
    </message>
    <message>
        <source>登记超期原因 — %1</source>
        <translation>Reason for a missed deadline — %1</translation>
    </message>
    <message>
        <source>超期原因记入投诉单，列入月度投诉统计；催办单回复的原因也在此登记。</source>
        <translation>The reason is kept on the slip and listed in the monthly statistics; record here the reason a reminder came back with, too.</translation>
    </message>
    <message>
        <source>超期的期限</source>
        <translation>Missed deadline</translation>
    </message>
    <message>
        <source>超期原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>ComplaintResponsibilityDialog</name>
    <message>
        <source>责任归属 — %1</source>
        <translation>Responsibility — %1</translation>
    </message>
    <message>
        <source>责任归属</source>
        <translation>Responsibility</translation>
    </message>
    <message>
        <source>如：维修车间、配件部、服务部</source>
        <translation>e.g. workshop, parts, service</translation>
    </message>
    <message>
        <source>责任部门</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Responsible persons</translation>
    </message>
    <message>
        <source>责任比例(%)</source>
        <translation>Share (%)</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>原因说明</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>ComplaintSettingsTab</name>
    <message>
        <source>投诉处理表联次与纸张</source>
        <translation>Complaint slip copies and paper</translation>
    </message>
    <message>
        <source>联次</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>去向</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>颜色(#RRGGBB)</source>
        <translation>Colour (#RRGGBB)</translation>
    </message>
    <message>
        <source>颜色名称</source>
        <translation>Colour name</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>A5</source>
        <translation>A5</translation>
    </message>
    <message>
        <source>241 mm 多联纸（只打一份）</source>
        <translation>241 mm multi-part paper (printed once)</translation>
    </message>
    <message>
        <source>添加联次</source>
        <translation>Add copy</translation>
    </message>
    <message>
        <source>删除所选联次</source>
        <translation>Remove selected copy</translation>
    </message>
    <message>
        <source>保存联次与纸张</source>
        <translation>Save copies and paper</translation>
    </message>
    <message>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>内部期限与奖罚金额</source>
        <translation>Internal deadlines and penalty amounts</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>0 = 当月全部效益奖金</source>
        <translation>0 = the month&apos;s whole bonus</translation>
    </message>
    <message>
        <source>保存期限与金额</source>
        <translation>Save deadlines and amounts</translation>
    </message>
    <message>
        <source>调查报告：受理后</source>
        <translation>Investigation report: after intake</translation>
    </message>
    <message>
        <source>综合意见：调查报告后</source>
        <translation>Consolidated opinion: after the report</translation>
    </message>
    <message>
        <source>警告金额(元)</source>
        <translation>Warning (yuan)</translation>
    </message>
    <message>
        <source>小过金额(元)</source>
        <translation>Minor demerit (yuan)</translation>
    </message>
    <message>
        <source>大过金额(元)</source>
        <translation>Major demerit (yuan)</translation>
    </message>
    <message>
        <source>员工罚扣基数</source>
        <translation>Staff pay basis for deductions</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>基本点数</source>
        <translation>Base points</translation>
    </message>
    <message>
        <source>月度效益奖金(元)</source>
        <translation>Monthly bonus (yuan)</translation>
    </message>
    <message>
        <source>总经理</source>
        <translation>General manager</translation>
    </message>
    <message>
        <source>保存所选员工</source>
        <translation>Save selected staff member</translation>
    </message>
    <message>
        <source>罚扣 = 损失 ÷ 部门基本点数合计 × 本人基本点数，每月最多扣月度奖金的 50%。</source>
        <translation>Deduction = loss ÷ department&apos;s total base points × person&apos;s base points; at most 50 % of the monthly bonus per month.</translation>
    </message>
    <message>
        <source>第 %1 行联次名称</source>
        <translation>Copy name in row %1</translation>
    </message>
    <message>
        <source>颜色</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>联数</source>
        <translation>Number of copies</translation>
    </message>
    <message>
        <source>已保存：%1 联，纸张 %2</source>
        <translation>Saved: %1 copies, paper %2</translation>
    </message>
    <message>
        <source>警告金额</source>
        <translation>Warning amount</translation>
    </message>
    <message>
        <source>小过金额</source>
        <translation>Minor demerit amount</translation>
    </message>
    <message>
        <source>大过金额</source>
        <translation>Major demerit amount</translation>
    </message>
    <message>
        <source>已保存内部期限与奖罚金额</source>
        <translation>Internal deadlines and penalty amounts saved</translation>
    </message>
    <message>
        <source>月度效益奖金</source>
        <translation>Monthly bonus</translation>
    </message>
    <message>
        <source>已保存 %1 的罚扣基数</source>
        <translation>Saved the pay basis of %1</translation>
    </message>
</context>
<context>
    <name>ComplaintSlipPanel</name>
    <message>
        <source>处理经过（时间线）</source>
        <translation>History (timeline)</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>车辆</source>
        <translation>Vehicles</translation>
    </message>
    <message>
        <source>相关工单</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>投诉渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>投诉类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>客户陈述</source>
        <translation>Customer&apos;s words</translation>
    </message>
    <message>
        <source>客户要求</source>
        <translation>Customer&apos;s request</translation>
    </message>
    <message>
        <source>索赔金额</source>
        <translation>Amount claimed</translation>
    </message>
    <message>
        <source>严重程度与期限</source>
        <translation>Severity and deadlines</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>处理期限</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <source>调查报告</source>
        <translation>Investigation report</translation>
    </message>
    <message>
        <source>综合意见</source>
        <translation>Consolidated opinion</translation>
    </message>
    <message>
        <source>超期原因</source>
        <translation>Reasons for missed deadlines</translation>
    </message>
    <message>
        <source>催办 / 洽办</source>
        <translation>Reminders / coordination</translation>
    </message>
    <message>
        <source>关联投诉单</source>
        <translation>Linked slips</translation>
    </message>
    <message>
        <source>处理</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>首次回复</source>
        <translation>First response</translation>
    </message>
    <message>
        <source>原因分析</source>
        <translation>Cause analysis</translation>
    </message>
    <message>
        <source>责任归属</source>
        <translation>Responsibility</translation>
    </message>
    <message>
        <source>处理对策</source>
        <translation>Corrective action</translation>
    </message>
    <message>
        <source>处理方案</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>客户意见与结案</source>
        <translation>Customer&apos;s answer and closure</translation>
    </message>
    <message>
        <source>客户意见</source>
        <translation>Customer&apos;s answer</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>损失与罚扣</source>
        <translation>Loss and deductions</translation>
    </message>
    <message>
        <source>奖罚</source>
        <translation>Penalties</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>返回列表</source>
        <translation>Back to list</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>调查分析</source>
        <translation>Investigation</translation>
    </message>
    <message>
        <source>升级为重大</source>
        <translation>Raise to major</translation>
    </message>
    <message>
        <source>退回方案</source>
        <translation>Return proposal</translation>
    </message>
    <message>
        <source>重新立案</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>打印处理表</source>
        <translation>Print slip</translation>
    </message>
    <message>
        <source>打印答复函</source>
        <translation>Print reply letter</translation>
    </message>
    <message>
        <source>登记超期原因</source>
        <translation>Reason for a missed deadline</translation>
    </message>
    <message>
        <source>开具催办单</source>
        <translation>Issue reminder</translation>
    </message>
    <message>
        <source>开具洽办单</source>
        <translation>Issue coordination request</translation>
    </message>
    <message>
        <source>%1期限 %2</source>
        <translation>%1 due %2</translation>
    </message>
    <message>
        <source>（已超期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <source>；升级原因：%1</source>
        <translation>; raised because: %1</translation>
    </message>
    <message>
        <source>首次回复 %1</source>
        <translation>First response %1</translation>
    </message>
    <message>
        <source>提出方案 %1</source>
        <translation>Proposal %1</translation>
    </message>
    <message>
        <source>结案 %1</source>
        <translation>Closure %1</translation>
    </message>
    <message>
        <source>
已超期：%1</source>
        <translation>
Overdue: %1</translation>
    </message>
    <message>
        <source>催办单 %1 → %2（%3）</source>
        <translation>Reminder %1 → %2 (%3)</translation>
    </message>
    <message>
        <source>洽办单 %1 → %2（%3）</source>
        <translation>Coordination request %1 → %2 (%3)</translation>
    </message>
    <message>
        <source>由 %1 重新立案</source>
        <translation>Reopened from %1</translation>
    </message>
    <message>
        <source>已重新立案为 %1</source>
        <translation>Continued as %1</translation>
    </message>
    <message>
        <source>尚未回复</source>
        <translation>Not answered yet</translation>
    </message>
    <message>
        <source>我方责任</source>
        <translation>Our responsibility</translation>
    </message>
    <message>
        <source>%1 于 %2 批准（权限：%3）%4</source>
        <translation>Approved by %1 at %2 (authority: %3) %4</translation>
    </message>
    <message>
        <source>待%1审批</source>
        <translation>Waiting for approval by the %1</translation>
    </message>
    <message>
        <source>客户接受</source>
        <translation>Customer accepts</translation>
    </message>
    <message>
        <source>客户不接受</source>
        <translation>Customer does not accept</translation>
    </message>
    <message>
        <source>（超期结案）</source>
        <translation> (closed late)</translation>
    </message>
    <message>
        <source>%1 由 %2 结案，用时 %3 天%4
最终措施：%5</source>
        <translation>Closed %1 by %2 after %3 days%4
Final measures: %5</translation>
    </message>
    <message>
        <source>%1 损失 %2 元（%3）：%4</source>
        <translation>%1 loss %2 yuan (%3): %4</translation>
    </message>
    <message>
        <source>调查报告后起算</source>
        <translation>Counted from the investigation report</translation>
    </message>
    <message>
        <source>期限 %1，%2 完成（逾期）</source>
        <translation>Due %1, met %2 (late)</translation>
    </message>
    <message>
        <source>期限 %1，%2 完成（按时）</source>
        <translation>Due %1, met %2 (on time)</translation>
    </message>
    <message>
        <source>期限 %1（已停止）</source>
        <translation>Due %1 (stopped)</translation>
    </message>
    <message>
        <source>期限 %1，已%2</source>
        <translation>Due %1 — %2</translation>
    </message>
    <message>
        <source>期限 %1，剩余 %2</source>
        <translation>Due %1, %2 left</translation>
    </message>
    <message>
        <source>首次回复客户</source>
        <translation>First response to the customer</translation>
    </message>
    <message>
        <source>服务经理应亲自联系每一位投诉客户（24 小时内）。</source>
        <translation>The service manager personally contacts every complaining customer (within 24 hours).</translation>
    </message>
    <message>
        <source>回复内容</source>
        <translation>What was said</translation>
    </message>
    <message>
        <source>调查报告期限 %1（自受理起算）；综合意见（处理方案）在调查报告后按期提出。</source>
        <translation>The investigation report is due %1 (counted from intake); the consolidated opinion (the proposal) follows the report in its own time limit.</translation>
    </message>
    <message>
        <source>调查报告自受理起算，综合意见自调查报告起算。</source>
        <translation>The investigation report is counted from intake, the consolidated opinion from the report.</translation>
    </message>
    <message>
        <source>调查与原因分析</source>
        <translation>Investigation and cause</translation>
    </message>
    <message>
        <source>涉及国外供应商或厂家（结案期限 17 天）</source>
        <translation>Supplier or maker abroad involved (17 days to close)</translation>
    </message>
    <message>
        <source>处理对策 / 改善措施</source>
        <translation>Corrective action</translation>
    </message>
    <message>
        <source>为避免再次发生而采取的措施。</source>
        <translation>What we change so it does not happen again.</translation>
    </message>
    <message>
        <source>升级为重大投诉</source>
        <translation>Raise to a major complaint</translation>
    </message>
    <message>
        <source>重大投诉须立即报总经理。</source>
        <translation>A major complaint goes to the general manager at once.</translation>
    </message>
    <message>
        <source>升级原因</source>
        <translation>Reason for raising</translation>
    </message>
    <message>
        <source>退回处理方案</source>
        <translation>Return the proposal</translation>
    </message>
    <message>
        <source>退回后投诉单回到“处理中”，请说明原因。</source>
        <translation>The slip goes back to &quot;handling&quot;; say why.</translation>
    </message>
    <message>
        <source>退回原因</source>
        <translation>Reason for returning</translation>
    </message>
    <message>
        <source>客户不接受处理结果：新开一张投诉单并关联原单，原单保持不变。</source>
        <translation>The customer does not accept: a new slip is opened and linked to the original, which stays unchanged.</translation>
    </message>
    <message>
        <source>投诉处理催办单</source>
        <translation>Complaint reminder</translation>
    </message>
    <message>
        <source>投诉处理洽办单</source>
        <translation>Complaint coordination request</translation>
    </message>
    <message>
        <source>奖罚通知单</source>
        <translation>Penalty notice</translation>
    </message>
</context>
<context>
    <name>ComplaintStatisticsTab</name>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>打印统计表</source>
        <translation>Print statistics</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>受理投诉</source>
        <translation>Complaints registered</translation>
    </message>
    <message>
        <source>&#x3000;类别：%1</source>
        <translation>&#x3000;Category: %1</translation>
    </message>
    <message>
        <source>&#x3000;严重程度：%1</source>
        <translation>&#x3000;Severity: %1</translation>
    </message>
    <message>
        <source>重新立案</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&#x3000;责任：%1</source>
        <translation>&#x3000;Responsibility: %1</translation>
    </message>
    <message>
        <source>平均结案天数</source>
        <translation>Average days to close</translation>
    </message>
    <message>
        <source>超期结案（须洽办）</source>
        <translation>Closed late (follow-up needed)</translation>
    </message>
    <message>
        <source>&#x3000;%1 超期 %2 天</source>
        <translation>&#x3000;%1 %2 days late</translation>
    </message>
    <message>
        <source>月末超期未结</source>
        <translation>Open and overdue at month end</translation>
    </message>
    <message>
        <source>本月罚扣合计(元)</source>
        <translation>Deductions this month (yuan)</translation>
    </message>
    <message>
        <source>&#x3000;%1（%2）本月扣 / 结转</source>
        <translation>&#x3000;%1 (%2) deducted / carried over</translation>
    </message>
    <message>
        <source>%1：本月到期 / 按时 / 逾期完成 / 超期未完成</source>
        <translation>%1: due this month / on time / late / still open</translation>
    </message>
    <message>
        <source>&#x3000;%1 %2 超期：%3</source>
        <translation>&#x3000;%1 %2 missed: %3</translation>
    </message>
    <message>
        <source>（未说明）</source>
        <translation>(no reason given)</translation>
    </message>
    <message>
        <source>本月奖罚（件 / 元）</source>
        <translation>Penalties this month (count / yuan)</translation>
    </message>
    <message>
        <source>%1 年 %2 月（次月 10 日前报送）</source>
        <translation>%2/%1 (due by the 10th of the next month)</translation>
    </message>
    <message>
        <source>客户投诉案件统计表</source>
        <translation>Monthly complaint statistics</translation>
    </message>
    <message>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>ComplaintsModel</name>
    <message>
        <source>投诉单号</source>
        <translation>Slip number</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>下一期限</source>
        <translation>Next deadline</translation>
    </message>
    <message>
        <source>剩余时间</source>
        <translation>Time left</translation>
    </message>
    <message>
        <source>%1天%2小时</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1小时%2分</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1分</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>超期 %1</source>
        <translation>Overdue by %1</translation>
    </message>
    <message>
        <source>已超过处理期限</source>
        <translation>Past its deadline</translation>
    </message>
</context>
<context>
    <name>ComplaintsPage</name>
    <message>
        <source>投诉单</source>
        <extracomment>what the list shows, by table-name prefix: slips and their parts, customers, vehicles</extracomment>
        <translation>Slips</translation>
    </message>
    <message>
        <source>月度统计</source>
        <translation>Monthly statistics</translation>
    </message>
    <message>
        <source>奖罚</source>
        <translation>Penalties</translation>
    </message>
    <message>
        <source>未结案</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>按受理月份</source>
        <translation>By month received</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>登记投诉</source>
        <translation>Register complaint</translation>
    </message>
    <message>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>%1 张</source>
        <translation>%1 slips</translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <source>连接本店主机</source>
        <translation>Connect to the main PC</translation>
    </message>
    <message>
        <source>这台电脑使用本店主机上的数据库。要填写的内容在主机的 系统设置 → 多台电脑 中。</source>
        <translation>This PC uses the database on the shop&apos;s main PC. What to enter is shown on the main PC under Settings → Several PCs.</translation>
    </message>
    <message>
        <source>如 192.168.1.10 或主机的电脑名</source>
        <translation>e.g. 192.168.1.10 or the main PC&apos;s name</translation>
    </message>
    <message>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>主机地址 *</source>
        <translation>Main PC address *</translation>
    </message>
    <message>
        <source>端口 *</source>
        <translation>Port *</translation>
    </message>
    <message>
        <source>用户名 *</source>
        <translation>User name *</translation>
    </message>
    <message>
        <source>密码 *</source>
        <translation>Password *</translation>
    </message>
    <message>
        <source>也可以把主机上复制的整个地址（postgresql://…）粘贴到“主机地址”。</source>
        <translation>You may also paste the whole address copied on the main PC (postgresql://…) into &apos;Main PC address&apos;.</translation>
    </message>
    <message>
        <source>请填写主机地址、端口和用户名</source>
        <translation>Enter the main PC&apos;s address, port and user name</translation>
    </message>
    <message>
        <source>正在连接 %1 …</source>
        <translation>Connecting to %1 …</translation>
    </message>
    <message>
        <source>已连接：主机上的数据库还没有门店。点“下一步”填写门店信息，门店将建立在本店主机上。</source>
        <translation>Connected: the main PC&apos;s database has no branch yet. Click Next to enter the branch; it will be created on the main PC.</translation>
    </message>
    <message>
        <source>总部</source>
        <translation>HQ</translation>
    </message>
    <message>
        <source>门店</source>
        <translation>branch</translation>
    </message>
    <message>
        <source>已连接：%1 %2 %3</source>
        <translation>Connected: %1 %2 %3</translation>
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
        <source>不填时按身份证号的出生日期提醒生日</source>
        <translation>Left empty: the birthday reminder uses the date of birth in the ID number</translation>
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
        <source>生日</source>
        <translation>Birthday</translation>
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
        <source>登记投诉</source>
        <translation>Register complaint</translation>
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
    <name>DateBound</name>
    <message>
        <source>不勾选即不限</source>
        <translation>Unchecked: no limit</translation>
    </message>
</context>
<context>
    <name>DayList</name>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>厂家结果 — %1</source>
        <translation>Manufacturer&apos;s decision — %1</translation>
    </message>
    <message>
        <source>索赔金额：%1 元，提交于 %2</source>
        <translation>Claimed: %1 yuan, submitted on %2</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>厂家结论</source>
        <translation>Manufacturer&apos;s decision</translation>
    </message>
    <message>
        <source>核准金额(元)</source>
        <translation>Approved amount (yuan)</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>答复日期</source>
        <translation>Decided on</translation>
    </message>
    <message>
        <source>拒赔必填：厂家给出的原因</source>
        <translation>Required for a rejection: the manufacturer&apos;s reason</translation>
    </message>
    <message>
        <source>可选：核减原因等</source>
        <translation>Optional: why the amount was cut, etc.</translation>
    </message>
    <message>
        <source>核准金额</source>
        <translation>Approved amount</translation>
    </message>
</context>
<context>
    <name>DeliverDialog</name>
    <message>
        <source>交车 — %1</source>
        <translation>Delivery — %1</translation>
    </message>
    <message>
        <source>交车</source>
        <translation>Deliver</translation>
    </message>
    <message>
        <source>客户已交回取车凭证（客户联），作废</source>
        <translation>Customer returned the pick-up slip (customer copy); voided</translation>
    </message>
    <message>
        <source>未交回时填写原因，如：客户遗失，已核对身份证</source>
        <translation>Reason if not returned, e.g. lost by customer, ID checked</translation>
    </message>
    <message>
        <source>出厂里程(km)</source>
        <translation>Mileage out (km)</translation>
    </message>
    <message>
        <source>交车人</source>
        <translation>Delivered by</translation>
    </message>
    <message>
        <source>取车凭证</source>
        <translation>Pick-up slip</translation>
    </message>
    <message>
        <source>未交回原因</source>
        <translation>Reason not returned</translation>
    </message>
    <message>
        <source>下次保养日期</source>
        <translation>Next service date</translation>
    </message>
    <message>
        <source>下次保养里程(km)</source>
        <translation>Next service mileage (km)</translation>
    </message>
    <message>
        <source>出厂里程</source>
        <translation>Mileage out</translation>
    </message>
</context>
<context>
    <name>DemoRemovalTab</name>
    <message>
        <source>正式营业前，可清除演示数据：演示员工账号（demo_…）、演示客户、车辆、工单、投诉、回访任务以及在这些记录上做的练习操作。门店自己的记录不受影响；操作记入操作日志，不能撤销。</source>
        <translation>Before the shop goes live, remove the demo data: the demo staff accounts (demo_…), the demo customers, vehicles, work orders, complaints, follow-up tasks and any practice done on those records. The shop's own records are not touched; the removal is written to the audit log and cannot be undone.</translation>
    </message>
    <message>
        <source>清除演示数据…</source>
        <translation>Remove demo data…</translation>
    </message>
    <message>
        <source>数据库中没有演示数据。</source>
        <translation>The database holds no demo data.</translation>
    </message>
    <message>
        <source>工单、投诉等编号将从仍在使用的最大编号接着编。</source>
        <translation>Work-order, complaint and other numbers will continue from the highest number still in use.</translation>
    </message>
    <message>
        <source>本店已向总部登记，编号不回退，接着演示数据之后编。</source>
        <translation>This branch is enrolled with HQ: numbers do not go back and continue after the demo data's.</translation>
    </message>
    <message>
        <source>清除演示数据</source>
        <translation>Remove demo data</translation>
    </message>
    <message>
        <source>将删除以下演示数据，共 %1 条记录：
%2

%3
确定清除吗？此操作不能撤销。</source>
        <translation>The following demo data will be deleted, %1 records in all:
%2

%3
Remove it? This cannot be undone.</translation>
    </message>
    <message>
        <source>正在清除演示数据，请稍候……</source>
        <translation>Removing demo data, please wait…</translation>
    </message>
    <message>
        <source>已清除演示数据，共 %1 条记录（%2）。</source>
        <translation>Demo data removed: %1 records (%2).</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>整单折扣 — %1</source>
        <translation>Order discount — %1</translation>
    </message>
    <message>
        <source>客户应付（折扣前）：%1 元</source>
        <translation>Customer pays (before discount): %1 yuan</translation>
    </message>
    <message>
        <source>元，0 表示取消折扣</source>
        <translation>yuan; 0 removes the discount</translation>
    </message>
    <message>
        <source>折扣金额(元)</source>
        <translation>Discount (yuan)</translation>
    </message>
    <message>
        <source>折扣原因</source>
        <translation>Discount reason</translation>
    </message>
    <message>
        <source>折扣金额</source>
        <translation>Discount</translation>
    </message>
</context>
<context>
    <name>DispatchDialog</name>
    <message>
        <source>派工 — %1</source>
        <translation>Dispatch — %1</translation>
    </message>
    <message>
        <source>派工</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>作业内容，如：更换前刹车片</source>
        <translation>Job, e.g. replace front brake pads</translation>
    </message>
    <message>
        <source>技师</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>作业内容</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>工种</source>
        <translation>Trade</translation>
    </message>
    <message>
        <source>包含的工时项目</source>
        <translation>Labour items included</translation>
    </message>
</context>
<context>
    <name>FinishPage</name>
    <message>
        <source>完成设置</source>
        <translation>Finish set-up</translation>
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
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>第二备份位置（可选）</source>
        <translation>Second backup folder (optional)</translation>
    </message>
    <message>
        <source>点击“完成”建立门店和账号，然后登录。</source>
        <translation>Click Finish to create the branch and the accounts, then log in.</translation>
    </message>
    <message>
        <source>如 U 盘或网络共享上的文件夹；留空则只备份在本机</source>
        <translation>e.g. a folder on a USB drive or network share; leave empty to back up on this PC only</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>每天第一次启动时自动备份到本机数据文件夹，并复制一份到这里。以后可在“系统设置 → 备份与恢复”中修改。</source>
        <translation>The first start of each day backs up into this PC&apos;s data folder and copies the backup here. Change it later under Settings → Backup and restore.</translation>
    </message>
    <message>
        <source>选择第二备份位置</source>
        <translation>Choose the second backup folder</translation>
    </message>
    <message>
        <source>总部：%1 %2
管理员：%3（%4）</source>
        <translation>Head office: %1 %2
Administrator: %3 (%4)</translation>
    </message>
    <message>
        <source>门店：%1 %2
店长：%3（%4）</source>
        <translation>Branch: %1 %2
Owner: %3 (%4)</translation>
    </message>
    <message>
        <source>店长</source>
        <translation>Owner</translation>
    </message>
</context>
<context>
    <name>FirstCarDialog</name>
    <message>
        <source>接第一辆车</source>
        <extracomment>the service&apos;s field names that share a box here (the car&apos;s mileage is the order&apos;s)</extracomment>
        <translation>Receive the first car</translation>
    </message>
    <message>
        <source>如：张伟</source>
        <translation>e.g. Zhang Wei</translation>
    </message>
    <message>
        <source>11 位手机号</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <source>如：京A12345</source>
        <translation>e.g. 京A12345</translation>
    </message>
    <message>
        <source>选填，17 位</source>
        <translation>Optional, 17 characters</translation>
    </message>
    <message>
        <source>仪表读数</source>
        <translation>Odometer reading</translation>
    </message>
    <message>
        <source>客户自己的话，如：保养，刹车有异响</source>
        <translation>In the customer&apos;s own words, e.g. service, brakes squeak</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>客户名称 *</source>
        <translation>Customer name *</translation>
    </message>
    <message>
        <source>手机</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <source>车辆</source>
        <translation>Vehicle</translation>
    </message>
    <message>
        <source>车牌号 *</source>
        <translation>Plate *</translation>
    </message>
    <message>
        <source>车架号</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>进厂里程(km) *</source>
        <translation>Mileage in (km) *</translation>
    </message>
    <message>
        <source>接车</source>
        <translation>Reception</translation>
    </message>
    <message>
        <source>客户描述</source>
        <translation>Customer&apos;s words</translation>
    </message>
    <message>
        <source>承诺完工</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>Tab 到下一项，Enter 开单，Esc 取消。保存后可直接打印委托书。</source>
        <translation>Tab moves on, Enter opens the order, Esc cancels. The work order prints right after.</translation>
    </message>
    <message>
        <source>开单</source>
        <translation>Open order</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>进厂里程</source>
        <translation>Mileage in</translation>
    </message>
    <message>
        <source>核对车架号</source>
        <translation>Check the VIN</translation>
    </message>
    <message>
        <source>已与行驶证核对，车架号无误？</source>
        <translation>Compared with the registration certificate: is the VIN right?</translation>
    </message>
    <message>
        <source>打印委托书</source>
        <translation>Print work order</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>已开出工单 %1
客户：%2&#x3000;车辆：%3

请打印委托书，交客户签字。</source>
        <translation>Work order %1 opened
Customer: %2   Vehicle: %3

Print the work order for the customer to sign.</translation>
    </message>
</context>
<context>
    <name>HQComplaintsModel</name>
    <message>
        <source>%1天%2小时</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1小时%2分</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>超期 %1</source>
        <translation>Overdue %1</translation>
    </message>
    <message>
        <source>门店</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>投诉单号</source>
        <translation>Complaint no.</translation>
    </message>
    <message>
        <source>受理时间（当地）</source>
        <translation>Received (local)</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>下一时限（当地）</source>
        <translation>Next deadline (local)</translation>
    </message>
    <message>
        <source>剩余时间</source>
        <translation>Time left</translation>
    </message>
</context>
<context>
    <name>HQComplaintsTab</name>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <source>总部只查看各分店的投诉处理情况；投诉由各分店受理和处理。双击一行查看客户抱怨处理表。</source>
        <translation>HQ only watches how the branches handle complaints; each branch registers and handles its own. Double-click a row to see the complaint form.</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>未结案</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>正在生成客户抱怨处理表…</source>
        <translation>Preparing the complaint form…</translation>
    </message>
</context>
<context>
    <name>HQFollowUpsModel</name>
    <message>
        <source>未到期</source>
        <translation>Not yet due</translation>
    </message>
    <message>
        <source>到期</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>门店</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>应回访日</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>工单</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>已打次数</source>
        <translation>Tries</translation>
    </message>
    <message>
        <source>最近结果</source>
        <translation>Last outcome</translation>
    </message>
    <message>
        <source>负责人</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <source>关闭时间（当地）</source>
        <translation>Closed (local time)</translation>
    </message>
</context>
<context>
    <name>HQFollowUpsTab</name>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>总部只查看各分店的回访情况；回访电话由各分店拨打和登记。</source>
        <translation>HQ only watches the branches&apos; follow-ups; the calls are made and recorded by each branch.</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>应回访日</source>
        <translation>Due date</translation>
    </message>
</context>
<context>
    <name>HQListPanel</name>
    <message>
        <source>全部分店</source>
        <translation>All branches</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>门店</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>起始日期晚于截止日期</source>
        <translation>The start date is after the end date</translation>
    </message>
    <message>
        <source>已显示 %1 条</source>
        <translation>%1 shown</translation>
    </message>
    <message>
        <source>已显示 %1 条，共 %2 条</source>
        <translation>%1 shown of %2</translation>
    </message>
</context>
<context>
    <name>HQWorkOrdersModel</name>
    <message>
        <source>门店</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>工单号</source>
        <translation>Order no.</translation>
    </message>
    <message>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>（逾期）</source>
        <translation> (late)</translation>
    </message>
    <message>
        <source>接车时间（当地）</source>
        <translation>Received (local)</translation>
    </message>
    <message>
        <source>约定交车（当地）</source>
        <translation>Promised (local)</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
</context>
<context>
    <name>HQWorkOrdersTab</name>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <source>总部只查看各分店的工单，不接车、不修改工单；双击一行查看维修委托书。</source>
        <translation>HQ only watches the branches&apos; work orders; it receives no cars and changes no orders. Double-click a row to see the repair order.</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>在修（未交车）</source>
        <translation>In the workshop (not delivered)</translation>
    </message>
    <message>
        <source>只看逾期（超过约定交车时间）</source>
        <translation>Late only (past the promised time)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>接车日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>正在生成维修委托书…</source>
        <translation>Preparing the repair order…</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>工种交接</source>
        <translation>Trade handover</translation>
    </message>
    <message>
        <source>交接签字</source>
        <translation>Sign handover</translation>
    </message>
    <message>
        <source>交出：派工 %1 %2（%3）</source>
        <translation>Handing over: job %1 %2 (%3)</translation>
    </message>
    <message>
        <source>交给</source>
        <translation>Hand over to</translation>
    </message>
    <message>
        <source>交接说明</source>
        <translation>Handover note</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>帮助(&amp;H)</source>
        <extracomment>Opens a URL with the desktop (Explorer for a folder on Windows); returns success.</extracomment>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>打开数据文件夹</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <source>关于售后管家</source>
        <translation>About DealerDesk</translation>
    </message>
    <message>
        <source>无法打开数据文件夹：%1</source>
        <translation>Cannot open the data folder: %1</translation>
    </message>
</context>
<context>
    <name>HqConsole</name>
    <message>
        <source>各分店数据：</source>
        <translation>Branch data:</translation>
    </message>
    <message>
        <source>查看各分店工单</source>
        <translation>Branches&apos; work orders</translation>
    </message>
    <message>
        <source>查看各分店投诉</source>
        <translation>Branches&apos; complaints</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>选择客户名单</source>
        <translation>Choose customer list</translation>
    </message>
    <message>
        <source>客户名单 (*.csv *.xlsx)</source>
        <translation>Customer lists (*.csv *.xlsx)</translation>
    </message>
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
    <name>InspectionSheet</name>
    <message>
        <source>环车检查（勾选有损伤的部位）</source>
        <extracomment>承诺完工 is proposed this long after reception; the advisor changes it when it differs</extracomment>
        <translation>Walk-around check (tick damaged areas)</translation>
    </message>
</context>
<context>
    <name>InternalTimeDialog</name>
    <message>
        <source>内部作业（D 类：不在工单上的工作）</source>
        <translation>Internal work (class D: work on no order)</translation>
    </message>
    <message>
        <source>如：举升机保养、月度安全检查、新车型培训</source>
        <translation>e.g. lift maintenance, monthly safety check, new model training</translation>
    </message>
    <message>
        <source>技师</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>内部作业类别</source>
        <translation>Activity</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>计时</source>
        <translation>Clock</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>补录（已做完的内部作业）</source>
        <translation>Record afterwards (internal work already done)</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Activity</translation>
    </message>
    <message>
        <source>小时</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>当日内部作业</source>
        <translation>Internal work of the day</translation>
    </message>
    <message>
        <source>没有可登记的技师</source>
        <translation>No technician to record for</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>running</translation>
    </message>
    <message>
        <source>正在计时：%1（%2 开始）</source>
        <translation>Running: %1 (since %2)</translation>
    </message>
    <message>
        <source>已开始计时</source>
        <translation>Clock started</translation>
    </message>
    <message>
        <source>已结束计时</source>
        <translation>Clock stopped</translation>
    </message>
    <message>
        <source>已登记</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>已删除</source>
        <translation>Removed</translation>
    </message>
</context>
<context>
    <name>KpiCard</name>
    <message>
        <source>进厂台次（日均）</source>
        <translation>Vehicles in (daily average)</translation>
    </message>
    <message>
        <source>目标：%1</source>
        <translation>Target: %1</translation>
    </message>
    <message>
        <source>上月 %1 · 去年同月 %2</source>
        <translation>Last month %1 · same month last year %2</translation>
    </message>
</context>
<context>
    <name>KpiSettingsTab</name>
    <message>
        <source> 小时</source>
        <translation> h</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>每名技师每日可用工时</source>
        <translation>Available hours per technician and day</translation>
    </message>
    <message>
        <source>工时利用率 = 技师实际工时 ÷ 可用工时；可用工时 = 在职技师数 × 工作日数（按“工作日历”） × 每日可用工时。默认 8 小时。</source>
        <translation>Utilisation = hours clocked ÷ available hours; available hours = active technicians × working days (by the Working calendar) × hours per day. Default 8 hours.</translation>
    </message>
    <message>
        <source>指标目标（默认为规范中的目标）</source>
        <translation>KPI targets (by default the regulation&apos;s)</translation>
    </message>
    <message>
        <source> 台/工作日</source>
        <translation> cars/working day</translation>
    </message>
    <message>
        <source> 元</source>
        <translation> yuan</translation>
    </message>
    <message>
        <source>不低于</source>
        <translation>at least</translation>
    </message>
    <message>
        <source>低于</source>
        <translation>below</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
</context>
<context>
    <name>KpiTab</name>
    <message>
        <source>统计</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>每日进厂台次</source>
        <translation>Vehicles in per day</translation>
    </message>
    <message>
        <source>产值构成（元）</source>
        <translation>Revenue mix (yuan)</translation>
    </message>
    <message>
        <source>点击指标卡查看明细</source>
        <translation>Click a KPI card for details</translation>
    </message>
    <message>
        <source>单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>门店</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>车牌号/客户</source>
        <translation>Plate/customer</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>产值(元)</source>
        <translation>Revenue (yuan)</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>进厂台次</source>
        <translation>Vehicles in</translation>
    </message>
    <message>
        <source>返修率</source>
        <translation>Comeback rate</translation>
    </message>
    <message>
        <source>CSI</source>
        <translation>CSI</translation>
    </message>
    <message>
        <source>全部门店</source>
        <translation>All branches</translation>
    </message>
    <message>
        <source>各门店并列排名</source>
        <translation>Branch ranking</translation>
    </message>
    <message>
        <source>正在统计……</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>工时</source>
        <translation>Labour</translation>
    </message>
    <message>
        <source>配件</source>
        <translation>Parts</translation>
    </message>
    <message>
        <source>杂费</source>
        <translation>Sundries</translation>
    </message>
    <message>
        <source>产值</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <source>%1 明细（%2）</source>
        <translation>%1 details (%2)</translation>
    </message>
    <message>
        <source>售后经营指标月报</source>
        <translation>After-sales monthly KPI report</translation>
    </message>
</context>
<context>
    <name>LabourItemDialog</name>
    <message>
        <source>修改工时项目</source>
        <translation>Edit labour operation</translation>
    </message>
    <message>
        <source>新增工时项目</source>
        <translation>New labour operation</translation>
    </message>
    <message>
        <source>如 BY01</source>
        <translation>e.g. BY01</translation>
    </message>
    <message>
        <source>如 1.5</source>
        <translation>e.g. 1.5</translation>
    </message>
    <message>
        <source>元/小时</source>
        <translation>yuan/hour</translation>
    </message>
    <message>
        <source>启用（开单时可选）</source>
        <translation>Active (offered on work orders)</translation>
    </message>
    <message>
        <source>工时代码</source>
        <translation>Labour code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>标准工时(小时)</source>
        <translation>Standard hours</translation>
    </message>
    <message>
        <source>工时单价(元/小时)</source>
        <translation>Hourly rate (yuan/hour)</translation>
    </message>
    <message>
        <source>标准工时</source>
        <translation>Standard hours</translation>
    </message>
    <message>
        <source>工时单价</source>
        <translation>Hourly rate</translation>
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
    <name>LettersTab</name>
    <message>
        <source>车牌、手机号、车架号；投诉答复函填投诉单号</source>
        <translation>Plate, mobile or VIN; complaint slip number for a reply letter</translation>
    </message>
    <message>
        <source>打印信函</source>
        <translation>Print letter</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>模板</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>已登记：%1</source>
        <translation>Recorded: %1</translation>
    </message>
</context>
<context>
    <name>LineDialog</name>
    <message>
        <source>工时项目</source>
        <translation>Labour item</translation>
    </message>
    <message>
        <source>配件</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>杂费</source>
        <translation>Sundry</translation>
    </message>
    <message>
        <source>保养套餐</source>
        <translation>service package</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>添加保养套餐 — %1</source>
        <translation>Add service package — %1</translation>
    </message>
    <message>
        <source>按工单付款方</source>
        <translation>Work order&apos;s payer</translation>
    </message>
    <message>
        <source>元，无则不填</source>
        <translation>yuan; leave empty if none</translation>
    </message>
    <message>
        <source>付款方</source>
        <translation>Payer</translation>
    </message>
    <message>
        <source>折扣(元)</source>
        <translation>Discount (yuan)</translation>
    </message>
    <message>
        <source>折扣原因</source>
        <translation>Discount reason</translation>
    </message>
    <message>
        <source>输入工时代码、名称或套餐</source>
        <translation>Type a labour code, name or package</translation>
    </message>
    <message>
        <source>输入配件编号或名称</source>
        <translation>Type a part number or name</translation>
    </message>
    <message>
        <source>输入杂项编号或名称</source>
        <translation>Type a sundry code or name</translation>
    </message>
    <message>
        <source>输入套餐编号或名称</source>
        <translation>Type a package code or name</translation>
    </message>
    <message>
        <source>从清单选择</source>
        <translation>Pick from the list</translation>
    </message>
    <message>
        <source>套餐 %1  %2  %3</source>
        <translation>Package %1  %2  %3</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>添加套餐</source>
        <translation>Add package</translation>
    </message>
    <message>
        <source>请选择套餐</source>
        <translation>Pick a package</translation>
    </message>
    <message>
        <source>套餐 %1 %2：%3
各项合计 %4 元，套餐价 %5 元
优惠 %6 元，记为各项折扣</source>
        <translation>Package %1 %2: %3
Lines total %4 yuan, package price %5 yuan
Saving %6 yuan, given as line discounts</translation>
    </message>
    <message>
        <source>工时代码，如 BY01</source>
        <translation>Labour code, e.g. BY01</translation>
    </message>
    <message>
        <source>标准工时，如 1.5</source>
        <translation>Standard hours, e.g. 1.5</translation>
    </message>
    <message>
        <source>元/小时</source>
        <translation>yuan/hour</translation>
    </message>
    <message>
        <source>工时代码</source>
        <translation>Labour code</translation>
    </message>
    <message>
        <source>维修项目</source>
        <translation>Repair item</translation>
    </message>
    <message>
        <source>标准工时</source>
        <translation>Standard hours</translation>
    </message>
    <message>
        <source>工时单价(元)</source>
        <translation>Labour rate (yuan)</translation>
    </message>
    <message>
        <source>技师</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>如 1 或 4.5</source>
        <translation>e.g. 1 or 4.5</translation>
    </message>
    <message>
        <source>件</source>
        <translation>pcs</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>原厂件</source>
        <translation>Genuine part</translation>
    </message>
    <message>
        <source>保修件（厂家付款）</source>
        <translation>Warranty part (paid by maker)</translation>
    </message>
    <message>
        <source>配件编号</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>配件名称</source>
        <translation>Part name</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>单价(元)</source>
        <translation>Unit price (yuan)</translation>
    </message>
    <message>
        <source>性质</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>如：废油处理费</source>
        <translation>e.g. waste oil disposal</translation>
    </message>
    <message>
        <source>杂费项目</source>
        <translation>Sundry item</translation>
    </message>
    <message>
        <source>金额(元)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>增项确认（客户已确认估价，修改项目须有增项确认）</source>
        <translation>Add-on approval (estimate already approved; changes need an add-on approval)</translation>
    </message>
    <message>
        <source>记录增项确认…</source>
        <translation>Record add-on approval…</translation>
    </message>
    <message>
        <source>尚无增项确认，请先记录</source>
        <translation>No add-on approval yet; record one first</translation>
    </message>
    <message>
        <source>保养套餐 %1</source>
        <translation>Service package %1</translation>
    </message>
    <message>
        <source>折扣</source>
        <translation>Discount</translation>
    </message>
    <message>
        <source>工时单价</source>
        <translation>Labour rate</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>套餐</source>
        <translation>Package</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>屏幕已锁定</source>
        <extracomment>What counts as someone at the keyboard.</extracomment>
        <translation>Screen locked</translation>
    </message>
    <message>
        <source>屏幕已锁定。%1，请输入密码解锁。</source>
        <translation>Screen locked. %1, enter your password to unlock.</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>切换用户</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>只能由锁屏前的用户解锁</source>
        <translation>Only the user who was logged in can unlock</translation>
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
        <source>数据库：%1</source>
        <translation>Database: %1</translation>
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
        <source>数据库：%1</source>
        <translation>Database: %1</translation>
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
        <source>基础资料</source>
        <translation>Master data</translation>
    </message>
    <message>
        <source>总部同步</source>
        <translation>HQ sync</translation>
    </message>
    <message>
        <source>系统设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>开始使用</source>
        <translation>Get started</translation>
    </message>
    <message>
        <source>%1 张投诉单已超期</source>
        <translation>%1 complaint slips are overdue</translation>
    </message>
    <message>
        <source> 等 %1 张</source>
        <translation> and %1 more</translation>
    </message>
    <message>
        <source>重大投诉</source>
        <translation>Major complaints</translation>
    </message>
    <message>
        <source>重大投诉待处理：%1%2</source>
        <translation>Major complaints open: %1%2</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>Dismiss</translation>
    </message>
</context>
<context>
    <name>MasterDataPage</name>
    <message>
        <source>工时项目</source>
        <translation>Labour operations</translation>
    </message>
    <message>
        <source>配件价格</source>
        <translation>Parts prices</translation>
    </message>
    <message>
        <source>杂项</source>
        <translation>Sundry items</translation>
    </message>
    <message>
        <source>保养套餐</source>
        <translation>Service packages</translation>
    </message>
    <message>
        <source>服务活动</source>
        <translation>Campaigns</translation>
    </message>
    <message>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>总部维护的基础资料随总部数据包下发到各分店；分店自己的项目不在此列。</source>
        <translation>HQ&apos;s master data goes to the branches in HQ bundles; the branches&apos; own items are not listed here.</translation>
    </message>
    <message>
        <source>来源为“总部”的项目由总部下发，只能查看；“本店”的项目由本店维护。同一编号以总部项目为准，本店的同编号项目标为“已被总部项目取代”，开单时不再提供。</source>
        <translation>Items from “HQ” are issued by HQ and read-only here; “Own” items are this shop&apos;s. HQ&apos;s item wins on the same code: the shop&apos;s item is marked “replaced by HQ&apos;s item” and no longer offered on work orders.</translation>
    </message>
    <message>
        <source>已被总部项目取代</source>
        <translation>Replaced by HQ&apos;s item</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>召回</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>活动</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>工时代码</source>
        <translation>Labour code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>标准工时</source>
        <translation>Standard hours</translation>
    </message>
    <message>
        <source>工时单价(元)</source>
        <translation>Hourly rate (yuan)</translation>
    </message>
    <message>
        <source>金额(元)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>配件编号</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>价格(元)</source>
        <translation>Price (yuan)</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>套餐编号</source>
        <translation>Package code</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Lines</translation>
    </message>
    <message>
        <source>各项合计(元)</source>
        <translation>Lines total (yuan)</translation>
    </message>
    <message>
        <source>套餐价(元)</source>
        <translation>Package price (yuan)</translation>
    </message>
    <message>
        <source>活动编号</source>
        <translation>Campaign code</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Starts</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>Ends</translation>
    </message>
    <message>
        <source>适用</source>
        <translation>Applies to</translation>
    </message>
</context>
<context>
    <name>MasterFormDialog</name>
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
    <name>MasterImportDialog</name>
    <message>
        <source>选择基础资料 Excel 文件</source>
        <translation>Choose the master-data Excel file</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>从 Excel 导入基础资料</source>
        <translation>Import master data from Excel</translation>
    </message>
    <message>
        <source>选择文件并导入…</source>
        <translation>Choose a file and import…</translation>
    </message>
    <message>
        <source>每类一个工作表：工时项目、配件价格、杂项、保养套餐、服务活动（也可用英文 labour、parts、sundry、packages、campaigns）；表头可用中文或英文。本店已有的编号会更新，总部下发的编号不能导入。</source>
        <translation>One sheet per list: labour, parts, sundry, packages, campaigns (or the Chinese names); headers in Chinese or English. Codes the shop already has are updated; codes HQ issued cannot be imported.</translation>
    </message>
    <message>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>未导入的行：</source>
        <translation>Rows not imported:</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>已导入：%1；未导入 %2 行</source>
        <translation>Imported: %1; %2 rows not imported</translation>
    </message>
    <message>
        <source>；已忽略工作表：%1</source>
        <translation>; sheets ignored: %1</translation>
    </message>
    <message>
        <source>；已忽略列：%1</source>
        <translation>; columns ignored: %1</translation>
    </message>
</context>
<context>
    <name>MasterListTab</name>
    <message>
        <source>按编号或名称筛选</source>
        <translation>Filter by code or name</translation>
    </message>
    <message>
        <source>新增…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>已保存 %1。</source>
        <translation>Saved %1.</translation>
    </message>
    <message>
        <source>删除“%1 %2”？已开的工单不受影响。</source>
        <translation>Delete “%1 %2”? Work orders already open are not affected.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已删除 %1。</source>
        <translation>Deleted %1.</translation>
    </message>
</context>
<context>
    <name>MultiPcTab</name>
    <message>
        <source>多台电脑</source>
        <translation>Several PCs</translation>
    </message>
    <message>
        <source>设为本店主机…</source>
        <translation>Make this the main PC…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>其他电脑填写的内容</source>
        <translation>What the other PCs enter</translation>
    </message>
    <message>
        <source>电脑名</source>
        <translation>PC name</translation>
    </message>
    <message>
        <source>IP 地址</source>
        <translation>IP address</translation>
    </message>
    <message>
        <source>端口</source>
        <translation>Port</translation>
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
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>完整地址</source>
        <translation>Full address</translation>
    </message>
    <message>
        <source>其他电脑第一次启动售后管家时选择“连接本店主机”，填写上面的内容，或把完整地址粘贴到“主机地址”。知道密码就能读写本店的数据，请妥善保管。</source>
        <translation>When DealerDesk first starts on another PC, choose &apos;Connect to the main PC&apos; and enter the above, or paste the full address into &apos;Main PC address&apos;. Whoever knows the password can read and change the shop&apos;s data: keep it safe.</translation>
    </message>
    <message>
        <source>数据库服务器</source>
        <translation>Database server</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>数据库大小</source>
        <translation>Database size</translation>
    </message>
    <message>
        <source>已连接的电脑</source>
        <translation>Connected PCs</translation>
    </message>
    <message>
        <source>这台电脑：本店主机</source>
        <translation>This PC: the shop&apos;s main PC</translation>
    </message>
    <message>
        <source>本店的数据库在这台电脑上，其他电脑连接到这里。营业时间这台电脑要一直开着；备份也在这台电脑上进行。</source>
        <translation>The shop&apos;s database is on this PC and the other PCs connect to it. Keep this PC running during business hours; backups are made here too.</translation>
    </message>
    <message>
        <source>这台电脑：工作站</source>
        <translation>This PC: a workstation</translation>
    </message>
    <message>
        <source>数据在本店主机 %1 上，由主机负责保存和备份。这里没有需要设置的。</source>
        <translation>The data is on the main PC %1, which keeps and backs it up. There is nothing to set here.</translation>
    </message>
    <message>
        <source>这台电脑：使用数据库服务器</source>
        <translation>This PC: uses a database server</translation>
    </message>
    <message>
        <source>本次启动使用数据库服务器 %1（启动时指定）。这里没有需要设置的。</source>
        <translation>This run uses the database server %1 (given at start). There is nothing to set here.</translation>
    </message>
    <message>
        <source>这台电脑：本店主机（重新启动后生效）</source>
        <translation>This PC: the shop&apos;s main PC (after a restart)</translation>
    </message>
    <message>
        <source>数据已移到这台电脑的数据库服务器上。请关闭并重新启动售后管家，之后才能继续使用。</source>
        <translation>The data has moved to this PC&apos;s database server. Close DealerDesk and start it again to continue.</translation>
    </message>
    <message>
        <source>这台电脑：单机</source>
        <translation>This PC: on its own</translation>
    </message>
    <message>
        <source>本店主机的数据库服务器已建好，但数据还在这台电脑的数据库文件中。把数据移到服务器上以后，其他电脑才能连接。</source>
        <translation>The main PC&apos;s database server is made, but the data is still in this PC&apos;s database file. The other PCs can connect once the data has moved to the server.</translation>
    </message>
    <message>
        <source>这个版本还不能把现有数据移到服务器上。</source>
        <translation>This version cannot move existing data to the server yet.</translation>
    </message>
    <message>
        <source>数据保存在这台电脑的数据库文件中。本店有多台电脑（前台、车间、收银……）同时使用时，把一台电脑设为本店主机：数据库服务器建在这台电脑上，现有数据移过去，其他电脑连接它。</source>
        <translation>The data is kept in this PC&apos;s database file. When several PCs in the shop (reception, workshop, cashier …) work at the same time, make one PC the main PC: the database server is made on it, the existing data moves there, and the other PCs connect to it.</translation>
    </message>
    <message>
        <source>移动数据到主机…</source>
        <translation>Move the data to the server…</translation>
    </message>
    <message>
        <source>（没有找到局域网地址：请检查网络连接）</source>
        <translation>(no local network address found: check the network connection)</translation>
    </message>
    <message>
        <source>运行中</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>已停止</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>%1 台</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>已复制完整地址。</source>
        <translation>Full address copied.</translation>
    </message>
    <message>
        <source>设为本店主机</source>
        <translation>Make this the main PC</translation>
    </message>
    <message>
        <source>把这台电脑设为本店主机？</source>
        <translation>Make this PC the shop&apos;s main PC?</translation>
    </message>
    <message>
        <source>• 在数据文件夹里建立数据库服务器，生成数据库账号和密码；
• 只允许本店局域网内的电脑连接；
• 把现有数据移到服务器上并逐表核对，原数据库文件改名保留；
• 完成后程序关闭，重新启动后使用服务器。

其他电脑选择“连接本店主机”连接这台电脑。营业时间这台电脑要一直开着。</source>
        <translation>• A database server is made in the data folder, with its own account and password;
• only PCs on the shop&apos;s local network may connect;
• the existing data moves to the server and is checked table by table; the old database file is kept under a new name;
• then the program closes and uses the server when started again.

The other PCs choose &apos;Connect to the main PC&apos; to connect to this PC. Keep this PC running during business hours.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>这台电脑已是本店主机。程序将关闭，请重新启动售后管家。</source>
        <translation>This PC is now the shop&apos;s main PC. The program will close; please start DealerDesk again.</translation>
    </message>
    <message>
        <source>数据库服务器已建好。这个版本还不能把现有数据移过去，这台电脑继续使用本机数据库文件。</source>
        <translation>The database server is made. This version cannot move the existing data yet, so this PC keeps using its database file.</translation>
    </message>
    <message>
        <source>正在移动数据：%1（%2/%3）</source>
        <translation>Moving data: %1 (%2/%3)</translation>
    </message>
    <message>
        <source>正在移动数据：%1</source>
        <translation>Moving data: %1</translation>
    </message>
    <message>
        <source>正在建立数据库服务器……</source>
        <translation>Making the database server…</translation>
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
    <name>OrderFormDialog</name>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
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
    <name>PackageDialog</name>
    <message>
        <source>修改保养套餐</source>
        <translation>Edit service package</translation>
    </message>
    <message>
        <source>新增保养套餐</source>
        <translation>New service package</translation>
    </message>
    <message>
        <source>如 TC01</source>
        <translation>e.g. TC01</translation>
    </message>
    <message>
        <source>如：小保养套餐</source>
        <translation>e.g. minor service package</translation>
    </message>
    <message>
        <source>元：客户为整个套餐支付的价格</source>
        <translation>yuan: what the customer pays for the whole package</translation>
    </message>
    <message>
        <source>启用（开单时可选）</source>
        <translation>Active (offered on work orders)</translation>
    </message>
    <message>
        <source>套餐编号</source>
        <translation>Package code</translation>
    </message>
    <message>
        <source>套餐名称</source>
        <translation>Package name</translation>
    </message>
    <message>
        <source>套餐价(元)</source>
        <translation>Package price (yuan)</translation>
    </message>
    <message>
        <source>输入工时代码或名称</source>
        <translation>Type a labour code or name</translation>
    </message>
    <message>
        <source>添加工时</source>
        <translation>Add labour</translation>
    </message>
    <message>
        <source>输入配件编号或名称</source>
        <translation>Type a part number or name</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>添加配件</source>
        <translation>Add part</translation>
    </message>
    <message>
        <source>删除所选行</source>
        <translation>Delete selected line</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>工时</source>
        <translation>Labour</translation>
    </message>
    <message>
        <source>配件</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>工时/数量</source>
        <translation>Hours/quantity</translation>
    </message>
    <message>
        <source>单价(元)</source>
        <translation>Unit price (yuan)</translation>
    </message>
    <message>
        <source>金额(元)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>各项合计 %1 元；套餐价 %2 元；优惠 %3 元</source>
        <translation>Lines total %1 yuan; package price %2 yuan; saving %3 yuan</translation>
    </message>
    <message>
        <source>套餐价</source>
        <translation>Package price</translation>
    </message>
</context>
<context>
    <name>PartItemDialog</name>
    <message>
        <source>修改配件价格</source>
        <translation>Edit part price</translation>
    </message>
    <message>
        <source>新增配件价格</source>
        <translation>New part price</translation>
    </message>
    <message>
        <source>如 90915-YZZD1</source>
        <translation>e.g. 90915-YZZD1</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>件</source>
        <translation>pc</translation>
    </message>
    <message>
        <source>启用（开单时可选）</source>
        <translation>Active (offered on work orders)</translation>
    </message>
    <message>
        <source>配件编号</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>配件名称</source>
        <translation>Part name</translation>
    </message>
    <message>
        <source>价格(元)</source>
        <translation>Price (yuan)</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>价格</source>
        <translation>Price</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
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
    <name>PricingSettingsTab</name>
    <message>
        <source>元/小时，不设则不填</source>
        <translation>yuan/hour; leave empty for none</translation>
    </message>
    <message>
        <source>如 6 或 13；价格含税填 0</source>
        <translation>e.g. 6 or 13; 0 when prices include tax</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>默认工时单价(元/小时)</source>
        <translation>Default hourly rate (yuan/hour)</translation>
    </message>
    <message>
        <source>税率(%)</source>
        <translation>Tax rate (%)</translation>
    </message>
    <message>
        <source>默认工时单价用于新增工时项目和未选工时项目的工时行；税率加在此后新开工单的各付款方金额上（价格已含税时填 0）。</source>
        <translation>The default hourly rate is offered for new labour operations and for labour lines typed without one; the tax rate is added to each payer&apos;s share of work orders opened from now on (0 when prices include tax).</translation>
    </message>
    <message>
        <source>默认工时单价</source>
        <translation>Default hourly rate</translation>
    </message>
    <message>
        <source>税率</source>
        <translation>Tax rate</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
</context>
<context>
    <name>QCDialog</name>
    <message>
        <source>质量检验 — %1</source>
        <translation>Quality inspection — %1</translation>
    </message>
    <message>
        <source>签字确认</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>不合格，返工</source>
        <translation>Failed, rework</translation>
    </message>
    <message>
        <source>不合格时必填</source>
        <translation>Required if failed</translation>
    </message>
    <message>
        <source>检验级别</source>
        <translation>Inspection level</translation>
    </message>
    <message>
        <source>检验结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>不合格原因</source>
        <translation>Reason for failure</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <source>改派</source>
        <translation>Reassign</translation>
    </message>
    <message>
        <source>派工 %1：%2（现为 %3）</source>
        <translation>Job %1: %2 (now %3)</translation>
    </message>
    <message>
        <source>改派给</source>
        <translation>Reassign to</translation>
    </message>
</context>
<context>
    <name>ReceptionDialog</name>
    <message>
        <source>接车开单</source>
        <translation>Reception — new work order</translation>
    </message>
    <message>
        <source>修改接车信息</source>
        <translation>Edit reception details</translation>
    </message>
    <message>
        <source>开单</source>
        <translation>Open work order</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>车辆：%1&#x3000;&#x3000;车主：%2</source>
        <translation>Vehicle: %1&#x3000;&#x3000;Owner: %2</translation>
    </message>
    <message>
        <source>上次记录 %1 km</source>
        <translation>Last recorded %1 km</translation>
    </message>
    <message>
        <source>如：更换仪表</source>
        <translation>e.g. instrument cluster replaced</translation>
    </message>
    <message>
        <source>客户自己的话，如：刹车有异响</source>
        <translation>In the customer&apos;s words, e.g. brakes squeal</translation>
    </message>
    <message>
        <source>保险公司或合同单位名称</source>
        <translation>Insurer or contract company</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>车内贵重物品，无则不填</source>
        <translation>Valuables in the car; leave empty if none</translation>
    </message>
    <message>
        <source>备胎在车</source>
        <translation>Spare wheel in car</translation>
    </message>
    <message>
        <source>随车工具齐全</source>
        <translation>Tool kit complete</translation>
    </message>
    <message>
        <source>接车时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>进厂里程(km)</source>
        <translation>Mileage in (km)</translation>
    </message>
    <message>
        <source>里程说明</source>
        <translation>Mileage note</translation>
    </message>
    <message>
        <source>油量</source>
        <translation>Fuel level</translation>
    </message>
    <message>
        <source>客户描述</source>
        <translation>Customer&apos;s description</translation>
    </message>
    <message>
        <source>作业分类</source>
        <translation>Job category</translation>
    </message>
    <message>
        <source>付款方</source>
        <translation>Payer</translation>
    </message>
    <message>
        <source>付款单位</source>
        <translation>Paying company</translation>
    </message>
    <message>
        <source>承诺完工</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <source>估价金额(元)</source>
        <translation>Estimate (yuan)</translation>
    </message>
    <message>
        <source>贵重物品</source>
        <translation>Valuables</translation>
    </message>
    <message>
        <source>随车物品</source>
        <translation>Items in car</translation>
    </message>
    <message>
        <source>进厂里程</source>
        <translation>Mileage in</translation>
    </message>
    <message>
        <source>估价金额</source>
        <translation>Estimate</translation>
    </message>
    <message>
        <source>仍要为该车再开一张工单吗？</source>
        <translation>Open another work order for this vehicle anyway?</translation>
    </message>
    <message>
        <source>再开一张</source>
        <translation>Open another</translation>
    </message>
</context>
<context>
    <name>RemindersTab</name>
    <message>
        <source>标记%1</source>
        <translation>Mark %1</translation>
    </message>
    <message>
        <source>%1：%2 已标记</source>
        <translation>%1: %2 marked</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>技术员工作日报表</source>
        <translation>Technician daily report</translation>
    </message>
    <message>
        <source>服务主任日报表</source>
        <translation>Service manager daily report</translation>
    </message>
    <message>
        <source>月度经营指标</source>
        <translation>Monthly KPIs</translation>
    </message>
</context>
<context>
    <name>RequisitionDialog</name>
    <message>
        <source>维修领料 — 派工 %1 %2</source>
        <translation>Parts requisition — job %1 %2</translation>
    </message>
    <message>
        <source>领料签收</source>
        <translation>Sign for parts</translation>
    </message>
    <message>
        <source>本单配件（填写领用数量，不领则留空）</source>
        <translation>Parts on this order (enter quantity taken; leave empty if none)</translation>
    </message>
    <message>
        <source>配件编号</source>
        <translation>Part number</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>工单数量</source>
        <translation>Qty on order</translation>
    </message>
    <message>
        <source>领用数量</source>
        <translation>Qty taken</translation>
    </message>
    <message>
        <source>工单上没有配件项目</source>
        <translation>No parts on the work order</translation>
    </message>
    <message>
        <source>其他配件编号</source>
        <translation>Other part number</translation>
    </message>
    <message>
        <source>其他配件名称</source>
        <translation>Other part name</translation>
    </message>
    <message>
        <source>其他配件数量</source>
        <translation>Other part qty</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>领料明细</source>
        <translation>Parts taken</translation>
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
    <name>ReworkDialog</name>
    <message>
        <source>标记为返修 — %1</source>
        <translation>Mark as comeback — %1</translation>
    </message>
    <message>
        <source>原工单号</source>
        <translation>Original work order</translation>
    </message>
    <message>
        <source>交车 %1</source>
        <translation>Delivered %1</translation>
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
    <name>SecuritySettingsTab</name>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>从不锁屏</source>
        <translation>Never lock</translation>
    </message>
    <message>
        <source>技师看不到金额（工单看板、工单金额、维修记录）</source>
        <translation>Hide amounts from technicians (board, order totals, service history)</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>无操作自动锁屏</source>
        <translation>Lock the screen when idle for</translation>
    </message>
    <message>
        <source>锁屏时间在下次登录后生效。</source>
        <translation>The lock time applies from the next login.</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
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
    <message>
        <source>投诉设置</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>安全设置</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>价格与税率</source>
        <translation>Prices and tax</translation>
    </message>
    <message>
        <source>指标设置</source>
        <translation>KPI settings</translation>
    </message>
    <message>
        <source>工作日历</source>
        <translation>Working calendar</translation>
    </message>
    <message>
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>操作日志</source>
        <translation>Audit trail</translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <source>流水号/卡号后四位</source>
        <translation>Transaction no./last 4 card digits</translation>
    </message>
    <message>
        <source>结算 — %1</source>
        <translation>Settlement — %1</translation>
    </message>
    <message>
        <source>结算</source>
        <translation>Settle</translation>
    </message>
    <message>
        <source>合计 %1 元（%2）&#x3000;客户应付 %3 元</source>
        <translation>Total %1 yuan (%2)&#x3000;Customer pays %3 yuan</translation>
    </message>
    <message>
        <source>收款</source>
        <translation>Payments</translation>
    </message>
    <message>
        <source>收款方式</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <source>金额(元)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>参考号</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>增加收款方式</source>
        <translation>Add payment method</translation>
    </message>
    <message>
        <source>差额</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>已收齐</source>
        <translation>Paid in full</translation>
    </message>
    <message>
        <source>还差 %1 元</source>
        <translation>%1 yuan short</translation>
    </message>
    <message>
        <source>多收 %1 元</source>
        <translation>%1 yuan over</translation>
    </message>
    <message>
        <source>收款金额</source>
        <translation>Amount received</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>售后管家 — 首次设置</source>
        <extracomment>the owner, signed in at Finish: the person who just chose the password goes straight to the start panel (a desk that connected to the main PC logs in instead)</extracomment>
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
        <source>店长</source>
        <translation>Owner</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>员工账号：%1</source>
        <translation>Staff accounts: %1</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>数据库：本店主机 %1</source>
        <translation>Database: main PC %1</translation>
    </message>
    <message>
        <source>数据库：这台电脑作为本店主机（建立数据库服务器）</source>
        <translation>Database: this PC as the main PC (a database server is made)</translation>
    </message>
    <message>
        <source>数据库：这台电脑上的数据库文件</source>
        <translation>Database: a database file on this PC</translation>
    </message>
    <message>
        <source>正在建立本店主机的数据库服务器，请稍候……</source>
        <translation>Making the main PC&apos;s database server, please wait…</translation>
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
        <source>演示员工账号 %1 的密码均为 %2（只显示这一次，请记下）</source>
        <translation>The password of the demo staff accounts %1 is %2 (shown this once only: write it down)</translation>
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
    <name>StaffTable</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>初始密码</source>
        <translation>First password</translation>
    </message>
    <message>
        <source>如：王强</source>
        <translation>e.g. Wang Qiang</translation>
    </message>
    <message>
        <source>如：wangq</source>
        <translation>e.g. wangq</translation>
    </message>
    <message>
        <source>至少 8 位，不用常见密码</source>
        <translation>At least 8 characters, not a common password</translation>
    </message>
    <message>
        <source>第 %1 行：%2</source>
        <translation>Row %1: %2</translation>
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
    <name>StartPanel</name>
    <message>
        <source>欢迎使用售后管家</source>
        <translation>Welcome to DealerDesk</translation>
    </message>
    <message>
        <source>%1 还没有客户和工单。从这里开始：</source>
        <translation>%1 has no customers and no work orders yet. Start here:</translation>
    </message>
    <message>
        <source>接第一辆车</source>
        <translation>Receive the first car</translation>
    </message>
    <message>
        <source>客户、车辆、工单一次登记
全程键盘操作，开单后直接打印委托书</source>
        <translation>Customer, vehicle and work order in one go
keyboard only; the work order prints right after</translation>
    </message>
    <message>
        <source>导入客户名单</source>
        <translation>Import a customer list</translation>
    </message>
    <message>
        <source>把 Excel 或 CSV 里已有的客户和车辆导入
先预览，有错的行会标出原因</source>
        <translation>Bring in the customers and vehicles you keep in Excel or CSV
previewed first, with the reason for each bad row</translation>
    </message>
    <message>
        <source>仅服务顾问、经理或店长可以接车开单</source>
        <translation>Only service advisors, managers and owners may receive cars</translation>
    </message>
    <message>
        <source>仅经理、店长或管理员可导入客户名单</source>
        <translation>Only managers, owners and administrators may import customer lists</translation>
    </message>
    <message>
        <source>以后随时可以从左侧的“客户与车辆”和“维修工单”接车开单；员工账号在“系统设置”中管理。</source>
        <translation>Later, receive cars from Customers &amp; vehicles or Work orders on the left; staff accounts are under Settings.</translation>
    </message>
</context>
<context>
    <name>SubmitClaimDialog</name>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>提交索赔 — %1</source>
        <translation>Submit claim — %1</translation>
    </message>
    <message>
        <source>工单 %1 的保修金额：%2 元</source>
        <translation>Warranty amount of work order %1: %2 yuan</translation>
    </message>
    <message>
        <source>厂家系统给出的索赔单号</source>
        <translation>The claim number from the manufacturer&apos;s system</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>故障现象、鉴定结论等</source>
        <translation>Fault, appraisal result, etc.</translation>
    </message>
    <message>
        <source>索赔单号</source>
        <translation>Claim number</translation>
    </message>
    <message>
        <source>索赔金额(元)</source>
        <translation>Claimed amount (yuan)</translation>
    </message>
    <message>
        <source>提交日期</source>
        <translation>Submitted on</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>索赔金额</source>
        <translation>Claimed amount</translation>
    </message>
</context>
<context>
    <name>SummaryTab</name>
    <message>
        <source>打印月报</source>
        <translation>Print monthly report</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>%1 年 %2 月</source>
        <translation>%2/%1</translation>
    </message>
    <message>
        <source>客户回访分析月报</source>
        <translation>Monthly follow-up analysis</translation>
    </message>
    <message>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>SundryItemDialog</name>
    <message>
        <source>修改杂项</source>
        <translation>Edit sundry item</translation>
    </message>
    <message>
        <source>新增杂项</source>
        <translation>New sundry item</translation>
    </message>
    <message>
        <source>如 ZX01</source>
        <translation>e.g. ZX01</translation>
    </message>
    <message>
        <source>如：废油处理费</source>
        <translation>e.g. waste oil disposal</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>启用（开单时可选）</source>
        <translation>Active (offered on work orders)</translation>
    </message>
    <message>
        <source>杂项编号</source>
        <translation>Sundry code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>金额(元)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
</context>
<context>
    <name>SupervisorDailyTab</name>
    <message>
        <source>查询</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>技术员</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>%1类 实际/标准</source>
        <translation>Class %1 actual/std</translation>
    </message>
    <message>
        <source>进厂 %1 台 · 交车 %2 台 · 在厂 %3 台 · 超时 %4 单 · 回访电话 %5 次 · 投诉 %6 件</source>
        <translation>In %1 · delivered %2 · on site %3 · overdue %4 · follow-up calls %5 · complaints %6</translation>
    </message>
    <message>
        <source>服务主任日报表</source>
        <translation>Service manager daily report</translation>
    </message>
</context>
<context>
    <name>SupplementaryDialog</name>
    <message>
        <source>增项确认 — %1</source>
        <translation>Add-on approval — %1</translation>
    </message>
    <message>
        <source>追加的项目，如：更换前刹车片</source>
        <translation>Added work, e.g. replace front brake pads</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>增项内容</source>
        <translation>Add-on work</translation>
    </message>
    <message>
        <source>增项金额(元)</source>
        <translation>Add-on amount (yuan)</translation>
    </message>
    <message>
        <source>确认方式</source>
        <translation>Approval method</translation>
    </message>
    <message>
        <source>确认人</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <source>确认时间</source>
        <translation>Approved at</translation>
    </message>
    <message>
        <source>增项金额</source>
        <translation>Add-on amount</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>同步数据包 (*.ddsync)</source>
        <translation>Sync bundles (*.ddsync)</translation>
    </message>
    <message>
        <source>登记文件 (*.json);;所有文件 (*)</source>
        <translation>Registration files (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>同步功能未启用</source>
        <translation>Sync is not enabled</translation>
    </message>
    <message>
        <source>已导入 %1：%2</source>
        <translation>Imported %1: %2</translation>
    </message>
    <message>
        <source>已跳过 %1：%2</source>
        <translation>Skipped %1: %2</translation>
    </message>
    <message>
        <source>拒绝导入 %1：%2</source>
        <translation>Refused %1: %2</translation>
    </message>
    <message>
        <source>已导出 %1：第 %2-%3 号，共 %4 条变更</source>
        <translation>Exported %1: nos. %2–%3, %4 changes</translation>
    </message>
    <message>
        <source>另一个导出或导入正在进行，请等它完成</source>
        <translation>Another export or import is running; please wait for it to finish</translation>
    </message>
</context>
<context>
    <name>SyncProgress</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在准备…</source>
        <translation>Preparing…</translation>
    </message>
    <message>
        <source>第 %1/%2 个文件 %3</source>
        <translation>File %1 of %2: %3</translation>
    </message>
    <message>
        <source>%1 / %2 条变更</source>
        <translation>%1 / %2 changes</translation>
    </message>
    <message>
        <source>正在校验…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>TechnicianCombo</name>
    <message>
        <source>（暂不指定）</source>
        <translation>(not yet assigned)</translation>
    </message>
</context>
<context>
    <name>TechnicianDailyTab</name>
    <message>
        <source>技术员（空 = 全部）</source>
        <translation>All technicians</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>技术员</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>工单号</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>车牌号</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>作业内容</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>开工</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>实际工时</source>
        <translation>Actual hours</translation>
    </message>
    <message>
        <source>标准工时</source>
        <translation>Standard hours</translation>
    </message>
    <message>
        <source>计入标准</source>
        <translation>Counted std</translation>
    </message>
    <message>
        <source>%1 位技术员，实际工时 %2 小时</source>
        <translation>%1 technicians, %2 actual hours</translation>
    </message>
    <message>
        <source>技术员工作日报表</source>
        <translation>Technician daily report</translation>
    </message>
</context>
<context>
    <name>TodayTab</name>
    <message>
        <source>打开并回访</source>
        <extracomment>what the follow-up lists show, by table-name prefix: tasks, calls, letters, reminders, ratings, and the customers and vehicles they name</extracomment>
        <translation>Open and call</translation>
    </message>
    <message>
        <source>标记完成</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <source>完善客户档案等无需电话的任务</source>
        <translation>Tasks without a call, e.g. completing customer files</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>答复客户要求</source>
        <translation>Answer the request</translation>
    </message>
    <message>
        <source>已超期 %1&#x3000;今日到期 %2&#x3000;今日已办 %3</source>
        <translation>Overdue %1&#x3000;due today %2&#x3000;done today %3</translation>
    </message>
    <message>
        <source>已答复 %1 的要求：%2</source>
        <translation>Answered %1&apos;s request: %2</translation>
    </message>
    <message>
        <source>已登记 %1 的回访：%2</source>
        <translation>Follow-up for %1 recorded: %2</translation>
    </message>
    <message>
        <source>；已生成投诉单 %1</source>
        <translation>; complaint slip %1 created</translation>
    </message>
    <message>
        <source>已完成：%1 %2</source>
        <translation>Done: %1 %2</translation>
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
    <name>UnreachableDialog</name>
    <message>
        <source>无法连接本店主机 — 售后管家</source>
        <translation>Cannot reach the main PC — DealerDesk</translation>
    </message>
    <message>
        <source>请确认主机已开机、售后管家数据库已启动、网线或无线网络已连接，然后点“重试”。</source>
        <translation>Check that the main PC is on, its DealerDesk database is running and the network cable or Wi-Fi is connected, then click Retry.</translation>
    </message>
    <message>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>正在连接……</source>
        <translation>Connecting…</translation>
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
        <source>已与行驶证核对，车架号无误</source>
        <translation>Checked against the registration certificate: the VIN is right</translation>
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
    <message>
        <source>已由 %1 核对</source>
        <translation>Checked by %1</translation>
    </message>
</context>
<context>
    <name>VehiclePickDialog</name>
    <message>
        <source>新建工单 — 选择车辆</source>
        <translation>New work order — choose vehicle</translation>
    </message>
    <message>
        <source>输入车牌（也可手机号、VIN 或姓名）</source>
        <translation>Type a plate (or mobile, VIN or name)</translation>
    </message>
    <message>
        <source>只列出有车辆的客户；没有的请先在“客户与车辆”中登记。</source>
        <translation>Only customers with vehicles are listed; register others under &quot;Customers &amp; vehicles&quot; first.</translation>
    </message>
    <message>
        <source>接车开单</source>
        <translation>Open work order</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>回车选择高亮的车辆</source>
        <translation>Enter selects the highlighted vehicle</translation>
    </message>
    <message>
        <source>未找到车辆</source>
        <translation>No vehicle found</translation>
    </message>
</context>
<context>
    <name>VehicleServicePanel</name>
    <message>
        <source>维修记录（所选车辆）</source>
        <translation>Service history (selected vehicle)</translation>
    </message>
    <message>
        <source>接车开单</source>
        <translation>New work order</translation>
    </message>
    <message>
        <source>您的角色无权开单</source>
        <translation>Your role may not open work orders</translation>
    </message>
    <message>
        <source>维修记录：%1</source>
        <translation>Service history: %1</translation>
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
    <name>WorkOrderPanel</name>
    <message>
        <source>接车信息</source>
        <translation>Reception</translation>
    </message>
    <message>
        <source>维修项目</source>
        <translation>Repair items</translation>
    </message>
    <message>
        <source>派工与工时</source>
        <translation>Dispatch and time</translation>
    </message>
    <message>
        <source>质量检验</source>
        <translation>Quality inspection</translation>
    </message>
    <message>
        <source>结算</source>
        <translation>Settlement</translation>
    </message>
    <message>
        <source>保修索赔</source>
        <translation>Warranty claims</translation>
    </message>
    <message>
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>服务顾问</source>
        <translation>Service advisor</translation>
    </message>
    <message>
        <source>接车时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>承诺完工</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <source>作业分类</source>
        <translation>Job category</translation>
    </message>
    <message>
        <source>返回看板</source>
        <translation>Back to board</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>修改接车</source>
        <translation>Edit reception</translation>
    </message>
    <message>
        <source>客户确认估价</source>
        <translation>Customer approves estimate</translation>
    </message>
    <message>
        <source>增项确认</source>
        <translation>Add-on approval</translation>
    </message>
    <message>
        <source>整单折扣</source>
        <translation>Order discount</translation>
    </message>
    <message>
        <source>派工</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>质检</source>
        <translation>QC</translation>
    </message>
    <message>
        <source>冲销结算</source>
        <translation>Reverse settlement</translation>
    </message>
    <message>
        <source>交车</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>取消工单</source>
        <translation>Cancel order</translation>
    </message>
    <message>
        <source>标记返修</source>
        <translation>Mark comeback</translation>
    </message>
    <message>
        <source>打印委托书</source>
        <translation>Print repair order</translation>
    </message>
    <message>
        <source>打印维修卡</source>
        <translation>Print repair card</translation>
    </message>
    <message>
        <source>打印结算单</source>
        <translation>Print settlement</translation>
    </message>
    <message>
        <source>打印调查卡</source>
        <translation>Print survey card</translation>
    </message>
    <message>
        <source>登记投诉</source>
        <translation>Register complaint</translation>
    </message>
    <message>
        <source>进厂里程</source>
        <translation>Mileage in</translation>
    </message>
    <message>
        <source>油量</source>
        <translation>Fuel level</translation>
    </message>
    <message>
        <source>客户描述</source>
        <translation>Customer&apos;s description</translation>
    </message>
    <message>
        <source>环车检查</source>
        <translation>Walk-around check</translation>
    </message>
    <message>
        <source>贵重物品</source>
        <translation>Valuables</translation>
    </message>
    <message>
        <source>随车物品</source>
        <translation>Items in car</translation>
    </message>
    <message>
        <source>付款方</source>
        <translation>Payer</translation>
    </message>
    <message>
        <source>估价金额</source>
        <translation>Estimate</translation>
    </message>
    <message>
        <source>客户确认</source>
        <translation>Customer approval</translation>
    </message>
    <message>
        <source>返修</source>
        <translation>Comeback</translation>
    </message>
    <message>
        <source>取消原因</source>
        <translation>Cancel reason</translation>
    </message>
    <message>
        <source>添加工时</source>
        <translation>Add labour</translation>
    </message>
    <message>
        <source>添加配件</source>
        <translation>Add part</translation>
    </message>
    <message>
        <source>添加杂费</source>
        <translation>Add sundry</translation>
    </message>
    <message>
        <source>修改所选</source>
        <translation>Edit selected</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Delete selected</translation>
    </message>
    <message>
        <source>工时项目</source>
        <translation>Labour</translation>
    </message>
    <message>
        <source>配件</source>
        <translation>Parts</translation>
    </message>
    <message>
        <source>杂费</source>
        <translation>Sundries</translation>
    </message>
    <message>
        <source>开工</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>停工</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>完工</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>待料暂停</source>
        <translation>Wait for parts</translation>
    </message>
    <message>
        <source>恢复施工</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>改派</source>
        <translation>Reassign</translation>
    </message>
    <message>
        <source>领料</source>
        <translation>Parts</translation>
    </message>
    <message>
        <source>工种交接</source>
        <translation>Handover</translation>
    </message>
    <message>
        <source>派工单</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>所选派工的计时</source>
        <translation>Time log of selected job</translation>
    </message>
    <message>
        <source>维修领料单</source>
        <translation>Parts requisitions</translation>
    </message>
    <message>
        <source>提交索赔</source>
        <translation>Submit claim</translation>
    </message>
    <message>
        <source>厂家结果</source>
        <translation>Manufacturer&apos;s decision</translation>
    </message>
    <message>
        <source>（已超时）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>（说明：%1）</source>
        <translation> (note: %1)</translation>
    </message>
    <message>
        <source>无异常</source>
        <translation>No damage</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>备胎</source>
        <translation>Spare wheel: </translation>
    </message>
    <message>
        <source>在</source>
        <translation>in car</translation>
    </message>
    <message>
        <source>随车工具</source>
        <translation>Tool kit: </translation>
    </message>
    <message>
        <source>齐全</source>
        <translation>complete</translation>
    </message>
    <message>
        <source>不全</source>
        <translation>incomplete</translation>
    </message>
    <message>
        <source> 元</source>
        <translation> yuan</translation>
    </message>
    <message>
        <source>尚未确认</source>
        <translation>Not approved yet</translation>
    </message>
    <message>
        <source>电话确认 %1，确认人：%2</source>
        <translation>Approved by phone %1, by: %2</translation>
    </message>
    <message>
        <source>客户签字 %1</source>
        <translation>Customer signed %1</translation>
    </message>
    <message>
        <source>本单为 %1 的返修</source>
        <translation>Comeback of %1</translation>
    </message>
    <message>
        <source>返修单：%1</source>
        <translation>Comebacks: %1</translation>
    </message>
    <message>
        <source>客户联已交回作废</source>
        <translation>Customer copy returned and voided</translation>
    </message>
    <message>
        <source>客户联未交回：%1</source>
        <translation>Customer copy not returned: %1</translation>
    </message>
    <message>
        <source>%1 由 %2 交车，出厂里程 %3 km，%4</source>
        <translation>%1 delivered by %2, mileage out %3 km, %4</translation>
    </message>
    <message>
        <source>工时 %1</source>
        <translation>Labour %1</translation>
    </message>
    <message>
        <source>配件 %1</source>
        <translation>Parts %1</translation>
    </message>
    <message>
        <source>杂费 %1</source>
        <translation>Sundries %1</translation>
    </message>
    <message>
        <source>折扣 %1</source>
        <translation>Discount %1</translation>
    </message>
    <message>
        <source>税 %1</source>
        <translation>Tax %1</translation>
    </message>
    <message>
        <source>合计 %1 元</source>
        <translation>Total %1 yuan</translation>
    </message>
    <message>
        <source>付款方：%1&#x3000;&#x3000;客户应付：%2 元</source>
        <translation>Payer: %1&#x3000;&#x3000;Customer pays: %2 yuan</translation>
    </message>
    <message>
        <source>已收：%1 元</source>
        <translation>Received: %1 yuan</translation>
    </message>
    <message>
        <source>结算：%1（%2）</source>
        <translation>Settled: %1 (%2)</translation>
    </message>
    <message>
        <source>冲销：%1 %2 元，原因：%3（%4）</source>
        <translation>Reversed: %1 %2 yuan, reason: %3 (%4)</translation>
    </message>
    <message>
        <source>合计 —</source>
        <translation>Total —</translation>
    </message>
    <message>
        <source>第 %1 轮，待做：%2</source>
        <translation>Round %1, to do: %2</translation>
    </message>
    <message>
        <source>共 %1 笔索赔，待答复 %2 笔；通过 %3 / 已答复 %4；核准金额 %5 元</source>
        <translation>%1 claims, %2 awaiting an answer; accepted %3 of %4 decided; approved %5 yuan</translation>
    </message>
    <message>
        <source>删除项目</source>
        <translation>Delete item</translation>
    </message>
    <message>
        <source>删除“%1”？</source>
        <translation>Delete &quot;%1&quot;?</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>派工 %1 缺什么料？车间主管会立即看到。</source>
        <translation>Which parts is job %1 waiting for? The workshop supervisor sees it at once.</translation>
    </message>
    <message>
        <source>冲销后工单回到“待结算”，原收款记录保留并冲减。</source>
        <translation>The work order goes back to &quot;awaiting settlement&quot;; the payments are kept and offset.</translation>
    </message>
    <message>
        <source>冲销</source>
        <translation>Reverse</translation>
    </message>
    <message>
        <source>取消工单 %1 的原因：</source>
        <translation>Reason for cancelling work order %1:</translation>
    </message>
</context>
<context>
    <name>WorkOrdersModel</name>
    <message>
        <source>工单号</source>
        <translation>Work order</translation>
    </message>
    <message>
        <source>车牌</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>客户</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>接车时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>在厂时长</source>
        <translation>On site</translation>
    </message>
    <message>
        <source>承诺完工</source>
        <translation>Promised</translation>
    </message>
    <message>
        <source>金额(元)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>%1天%2小时</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1小时%2分</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1分</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 超时</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <source>已超过承诺完工时间</source>
        <translation>Past the promised time</translation>
    </message>
</context>
<context>
    <name>WorkOrdersPage</name>
    <message>
        <source>在厂车辆（未交车）</source>
        <extracomment>what the board shows, by table-name prefix: orders and their lines, customers, vehicles</extracomment>
        <translation>On site (not delivered)</translation>
    </message>
    <message>
        <source>全部工单</source>
        <translation>All work orders</translation>
    </message>
    <message>
        <source>工单号 / 车牌 / 客户</source>
        <translation>Work order / plate / customer</translation>
    </message>
    <message>
        <source>新建工单</source>
        <translation>New work order</translation>
    </message>
    <message>
        <source>您的角色无权开单</source>
        <translation>Your role may not open work orders</translation>
    </message>
    <message>
        <source>内部作业（D类）</source>
        <translation>Internal work (class D)</translation>
    </message>
    <message>
        <source>不在工单上的工作：设备维护、检查、配件整理、培训</source>
        <translation>Work on no order: upkeep, inspections, parts handling, training</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>%1 张</source>
        <translation>%1 orders</translation>
    </message>
</context>
<context>
    <name>WorkbookExport</name>
    <message>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>_SaveMixin</name>
    <message>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
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
</TS>
