#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""hmp.py SOCKET COMMAND...: run QEMU human monitor commands on a unix
socket (-monitor unix:SOCKET,server=on,wait=off), print their output."""
import re
import socket
import sys

PROMPT = b"(qemu) "


def read_prompt(s):
    buf = b""
    while not buf.endswith(PROMPT):
        chunk = s.recv(4096)
        if not chunk:
            raise EOFError("monitor closed")
        buf += chunk
    return buf[:-len(PROMPT)]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(30)
    s.connect(sys.argv[1])
    read_prompt(s)
    for cmd in sys.argv[2:]:
        s.sendall(cmd.encode() + b"\n")
        out = read_prompt(s).decode(errors="replace")
        # The monitor echoes the command with terminal escapes: drop
        # that first line.
        out = re.sub(r"\x1b\[[0-9]*[A-Za-z]", "", out).replace("\r", "")
        print("\n".join(out.split("\n")[1:]).strip())


if __name__ == "__main__":
    main()
