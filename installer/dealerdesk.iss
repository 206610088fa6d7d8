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
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; nothing beyond what [Files] installed: the data folder %LOCALAPPDATA%\{#AppDataFolder}
; (database, backups) stays, so a reinstall or a new version finds everything again
