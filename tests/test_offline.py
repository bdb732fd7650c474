"""Papershelf never uses the network: a whole session of the command line (import, search,
tag, annotate, export, backup, restore, check) and of the window (a note rendered in the
detail pane and the editor's preview, the demo) runs with socket creation refused, and proves
that no connection was attempted.

Two walls, each of which the session must pass:

- In Python, an audit hook (``sys.addaudithook``, installed by a ``sitecustomize`` that every
  interpreter of the session loads, the index's worker processes too) refuses and records any
  socket that is not a Unix socket, any connect, bind or send to a network address, any name
  lookup, any ``urllib`` request, HTTP, FTP or mail connection, and any browser opened.
- Below Python (Qt, libxml2 through lxml, SQLite), ``strace -f`` records every ``socket`` and
  address a process of the session makes: only Unix sockets (the window's single-instance
  server) and netlink (the kernel's own) are allowed, never an inet address.

Negative controls show each wall catches a connection, so the offline test can fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path(__file__).parents[1] / "resources" / "sample-trending-papers.txt"


# -- the walls ---------------------------------------------------------------------------------

HOOK = '''
"""Refuse and record any use of the network (written by tests/test_offline.py)."""
import os
import socket
import sys

_LOG = os.environ["PAPERSHELF_OFFLINE_LOG"]
_ADDRESSED = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}
_ALWAYS = {
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
    "socket.gethostbyaddr", "socket.getnameinfo", "urllib.Request", "http.client.connect",
    "http.client.send", "ftplib.connect", "smtplib.connect", "imaplib.open", "poplib.connect",
    "nntplib.connect", "telnetlib.Telnet.open", "webbrowser.open",
}


def _refuse(event, what):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"pid {os.getpid()} {sys.argv[:3]!r}: {event} {what!r}\\n")
    raise PermissionError(f"offline test: {event} refused")


def _hook(event, args):
    if event == "socket.__new__":
        if args[1] != socket.AF_UNIX:  # args[0], not yet made, must not be shown
            _refuse(event, f"family {args[1]}")
    elif event in _ADDRESSED:
        address = args[1]
        if address is not None and not isinstance(address, (str, bytes)):
            _refuse(event, address)
    elif event in _ALWAYS:
        _refuse(event, args)


sys.addaudithook(_hook)
'''

ALLOWED_FAMILIES = {"AF_UNIX", "AF_LOCAL", "AF_NETLINK"}
SOCKET_CALL = re.compile(r"\bsocket\((\w+)")
ADDRESS = re.compile(r"sa_family=(\w+)")
TRACED = "socket,connect,bind,sendto,sendmsg,sendmmsg"
STRACE_MISSING = (
    "strace is not installed: the offline test watches the session's system calls with it. "
    "packaging/bootstrap.sh installs it (Debian package strace); or run "
    "`sudo apt-get install strace`."
)


@dataclass
class Run:
    """One traced program of a session: how it ended, what it printed, what it tried."""

    code: int
    out: str
    err: str
    trace: str | None  # strace's record (None: strace is not installed)


@pytest.fixture(scope="module")
def walls(tmp_path_factory: pytest.TempPathFactory) -> Walls:
    return Walls(tmp_path_factory.mktemp("offline"))


class Walls:
    """Run programs with the audit hook in every interpreter and, where strace is
    installed, under strace; collect what the hook refused."""

    def __init__(self, folder: Path):
        self.folder = folder
        hooks = folder / "hook"
        hooks.mkdir()
        (hooks / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
        self.log = folder / "refused.log"
        self.log.touch()
        path = os.pathsep.join(p for p in (str(hooks), os.environ.get("PYTHONPATH")) if p)
        self.env = {
            **os.environ,
            "PYTHONPATH": path,
            "PAPERSHELF_OFFLINE_LOG": str(self.log),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8",
        }
        self.strace = shutil.which("strace")
        self.runs = 0

    def run(self, argv: list[str], *, hook: bool = True, timeout: float = 120) -> Run:
        """Run ``argv`` (a Python program: ``sys.executable ...``) behind the walls."""
        self.runs += 1
        trace = self.folder / f"trace-{self.runs}.txt"
        command = list(argv)
        if self.strace:
            command = [
                self.strace, "-f", "-qq", "--seccomp-bpf", "-e", f"trace={TRACED}",
                "-e", "signal=none", "-o", str(trace), "--", *command,
            ]  # fmt: skip
        env = self.env if hook else {k: v for k, v in self.env.items() if k != "PYTHONPATH"}
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=timeout,
            check=False,
        )
        recorded = trace.read_text(encoding="utf-8", errors="replace") if self.strace else None
        return Run(done.returncode, done.stdout, done.stderr, recorded)

    def refused(self) -> str:
        return self.log.read_text(encoding="utf-8")


def network_calls(trace: str) -> list[str]:
    """The traced system calls that made a socket other than a Unix or netlink one, or
    named an address of such a family."""
    return [
        line
        for line in trace.splitlines()
        if any(
            family not in ALLOWED_FAMILIES
            for family in SOCKET_CALL.findall(line) + ADDRESS.findall(line)
        )
    ]


def assert_no_network_calls(run: Run) -> None:
    assert run.trace is not None, STRACE_MISSING
    assert network_calls(run.trace) == []


# -- what the session reads ---------------------------------------------------------------------

NOTE = """# Heads, sparse

A *sparse* set of heads; see [the code](https://github.com/nightdessert/Retrieval_Head)
and <https://example.org/paper>.

![x](https://example.org/x.png)

<img src="http://127.0.0.1:9/tracker.gif"><iframe src="http://127.0.0.1:9/frame"></iframe>
<link rel="stylesheet" href="http://127.0.0.1:9/style.css">

| claim | where |
|---|---|
| retrieval heads | section 3 |
"""

# Inputs that name things on the network a careless parser would fetch: an external DTD, an
# external entity, a page's images, scripts and style sheets (at the discard port of this
# machine, so a fetch that happened would fail at once, and strace would have seen it).
HOSTILE_XML = """<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet SYSTEM "http://127.0.0.1:9/pubmed.dtd" [
  <!ENTITY far SYSTEM "http://127.0.0.1:9/entity.txt">
]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>4242</PMID><Article>
<ArticleTitle>Offline Parsing of Hostile Documents</ArticleTitle>
<Abstract><AbstractText>A paper whose file names a DTD and an entity on the network.&far;
</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""
HOSTILE_HEAD = """<link rel="stylesheet" href="http://127.0.0.1:9/style.css">
<script src="http://127.0.0.1:9/app.js"></script><iframe src="http://127.0.0.1:9/frame"></iframe>
<img src="http://127.0.0.1:9/thumb.png"><object data="http://127.0.0.1:9/x.swf"></object>
"""

SESSION = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from papershelf.launch import main

    commands, report = sys.argv[1:3]
    done, backup = [], None
    for argv in json.load(open(commands, encoding="utf-8")):
        argv = [backup if word == "{backup}" else word for word in argv]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        if argv[2:3] == ["backup"]:
            backup = json.loads(out.getvalue())["path"]
        done.append({"argv": argv, "code": code, "out": out.getvalue(), "err": err.getvalue()})
    json.dump(done, open(report, "w", encoding="utf-8"))
    """
)

WINDOW = textwrap.dedent(
    """
    import json, sys, traceback
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from papershelf.core.listing import View
    from papershelf.launch import main
    from papershelf.ui import window as window_module
    from papershelf.ui.listmodel import cell_text

    folder, title, report = sys.argv[1:4]
    app = QApplication(sys.argv[:1])
    facts = {}
    made = window_module.MainWindow.__init__


    def init(self, *args, **kwargs):
        made(self, *args, **kwargs)
        self.indexReady.connect(lambda outcome: step(lambda: drive(self)))


    window_module.MainWindow.__init__ = init


    def step(then):
        try:
            then()
        except Exception:
            stop(traceback.format_exc())


    def until(check, then, left=[400]):
        left[0] -= 1
        if left[0] <= 0:
            stop(f"stuck before {then.__name__}")
        elif check():
            step(then)
        else:
            QTimer.singleShot(50, lambda: step(lambda: until(check, then)))


    def stop(why):
        facts["error"] = why
        for widget in app.topLevelWidgets():
            widget.close()  # the window shuts down as it does for a user


    def drive(window):
        def everything():
            facts["total"] = total = window.model.rowCount()
            QTest.keyClick(window.list, "j")
            QTest.keyClick(window.list, "k")
            QTest.keyClick(window.list, "/")
            QTest.keyClicks(window.search, "retrieval")
            until(lambda: 0 < window.model.rowCount() < total, searched)

        def searched():
            facts["found"] = window.model.rowCount()
            QTest.keyClick(window.search, Qt.Key.Key_Return)
            QTest.keyClick(window.list, Qt.Key.Key_Escape)
            until(lambda: window.model.rowCount() == facts["total"], listed)

        def listed():
            rows = [cell_text(window.model.paper_row(r), "title") for r in range(facts["total"])]
            window.list.select_row(rows.index(title))
            window.list.setFocus()
            until(lambda: (window.detail.paper or {}).get("title") == title, shown)

        def shown():
            facts["detail"] = window.detail.toHtml()
            facts["detail_text"] = window.detail.toPlainText()
            QTest.keyClick(window.list, "n")
            until(lambda: "sparse" in window.notes.preview.toPlainText(), previewed)

        def previewed():
            facts["preview"] = window.notes.preview.toHtml()
            QTest.keyClick(window.notes.editor, Qt.Key.Key_Escape)
            facts["resource_requests"] = (
                window.detail.resource_requests + window.notes.preview.resource_requests
            )
            QTest.keyClick(window.list, "u")
            QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

        window.sidebar.select_view(View())  # All papers
        until(lambda: window.model.rowCount() == window.library.count(), everything)


    code = main(["--library", folder])
    json.dump(facts, open(report, "w", encoding="utf-8"))
    sys.exit(code or (5 if "error" in facts else 0))
    """
)

HF_HTML = FIXTURES / "hf-html" / "hf-daily-2026-08-21-constructed.html"
RETRIEVAL_HEAD = "Retrieval Head Mechanistically Explains Long-Context Factuality"
FORMATS = {"bibtex": "bib", "ris": "ris", "csl-json": "json", "csv": "csv", "json": "json"}


@dataclass
class Session:
    """The command-line session and the window session, as they ran."""

    library: Path
    out: Path
    cli: Run
    steps: list[dict]
    window: Run
    window_facts: dict
    demo: Run


def _commands(library: Path, out: Path, inputs: Path) -> list[list[str]]:
    (inputs / "hostile-pubmed.xml").write_text(HOSTILE_XML, encoding="utf-8")
    page = (HF_HTML.read_text(encoding="utf-8")).replace("<head>", "<head>" + HOSTILE_HEAD, 1)
    assert HOSTILE_HEAD in page
    (inputs / "hostile-page.html").write_text(page, encoding="utf-8")
    imports = [
        SAMPLE,
        HF_HTML,
        FIXTURES / "markdown" / "daily-arxiv-2025-12-30-first3.md",
        FIXTURES / "pubmed-xml" / "pubmed-29768149.xml",  # names NLM's DTD on the web
        FIXTURES / "arxiv-atom" / "arxiv-api-query-constructed.xml",
        inputs / "hostile-pubmed.xml",
        inputs / "hostile-page.html",
    ]
    lib = ["--library", str(library)]
    steps = [["import", str(path), "--keep-valid"] for path in imports]
    steps[0] += ["--tag", "trending"]
    steps += [
        ["search", "retrieval", "heads"],
        ["search", "tag:trending", "is:unread", "--limit", "3"],
        ["tag", "add", "rag", "2", "3"],
        ["note", "2", "--set", NOTE],
        ["highlight", "2", "retrieval heads", "--colour", "2", "--comment", "the claim"],
        ["mark", "read", "2"],
        ["show", "2"],
        ["related", "2", "--limit", "3"],
        ["read-next", "--limit", "3"],
        ["saved", "add", "rag to read", "tag:rag", "is:unread"],
        ["saved"],
        *[
            ["export", "--format", name, "-o", str(out / f"papers.{suffix}")]
            for name, suffix in FORMATS.items()
            if name != "json"
        ],
        ["export", "--format", "json", "-o", str(out / "everything.json")],
        ["export", "--format", "markdown", "tag:rag", "-o", str(out / "notes")],
        ["import", str(out / "everything.json")],
        ["backup", "--json"],
        ["backups"],
        ["restore", "{backup}", "--yes"],
        ["check"],
    ]
    return [lib + step for step in steps]


@pytest.fixture(scope="module")
def session(walls: Walls, tmp_path_factory: pytest.TempPathFactory) -> Session:
    folder = tmp_path_factory.mktemp("session")
    library, out = folder / "library", folder / "out"
    out.mkdir()
    commands = folder / "commands.json"
    commands.write_text(json.dumps(_commands(library, out, folder)), encoding="utf-8")
    cli_report, window_report = folder / "cli.json", folder / "window.json"
    cli = walls.run([sys.executable, "-c", SESSION, str(commands), str(cli_report)])
    steps = json.loads(cli_report.read_text(encoding="utf-8")) if cli_report.exists() else []
    window = walls.run(
        [sys.executable, "-c", WINDOW, str(library), RETRIEVAL_HEAD, str(window_report)]
    )
    facts = json.loads(window_report.read_text(encoding="utf-8")) if window.code == 0 else {}
    demo = walls.run([sys.executable, "-m", "papershelf", "--demo", "--quit-when-ready"])
    return Session(library, out, cli, steps, window, facts, demo)


# -- the session worked ----------------------------------------------------------------------


def _said(session: Session, *command: str) -> dict:
    """The first step of the session that ran ``command`` (its first words)."""
    return next(s for s in session.steps if s["argv"][2 : 2 + len(command)] == list(command))


def test_the_command_line_session_did_its_work(session: Session) -> None:
    assert session.cli.code == 0, session.cli.err
    failed = [(s["argv"][2:4], s["code"], s["err"]) for s in session.steps if s["code"] != 0]
    assert failed == []
    assert "Traceback" not in "".join(s["err"] for s in session.steps)
    assert RETRIEVAL_HEAD in _said(session, "search")["out"]
    shown = _said(session, "show")["out"]
    assert "status: read    tags: rag, trending" in shown
    assert "[the code](https://github.com/nightdessert/Retrieval_Head)" in shown
    assert "“retrieval heads” — the claim" in shown
    assert len(_said(session, "related")["out"].splitlines()) == 3
    assert "rag to read" in _said(session, "saved")["out"]
    for name, suffix in FORMATS.items():
        written = session.out / ("everything.json" if name == "json" else f"papers.{suffix}")
        assert written.stat().st_size > 10_000, name
    notes = [n.read_text(encoding="utf-8") for n in (session.out / "notes").glob("*.md")]
    assert len(notes) == 2 and sum("![x](https://example.org/x.png)" in n for n in notes) == 1
    assert _said(session, "restore")["out"].startswith("restored ")
    assert _said(session, "check")["out"].startswith("ok: ")


def test_every_input_was_read_without_fetching_what_it_names(session: Session) -> None:
    imported = [s["out"].split(",")[0] for s in session.steps if s["argv"][2] == "import"]
    # the sample, the HF HTML page, the Markdown digest, PubMed XML with NLM's DTD named, an
    # arXiv Atom feed, the two hostile files, and the JSON export read back (duplicates)
    assert imported == ["65 new", "3 new", "3 new", "1 new", "3 new", "1 new", "0 new", "0 new"]
    hostile = _said(session, "import", str(session.library.parent / "hostile-page.html"))
    assert "3 duplicates" in hostile["out"]


def test_the_window_rendered_the_note_and_loaded_nothing(session: Session) -> None:
    assert session.window.code == 0, session.window.err
    facts = session.window_facts
    assert 0 < facts["found"] < 100
    assert "Heads, sparse" in facts["detail_text"] and "*sparse*" not in facts["detail_text"]
    for html in (facts["detail"], facts["preview"]):
        assert "https://github.com/nightdessert/Retrieval_Head" in html  # a link, to click
        assert "<img" not in html and "127.0.0.1" not in html and "example.org/x.png" not in html
    assert facts["resource_requests"] == 0


def test_the_demo_window_opens_and_quits(session: Session) -> None:
    assert session.demo.code == 0, session.demo.err
    assert "papershelf: ready in" in session.demo.out


# -- no connection was attempted ---------------------------------------------------------------


def test_python_never_touched_the_network(session: Session, walls: Walls) -> None:
    assert walls.refused() == ""


def test_no_process_made_a_network_socket(session: Session) -> None:
    for run in (session.cli, session.window, session.demo):
        assert_no_network_calls(run)
    # strace watched the window: its single-instance server is a Unix socket it binds
    assert session.window.trace is not None
    assert re.search(r"bind\(\d+, \{sa_family=AF_UNIX", session.window.trace)


def test_strace_is_there_to_watch() -> None:
    assert shutil.which("strace"), STRACE_MISSING


# -- the walls can fail: negative controls -----------------------------------------------------

CONNECT = "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)"


@pytest.mark.parametrize(
    ("code", "event"),
    [
        (CONNECT, "socket.getaddrinfo"),
        ("import socket; socket.socket(socket.AF_INET6)", "socket.__new__ 'family 10'"),
        ("import urllib.request; urllib.request.urlopen('http://127.0.0.1:9/')", "urllib.Request"),
    ],
    ids=["create_connection", "inet6-socket", "urlopen"],
)
def test_the_hook_refuses_and_records_a_connection(walls: Walls, code: str, event: str) -> None:
    before = walls.refused()
    run = walls.run([sys.executable, "-c", code])
    assert run.code == 1 and "offline test:" in run.err and "refused" in run.err
    assert event in walls.refused()[len(before) :]
    walls.log.write_text(before, encoding="utf-8")  # the session's log stays its own


def test_strace_sees_a_connection_below_python(walls: Walls) -> None:
    run = walls.run([sys.executable, "-c", CONNECT], hook=False)
    assert run.trace is not None, STRACE_MISSING
    seen = network_calls(run.trace)
    assert any(line.startswith(tuple("0123456789")) and "socket(AF_INET" in line for line in seen)
    assert any("connect(" in line and "sin_port=htons(9)" in line for line in seen)
    with pytest.raises(AssertionError):
        assert_no_network_calls(run)


def test_unix_and_netlink_sockets_are_allowed() -> None:
    trace = (
        "12 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3\n"
        '12 connect(3, {sa_family=AF_UNIX, sun_path="/run/user/0/papershelf-x"}, 110) = 0\n'
        "13 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 4\n"
        "13 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP <unfinished ...>\n"
        "14 socket(0x2c /* AF_??? */, SOCK_STREAM, 0) = -1 EAFNOSUPPORT\n"
    )
    assert [line.split()[0] for line in network_calls(trace)] == ["13", "14"]
