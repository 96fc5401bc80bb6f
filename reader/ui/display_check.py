"""Before Qt starts: is there a display, and can Qt's X11 plugin load?

Without either, Qt aborts the process (exit 134) with "This application failed to start
because no Qt platform plugin could be initialized. Reinstalling the application may fix
this problem", which sends people to reinstall Dubao. Here we say what is missing and how to
install it, in one line. This module imports no Qt."""
from __future__ import annotations

import ctypes
import os

# What Qt 6's xcb platform plugin loads (Qt for X11 requirements), by soname → Debian/Ubuntu
# package. PySide6's wheels bring Qt itself, not these.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libfontconfig.so.1": "libfontconfig1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_xcb_packages(libraries: dict[str, str] | None = None) -> list[str]:
    """Debian/Ubuntu packages whose library the X11 plugin needs and the loader cannot find."""
    libraries = XCB_LIBRARIES if libraries is None else libraries
    return [package for soname, package in libraries.items() if not _loadable(soname)]


def display_problem(environ: dict[str, str] | None = None, libraries: dict[str, str] | None = None) -> str | None:
    """None when the window can start; else the one line to print."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc…: the user chose; Qt checks it
    if not platform and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return ("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset): run dubao in a "
                "desktop session, or use its commands (dubao --help)")
    if not platform and not env.get("DISPLAY"):
        return None  # Wayland only: Qt's Wayland plugin needs none of the X11 libraries
    missing = missing_xcb_packages(libraries)
    if missing:
        return (f"cannot open the window: the X11 libraries Qt needs are missing ({', '.join(missing)}); "
                f"install them with: sudo apt install {' '.join(missing)}")
    return None
