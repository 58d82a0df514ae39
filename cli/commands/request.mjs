// `request COMMAND [BODY|-]`: any endpoint with the client's signing, retries and timeouts; the answer as JSON.
import { CONNECTION_HELP, parse } from '../args.mjs';
import { connect } from '../connection.mjs';
import { UsageError, usageFrom } from '../errors.mjs';
import { parseJson, readStdin, writeJson, writeText } from '../output.mjs';

const HELP = `Usage: tencent-chat-admin request COMMAND [BODY|-]

Calls any endpoint of the REST API and prints the answer as JSON (field names as the service spells them).

  COMMAND               service/command, with or without v4/ or /v4/, e.g. v4/im_open_login_svc/account_check
  BODY                  the request body: a JSON object (default {}); - reads it from stdin (UTF-8)
  --idempotent          the endpoint is safe to send twice: send it again after a timeout or a dropped
                        connection too (by default only the endpoints known to be safe are: the read-only ones
                        and those that set a state, recentcontact/top and mark_contact, account_import,
                        multiaccount_import, kick; so that openim/sendmsg, say, is never sent twice by accident)
  --json                accepted, and changes nothing: the answer is always JSON

Example: tencent-chat-admin request v4/im_open_login_svc/account_check '{"CheckItem":[{"UserID":"alice"}]}'
Exit 1 when the service answers FAIL (stderr: service CODE: its ErrorInfo), 2 for a usage error (BODY that is not a
JSON object: where it breaks).

${CONNECTION_HELP}`;

export async function run(_name, argv, io) {
  const args = parse(argv, { options: { json: { type: 'boolean' }, idempotent: { type: 'boolean' } }, positionals: [1, 2], positionalNames: ['COMMAND', 'BODY'], connection: true, help: HELP });
  if (args.help) return writeText(io, args.help);
  const [command, bodyArg] = args.positionals;
  const body = bodyArg === undefined ? {} : parseJson(bodyArg === '-' ? await readStdin(io, 'BODY (stdin)') : bodyArg, bodyArg === '-' ? 'BODY (stdin)' : 'BODY');
  const admin = connect(args.values, io.env);
  try {
    const options = { signal: io.signal, ...(args.values.idempotent ? { idempotent: true } : {}) };
    writeJson(io, await admin.request(command, body, options));
  } catch (err) {
    // The package's advice is for code; here it is the flag.
    if (typeof err?.message === 'string') err.message = err.message.replace('pass { idempotent: true }', 'add --idempotent');
    throw usageFrom(err, (field) => (field === 'command' ? 'COMMAND' : field.startsWith('body') ? 'BODY' : undefined));
  } finally {
    admin.free();
  }
}
