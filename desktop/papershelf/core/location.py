"""Where a library lives: a network drive or a cloud-synced folder is worth a warning.

SQLite's locking is only as good as the file system's: on a network share two computers can
write at once, and a sync client (Dropbox, OneDrive, iCloud Drive, Google Drive, Nextcloud,
Syncthing) copies ``library.sqlite`` without its write-ahead log, or brings back an old copy
over a new one. Neither can be known for certain; what can be seen is said. On Linux the
mount table names network file systems; a UNC path (``\\\\server\\share``) is one on Windows;
sync clients are recognised by the folder names they make and the marker files they leave.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

NETWORK_FILE_SYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre",
    "davfs", "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.davfs2",
}  # fmt: skip
# Folder names sync clients create (compared without case), and what to call them.
SYNCED_FOLDERS = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "cloudstorage": "a cloud storage provider",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud drive": "pCloud",
    "megasync": "MEGA",
    "box sync": "Box",
}
# Files a sync client keeps in the root of the folder it syncs.
SYNC_MARKERS = {
    ".dropbox": "Dropbox",
    ".dropbox.cache": "Dropbox",
    ".stfolder": "Syncthing",
    ".sync": "Resilio Sync",
    ".owncloudsync.log": "Nextcloud or ownCloud",
    ".nextcloudsync.log": "Nextcloud",
}
AFTER = (
    "syncing or sharing can damage a library while it is open; keep it on a local disk "
    "(its backups/ folder is safe to sync)."
)


def warning(folder: Path, mounts: Path = Path("/proc/mounts")) -> str | None:
    """One sentence if ``folder`` looks like a network share or a synced folder, else None."""
    folder = Path(os.path.abspath(folder))
    if str(folder).startswith("\\\\"):
        return f"The library {folder} is on a network share: {AFTER}"
    fs_type = _file_system(folder, mounts)
    if fs_type in NETWORK_FILE_SYSTEMS:
        return f"The library {folder} is on a network file system ({fs_type}): {AFTER}"
    service = synced_by(folder)
    if service:
        return f"The library {folder} is in a folder synced by {service}: {AFTER}"
    return None


def synced_by(folder: Path) -> str | None:
    """The sync service whose folder holds ``folder``, if one can be seen."""
    for part in PurePath(folder).parts:
        name = part.lower()
        if name in SYNCED_FOLDERS:
            return SYNCED_FOLDERS[name]
        for prefix in ("onedrive - ", "dropbox ("):  # "OneDrive - Contoso", "Dropbox (Team)"
            if name.startswith(prefix):
                return SYNCED_FOLDERS[prefix.split()[0]]
    for place in (folder, *folder.parents):
        for marker, service in SYNC_MARKERS.items():
            try:
                if (place / marker).exists():
                    return service
            except OSError:  # a folder we may not look into
                continue
    return None


def _file_system(folder: Path, mounts: Path) -> str | None:
    """The type of the file system ``folder`` is on, from a Linux mount table."""
    try:
        table = mounts.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    best, fs_type = "", None
    target = str(folder)
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, fs_type = point, fields[2]
    return fs_type
