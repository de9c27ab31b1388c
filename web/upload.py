"""Upload report files and ingest them: type and size limits, safe names, never written outside the data home.

>>> safe_filename("../../etc/大连 通报.TXT")
'大连_通报.txt'
>>> safe_filename("..")
'upload'
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import uuid
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from werkzeug.datastructures import FileStorage

from web.security import require_write_access

bp = Blueprint("upload", __name__)

_UNSAFE = re.compile(r"[^\w.\-()（）]+", re.UNICODE)


def safe_filename(name: str, limit: int = 120) -> str:
    """A file name with no directory part, no control or shell characters, Chinese kept, extension lower-cased."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip("._ ")
    stem, dot, ext = name.rpartition(".")
    stem = stem.strip("._ ")
    if dot and stem:
        name = f"{stem[: limit - len(ext) - 1]}.{ext.lower()}"
    else:
        name = name[:limit]
    return name or "upload"


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def save_uploads(files: list[FileStorage], home: Path, extensions: tuple[str, ...]) -> tuple[Path, list[dict[str, Any]]]:
    """Save acceptable files in a fresh folder under ``home/uploads``; (folder, per-file results)."""
    folder = home / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=False)
    results: list[dict[str, Any]] = []
    used: set[str] = set()
    for storage in files:
        original = storage.filename or ""
        result: dict[str, Any] = {"file": original or "(no name)", "status": "error"}
        results.append(result)
        name = safe_filename(original)
        ext = Path(name).suffix.lower()
        if ext not in extensions:
            result["error"] = f"unsupported file type {ext or '(none)'!r}: accepted {', '.join(extensions)}"
            continue
        while name in used:
            name = f"{Path(name).stem}-{len(used)}{ext}"
        used.add(name)
        target = folder / name
        if not _inside(target, folder):  # safe_filename makes this impossible; belt and braces
            result["error"] = "refused file name"
            continue
        storage.save(target)
        if target.stat().st_size == 0:
            target.unlink()
            result["error"] = "empty file"
            continue
        result.update(status="saved", path=target)
    return folder, results


def _summary_errors(summary: Any) -> dict[str, str]:
    """``{file name: reason}`` from an ingest summary (errors as a mapping or a list of pairs/objects)."""
    errors = getattr(summary, "errors", None) or {}
    out: dict[str, str] = {}
    items = errors.items() if isinstance(errors, dict) else errors
    for entry in items:
        if isinstance(entry, tuple) and len(entry) == 2:
            path, reason = entry
        else:
            path, reason = getattr(entry, "path", ""), getattr(entry, "reason", str(entry))
        out[Path(str(path)).name] = str(reason)
    return out


def ingest_uploads(files: list[FileStorage]) -> tuple[list[dict[str, Any]], int]:
    """Save and ingest ``files``; per-file results and an HTTP status."""
    config = current_app.config
    if not files or all(not f.filename for f in files):
        abort(400, description="no file uploaded: send one or more files in the 'files' form field")
    if len(files) > int(config["MAX_FILES_PER_UPLOAD"]):
        abort(413, description=f"too many files: at most {config['MAX_FILES_PER_UPLOAD']} per upload")
    backend = current_app.extensions["rectigraph"]
    folder, results = save_uploads(files, config["HOME"], tuple(config["UPLOAD_EXTENSIONS"]))
    try:
        saved = [r for r in results if r["status"] == "saved"]
        if saved:
            summary = backend.ingest([r["path"] for r in saved])
            errors = _summary_errors(summary)
            unchanged = set(getattr(summary, "unchanged", []))
            for r in saved:
                name = r["path"].name
                if name in errors:
                    r.update(status="error", error=errors[name])
                    continue
                report = backend.report_for_source(r["path"])
                if report is None:
                    r.update(status="error", error="the file was read but no report came out of it")
                else:
                    r.update(status="unchanged" if report.id in unchanged else "ingested", report_id=report.id,
                             title=report.title, problems=len(report.problems))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for r in results:
        r.pop("path", None)
    ok = any(r["status"] in ("ingested", "unchanged") for r in results)
    return results, 200 if ok else 422


def _render_upload(results: list[dict[str, Any]] | None) -> str:
    """The upload page, with the per-file results of a submission when there is one."""
    cfg = current_app.config
    return render_template(
        "upload.html",
        nav="upload",
        results=results,
        extensions=cfg["UPLOAD_EXTENSIONS"],
        max_mb=cfg["MAX_CONTENT_LENGTH"] // (1024 * 1024),
        max_files=cfg["MAX_FILES_PER_UPLOAD"],
        needs_token=bool(cfg.get("TOKEN")),
    )


@bp.get("/upload")
def upload_page() -> Any:
    return _render_upload(None)


@bp.post("/upload")
def upload_submit() -> Any:
    require_write_access()
    results, status = ingest_uploads(request.files.getlist("files"))
    if request.accept_mimetypes.best == "application/json":
        return jsonify(results=results), status
    return _render_upload(results), status
