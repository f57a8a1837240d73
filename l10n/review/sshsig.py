"""SSH signatures in the SSHSIG format of `ssh-keygen -Y sign` (OpenSSH's PROTOCOL.sshsig),
made and checked in-process: ed25519, RSA (rsa-sha2-512/256) and ECDSA keys.

A signature is over `"SSHSIG" || string(namespace) || string("") || string(hash name) ||
string(H(message))`; its armored form is what `ssh-keygen -Y verify` reads.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# cryptography is imported where a key is loaded or made: a `status` with no signed
# events (a project without editors.toml) never needs it, and it is a tenth of start-up.

__all__ = [
    "NAMESPACE",
    "PublicKey",
    "SignatureError",
    "armor",
    "claimed_key",
    "parse_public_key",
    "sign_with_private_key",
    "signed_data",
    "verify",
]

#: The SSHSIG namespace of every l10n signature (`ssh-keygen -Y verify -n l10n-review`).
NAMESPACE = "l10n-review"
_MAGIC = b"SSHSIG"
_HASH = "sha512"
_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_END = "-----END SSH SIGNATURE-----"
_CURVES = ("nistp256", "nistp384", "nistp521")


def _curve(name: str) -> tuple[Any, Any]:
    """The curve class and hash class of an ECDSA curve name."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    return {
        "nistp256": (ec.SECP256R1, hashes.SHA256),
        "nistp384": (ec.SECP384R1, hashes.SHA384),
        "nistp521": (ec.SECP521R1, hashes.SHA512),
    }[name]


class SignatureError(ValueError):
    """A signature or key that does not parse, or does not verify."""


@dataclass(frozen=True, slots=True)
class PublicKey:
    """An OpenSSH public key: its algorithm name and wire-format blob."""

    kind: str
    blob: bytes

    @property
    def line(self) -> str:
        """`ssh-ed25519 AAAA…`, as in authorized_keys and allowed_signers."""
        return f"{self.kind} {base64.b64encode(self.blob).decode()}"

    @property
    def fingerprint(self) -> str:
        """`SHA256:…`, as `ssh-keygen -l` prints it."""
        digest = base64.b64encode(hashlib.sha256(self.blob).digest()).decode().rstrip("=")
        return f"SHA256:{digest}"


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _mpint(value: int) -> bytes:
    raw = value.to_bytes((value.bit_length() + 8) // 8, "big") if value else b""
    return _string(raw)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def string(self) -> bytes:
        if self.at + 4 > len(self.data):
            raise SignatureError("truncated")
        (size,) = struct.unpack_from(">I", self.data, self.at)
        start, self.at = self.at + 4, self.at + 4 + size
        if self.at > len(self.data):
            raise SignatureError("truncated")
        return self.data[start : self.at]

    def done(self) -> bool:
        return self.at == len(self.data)


def parse_public_key(line: str) -> PublicKey:
    """An OpenSSH public key line (`ssh-ed25519 AAAA… comment`).

    Raises:
        SignatureError: not a public key this tool can verify with.
    """
    fields = line.split()
    if len(fields) < 2:
        raise SignatureError("not an OpenSSH public key")
    try:
        blob = base64.b64decode(fields[1], validate=True)
        kind = _Reader(blob).string().decode("ascii")
        _load_public(blob)
    except (ValueError, UnicodeDecodeError) as error:
        raise SignatureError(f"not an OpenSSH public key ({error})") from error
    if kind != fields[0]:
        raise SignatureError(f"key type {fields[0]!r} does not match its data ({kind!r})")
    return PublicKey(kind, blob)


@functools.lru_cache(maxsize=256)
def _load_public(blob: bytes) -> object:
    """The key object for a wire-format blob; a project has a handful of keys, each
    verifying thousands of events, so each is loaded once."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    kind = _Reader(blob).string().decode("ascii")
    line = f"{kind} {base64.b64encode(blob).decode()}".encode()
    try:
        return serialization.load_ssh_public_key(line)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise SignatureError(f"unsupported key ({error})") from error


def signed_data(message: bytes, namespace: str = NAMESPACE) -> bytes:
    """What the key actually signs for `message` (PROTOCOL.sshsig)."""
    digest = hashlib.sha512(message).digest()
    return (
        _MAGIC + _string(namespace.encode()) + _string(b"") + _string(_HASH.encode())
        + _string(digest)
    )  # fmt: skip


def armor(public: PublicKey, signature_blob: bytes, namespace: str = NAMESPACE) -> str:
    """The armored SSHSIG text for a raw SSH signature blob (`string kind, string sig`)."""
    body = (
        _MAGIC + struct.pack(">I", 1) + _string(public.blob) + _string(namespace.encode())
        + _string(b"") + _string(_HASH.encode()) + _string(signature_blob)
    )  # fmt: skip
    text = base64.b64encode(body).decode()
    lines = [text[i : i + 70] for i in range(0, len(text), 70)]
    return "\n".join([_BEGIN, *lines, _END]) + "\n"


def sign_with_private_key(key: object) -> tuple[PublicKey, Callable[[bytes], bytes]]:
    """The public key of a loaded private key, and a function signing SSHSIG data with it
    that returns the raw SSH signature blob."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    if isinstance(key, ed25519.Ed25519PrivateKey):
        public = key.public_key()

        def sign(data: bytes) -> bytes:
            return _string(b"ssh-ed25519") + _string(key.sign(data))

    elif isinstance(key, rsa.RSAPrivateKey):
        public = key.public_key()  # type: ignore[assignment]

        def sign(data: bytes) -> bytes:
            raw = key.sign(data, padding.PKCS1v15(), hashes.SHA512())
            return _string(b"rsa-sha2-512") + _string(raw)

    elif isinstance(key, ec.EllipticCurvePrivateKey):
        public = key.public_key()  # type: ignore[assignment]
        curve = {256: "nistp256", 384: "nistp384", 521: "nistp521"}[key.curve.key_size]
        algorithm = _curve(curve)[1]

        def sign(data: bytes) -> bytes:
            r, s = decode_dss_signature(key.sign(data, ec.ECDSA(algorithm())))
            return _string(f"ecdsa-sha2-{curve}".encode()) + _string(_mpint(r) + _mpint(s))

    else:
        raise SignatureError(f"unsupported key type {type(key).__name__}")
    line = public.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return parse_public_key(line.decode()), sign


def verify(armored: str, message: bytes, *, namespace: str = NAMESPACE) -> PublicKey:
    """Check an armored SSHSIG signature of `message`; the key that made it.

    Raises:
        SignatureError: it does not parse, is for another namespace, or does not verify.
    """
    try:
        return _verify(armored, message, namespace)
    except (UnicodeDecodeError, struct.error, IndexError) as error:
        raise SignatureError(f"signature does not parse ({error})") from None


def claimed_key(armored: str) -> PublicKey:
    """The key a signature says made it, without checking that it did (for signatures
    already verified once: `l10n.review.ledger.Trail`).

    Raises:
        SignatureError: it does not parse.
    """
    try:
        return _public_key(_parse(armored)[0])
    except (UnicodeDecodeError, struct.error, IndexError) as error:
        raise SignatureError(f"signature does not parse ({error})") from None


_UNPACK_SIZE = struct.Struct(">I").unpack_from
_VERSION_1 = _MAGIC + struct.pack(">I", 1)


def _strings(data: bytes, at: int, count: int, *, whole: bool = True) -> list[bytes]:
    """`count` SSH strings (uint32 length, bytes) from `at`; with `whole`, they must end
    the data."""
    found = []
    end = len(data)
    for _ in range(count):
        if at + 4 > end:
            raise SignatureError("truncated")
        (size,) = _UNPACK_SIZE(data, at)
        at += 4
        if at + size > end:
            raise SignatureError("truncated")
        found.append(data[at : at + size])
        at += size
    if whole and at != end:
        raise SignatureError("trailing data after the signature")
    return found


def _parse(armored: str) -> tuple[bytes, bytes, bytes, bytes]:
    """An armored SSHSIG's key blob, namespace, hash name and signature blob."""
    text = armored.strip()
    if not (text.startswith(_BEGIN) and text.endswith(_END)):
        raise SignatureError("not an armored SSH signature")
    try:
        body = base64.b64decode("".join(text[len(_BEGIN) : -len(_END)].split()), validate=True)
    except ValueError as error:
        raise SignatureError(f"signature is not base64 ({error})") from error
    if not body.startswith(_VERSION_1):
        raise SignatureError("not an SSHSIG version 1 signature")
    key_blob, space, _reserved, hash_name, blob = _strings(body, len(_VERSION_1), 5)
    return key_blob, space, hash_name, blob


@functools.lru_cache(maxsize=16)
def _signed_prefix(space: bytes, hash_name: bytes) -> bytes:
    """What the signed data starts with for this namespace and hash (`signed_data`), up to
    the digest itself: the digest's length is known from the hash."""
    size = _HASHES[hash_name]().digest_size
    return _MAGIC + _string(space) + _string(b"") + _string(hash_name) + struct.pack(">I", size)


@functools.lru_cache(maxsize=256)
def _public_key(blob: bytes) -> PublicKey:
    """The PublicKey of a wire-format blob (its kind read from it), made once per key."""
    return PublicKey(_Reader(blob).string().decode("ascii", errors="replace"), blob)


@functools.lru_cache(maxsize=256)
def _verifier(blob: bytes) -> Callable[[str, bytes, bytes], None]:
    """How to check a signature made with the key of this blob: the key loaded and its
    algorithm's verify chosen once per key, not once per signature."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    public = _load_public(blob)
    if not isinstance(public, ed25519.Ed25519PublicKey):
        return functools.partial(_check, public)
    # Ed25519 is checked by libsodium (PyNaCl), not OpenSSL: 70 µs a signature against
    # 130-170 µs on the benchmark machine, and a cold `status` of a signed project checks
    # every signature in every ledger (issue 15). libsodium is the stricter of the two
    # (canonical S, no small-order points), so it accepts nothing OpenSSL would refuse.
    from nacl.bindings import crypto_sign_BYTES, crypto_sign_open
    from nacl.exceptions import BadSignatureError

    key = public.public_bytes_raw()

    def check(algorithm: str, raw: bytes, data: bytes) -> None:  # _check's ed25519 case
        if algorithm != "ssh-ed25519":
            raise SignatureError(f"signature algorithm {algorithm!r} does not match the key")
        if len(raw) != crypto_sign_BYTES:
            raise SignatureError("signature does not verify")
        try:
            crypto_sign_open(raw + data, key)  # the combined form: signature, then data
        except BadSignatureError:
            raise SignatureError("signature does not verify") from None

    return check


def _verify(armored: str, message: bytes, namespace: str) -> PublicKey:
    key_blob, space, hash_name, blob = _parse(armored)
    if space.decode(errors="replace") != namespace:
        raise SignatureError(f"signature is for namespace {space.decode(errors='replace')!r}")
    hasher = _HASHES.get(hash_name)
    if hasher is None:
        raise SignatureError(f"unsupported hash {hash_name.decode(errors='replace')!r}")
    data = _signed_prefix(space, hash_name) + hasher(message).digest()
    algorithm, raw = _strings(blob, 0, 2, whole=False)
    _verifier(key_blob)(algorithm.decode("ascii", errors="replace"), raw, data)
    return _public_key(key_blob)


_HASHES = {b"sha512": hashlib.sha512, b"sha256": hashlib.sha256}


def _check(public: object, algorithm: str, raw: bytes, data: bytes) -> None:
    from cryptography.exceptions import InvalidSignature

    try:
        _check_with_cryptography(public, algorithm, raw, data)
    except InvalidSignature:
        raise SignatureError("signature does not verify") from None


def _check_with_cryptography(public: object, algorithm: str, raw: bytes, data: bytes) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    if isinstance(public, ed25519.Ed25519PublicKey) and algorithm == "ssh-ed25519":
        public.verify(raw, data)
    elif isinstance(public, rsa.RSAPublicKey) and algorithm in ("rsa-sha2-512", "rsa-sha2-256"):
        digest = hashes.SHA512() if algorithm == "rsa-sha2-512" else hashes.SHA256()
        public.verify(raw, data, padding.PKCS1v15(), digest)
    elif isinstance(public, ec.EllipticCurvePublicKey) and algorithm.startswith("ecdsa-sha2-"):
        curve = algorithm.removeprefix("ecdsa-sha2-")
        if curve not in _CURVES or not isinstance(public.curve, _curve(curve)[0]):
            raise SignatureError(f"signature algorithm {algorithm!r} does not match the key")
        pair = _Reader(raw)
        r, s = (int.from_bytes(pair.string(), "big") for _ in range(2))
        public.verify(encode_dss_signature(r, s), data, ec.ECDSA(_curve(curve)[1]()))
    else:
        raise SignatureError(f"signature algorithm {algorithm!r} does not match the key")
