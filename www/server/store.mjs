// The server's SQLite store (better-sqlite3, synchronous): the studio's starting point, staff,
// sessions, every accepted command with its answer, and every refusal (so that it is final).
//
// Durability: WAL journal with synchronous=FULL. An accepted command is acknowledged to a browser,
// which may then forget it, so its commit must survive a power cut as well as a kill -9: FULL
// fsyncs the WAL at every commit. (NORMAL with WAL survives a crashed or killed process, since
// committed frames are already in the OS's cache, but the last commits may roll back on power
// loss.) Cost here: about one fsync per accepted command, see www/README.md.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const Database = require("better-sqlite3");

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS staff (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  role     TEXT NOT NULL,
  pin_salt BLOB NOT NULL,
  pin_hash BLOB NOT NULL
) STRICT;
-- token_hash = SHA-256 of the cookie's token: the table alone does not let anyone sign in
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id   TEXT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions(expires_at);
-- seq is the changes cursor; command and ctx are replayed in seq order at start
CREATE TABLE IF NOT EXISTS commands (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  command_id  TEXT NOT NULL UNIQUE,
  command     TEXT NOT NULL,
  ctx         TEXT NOT NULL,
  staff_id    TEXT NOT NULL,
  accepted_at TEXT NOT NULL,
  warnings    TEXT NOT NULL,
  ledger      TEXT NOT NULL,
  changes     TEXT NOT NULL
) STRICT;
-- a refused command changes nothing, but its verdict is final: a later copy of the request (a
-- retry, a request the network delivered late) gets the same refusal, never an acceptance
CREATE TABLE IF NOT EXISTS refusals (
  command_id TEXT PRIMARY KEY,
  command    TEXT NOT NULL,
  errors     TEXT NOT NULL,
  warnings   TEXT NOT NULL,
  staff_id   TEXT NOT NULL,
  refused_at TEXT NOT NULL
) STRICT;
`;

/** The database holds PIN hashes and session hashes: its owner alone may read it. */
const FILE_MODE = 0o600;

export function openStore(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // made 0600 before SQLite opens it (SQLite gives -wal and -shm the database file's mode), and
  // an existing file made 0600 too
  fs.closeSync(fs.openSync(file, "a", FILE_MODE));
  fs.chmodSync(file, FILE_MODE);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  for (const f of [`${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, FILE_MODE);

  const q = {
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?").pluck(),
    setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)"),
    ensureMeta: db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)"),
    staffCount: db.prepare("SELECT count(*) FROM staff").pluck(),
    staffById: db.prepare("SELECT id, name, role, pin_salt AS salt, pin_hash AS hash FROM staff WHERE id = ?"),
    addStaff: db.prepare("INSERT INTO staff (id, name, role, pin_salt, pin_hash) VALUES (?, ?, ?, ?, ?)"),
    addSession: db.prepare("INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)"),
    session: db.prepare(`SELECT s.expires_at AS expiresAt, st.id, st.name, st.role
                           FROM sessions s JOIN staff st ON st.id = s.staff_id
                          WHERE s.token_hash = ? AND s.expires_at > ?`),
    dropSession: db.prepare("DELETE FROM sessions WHERE token_hash = ?"),
    dropExpired: db.prepare("DELETE FROM sessions WHERE expires_at <= ?"),
    byCommandId: db.prepare("SELECT seq, command, warnings FROM commands WHERE command_id = ?"),
    addCommand: db.prepare(`INSERT INTO commands (command_id, command, ctx, staff_id, accepted_at, warnings, ledger, changes)
                            VALUES (@commandId, @command, @ctx, @staffId, @acceptedAt, @warnings, @ledger, @changes)`),
    lastSeq: db.prepare("SELECT coalesce(max(seq), 0) FROM commands").pluck(),
    replayRows: db.prepare("SELECT seq, command_id AS commandId, command, ctx FROM commands ORDER BY seq"),
    changesSince: db.prepare("SELECT seq, command_id AS commandId, changes FROM commands WHERE seq > ? ORDER BY seq LIMIT ?"),
    ledgerSince: db.prepare(`SELECT seq, command_id AS commandId, command, ctx, staff_id AS staffId,
                                    accepted_at AS acceptedAt, warnings, ledger
                               FROM commands WHERE seq > ? ORDER BY seq LIMIT ?`),
    commandIds: db.prepare("SELECT command_id FROM commands ORDER BY seq").pluck(),
    refusalById: db.prepare("SELECT command, errors, warnings FROM refusals WHERE command_id = ?"),
    addRefusal: db.prepare(`INSERT OR IGNORE INTO refusals (command_id, command, errors, warnings, staff_id, refused_at)
                            VALUES (@commandId, @command, @errors, @warnings, @staffId, @refusedAt)`),
  };

  return {
    file,
    close: () => db.close(),
    meta: (key) => q.getMeta.get(key),
    /** The stored value of key, set to `make()` first when there is none. */
    metaOrSet: (key, make) => {
      if (q.getMeta.get(key) === undefined) q.ensureMeta.run(key, make());
      return q.getMeta.get(key);
    },
    /** First start: the studio's starting point and its staff, all in one transaction. */
    initialize: db.transaction((meta, staff) => {
      for (const [k, v] of Object.entries(meta)) q.setMeta.run(k, v);
      for (const s of staff) q.addStaff.run(s.id, s.name, s.role, s.salt, s.hash);
    }),
    staffCount: () => q.staffCount.get(),
    staff: (id) => q.staffById.get(id),
    addSession: (tokenHash, staffId, createdAt, expiresAt) => q.addSession.run(tokenHash, staffId, createdAt, expiresAt),
    session: (tokenHash, nowMs) => q.session.get(tokenHash, nowMs),
    dropSession: (tokenHash) => q.dropSession.run(tokenHash),
    dropExpiredSessions: (nowMs) => q.dropExpired.run(nowMs).changes,
    accepted: (commandId) => q.byCommandId.get(commandId),
    /** One transaction per accepted command; returns its seq (the new cursor). */
    addCommand: db.transaction((row) => Number(q.addCommand.run(row).lastInsertRowid)),
    lastSeq: () => q.lastSeq.get(),
    replayRows: () => q.replayRows.iterate(),
    changesSince: (seq, limit) => q.changesSince.iterate(seq, limit),
    ledgerSince: (seq, limit) => q.ledgerSince.all(seq, limit),
    commandIds: () => q.commandIds.all(),
    refusal: (commandId) => q.refusalById.get(commandId),
    /** Several refusals in one transaction (one fsync). */
    addRefusals: db.transaction((rows) => { for (const row of rows) q.addRefusal.run(row); }),
  };
}
