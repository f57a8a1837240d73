"""A minimal ssh-agent client (draft-miller-ssh-agent): list the agent's keys and have it
sign, over `$SSH_AUTH_SOCK`, in-process, so a batch of thousands of sign-offs starts no
process per entry."""

from __future__ import annotations

import os
import socket
import struct

__all__ = ["AgentError", "agent_keys", "agent_sign"]

_REQUEST_IDENTITIES, _IDENTITIES_ANSWER = 11, 12
_SIGN_REQUEST, _SIGN_RESPONSE = 13, 14
_RSA_SHA2_512 = 4  # flag: an RSA key signs with rsa-sha2-512, as ssh-keygen -Y sign does


class AgentError(OSError):
    """No agent, or the agent refused."""


def _ask(message: bytes) -> bytes:
    path = os.environ.get("SSH_AUTH_SOCK")
    if not path:
        raise AgentError("no ssh-agent (SSH_AUTH_SOCK is not set)")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(30)
        try:
            connection.connect(path)
            connection.sendall(struct.pack(">I", len(message)) + message)
            head = _read(connection, 4)
            return _read(connection, struct.unpack(">I", head)[0])
        except OSError as error:
            raise AgentError(f"ssh-agent at {path}: {error.strerror or error}") from error


def _read(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise AgentError("ssh-agent closed the connection")
        data += chunk
    return data


def _strings(data: bytes, at: int, count: int) -> tuple[list[bytes], int]:
    found = []
    for _ in range(count):
        (size,) = struct.unpack_from(">I", data, at)
        found.append(data[at + 4 : at + 4 + size])
        at += 4 + size
    return found, at


def agent_keys() -> list[bytes]:
    """The public key blobs the running agent holds (empty without an agent)."""
    try:
        answer = _ask(bytes([_REQUEST_IDENTITIES]))
    except AgentError:
        return []
    if not answer or answer[0] != _IDENTITIES_ANSWER:
        return []
    (count,) = struct.unpack_from(">I", answer, 1)
    blobs, at = [], 5
    for _ in range(count):
        (blob, _comment), at = _strings(answer, at, 2)
        blobs.append(blob)
    return blobs


def agent_sign(blob: bytes, data: bytes) -> bytes:
    """The agent's SSH signature blob of `data` with the key `blob`.

    Raises:
        AgentError: no agent, or it would not sign (key not held, refused on confirmation).
    """
    kind = blob[4 : 4 + struct.unpack_from(">I", blob)[0]]
    flags = _RSA_SHA2_512 if kind == b"ssh-rsa" else 0
    request = (
        bytes([_SIGN_REQUEST]) + struct.pack(">I", len(blob)) + blob
        + struct.pack(">I", len(data)) + data + struct.pack(">I", flags)
    )  # fmt: skip
    answer = _ask(request)
    if not answer or answer[0] != _SIGN_RESPONSE:
        raise AgentError("ssh-agent refused to sign")
    (signature,), _ = _strings(answer, 1, 1)
    return signature
