"""One window per library: a second launch hands its files to the window already open.

The first window of a library listens on a local socket named after the library's folder
(``QLocalServer``: a Unix socket in the runtime folder, a named pipe on Windows; never the
network). A later ``papershelf FILE...`` or ``papershelf-gui FILE...`` on the same library
connects, sends the files as one JSON line and exits once the window has answered; the window
comes to the front and previews each file in turn. With no window to answer, the launch opens
its own.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 500  # a window that listens answers at once; none: go on quickly
ANSWER_MS = 3000  # for the window to take the files (it may be busy a moment)
MAX_MESSAGE = 1 << 20  # bytes of one hand-over, at most (a million characters of paths)
ACCEPTED = b"ok\n"


def server_name(folder: Path) -> str:
    """The socket name of a library's window: one per user and library folder."""
    key = f"{_user()}\0{folder.expanduser().resolve()}"
    return "papershelf-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment (a container): one name
        return "user"


def hand_over(folder: Path, files: list[str]) -> bool:
    """Give ``files`` to the window open on ``folder`` and bring it to the front; whether a
    window took them (False: there is none, open one)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = json.dumps({"files": [str(Path(f).absolute()) for f in files]}) + "\n"
    socket.write(message.encode("utf-8", "surrogateescape"))
    socket.flush()
    answer = b""
    while ACCEPTED not in answer and socket.waitForReadyRead(ANSWER_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return ACCEPTED in answer


class InstanceServer(QObject):
    """Listens for later launches on the same library; emits ``filesReceived`` with the
    files each one passed (an empty list: it was only started again)."""

    filesReceived = Signal(list)

    def __init__(self, folder: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        name = server_name(folder)
        if not self.server.listen(name):
            # A socket file left by a window that was killed: nobody answers on it (this
            # window holds the library's lock, so no other window is open on it).
            QLocalServer.removeServer(name)
            self.server.listen(name)

    def listening(self) -> bool:
        """Whether later launches can reach this window."""
        return self.server.isListening()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()

            def read(socket: QLocalSocket = socket, buffer: bytearray = buffer) -> None:
                buffer.extend(bytes(socket.readAll().data()))
                if len(buffer) > MAX_MESSAGE:
                    socket.abort()
                    return
                if b"\n" not in buffer:
                    return
                line = bytes(buffer).split(b"\n", 1)[0]
                socket.write(ACCEPTED)
                socket.flush()
                socket.disconnectFromServer()
                self.filesReceived.emit(_files(line))

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()


def _files(line: bytes) -> list[str]:
    """The files of one hand-over line; nothing for a line that is not one."""
    try:
        message = json.loads(line.decode("utf-8", "surrogateescape"))
    except ValueError:
        return []
    files = message.get("files") if isinstance(message, dict) else None
    if not isinstance(files, list):
        return []
    return [f for f in files if isinstance(f, str)]
