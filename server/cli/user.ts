/**
 * `npm run user -- <command>`: manage the operations server's users (stop a PGlite server first; with DATABASE_URL
 * the server may keep running).
 */
import { MIN_PASSWORD_LENGTH, ROLES, USER_NAME_PATTERN, type Role } from '../../src/domain/ops';
import { flags, parseCli, valued } from '../../tools/cli';
import { hashPassword, randomToken } from '../auth';
import { openConfigured } from './common';

const USAGE = `usage: npm run user -- <command> [NAME] [options]
  add NAME --role viewer|operator|admin [--password P]   add a user (a random password is printed when none is given)
  passwd NAME [--password P]                              set a new password (signs the user out everywhere)
  role NAME --role viewer|operator|admin                  change a user's role
  remove NAME                                             remove a user
  list                                                    list users and roles
Database: DATABASE_URL, else PGlite in TWIN_DATA_DIR / server.config.json's dataDir (default var/db).
  -h, --help  this text`;

const cli = parseCli({ name: 'npm run user --', usage: USAGE, options: { ...valued('role', 'password'), ...flags('quiet') }, positionals: true });
const [command, name] = cli.positionals;
if (!command) cli.fail('a command is needed');
if (!['add', 'passwd', 'role', 'remove', 'list'].includes(command)) cli.fail(`unknown command '${command}'`);
if (command !== 'list' && (!name || !USER_NAME_PATTERN.test(name))) cli.fail('NAME: 1–64 of A–Z a–z 0–9 _ . -');
const role: Role | undefined = cli.oneOf('role', ROLES);
if ((command === 'add' || command === 'role') && !role) cli.fail('--role is needed');
const given = cli.values.password;
if (typeof given === 'string' && given.length < MIN_PASSWORD_LENGTH) cli.fail(`--password needs at least ${MIN_PASSWORD_LENGTH} characters`);

const actor = `cli:${process.env.USER ?? 'unknown'}`;
let code = 0;
const { store, close } = await openConfigured().catch((e: unknown) => {
  console.error(`npm run user: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
try {
  const existing = name ? await store.getUser(name) : null;
  if (command === 'list') {
    for (const u of await store.listUsers()) console.log(`${u.name}\t${u.role}`);
  } else if (command === 'add') {
    const password = typeof given === 'string' ? given : randomToken(12);
    const r = await store.putUser(name, role as Role, await hashPassword(password), actor);
    if (r === 'exists') {
      console.error(`npm run user: ${name} exists (use passwd or role)`);
      code = 1;
    } else console.log(`added ${name} (${role})${typeof given === 'string' ? '' : ` with password ${password}`}`);
  } else if (!existing) {
    console.error(`npm run user: no user ${name}`);
    code = 1;
  } else if (command === 'passwd') {
    const password = typeof given === 'string' ? given : randomToken(12);
    await store.putUser(name, existing.role, await hashPassword(password), actor, true);
    console.log(`new password for ${name}${typeof given === 'string' ? '' : `: ${password}`}`);
  } else if (command === 'role') {
    await store.putUser(name, role as Role, existing.passwordHash, actor, true);
    console.log(`${name} is now ${role}`);
  } else if (command === 'remove') {
    await store.removeUser(name, actor);
    console.log(`removed ${name}`);
  }
} catch (e) {
  console.error(`npm run user: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  await close();
}
process.exit(code);
