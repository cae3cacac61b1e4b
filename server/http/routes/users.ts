// User administration, for admins: create, list, edit (role, disabled, the
// music folders each user sees), reset a password, delete. A change that
// would leave no enabled admin is refused.
import { z } from 'zod';
import { readJson } from '../../auth/body.js';
import { endUserSessions } from '../../auth/sessions.js';
import { forgetAccount } from '../../auth/throttle.js';
import {
  createUser,
  deleteUser,
  getUser,
  LastAdminError,
  listUsers,
  setPassword,
  UnknownLibraryError,
  updateUser,
  UsernameTakenError,
} from '../../auth/users.js';
import { HearthError, InvalidInputError, NotFoundError } from '../errors.js';
import { route } from '../routes.js';
import { displayName, newPassword, username } from './auth.js';

const role = z.enum(['admin', 'user']).describe('admin or user');

const libraries = z
  .union([z.literal('all'), z.array(z.number().int().positive()).max(1000)])
  .describe('"all", or the ids of the music folders the user sees');

const userParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

const createBody = z.object({
  username,
  password: newPassword,
  displayName: displayName.optional(),
  role: role.default('user'),
  libraries: libraries.default('all'),
});

const updateBody = z.object({
  displayName: displayName.optional(),
  role: role.optional(),
  disabled: z.boolean().optional(),
  libraries: libraries.optional(),
});

const passwordBody = z.object({ password: newPassword });

/** Maps the account layer's refusals onto HTTP errors. */
function mapUserError(err: unknown): never {
  if (err instanceof UsernameTakenError) {
    throw new HearthError(409, 'username_taken', 'that username is taken');
  }
  if (err instanceof LastAdminError) {
    throw new HearthError(409, 'last_admin', err.message);
  }
  if (err instanceof UnknownLibraryError) {
    throw new InvalidInputError('invalid libraries', {
      libraries: `no music folder ${err.libraryId}`,
    });
  }
  throw err;
}

export const userRoutes = [
  route({
    method: 'GET',
    path: '/api/users',
    access: 'admin',
    summary: 'Every user, with role, state and visible music folders.',
    response: 'UserList',
    handler: (ctx, deps) => {
      ctx.body = { users: listUsers(deps.db) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/users',
    access: 'admin',
    summary: 'Creates a user.',
    input: { body: createBody },
    response: 'UserEnvelope',
    handler: async (ctx, deps) => {
      const body = await readJson(ctx, createBody);
      const user = await createUser(deps.db, body).catch(mapUserError);
      ctx.log.info({ userId: user.id, role: user.role }, 'user created');
      ctx.status = 201;
      ctx.body = { user };
    },
  }),
  route({
    method: 'GET',
    path: '/api/users/:id',
    access: 'admin',
    summary: 'One user.',
    input: { params: userParams },
    response: 'UserEnvelope',
    handler: (ctx, deps) => {
      const user = getUser(deps.db, userParams.parse(ctx.params).id);
      if (!user) throw new NotFoundError('user');
      ctx.body = { user };
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/users/:id',
    access: 'admin',
    summary: 'Edits a user; disabling one ends their sessions.',
    input: { params: userParams, body: updateBody },
    response: 'UserEnvelope',
    handler: async (ctx, deps) => {
      const { id } = userParams.parse(ctx.params);
      const body = await readJson(ctx, updateBody);
      let user;
      try {
        user = updateUser(deps.db, id, body);
      } catch (err) {
        mapUserError(err);
      }
      if (!user) throw new NotFoundError('user');
      if (user.disabled) endUserSessions(deps.db, user.id);
      ctx.log.info({ userId: id, fields: Object.keys(body) }, 'user updated');
      ctx.body = { user };
    },
  }),
  route({
    method: 'PUT',
    path: '/api/users/:id/password',
    access: 'admin',
    summary: "Sets a user's password and ends all of their sessions.",
    input: { params: userParams, body: passwordBody },
    response: 'no content (204)',
    handler: async (ctx, deps) => {
      const { id } = userParams.parse(ctx.params);
      const { password } = await readJson(ctx, passwordBody);
      const user = getUser(deps.db, id);
      if (!user) throw new NotFoundError('user');
      await setPassword(deps.db, id, password);
      endUserSessions(deps.db, id);
      forgetAccount(deps.db, user.username);
      ctx.log.info({ userId: id }, 'password reset by an admin');
      ctx.status = 204;
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/users/:id',
    access: 'admin',
    summary: 'Deletes a user with their sessions, keys and personal data.',
    input: { params: userParams },
    response: 'no content (204)',
    handler: (ctx, deps) => {
      const { id } = userParams.parse(ctx.params);
      let removed = false;
      try {
        removed = deleteUser(deps.db, id);
      } catch (err) {
        mapUserError(err);
      }
      if (!removed) throw new NotFoundError('user');
      ctx.log.info({ userId: id }, 'user deleted');
      ctx.status = 204;
    },
  }),
];
