// Users and what each may see. A user has a role (admin or user), may be
// disabled, and sees either every library (music folder), including ones
// added later, or an explicit list of them. Other areas ask the helpers at
// the bottom which libraries a user sees.
import type { Db } from '../db/index.js';
import { stmt } from '../db/statements.js';
import { hashPassword } from './passwords.js';

export type Role = 'admin' | 'user';

/** A user as the rest of Hearth sees it: never any secret. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  /** True: sees every library; false: only `libraryIds`. */
  allLibraries: boolean;
  libraryIds: number[];
  hasAppPassword: boolean;
  createdAt: number;
  updatedAt: number;
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  disabled: number;
  all_libraries: number;
  app_password: string | null;
  created_at: number;
  updated_at: number;
}

const columns = `id, username, display_name, role, disabled, all_libraries,
  app_password, created_at, updated_at`;

function toUser(db: Db, row: UserRow): User {
  const libraryIds = (
    stmt(
      db,
      'SELECT library_id FROM user_library WHERE user_id = ? ORDER BY library_id',
    ).all(row.id) as Array<{ library_id: number }>
  ).map((r) => r.library_id);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    allLibraries: row.all_libraries === 1,
    libraryIds,
    hasAppPassword: row.app_password !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Libraries a user sees: every one, or a list of library ids. */
export type LibraryChoice = 'all' | number[];

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string;
  libraries?: LibraryChoice;
  /** Only while no user exists (first-run setup); else FirstRunOverError. */
  onlyIfFirst?: boolean;
}

/** Thrown when setup is attempted after the first user exists. */
export class FirstRunOverError extends Error {
  constructor() {
    super('an account already exists');
  }
}

/** Thrown when a username is taken (compared without case). */
export class UsernameTakenError extends Error {
  constructor() {
    super('username taken');
  }
}

/** Creates a user; the password is hashed before the row is written. */
export async function createUser(db: Db, input: NewUser): Promise<User> {
  const hash = await hashPassword(input.password);
  const now = Date.now();
  const id = db
    .transaction(() => {
      if (input.onlyIfFirst && userCount(db) > 0) throw new FirstRunOverError();
      if (findUserRow(db, input.username)) throw new UsernameTakenError();
      const result = db
        .prepare(
          `INSERT INTO user (username, display_name, role, password_hash, all_libraries,
           created_at, updated_at, password_changed_at)
         VALUES (?, ?, ?, ?, 1, ?, ?, ?)`,
        )
        .run(
          input.username,
          input.displayName || input.username,
          input.role,
          hash,
          now,
          now,
          now,
        );
      const userId = Number(result.lastInsertRowid);
      setLibraries(db, userId, input.libraries ?? 'all');
      return userId;
    })
    .immediate();
  return getUser(db, id) as User;
}

function findUserRow(db: Db, username: string): UserRow | undefined {
  return stmt(db, `SELECT ${columns} FROM user WHERE username = ?`).get(username) as
    UserRow | undefined;
}

/** A user by id, or null. */
export function getUser(db: Db, id: number): User | null {
  const row = stmt(db, `SELECT ${columns} FROM user WHERE id = ?`).get(id) as
    UserRow | undefined;
  return row ? toUser(db, row) : null;
}

/** A user by username (without case), or null. */
export function findUser(db: Db, username: string): User | null {
  const row = findUserRow(db, username);
  return row ? toUser(db, row) : null;
}

/** Every user, by username. */
export function listUsers(db: Db): User[] {
  const rows = db
    .prepare(`SELECT ${columns} FROM user ORDER BY username COLLATE NOCASE`)
    .all() as UserRow[];
  return rows.map((row) => toUser(db, row));
}

/** The stored password hash of a user, for sign-in. */
export function passwordHashOf(db: Db, id: number): string | null {
  const row = db.prepare('SELECT password_hash FROM user WHERE id = ?').get(id) as
    { password_hash: string } | undefined;
  return row?.password_hash ?? null;
}

/** Replaces a user's password hash (the caller ends sessions as needed). */
export async function setPassword(db: Db, id: number, password: string): Promise<void> {
  const hash = await hashPassword(password);
  const now = Date.now();
  db.prepare(
    `UPDATE user SET password_hash = ?, password_changed_at = ?, updated_at = ?
     WHERE id = ?`,
  ).run(hash, now, now, id);
}

/** Stores a hash computed elsewhere (a rehash with today's parameters). */
export function replacePasswordHash(db: Db, id: number, hash: string): void {
  db.prepare('UPDATE user SET password_hash = ? WHERE id = ?').run(hash, id);
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  libraries?: LibraryChoice;
}

/** Thrown when a change would leave no enabled admin. */
export class LastAdminError extends Error {
  constructor() {
    super('the last enabled admin cannot be removed, disabled or demoted');
  }
}

/** Applies an admin's edits to a user, keeping at least one enabled admin. */
export function updateUser(db: Db, id: number, changes: UserChanges): User | null {
  return db
    .transaction(() => {
      const before = getUser(db, id);
      if (!before) return null;

      // 1. The simple fields.
      const row = {
        display_name: changes.displayName ?? before.displayName,
        role: changes.role ?? before.role,
        disabled: (changes.disabled ?? before.disabled) ? 1 : 0,
      };
      db.prepare(
        `UPDATE user SET display_name = ?, role = ?, disabled = ?, updated_at = ?
       WHERE id = ?`,
      ).run(row.display_name, row.role, row.disabled, Date.now(), id);

      // 2. Libraries, then the rule that an enabled admin remains.
      if (changes.libraries !== undefined) setLibraries(db, id, changes.libraries);
      if (enabledAdminCount(db) === 0) throw new LastAdminError();
      return getUser(db, id);
    })
    .immediate();
}

/** Deletes a user and everything that belongs to them. */
export function deleteUser(db: Db, id: number): boolean {
  return db
    .transaction(() => {
      const removed = db.prepare('DELETE FROM user WHERE id = ?').run(id).changes > 0;
      if (removed && enabledAdminCount(db) === 0) throw new LastAdminError();
      return removed;
    })
    .immediate();
}

function enabledAdminCount(db: Db): number {
  const row = db
    .prepare("SELECT count(*) AS n FROM user WHERE role = 'admin' AND disabled = 0")
    .get() as { n: number };
  return row.n;
}

/** Thrown when a library id in a visibility list does not exist. */
export class UnknownLibraryError extends Error {
  constructor(readonly libraryId: number) {
    super('unknown library');
  }
}

function setLibraries(db: Db, userId: number, choice: LibraryChoice): void {
  db.prepare('DELETE FROM user_library WHERE user_id = ?').run(userId);
  db.prepare('UPDATE user SET all_libraries = ? WHERE id = ?').run(
    choice === 'all' ? 1 : 0,
    userId,
  );
  if (choice === 'all') return;
  const exists = db.prepare('SELECT 1 FROM library WHERE id = ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO user_library (user_id, library_id) VALUES (?, ?)',
  );
  for (const libraryId of choice) {
    if (!exists.get(libraryId)) throw new UnknownLibraryError(libraryId);
    insert.run(userId, libraryId);
  }
}

/** How many users exist; zero means first run. */
export function userCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM user').get() as { n: number }).n;
}

// ---- Visibility: what other areas call --------------------------------------

/** The ids of the libraries a user sees, resolved against today's libraries. */
export function visibleLibraryIds(
  db: Db,
  user: Pick<User, 'id' | 'allLibraries'>,
): number[] {
  const sql = user.allLibraries
    ? 'SELECT id FROM library ORDER BY id'
    : `SELECT l.id FROM library l JOIN user_library ul ON ul.library_id = l.id
       WHERE ul.user_id = ? ORDER BY l.id`;
  const stmt = db.prepare(sql);
  const rows = (user.allLibraries ? stmt.all() : stmt.all(user.id)) as Array<{
    id: number;
  }>;
  return rows.map((r) => r.id);
}

/** True when the user may see the given library. */
export function canSeeLibrary(
  db: Db,
  user: Pick<User, 'id' | 'allLibraries'>,
  libraryId: number,
): boolean {
  return visibleLibraryIds(db, user).includes(libraryId);
}

/**
 * An SQL condition restricting `column` (a library id column, e.g.
 * "folder.library_id") to the user's libraries, with its parameters:
 * `WHERE ${f.sql}` ... `.all(...f.params)`.
 */
export function librarySqlFilter(
  user: Pick<User, 'id' | 'allLibraries'>,
  column: string,
): { sql: string; params: number[] } {
  if (user.allLibraries) return { sql: '1 = 1', params: [] };
  return {
    sql: `${column} IN (SELECT library_id FROM user_library WHERE user_id = ?)`,
    params: [user.id],
  };
}
