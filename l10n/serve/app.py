"""The review desk as an ASGI application (Starlette) and its server (uvicorn): routes,
the session token, the Host check, and the JSON the desk's script reads. What is shown and
written is decided in `desk.py` and the steps; this module only carries it over HTTP."""

from __future__ import annotations

import secrets
import socket
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from l10n.errors import ConfigError, L10nError
from l10n.locales import to_bcp47
from l10n.page.document import parse_html
from l10n.project import Project
from l10n.review.ledger import Event
from l10n.review.registry import Editor
from l10n.review.verdict import Policy, ReviewFacts
from l10n.serve.desk import (
    ArticleDesk,
    DeskEntry,
    FileIdentity,
    article_inputs,
    check_entry,
    file_identity,
    open_article,
    save_entry,
    source_asset,
    valid_article,
)
from l10n.serve.pages import ArticleRow, LocaleCell, render_desk, render_error, render_index
from l10n.steps.common import (
    git_config,
    locales_of,
    read_registry,
    read_review_facts,
    read_source,
    rules_of,
)
from l10n.steps.publish import plan_variant, required_segments
from l10n.steps.report import title_of
from l10n.steps.review import Action, Selection, acting_person, review_entries, signer_for
from l10n.steps.status import Survey, remembered_signatures, review_article

__all__ = ["DeskSettings", "create_app", "desk_settings", "serve_desk"]

_STATIC = {"desk.js": "text/javascript", "index.js": "text/javascript",
           "desk.css": "text/css", "preview.css": "text/css"}  # fmt: skip
_DESK_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)
# The preview: the page's own style sheets, images, fonts and media from source/, no
# script at all, and sandboxed even when opened outside the frame.
_PREVIEW_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; media-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "form-action 'none'; sandbox allow-same-origin"
)
# A file from source/ opened on its own (an SVG, say) runs nothing either, and in an
# opaque origin, so it could not reach the desk's token even if it tried.
_ASSET_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
# On every response unless the route set its own: a page the desk did not mean to serve
# as HTML still gets the desk's policy, and nothing is cached or sniffed.
_ALWAYS = {
    "Content-Security-Policy": _DESK_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_WILDCARDS = ("0.0.0.0", "::", "")
_LOOPBACK = ("127.0.0.1", "::1", "localhost")
TOKEN_HEADER = "x-l10n-token"


def _authority(host: str, port: int) -> str:
    """`host:port` as a URL and a Host header write it (an IPv6 address in brackets).

    >>> _authority("::1", 8000), _authority("127.0.0.1", 80)
    ('[::1]:8000', '127.0.0.1:80')
    """
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@dataclass(frozen=True, slots=True)
class DeskSettings:
    """Everything the desk's routes need: the project, who works at it, where it is served
    and the session's token; `clock` gives the time of saves and sign-offs."""

    project: Project
    host: str
    port: int
    editor: str | None = None
    key_path: Path | None = None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    actor: str = ""
    translator: str = ""
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC).replace(microsecond=0))

    @property
    def url(self) -> str:
        return f"http://{_authority(self.host, self.port)}/"

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """The Host headers the desk answers: the one it serves (and the loopback names
        for a loopback or wildcard address); anything else is a DNS-rebinding attempt."""
        names = {self.host}
        if self.host in _LOOPBACK or self.host in _WILDCARDS:
            names |= set(_LOOPBACK)
        return frozenset(_authority(name, self.port) for name in names)


class _Guard:
    """Refuse any request whose Host header is not the served host:port (DNS rebinding),
    and put the desk's security headers on every response that does not set its own."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app, self.allowed = app, allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _ALWAYS.items():
                    headers.setdefault(name, value)
            await send(message)

        if host not in self.allowed:
            response = HTMLResponse(render_error(421, f"host {host!r} is not served here"), 421)
            await response(scope, receive, guarded_send)
            return
        await self.app(scope, receive, guarded_send)


def create_app(settings: DeskSettings) -> ASGIApp:
    """The desk's ASGI application for `settings`.

    Reads (the list, the desk, its preview, entries and files) are plain functions, which
    Starlette runs in its thread pool, so a long read never holds up the next request;
    changes read their body on the event loop and do their work in the pool too, and are
    serialised where it matters by the locale's lock, as two commands would be.
    """
    project = settings.project
    can_sign: set[str] = set()  # locales the editor's key was found usable for
    opened_before: dict[tuple[str, str], tuple[object, ArticleDesk]] = {}
    opening: dict[tuple[str, str], threading.Lock] = {}
    articles = _ArticleList(project)

    def open_now(locale: str, slug: str) -> ArticleDesk:
        """The article as it is on disk now, read again only when one of its inputs
        changed (the desk, its preview and its entries are three requests). One reading
        of an article at a time, so that requests arriving together share it; other
        articles are read meanwhile."""
        with opening.setdefault((locale, slug), threading.Lock()):
            inputs = article_inputs(project, locale, slug)
            found = opened_before.get((locale, slug))
            if found is not None and found[0] == inputs:
                return found[1]
            opened = open_article(project, locale, slug)
            opened_before[(locale, slug)] = (inputs, opened)
            return opened

    def sign_problem(locale: str) -> str:
        """Why the desk cannot sign in `locale`, or "". A failure is not kept: an editor
        who starts their agent or fixes the key path sees it on the next page."""
        if settings.editor is None:
            return "no --editor: you can translate, not approve"
        if locale not in can_sign:
            try:
                signer_for(project, editor_id=settings.editor, locale=locale,
                           key_path=settings.key_path, now=settings.clock())  # fmt: skip
            except L10nError as error:
                return str(error)
            can_sign.add(locale)
        return ""

    def article(request: Request) -> tuple[str, str]:
        locale, slug = request.path_params["locale"], request.path_params["slug"]
        if not valid_article(project, locale, slug):
            raise HTTPException(404, f"no article {slug!r} in locale {locale!r}")
        return locale, slug

    def chosen(locale: str, slug: str, body: dict[str, Any]) -> tuple[ArticleDesk, DeskEntry]:
        """The article as it is now and the entry a change is about, found by its key
        (an index could name another entry once the catalog was merged again)."""
        opened = open_now(locale, slug)
        key = (body.get("msgctxt"), body.get("msgid"))
        entry = next((e for e in opened.entries if (e.msgctxt, e.msgid) == key), None)
        if entry is None:
            raise HTTPException(409, "no such entry any more; reload the article")
        return opened, entry

    def fresh(locale: str, slug: str, entry: DeskEntry, message: str,
              warnings: tuple[str, ...] = ()) -> Response:  # fmt: skip
        """The entry as it is after a change (the article is read again)."""
        now = next((e for e in open_now(locale, slug).entries if e.key == entry.key), None)
        return JSONResponse({"message": message, "warnings": list(warnings),
                             "entry": _entry_json(now) if now else None})  # fmt: skip

    def index(request: Request) -> Response:
        rows = articles.rows()
        return HTMLResponse(
            render_index(rows, editor=settings.editor, policy=project.config.policy)
        )

    def desk(request: Request) -> Response:
        locale, slug = article(request)
        problem = sign_problem(locale)
        shell = partial(
            render_desk, locale=locale, slug=slug, token=settings.token,
            source_lang=to_bcp47(project.config.source_locale),
            sign_problem=problem, editor=settings.editor,
        )  # fmt: skip
        try:
            opened = open_now(locale, slug)
        except L10nError as error:
            return HTMLResponse(shell(title=slug, is_rtl=False, error=str(error)), 422)
        return HTMLResponse(shell(title=opened.title, is_rtl=opened.is_rtl))

    def preview(request: Request) -> Response:
        locale, slug = article(request)
        try:
            html, status = open_now(locale, slug).preview, 200
        except L10nError as error:
            html, status = render_error(422, str(error)), 422
        return HTMLResponse(html, status, headers={"Content-Security-Policy": _PREVIEW_POLICY})

    def entries(request: Request) -> Response:
        locale, slug = article(request)
        try:
            opened = open_now(locale, slug)
        except L10nError as error:
            return JSONResponse({"error": str(error)}, 422)
        shown = [_entry_json(entry) for entry in opened.entries]
        return JSONResponse({"path": opened.path, "rtl": opened.is_rtl, "entries": shown})

    def asset(request: Request) -> Response:
        found = source_asset(project, request.path_params["path"])
        if found is None:
            raise HTTPException(404, "no such file in source/")
        path, media_type = found
        return FileResponse(path, media_type=media_type,
                            headers={"Content-Security-Policy": _ASSET_POLICY})  # fmt: skip

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            raise HTTPException(404, f"no static file {name!r}")
        data = resources.files("l10n.serve").joinpath("static", name).read_bytes()
        return Response(data, media_type=_STATIC[name])

    async def guarded(request: Request) -> tuple[str, str, dict[str, Any]]:
        """The article and JSON body of a state-changing request that carries the session
        token and comes from the desk's own origin (checked first: without the token, not
        even whether an article exists is told)."""
        token = request.headers.get(TOKEN_HEADER, "")
        if not secrets.compare_digest(token.encode(), settings.token.encode()):
            raise HTTPException(403, "missing or wrong session token")
        origin = request.headers.get("origin")
        if origin is not None and origin.removeprefix("http://") not in settings.allowed_hosts:
            raise HTTPException(403, f"cross-site request from {origin}")
        locale, slug = article(request)
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(400, "the request body is not JSON") from None
        if not isinstance(body, dict):
            raise HTTPException(400, "the request body is not a JSON object")
        return locale, slug, body

    def do_check(locale: str, slug: str, body: dict[str, Any]) -> Response:
        opened, entry = chosen(locale, slug, body)
        findings = check_entry(opened, entry, _msgstrs(body))
        return JSONResponse({"findings": [_finding_json(f) for f in findings]})

    def do_save(locale: str, slug: str, body: dict[str, Any]) -> Response:
        _, entry = chosen(locale, slug, body)
        outcome = save_entry(project, locale=locale, slug=slug, key=entry.key,
                             seen=str(body.get("version", "")), msgstrs=_msgstrs(body),
                             translator=settings.translator or settings.actor,
                             now=settings.clock())  # fmt: skip
        if not outcome.saved:
            shown = _entry_json(outcome.entry) if outcome.entry is not None else None
            return JSONResponse({"error": outcome.message, "entry": shown}, 409)
        return fresh(locale, slug, entry, outcome.message)

    def do_sign(action: Action, locale: str, slug: str, body: dict[str, Any]) -> Response:
        problem = sign_problem(locale)
        if problem or settings.editor is None:
            raise HTTPException(403, f"cannot sign: {problem}")
        opened, entry = chosen(locale, slug, body)
        result = review_entries(
            project, action, editor_id=settings.editor, locale=locale,
            selection=Selection(slugs=(slug,), seen={entry.key: str(body.get("digest", ""))}),
            key_path=settings.key_path, now=settings.clock(), actor=settings.actor,
            note=str(body.get("note", "")),
        )  # fmt: skip
        if result.refused:
            return JSONResponse({"error": "; ".join(result.refused),
                                 "entry": _entry_json(entry)}, 409)  # fmt: skip
        done = "approved" if action is Action.APPROVE else "rejected"
        message = (
            f"{opened.path}:{entry.verdict.line}: {done}" if result.changed else "nothing to do"
        )
        return fresh(locale, slug, entry, message, warnings=result.warnings)

    def change(work: Callable[[str, str, dict[str, Any]], Response]) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            locale, slug, body = await guarded(request)
            return await run_in_threadpool(work, locale, slug, body)

        return endpoint

    def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return _error(request, error.status_code, str(error.detail))

    def user_error(request: Request, error: Exception) -> Response:
        # A problem the user can fix (a malformed catalog, a ledger or registry that
        # cannot be read, a lock held too long): said on the page, the desk runs on.
        return _error(request, 409 if request.method == "POST" else 422, str(error))

    post = ["POST"]
    routes = [
        Route("/", index),
        Route("/static/{name}", static),
        Route(f"/{project.source_dir.name}/{{path:path}}", asset),
        Route("/{locale}/{slug}", desk),
        Route("/{locale}/{slug}/preview", preview),
        Route("/{locale}/{slug}/entries.json", entries),
        Route("/{locale}/{slug}/check", change(do_check), methods=post),
        Route("/{locale}/{slug}/save", change(do_save), methods=post),
        Route("/{locale}/{slug}/approve", change(partial(do_sign, Action.APPROVE)), methods=post),
        Route("/{locale}/{slug}/reject", change(partial(do_sign, Action.REJECT)), methods=post),
    ]  # fmt: skip
    handlers: dict[Any, Callable[[Request, Exception], Response]] = {
        HTTPException: http_error,
        L10nError: user_error,
    }
    app = Starlette(routes=routes, exception_handlers=handlers)
    return _Guard(app, settings.allowed_hosts)


Endpoint = Callable[[Request], Awaitable[Response]]


def _error(request: Request, status: int, message: str) -> Response:
    """An error as the caller reads it: JSON for the desk's script, a page otherwise."""
    if request.method == "POST":
        return JSONResponse({"error": message}, status)
    return HTMLResponse(render_error(status, message), status)


def _msgstrs(body: dict[str, Any]) -> tuple[str, ...]:
    msgstrs = body.get("msgstrs", [])
    if not isinstance(msgstrs, list) or not all(isinstance(s, str) for s in msgstrs):
        raise HTTPException(400, "msgstrs must be a list of strings")
    return tuple(msgstrs)


def _finding_json(finding: Any) -> dict[str, Any]:
    return {"severity": finding.severity.value, "code": finding.code,
            "message": finding.message, "line": finding.line}  # fmt: skip


def _event_json(event: Event) -> dict[str, Any]:
    return {"time": f"{event.time:%Y-%m-%d %H:%M}", "event": event.event.value,
            "editor": event.editor, "actor": event.actor, "note": event.note,
            "msgstr": list(event.msgstr), "signed": event.signature is not None}  # fmt: skip


def _entry_json(entry: DeskEntry) -> dict[str, Any]:
    verdict = entry.verdict
    return {
        "index": entry.index,
        "msgid": entry.msgid,
        "msgid_plural": entry.msgid_plural,
        "msgctxt": entry.msgctxt,
        "msgstrs": list(verdict.msgstrs),
        "state": verdict.state.value,
        "shown_state": entry.shown_state,
        "stale": verdict.is_stale,
        "fuzzy": verdict.is_fuzzy,
        "waiting": verdict.waits_for_review,
        "digest": verdict.digest,  # what a sign-off was shown (the review hash)
        "version": entry.version,  # what a save was shown: any change to the entry
        "line": verdict.line,
        "previous_msgid": entry.previous_msgid,
        "legend": [{"number": n, "single": one, "label": text} for n, one, text in entry.legend],
        "notes": list(entry.notes),
        "comment": entry.translator_comment,
        "plural_categories": list(entry.plural_categories),
        "suggestion": list(entry.suggestion) if entry.suggestion else None,
        "findings": [_finding_json(f) for f in entry.findings],
        "sign_offs": [{"editor": s.shown_name, "standing": s.standing.value, "reason": s.reason,
                       "time": f"{s.line.time:%Y-%m-%d %H:%M}"} for s in verdict.sign_offs],
        "history": [_event_json(event) for event in entry.history],
    }  # fmt: skip


class _ArticleList:
    """The desk's list of articles, from the same verdicts as `l10n report`; an article
    or catalog that cannot be read is a row naming the error, and the rest is listed.

    Every visit judged the whole project again (9 s of CPU on 181 articles × 3 locales,
    28 s signed). Now a cell (an article in a locale) is judged again only when a file it
    is read from changed (its page and template, its catalog, the locale's ledger, the
    registry: `file_identity`, as an opened article's `article_inputs`), a page is
    parsed only for an article with such a cell, and a ledger is read again only when it
    changed. Like `status` and `report`, the list only shows figures, so signatures that
    earlier commands and visits verified are not verified again (`remembered_signatures`).
    One visit computes at a time; a visit arriving meanwhile waits and reuses its work.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self._lock = threading.Lock()
        self._cells: dict[tuple[str, str], tuple[FileIdentity, LocaleCell]] = {}
        self._titles: dict[str, tuple[FileIdentity, str]] = {}
        self._registry: tuple[FileIdentity, dict[str, Editor] | None] | None = None
        self._facts: dict[str, tuple[FileIdentity, ReviewFacts]] = {}

    def rows(self) -> list[ArticleRow]:
        project = self.project
        with self._lock, remembered_signatures(project) as verified:
            locales = locales_of(project, None)
            registry = file_identity(project.editors_path)
            ledgers = {locale: file_identity(project.ledger_path(locale)) for locale in locales}
            survey: Survey | None = None  # read on the first cell that must be judged
            rows = []
            for slug in project.slugs([]):
                source = file_identity(project.source_path(slug), project.template_path(slug))
                inputs = {
                    locale: (*source, *registry, *ledgers[locale],
                             *file_identity(project.catalog_path(locale, slug)))
                    for locale in locales
                }  # fmt: skip
                row = self._remembered(slug, source, inputs)
                if row is None:
                    if survey is None:
                        survey = self._survey(registry, ledgers, verified)
                    row = self._judge(slug, survey)
                    if row.error is None:
                        self._titles[slug] = (source, row.title)
                        for cell in row.cells:
                            self._cells[(slug, cell.locale)] = (inputs[cell.locale], cell)
                rows.append(row)
            return rows

    def _remembered(
        self, slug: str, source: FileIdentity, inputs: dict[str, FileIdentity]
    ) -> ArticleRow | None:
        """The article's row as an earlier visit judged it, if nothing it was read from
        changed since; None otherwise."""
        title = self._titles.get(slug)
        if title is None or title[0] != source:
            return None
        cells = []
        for locale, now in inputs.items():
            cell = self._cells.get((slug, locale))
            if cell is None or cell[0] != now:
                return None
            cells.append(cell[1])
        return ArticleRow(slug, title[1], tuple(cells))

    def _survey(
        self,
        registry: FileIdentity,
        ledgers: dict[str, FileIdentity],
        verified: dict[str, str] | None,
    ) -> Survey:
        """The registry and each locale's ledger, each read again only when it changed."""
        project = self.project
        if self._registry is None or self._registry[0] != registry:
            self._registry = (registry, read_registry(project))
            self._facts = {}  # every trail is checked against the registry
        editors = self._registry[1]
        facts = {}
        for locale, stats in ledgers.items():
            known = self._facts.get(locale)
            if known is None or known[0] != stats:
                read = read_review_facts(project, locale, registry=editors, verified=verified)
                known = self._facts[locale] = (stats, read)
            else:  # what this visit verifies is remembered with the rest
                known[1].trail.verified = verified
            facts[locale] = known[1]
        return Survey(project, editors, facts)

    def _judge(self, slug: str, survey: Survey) -> ArticleRow:
        """One article's row: its page parsed once, each of its catalogs read once."""
        project = self.project
        config = project.config
        try:
            shown = project.relative(project.source_path(slug))
            document = parse_html(read_source(project, slug), name=shown, rules=rules_of(project))
        except L10nError as error:
            return ArticleRow(slug, slug, (), str(error))
        required = required_segments(document, config.required)
        policy = Policy(config.policy)
        cells = []
        for locale in survey.facts:
            try:
                (review,) = review_article(_only(survey, locale), slug, checks=True)
            except L10nError as error:
                cells.append(LocaleCell(locale, None, None, 0, str(error)))
                continue
            plan = plan_variant(document, review.verdicts, policy=policy, required=required)
            waiting = sum(verdict.waits_for_review for verdict in review.verdicts)
            cells.append(
                LocaleCell(locale, review.progress, plan.held_reason(config.threshold), waiting)
            )
        return ArticleRow(slug, title_of(document, slug), tuple(cells))


def _only(survey: Survey, locale: str) -> Survey:
    return Survey(survey.project, survey.registry, {locale: survey.facts[locale]})


def desk_settings(
    project: Project, *, host: str, port: int, editor: str | None, key_path: Path | None
) -> DeskSettings:
    """The settings for serving `project`: who is at the keyboard (git's user, as the
    review commands record it) and the editor, checked against the registry.

    Raises:
        ConfigError: an editor the registry does not list, or no registry.
    """
    if editor is not None:
        registry = read_registry(project)
        if registry is None or editor not in registry:
            known = ", ".join(sorted(registry or {})) or "none"
            raise ConfigError(f"editors.toml: unknown editor {editor!r} (registered: {known})")
    actor = acting_person(project)
    name = git_config(project, "user.name")
    translator = f"{name} <{actor}>" if name and "@" in actor else actor
    return DeskSettings(project, host, port, editor, key_path, actor=actor, translator=translator)


def serve_desk(settings: DeskSettings, *, on_ready: Callable[[str], None]) -> None:
    """Bind host:port, report the URL, and serve until interrupted.

    Raises:
        ConfigError: the port is in use or the address cannot be bound.
    """
    import uvicorn

    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    # A desk stopped a moment ago leaves its port in TIME_WAIT; Linux still refuses a
    # port another socket listens on, so "in use" stays an error.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((settings.host, settings.port))
    except OSError as error:
        listener.close()
        raise ConfigError(
            f"{_authority(settings.host, settings.port)}: cannot listen ({error.strerror})"
        ) from None
    listener.listen(64)
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    on_ready(settings.url)
    server.run(sockets=[listener])
