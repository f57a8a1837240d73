"""SSHSIG signatures made and checked in-process, for every key type the registry takes,
against OpenSSH's own `ssh-keygen -Y sign` and `-Y verify` both ways."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from l10n.review.sshsig import (
    NAMESPACE,
    SignatureError,
    armor,
    parse_public_key,
    sign_with_private_key,
    signed_data,
    verify,
)

KEYS: dict[str, Callable[[], object]] = {
    "ed25519": ed25519.Ed25519PrivateKey.generate,
    "rsa": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "nistp256": lambda: ec.generate_private_key(ec.SECP256R1()),
    "nistp384": lambda: ec.generate_private_key(ec.SECP384R1()),
    "nistp521": lambda: ec.generate_private_key(ec.SECP521R1()),
}
MESSAGE = "王晓夏 approved «Пример» ١٢٣".encode()

needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="OpenSSH's ssh-keygen is not installed"
)


@pytest.fixture(params=sorted(KEYS), scope="module")
def key(request: pytest.FixtureRequest) -> object:
    return KEYS[request.param]()


def _signature(key: object, message: bytes = MESSAGE) -> str:
    public, sign = sign_with_private_key(key)
    return armor(public, sign(signed_data(message)))


def test_a_signature_verifies_and_names_its_key(key: object) -> None:
    public, _ = sign_with_private_key(key)
    assert verify(_signature(key), MESSAGE) == public


def test_another_message_or_namespace_does_not_verify(key: object) -> None:
    signature = _signature(key)
    with pytest.raises(SignatureError, match="does not verify"):
        verify(signature, MESSAGE + b" ")
    with pytest.raises(SignatureError, match="namespace"):
        verify(signature, MESSAGE, namespace="git")


def test_a_changed_or_cut_signature_is_refused_not_a_crash() -> None:
    import base64

    signature = _signature(ed25519.Ed25519PrivateKey.generate())
    lines = signature.strip().splitlines()
    body = bytearray(base64.b64decode("".join(lines[1:-1])))
    for changed in (
        bytes(body[:-1]) + bytes([body[-1] ^ 1]),  # one bit of the signature itself
        bytes(body[:-5]) + b"\x00",  # the signature cut short (its length prefix too)
    ):
        text = base64.b64encode(changed).decode()
        forged = "\n".join([lines[0], text, lines[-1]])
        with pytest.raises(SignatureError):
            verify(forged, MESSAGE)


def test_an_ed25519_signature_of_the_wrong_length_does_not_verify() -> None:
    """The SSH string holding the raw signature says 63 bytes: refused before libsodium,
    which would read the first byte of the data as the signature's last."""
    import struct

    key = ed25519.Ed25519PrivateKey.generate()
    public, _ = sign_with_private_key(key)
    raw = key.sign(signed_data(MESSAGE))
    short = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 63) + raw[:63]
    with pytest.raises(SignatureError, match="does not verify"):
        verify(armor(public, short), MESSAGE)


def _write_private(key: object, path: Path) -> str:
    path.write_bytes(
        key.private_bytes(  # type: ignore[attr-defined]
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)
    public, _ = sign_with_private_key(key)
    return public.line


@needs_ssh_keygen
def test_ssh_keygen_accepts_ours_and_we_accept_ssh_keygens(key: object, tmp_path: Path) -> None:
    line = _write_private(key, tmp_path / "key")
    (tmp_path / "allowed").write_text(f"editor {line}\n", encoding="utf-8")
    (tmp_path / "message").write_bytes(MESSAGE)
    (tmp_path / "ours.sig").write_text(_signature(key), encoding="ascii")
    checked = subprocess.run(
        ["ssh-keygen", "-Y", "verify", "-f", str(tmp_path / "allowed"), "-I", "editor",
         "-n", NAMESPACE, "-s", str(tmp_path / "ours.sig")],
        input=MESSAGE, capture_output=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-f", str(tmp_path / "key"), "-n", NAMESPACE,
         str(tmp_path / "message")],
        capture_output=True, check=True,
    )  # fmt: skip
    theirs = (tmp_path / "message.sig").read_text(encoding="ascii")
    assert verify(theirs, MESSAGE) == parse_public_key(line)
