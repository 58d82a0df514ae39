// `bulk pin|unpin --group-members GROUP`: pins (or unpins) GROUP's conversation in each member's own list with the
// package's pinGroupForMembers (the members paged, each once, a request each, paced and retried), with the progress,
// Ctrl-C and --journal of `bulk pin FILE`: the journal records each member done, and a second run with it skips them
// (the package's `filter` option). Report: JSON on stdout. Exit codes as for a file: 0 done, 1 members the service or
// the network refused (or the group could not be listed), 2 a usage error, 130 stopped by Ctrl-C.
import { limits } from 'tencent-chat-admin';
import { integer } from '../args.mjs';
import { EXIT, UsageError, usageFrom } from '../errors.mjs';
import { openJournal } from './journal.mjs';
import { startProgress } from './progress.mjs';
import { LIST_LIMIT, errorFields } from './tally.mjs';

/** The flags of a group run (and only of one). */
export const GROUP_OPTIONS = {
  'group-members': { type: 'string' },
  'exclude-roles': { type: 'string' },
  'joined-after': { type: 'string' },
  community: { type: 'boolean' },
  'page-size': { type: 'string' },
};

export const GROUP_HELP = `With --group-members GROUP (instead of FILE): pins (or unpins) GROUP's conversation in the list of each
of its members, one request a member (the service has no call for many users): the members are listed page by
page, each member once. A member who already has 50 pinned conversations fails alone (unpin one first).
  --group-members GROUP   the group ID
  --exclude-roles LIST    leave out members of these roles: owner, admin, member (comma-separated)
  --joined-after TIME     only members who joined after TIME: Unix seconds, or a date such as 2024-05-01T00:00:00Z
  --community             a Community group (pages with Next; the default for IDs that start with @TGS#_)
  --page-size N           members a page, ${limits.groupMembers.pageSize.min} to ${limits.groupMembers.pageSize.max} (default ${limits.groupMembers.pageSize.default})
  --rate, --concurrency, --journal, --progress and --json as for FILE (--journal records members, for this group only)`;

/** The flag a package-refused option came from. */
const FLAGS = { groupId: '--group-members', excludeRoles: '--exclude-roles', joinedAfter: '--joined-after', pageSize: '--page-size' };

/** --joined-after as Unix seconds: digits as given, or a date Date.parse reads (an ISO date, say). */
export function joinedAfter(text) {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`--joined-after must be Unix seconds or a date such as 2024-05-01T00:00:00Z, not ${JSON.stringify(text)}`);
  return Math.floor(ms / 1000);
}

/** The counts progress and the report show. */
class GroupTally {
  succeeded = 0;
  failed = 0;
  /** Done before, as the journal records. */
  skipped = 0;
  badCount = 0;
  /** Members the run is for, once known. */
  total = undefined;
  failures = [];

  get done() {
    return this.succeeded + this.failed;
  }
}

/**
 * Runs `bulk pin|unpin --group-members GROUP` (`values` the parsed flags, `settings` the rate, concurrency, progress
 * and journal read as for a file) and gives the exit code.
 */
export async function runGroup(admin, { operation, values, settings, io }) {
  const group = values['group-members'];
  const request = { groupId: group, ...(values.community ? { community: true } : {}) };
  const pageSize = integer(values, 'page-size', limits.groupMembers.pageSize);
  if (pageSize !== undefined) request.pageSize = pageSize;
  const excludeRoles = values['exclude-roles']?.split(',').map((role) => role.trim());
  const after = joinedAfter(values['joined-after']);
  const journal = settings.journal === undefined ? undefined : await openJournal(settings.journal, operation, { group, stderr: io.stderr });
  const tally = new GroupTally();
  const progress = startProgress(settings.progress, { stderr: io.stderr, tally, unit: 'members' });
  const onResult = ({ request: { fromAccount }, status, error }) => {
    if (status === 'succeeded') {
      tally.succeeded++;
      journal?.recordMembers([fromAccount]);
    } else if (status === 'failed') {
      tally.failed++;
      if (tally.failures.length < LIST_LIMIT) tally.failures.push({ member: fromAccount, error: errorFields(error) });
    }
  };
  const options = {
    ratePerSecond: settings.rate, concurrency: settings.concurrency, signal: io.signal, onResult, keepFailures: false,
    progressIntervalMs: 250, onProgress: ({ total }) => { tally.total = total; },
    ...(excludeRoles ? { excludeRoles } : {}), ...(after !== undefined ? { joinedAfter: after } : {}),
    ...(journal ? { filter: (member) => !journal.has(member.userId) || (tally.skipped++, false) } : {}),
  };
  let report;
  try {
    report = await (operation === 'pin' ? admin.pinGroupForMembers(request, options) : admin.unpinGroupForMembers(request, options));
  } catch (err) {
    throw usageFrom(err, (field) => FLAGS[field.replace(/\[\d+\]$/, '')]);
  } finally {
    progress.stop();
    journal?.close();
  }
  const out = {
    operation, group, memberNum: report.memberNum, members: report.total, succeeded: tally.succeeded, failed: tally.failed,
    skipped: tally.skipped, excluded: report.skipped - tally.skipped, repeated: report.repeated, attempts: report.attempts,
    stopped: report.stopped,
    ...(report.listError ? { stopReason: `the members of ${JSON.stringify(group)} could not be listed further (${report.listError.kind} ${report.listError.code}: ${report.listError.message}): the run stopped there` } : {}),
    failures: tally.failures, failuresTruncated: tally.failed > tally.failures.length,
    inFlight: report.inFlight.map((item) => item.request.fromAccount).sort(),
    notAttempted: report.notAttempted.map((item) => item.request.fromAccount).sort(),
    ...(journal ? { journal: settings.journal } : {}),
  };
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  for (const f of out.failures) io.stderr.write(`member ${f.member}: ${f.error.kind} ${f.error.code}: ${f.error.message}\n`);
  if (out.failuresTruncated) io.stderr.write(`(${tally.failed - out.failures.length} more failed members not listed: the report lists the first ${out.failures.length})\n`);
  if (out.stopReason) {
    io.stderr.write(`tencent-chat-admin: stopped: ${out.stopReason}\n`);
    return EXIT.refused;
  }
  if (report.stopped) {
    io.stderr.write(interrupted(out, settings.journal));
    return EXIT.interrupted;
  }
  return tally.failed > 0 ? EXIT.refused : EXIT.ok;
}

/** What stderr says after Ctrl-C stopped a group run: what was done, and how to resume. */
function interrupted(out, journal) {
  const open = [];
  if (out.inFlight.length) open.push(`${out.inFlight.length} in flight (they may have been applied)`);
  if (out.notAttempted.length) open.push(`${out.notAttempted.length} not sent`);
  const counts = `${out.succeeded} ${out.operation}ned, ${out.failed} failed, ${out.skipped} skipped as done before`;
  const lines = [`tencent-chat-admin: interrupted (Ctrl-C) after ${out.members} of the group's members were read (${counts})${open.length ? `; ${open.join(', ')}` : ''}.`];
  lines.push(journal !== undefined
    ? `To resume, run the same command again with the same --journal ${journal}: the members it records as done are skipped, the others sent (a pin or unpin repeated does no harm).`
    : 'No --journal was given: the same command again sends every member again (a pin or unpin repeated does no harm). Give --journal FILE to make a run resumable.');
  return `${lines.join('\n')}\n`;
}
