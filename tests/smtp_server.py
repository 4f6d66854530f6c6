#!/usr/bin/env python3
"""A real SMTP server for the send tests, built on aiosmtpd.

Usage: smtp_server.py PORT OUT_DIR [DELAY]
Stores every accepted message as OUT_DIR/NNN.eml (and its recipients as .rcpt),
refuses any recipient whose address contains "refuse" (550), prints "ready" once
listening, and runs until killed. With DELAY (seconds) it takes that long to
accept each message, like a busy relay.
"""
import asyncio
import os
import sys
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, out, delay):
        self.out = out
        self.delay = delay
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "refuse" in address:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.count += 1
        base = os.path.join(self.out, "%03d" % self.count)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".rcpt", "w") as f:
            f.write(" ".join(envelope.rcpt_tos))
        return "250 Message accepted"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    controller = Controller(Store(out, delay), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
