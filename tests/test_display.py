"""``no_display_reason``: one sentence when a window cannot open for want of a display."""

from __future__ import annotations

import sys

import pytest

from papershelf.display import no_display_reason

# (platform, environment, whether the sentence is given)
TABLE = [
    ("linux", {}, True),
    ("linux", {"DISPLAY": ""}, True),  # set but empty: no display either
    ("linux", {"DISPLAY": ":0"}, False),
    ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, False),
    ("linux", {"WAYLAND_SOCKET": "5"}, False),
    ("linux", {"QT_QPA_PLATFORM": "offscreen"}, False),
    ("linux", {"SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"}, True),
    ("freebsd14", {}, True),
    ("darwin", {}, False),
    ("win32", {}, False),
]


@pytest.mark.parametrize(("platform", "env", "says"), TABLE)
def test_no_display_reason(platform: str, env: dict[str, str], says: bool) -> None:
    reason = no_display_reason(env, platform)
    assert (reason is not None) == says
    if reason:
        assert reason == (
            "Papershelf needs a display: no DISPLAY or WAYLAND_DISPLAY is set (over SSH use "
            "`ssh -X`, or set QT_QPA_PLATFORM=offscreen to run without a screen)."
        )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's own variables")
def test_it_reads_the_real_environment_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # as the test suite runs
    assert no_display_reason() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    assert no_display_reason() is not None
