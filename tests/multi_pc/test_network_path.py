"""A SQLite database on a network path is refused (issue 14, item 7).

"a SQLite database on a network path (a mapped network drive or \\\\server\\share on Windows;
NFS/CIFS/SMB mounts on Linux) is refused with one sentence that points to 连接本店主机."
SQLite's documentation: WAL does not work over a network file system, and broken network
locking has corrupted databases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from domain.errors import Conflict
from storage import database
from storage.database import Database
from storage.netpath import filesystem_type, mounts_from_mountinfo, network_location

MOUNTINFO = """\
22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
35 22 0:31 / /mnt/shop rw,relatime shared:20 - cifs //MAIN-PC/DealerDesk rw,vers=3.1.1
36 22 0:32 / /srv/nfs\\040share rw,relatime shared:21 - nfs4 main-pc:/export rw
37 35 0:33 / /mnt/shop/local rw,relatime shared:22 - ext4 /dev/vdb rw
38 22 0:34 / /home/user/remote rw,relatime - fuse.sshfs user@main-pc:/data rw
"""


@pytest.mark.parametrize(("path", "expected"), [
    ("/mnt/shop/DealerDesk/dealerdesk.sqlite3", "cifs"),          # a Windows share mounted (SMB)
    ("/srv/nfs share/data/dealerdesk.sqlite3", "nfs4"),            # escaped space in mountinfo
    ("/home/user/remote/dealerdesk.sqlite3", "fuse.sshfs"),
    ("/mnt/shop/local/dealerdesk.sqlite3", None),                  # a local disk mounted below it
    ("/mnt/shopping/dealerdesk.sqlite3", None),                    # a prefix of the name is not the mount
    ("/var/lib/dealerdesk/dealerdesk.sqlite3", None),
])
def test_network_mounts_are_recognised(path: str, expected: str | None) -> None:
    assert network_location(Path(path), mountinfo=MOUNTINFO) == expected


def test_mountinfo_parsing() -> None:
    mounts = mounts_from_mountinfo(MOUNTINFO + "garbage line without separator\n")
    assert ("/srv/nfs share", "nfs4") in mounts
    assert filesystem_type(Path("/"), mounts) == "ext4"


def test_this_machines_own_temp_folder_is_local(tmp_path: Path) -> None:
    assert network_location(tmp_path / "dealerdesk.sqlite3") is None


def test_sqlite_on_a_network_path_is_refused_with_one_sentence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(database, "network_location", lambda _path: "cifs")
    with pytest.raises(Conflict) as refused:
        Database.open(tmp_path, create=True)
    message = refused.value.message()
    assert "连接本店主机" in message and "\n" not in message
    assert not (tmp_path / "dealerdesk.sqlite3").exists()  # nothing was made there
    assert main(["--data-dir", str(tmp_path), "init", "--branch-code", "BJ01", "--branch-name", "店",
                 "--admin", "admin", "--password", "admin123-Kq7v"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "网络位置（cifs：" in err
