"""Whether a server could listen on a port: the API's before it starts, the local Neo4j's."""

import socket


def port_is_free(host: str, port: int) -> bool:
    """Whether a server could listen on host:port now (a port in TIME_WAIT counts as free, as
    it does for servers that set SO_REUSEADDR)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True
