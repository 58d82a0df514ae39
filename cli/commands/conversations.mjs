// `conversations --from ID`: a user's whole conversation list, pinned first, page after page
// (admin.listConversations): a table for people, or JSON Lines (one conversation a line, as each page comes).
import { CONNECTION_HELP, parse } from '../args.mjs';
import { connect } from '../connection.mjs';
import { UsageError, usageFrom } from '../errors.mjs';
import { cell, isoTime, writeJsonLine, writeTable, writeText } from '../output.mjs';

const HELP = `Usage: tencent-chat-admin conversations --from ID [--exclude-empty] [--json]

Lists a user's whole conversation list (v4/recentcontact/get_list, every page), pinned conversations first, then
by last message, newest first.

  --from ID             whose list
  --exclude-empty       leave out conversations without messages
  --json                JSON Lines: one conversation a line, as the package gives it ({ type, toAccount |
                        groupId, msgTime, pinned, standardMark?, customMark?, groupIds? }), printed as pages come

The table: pinned, type, peer or group, last message (ISO 8601, UTC), and when any conversation has them, its
marks (the bit indexes set in StandardMark), custom mark and conversation group IDs.

${CONNECTION_HELP}`;

export async function run(_name, argv, io) {
  const args = parse(argv, {
    options: { from: { type: 'string' }, 'exclude-empty': { type: 'boolean' }, json: { type: 'boolean' } },
    connection: true,
    help: HELP,
  });
  if (args.help) return writeText(io, args.help);
  const { values } = args;
  if (values.from === undefined) throw new UsageError('missing --from ID: whose conversation list', { hint: HELP });
  const request = { fromAccount: values.from, includeEmpty: !values['exclude-empty'] };
  const admin = connect(values, io.env);
  const rows = [];
  try {
    for await (const conversation of admin.listConversations(request, { signal: io.signal })) {
      if (values.json) writeJsonLine(io, conversation);
      else rows.push(conversation);
    }
  } catch (err) {
    throw usageFrom(err, (field) => (field === 'fromAccount' ? '--from' : undefined));
  } finally {
    admin.free();
  }
  if (!values.json) table(io, rows, values.from);
}

function table(io, rows, from) {
  if (rows.length === 0) return writeText(io, `${cell(from)} has no conversations`);
  const columns = [
    { title: 'PINNED', value: (c) => (c.pinned ? 'pinned' : '') },
    { title: 'TYPE', value: (c) => c.type },
    { title: 'PEER/GROUP', value: (c) => cell(c.type === 'c2c' ? c.toAccount : c.groupId) },
    { title: 'LAST MESSAGE', value: (c) => isoTime(c.msgTime) || '-' },
  ];
  const optional = [
    { title: 'MARKS', value: (c) => markBits(c.standardMark).join(',') },
    { title: 'CUSTOM MARK', value: (c) => cell(c.customMark) },
    { title: 'GROUPS', value: (c) => (c.groupIds ?? []).join(',') },
  ];
  columns.push(...optional.filter((column) => rows.some((row) => column.value(row))));
  writeTable(io, columns, rows);
  const pinned = rows.filter((c) => c.pinned).length;
  writeText(io, `${rows.length} conversation${rows.length === 1 ? '' : 's'}, ${pinned} pinned`);
}

/** The bit indexes set in a StandardMark bit string (bit 0 is the last character). */
function markBits(standardMark = '') {
  return [...standardMark].reverse().flatMap((bit, index) => (bit === '1' ? [index] : []));
}
