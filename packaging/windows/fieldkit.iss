; Inno Setup script: fieldkit's Windows installer (UNTESTED here: built by
; .github/workflows/build.yml on a Windows runner, never run on this project's
; Linux machines). Per-user install: no administrator rights, Start-menu entry,
; uninstall from Settings > Apps, and .fkpack / .fkbundle open in fieldkit.
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\fieldkit /DOutputDir=dist packaging\windows\fieldkit.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\fieldkit"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{6C1F2A6E-7D1B-4B0E-9C55-3F0A8E2D4B19}
AppName=fieldkit
AppVersion={#AppVersion}
AppPublisher=The fieldkit team
DefaultDirName={autopf}\fieldkit
DefaultGroupName=fieldkit
DisableProgramGroupPage=yes
; Per user: installs under %LOCALAPPDATA%\Programs, registry under HKCU.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
OutputDir={#OutputDir}
OutputBaseFilename=fieldkit-{#AppVersion}-windows-x86_64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\fieldkit.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "pl"; MessagesFile: "compiler:Languages\Polish.isl"
Name: "bg"; MessagesFile: "compiler:Languages\Bulgarian.isl"
Name: "ar"; MessagesFile: "compiler:Languages\Arabic.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\fieldkit"; Filename: "{app}\fieldkit.exe"
Name: "{autodesktop}\fieldkit"; Filename: "{app}\fieldkit.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Registry]
; HKA is HKCU for a per-user install: no administrator needed.
Root: HKA; Subkey: "Software\Classes\.fkpack"; ValueType: string; ValueName: ""; ValueData: "fieldkit.pack"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\fieldkit.pack"; ValueType: string; ValueName: ""; ValueData: "fieldkit project pack"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\fieldkit.pack\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\fieldkit.exe,0"
Root: HKA; Subkey: "Software\Classes\fieldkit.pack\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\fieldkit.exe"" open ""%1"""
Root: HKA; Subkey: "Software\Classes\.fkbundle"; ValueType: string; ValueName: ""; ValueData: "fieldkit.bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\fieldkit.bundle"; ValueType: string; ValueName: ""; ValueData: "fieldkit data bundle"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\fieldkit.bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\fieldkit.exe,0"
Root: HKA; Subkey: "Software\Classes\fieldkit.bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\fieldkit.exe"" open ""%1"""
; Packs sent as .zip: "Open with" lists fieldkit without taking .zip over.
Root: HKA; Subkey: "Software\Classes\.zip\OpenWithProgids"; ValueType: string; ValueName: "fieldkit.pack"; ValueData: ""; Flags: uninsdeletevalue

[Run]
Filename: "{app}\fieldkit.exe"; Description: "{cm:LaunchProgram,fieldkit}"; Flags: nowait postinstall skipifsilent
