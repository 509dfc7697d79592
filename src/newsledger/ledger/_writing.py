"""Writing to the ledger: one record per transaction, idempotent by content, near copies
linked, the input recorded as done in the same transaction (see :meth:`Writing.ingest`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from newsledger.ledger import _actors, _near
from newsledger.ledger._base import LedgerError, utc_now
from newsledger.ledger._hash import content_hash
from newsledger.ledger._rows import ITEM_COLUMNS, to_json
from newsledger.record import Record


class Writing:
    """The writing part of :class:`newsledger.ledger.Ledger` (``self._store``, ``self._fts5``)."""

    def ingest(self, record: Record | dict, *, fingerprint: str | None = None) -> bool:
        """Store one record in one transaction. False (and nothing changed) when a report
        with the same content hash is already there; a copy under another input is
        remembered in ``report_copies`` (see :mod:`newsledger.ledger._hash`). A near
        copy (wire story republished with small edits) is stored and linked to the report
        it copies by ``duplicate_of`` (see :mod:`newsledger.ledger._near`).

        The input is recorded as done (with ``fingerprint``) in the same transaction, so
        :meth:`is_done` after a crash says exactly what was stored.

        Raises :class:`LedgerError` when the ledger itself cannot be written any more (a full
        disk, a lost server): nothing of the record is stored, and no later one would be."""
        prepared = _checked(record)
        with self._unusable_as_ledger_error(), self._store.transaction() as conn:
            return self._store_one(conn, prepared, fingerprint)

    def ingest_batch(self, items: list[tuple[Record | dict, str | None]]) -> list[bool]:
        """Store (record, fingerprint) pairs in ONE transaction, each as :meth:`ingest` would
        (True: added, False: already there), in order. All or nothing: on any error nothing
        of the batch is stored and the error propagates (the caller may retry the batch, or
        store its records one by one to find the one at fault). Used by the Ray engine's
        workers writing to PostgreSQL."""
        prepared = [(_checked(record), fingerprint) for record, fingerprint in items]
        with self._unusable_as_ledger_error(), self._store.transaction() as conn:
            return [self._store_one(conn, one, fingerprint) for one, fingerprint in prepared]

    def store_batch(self, items: list[tuple[Record | dict, str | None]]) -> list[bool | Exception]:
        """Store (record, fingerprint) pairs as :meth:`ingest_batch` does, in one transaction;
        when that fails for one record's sake, the records one by one, each in its own
        transaction: in order, True (added), False (already there) or the exception that kept
        that record out. :class:`LedgerError` when the ledger itself cannot be written (nothing
        of the batch stored by the failing call). Used by the Ray engine's driver (SQLite: the
        driver is the one writer and stores the batches as they come back)."""
        try:
            return list(self.ingest_batch(items))
        except LedgerError:
            raise
        except Exception:
            pass
        out: list[bool | Exception] = []
        for record, fingerprint in items:
            try:
                out.append(self.ingest(record, fingerprint=fingerprint))
            except LedgerError:
                raise
            except Exception as exc:
                out.append(exc)
        return out

    @contextmanager
    def _unusable_as_ledger_error(self) -> Iterator[None]:
        try:
            yield
        except LedgerError:
            raise
        except Exception as exc:
            unusable = self._store.unusable(exc)
            if unusable is None:
                raise
            raise unusable from exc

    def _store_one(self, conn, prepared: tuple[Record, str, set[int], list[int]], fingerprint: str | None) -> bool:
        record, digest, shingles, bands = prepared
        article = record.article
        known = conn.execute(
            "SELECT id, input FROM reports WHERE content_hash = ?", (digest,)
        ).fetchone()
        if known is not None:
            if record.input != known["input"]:
                conn.execute(
                    "INSERT INTO report_copies (report_id, input, url, title, "
                    "publisher, published, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (input) DO NOTHING",
                    (known["id"], record.input, article.url, article.title,
                     article.publisher, article.published, utc_now()),
                )
            self._mark_done(conn, record.input, fingerprint, known["id"], "present")
            return False
        original, score = self._near_copy_of(conn, shingles, bands)
        earlier = original is not None and _published_before(article.published, conn.execute(
            "SELECT published FROM reports WHERE id = ?", (original,)).fetchone()[0])
        report_id = conn.execute(
            "INSERT INTO reports (content_hash, input, url, title, publisher, published, "
            "body, record_json, ingested_at, duplicate_of, duplicate_score) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (digest, record.input, article.url, article.title, article.publisher,
             article.published, article.body, to_json(record), utc_now(), original, score),
        ).fetchone()[0]
        if earlier:
            # The copy came in first: this report, published earlier, is the original of
            # the group now; the group (the old original too) points at it.
            conn.execute("UPDATE reports SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
                         (report_id, original, original))
            conn.execute("UPDATE reports SET duplicate_of = NULL, duplicate_score = NULL WHERE id = ?",
                         (report_id,))
            conn.execute("UPDATE reports SET duplicate_score = ? WHERE id = ?", (score, original))
        conn.executemany("INSERT INTO report_bands (report_id, band, value) VALUES (?, ?, ?)",
                         [(report_id, band, value) for band, value in enumerate(bands)])
        if self._fts5:
            conn.execute("INSERT INTO reports_fts (rowid, title, body) VALUES (?, ?, ?)",
                         (report_id, article.title or "", article.body))
        for table, (attribute, columns_of) in ITEM_COLUMNS.items():
            for position, item in enumerate(getattr(record, attribute)):
                self._insert_item(conn, table, report_id, position, columns_of(item), to_json(item))
        _actors.register(conn, report_id, record)
        self._mark_done(conn, record.input, fingerprint, report_id, "added")
        return True

    @staticmethod
    def _near_copy_of(conn, shingles: set[int], bands: list[int]) -> tuple[int | None, float | None]:
        """(id of the report this body copies, similarity), or (None, None). The report
        copied is the original of its group (a copy of a copy points at the first one)."""
        if not bands:
            return None, None
        clauses = " OR ".join("(band = ? AND value = ?)" for _ in bands)
        params = [x for pair in enumerate(bands) for x in pair]
        candidates = [row[0] for row in conn.execute(
            f"SELECT report_id FROM report_bands WHERE {clauses} "
            f"GROUP BY report_id ORDER BY COUNT(*) DESC, report_id LIMIT 50", params)]
        best: tuple[float, int] | None = None
        for candidate in candidates:
            row = conn.execute("SELECT body, duplicate_of FROM reports WHERE id = ?",
                               (candidate,)).fetchone()
            similar = _near.resemblance(shingles, _near.shingles(row[0]))
            if similar.is_copy and (best is None or similar.score > best[0]):
                best = (similar.score, row[1] or candidate)
        return (best[1], round(best[0], 3)) if best else (None, None)

    def _backfill_near_duplicates(self) -> None:
        """After an upgrade from a ledger without near-duplicate bands: compute them."""
        conn = self._store.conn
        rows = conn.execute("SELECT id, body FROM reports ORDER BY id").fetchall()
        with self._store.transaction():
            for report_id, body in rows:
                shingles = _near.shingles(body)
                bands = _near.band_hashes(shingles)
                original, score = self._near_copy_of(conn, shingles, bands)
                conn.execute("UPDATE reports SET duplicate_of = ?, duplicate_score = ? WHERE id = ?",
                             (original, score, report_id))
                conn.executemany("INSERT INTO report_bands (report_id, band, value) VALUES (?, ?, ?)",
                                 [(report_id, band, value) for band, value in enumerate(bands)])

    @staticmethod
    def _mark_done(conn, input: str, fingerprint: str | None, report_id: int, outcome: str) -> None:
        conn.execute(
            "INSERT INTO inputs_done (input, fingerprint, report_id, outcome, done_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (input) DO UPDATE SET fingerprint = excluded.fingerprint, "
            "report_id = excluded.report_id, outcome = excluded.outcome, done_at = excluded.done_at",
            (input, fingerprint, report_id, outcome, utc_now()))

    def is_done(self, input: str, fingerprint: str | None = None) -> bool:
        """Whether ``input`` was stored (or found already there) by an earlier ingest, with
        the same fingerprint when one is given. :class:`LedgerError` when the ledger cannot
        be read (a lost server)."""
        with self._unusable_as_ledger_error():
            row = self._store.conn.execute(
                "SELECT fingerprint FROM inputs_done WHERE input = ?", (input,)).fetchone()
        return row is not None and (fingerprint is None or row[0] == fingerprint)

    def _insert_item(self, conn, table: str, report_id: int, position: int,
                     columns: dict[str, Any], item_json: str) -> None:
        names = ["report_id", "position", *columns, "item_json"]
        values = [report_id, position, *columns.values(), item_json]
        sql = (f"INSERT INTO {table} ({', '.join(chr(34) + n + chr(34) for n in names)}) "
               f"VALUES ({', '.join('?' for _ in names)}) RETURNING id")
        row_id = conn.execute(sql, values).fetchone()[0]
        if table == "quotes" and self._fts5:
            conn.execute("INSERT INTO quotes_fts (rowid, text, speaker_name) VALUES (?, ?, ?)",
                         (row_id, columns["text"], columns["speaker_name"] or ""))


def _published_before(a: str | None, b: str | None) -> bool:
    """Whether publication date ``a`` is a day before ``b`` (unknown dates are never before)."""
    return bool(a and b and a[:10] < b[:10])


def _checked(record: Record | dict) -> tuple[Record, str, set[int], list[int]]:
    """The record, its content hash, shingles and bands (computed before the transaction)."""
    if not isinstance(record, Record):
        record = Record.model_validate(record)
    article = record.article
    if not article.body.strip():
        raise ValueError(f"{record.input}: record has no article body to store")
    shingles = _near.shingles(article.body)
    return record, content_hash(article.body), shingles, _near.band_hashes(shingles)
