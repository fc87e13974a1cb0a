"""Runs a command in a pseudo-terminal of a fixed size and answers nothing.

Usage: python3 ptyRun.py COLUMNS ROWS NEEDLE_FILE -- command args...

Prints "pid <n>" once the command runs, then "seen <i>" the first time the terminal output holds
needle number i (one needle per line of NEEDLE_FILE, matched after removing escape sequences and
spaces from the output, across reads), and "exit <code>" when the command ends. The output is
read and dropped, so the command never blocks on a full terminal. Ends the command (SIGTERM to
its process group) when this process's stdin closes.
"""

import fcntl
import os
import re
import select
import signal
import struct
import sys
import termios

ESCAPES = re.compile(rb"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78MDEc]|[\x00-\x1f\x7f ]")


def main() -> int:
    cols, rows, needle_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    command = sys.argv[sys.argv.index("--") + 1 :]
    with open(needle_file, "rb") as f:
        needles = [n.replace(b" ", b"") for n in f.read().splitlines() if n]
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        if slave > 2:
            os.close(slave)
        os.execvp(command[0], command)
    os.close(slave)
    print(f"pid {pid}", flush=True)
    seen = [False] * len(needles)
    tail = b""
    keep = max((len(n) for n in needles), default=0)
    stdin_open = True
    while True:
        fds = [master] + ([0] if stdin_open else [])
        ready, _, _ = select.select(fds, [], [], 1.0)
        if 0 in ready:
            if not os.read(0, 4096):
                stdin_open = False
                try:
                    os.killpg(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        if master in ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data:
                break
            if keep and not all(seen):
                text = tail + ESCAPES.sub(b"", data)
                for i, n in enumerate(needles):
                    if not seen[i] and n in text:
                        seen[i] = True
                        print(f"seen {i}", flush=True)
                tail = text[-keep:]
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    print(f"exit {code}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
