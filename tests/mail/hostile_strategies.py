"""Hypothesis strategies for email built to hurt: structured enough to reach deep into the
parser (headers, MIME trees, transfer encodings), broken wherever a sender's software can be."""

from __future__ import annotations

import base64

from hypothesis import strategies as st

CHARSETS = ["utf-8", "koi8-r", "windows-1251", "iso-8859-1", "us-ascii", "utf-16", "utf-7",
            "x-unknown", "", "utf-8'ru'", "cp1251\x00", "gb2312", "iso-2022-jp", "\xff"]  # fmt: skip
HEADER_NAMES = ["From", "To", "Cc", "Subject", "Message-ID", "In-Reply-To", "References", "Date",
                "Sender", "Return-Path", "Reply-To", "Auto-Submitted", "Precedence",
                "Disposition-Notification-To", "Original-Message-ID", "Content-Type",
                "Content-Transfer-Encoding", "Content-Disposition", "X-Autoreply"]  # fmt: skip
TRICKY = ["=?", "?=", "=?utf-8?B?", "=?koi8-r?Q?", "?Q?", "?B?", "<", ">", "@", '"', "\\", ";",
          ",", ":", "(", ")", "\r\n ", "\r\n\t", "\n", "\r", "\x00", "=", "==", "=\r\n", "=FF",
          "Ж", "\ud7ff", "\U0001f600", "boundary=", "charset=", "filename*=", "''", "%D0%96",
          "писал(а):", "wrote:", "> ", "Re: ", "[#12] ", "mailer-daemon@", "<>"]  # fmt: skip

tricky_text = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=12)), max_size=12).map(
    "".join
)


@st.composite
def encoded_words(draw: st.DrawFn) -> str:
    """An RFC 2047 encoded word, often with a lying charset or a broken payload."""
    charset = draw(st.sampled_from(CHARSETS))
    payload = draw(st.binary(max_size=40))
    if draw(st.booleans()):
        encoded = base64.b64encode(payload).decode()
        if draw(st.booleans()):
            encoded = encoded[: draw(st.integers(0, len(encoded)))]  # broken padding
        return f"=?{charset}?B?{encoded}?="
    quoted = "".join(f"={byte:02X}" if draw(st.booleans()) else chr(byte % 128) for byte in payload)
    return f"=?{charset}?Q?{quoted}?="


header_values = st.one_of(
    tricky_text,
    st.lists(st.one_of(encoded_words(), tricky_text), min_size=1, max_size=5).map(" ".join),
    st.builds(
        lambda word, n: word * n,
        st.sampled_from(["x", "=?", "<a@b>", "Ж ", "\t"]),
        st.integers(1, 30_000),
    ),
)


@st.composite
def headers(draw: st.DrawFn, names: list[str] | None = None) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        name = draw(st.one_of(st.sampled_from(names or HEADER_NAMES), st.text(max_size=10)))
        value = draw(header_values)
        lines.append(f"{name}: {value}")
    raw = "\r\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        raw = raw.replace(b"\xd0", draw(st.sampled_from([b"\xd0", b"\xff", b"\x00", b"\xd0\r\n"])))
    return raw


@st.composite
def bodies(draw: st.DrawFn, encoding: str) -> bytes:
    content = draw(st.one_of(st.binary(max_size=300), tricky_text.map(
        lambda t: t.encode("utf-8", "surrogatepass"))))  # fmt: skip
    if encoding == "base64":
        encoded = base64.encodebytes(content)
        if draw(st.booleans()):  # broken base64: truncated, foreign characters inserted
            cut = draw(st.integers(0, len(encoded)))
            encoded = encoded[:cut] + draw(st.sampled_from([b"", b"!", b"=", b"\x00", b"===="]))
        return encoded
    if encoding == "quoted-printable":
        return content.replace(b"=", draw(st.sampled_from([b"=3D", b"=", b"=\r\n", b"=Z"])))
    return content


@st.composite
def mime_parts(draw: st.DrawFn, depth: int = 0) -> bytes:
    """One MIME entity: a leaf of some type and encoding, or a multipart of several."""
    kind = draw(st.sampled_from(
        ["text/plain", "text/html", "application/octet-stream", "message/rfc822",
         "message/delivery-status", "text/rfc822-headers", "image/png", "application/json"]
        + (["multipart/mixed", "multipart/alternative", "multipart/related",
            "multipart/report"] if depth < 4 else [])
    ))  # fmt: skip
    charset = draw(st.sampled_from(CHARSETS))
    encoding = draw(st.sampled_from(["7bit", "8bit", "base64", "quoted-printable", "binary",
                                     "x-uuencode", "BASE64 ", ""]))  # fmt: skip
    extra = draw(st.sampled_from(["", '; name="a.har"', "; name*=utf-8''%D0%96.log",
                                  "; report-type=delivery-status", '; filename="\x00"']))  # fmt: skip
    head = [f"Content-Type: {kind}; charset={charset}{extra}"]
    if encoding:
        head.append(f"Content-Transfer-Encoding: {encoding}")
    if draw(st.booleans()):
        head.append("Content-Disposition: " + draw(st.sampled_from(
            ["attachment", 'attachment; filename="=?utf-8?B?0JY=?="', "inline", "inline; ;;"])))  # fmt: skip
    if kind.startswith("multipart/"):
        boundary = draw(st.sampled_from(["b1", "----=_NextPart_000", "", "a b", '"q"']))
        head[0] = f"Content-Type: {kind}; boundary={boundary}"
        children = draw(st.lists(mime_parts(depth + 1), max_size=3))
        delimiter = f"--{boundary.strip(chr(34))}".encode()
        body = b"\r\n".join(delimiter + b"\r\n" + child for child in children)
        if draw(st.booleans()):
            body += b"\r\n" + delimiter + b"--\r\n"  # the closing delimiter is often missing
    elif kind == "message/rfc822" and depth < 4:
        body = draw(headers()) + b"\r\n\r\n" + draw(mime_parts(depth + 1))
    else:
        body = draw(bodies(encoding.strip().lower()))
    return "\r\n".join(head).encode() + b"\r\n\r\n" + body


@st.composite
def hostile_emails(draw: st.DrawFn) -> bytes:
    top = draw(headers())
    mandatory = b"From: Olga <olga@romashka.example>\r\nMessage-ID: <" + str(
        draw(st.integers(0, 10**9))
    ).encode() + b"@fuzz.example>\r\n"  # fmt: skip
    message = (mandatory if draw(st.booleans()) else b"") + top + b"\r\nMIME-Version: 1.0\r\n"
    message += draw(mime_parts())
    if draw(st.booleans()):
        message = message.replace(b"\r\n", draw(st.sampled_from([b"\n", b"\r", b"\r\n"])))
    return message


any_email = st.one_of(st.binary(max_size=2048), hostile_emails())
