#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one command to a running UML kernel's management console.

usage: umlcon.py <mconsole socket> <command...>   (e.g. "sysrq w")

The mconsole is a datagram socket the UML kernel creates in its umid
directory (arch/um/drivers/mconsole.h has the protocol). The reply is
printed; a UML that does not answer within the timeout exits with 1.
"""
import os
import socket
import struct
import sys
import tempfile

MAGIC = 0xcafebabe
VERSION = 2
MAX_DATA = 512


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    path = sys.argv[1]
    data = ' '.join(sys.argv[2:]).encode()[:MAX_DATA]
    with tempfile.TemporaryDirectory(prefix='nn-mcon-') as tmp:
        me = os.path.join(tmp, 's')
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            # The reply goes to the sender's address, so bind one.
            s.bind(me)
            s.settimeout(20)
            s.sendto(struct.pack('=III%ds' % MAX_DATA, MAGIC, VERSION,
                                 len(data), data), path)
            while True:
                try:
                    reply = s.recv(4096)
                except socket.timeout:
                    print('umlcon: no reply from', path, file=sys.stderr)
                    return 1
                err, more, n = struct.unpack_from('=III', reply)
                sys.stdout.write(reply[12:12 + n].decode(errors='replace'))
                if not more:
                    print()
                    return 1 if err else 0


if __name__ == '__main__':
    sys.exit(main())
