// Progress on stderr: a live bar with rate and ETA (cli-progress) on a terminal, one JSON line a second
// otherwise, or nothing. A bad row is shown as it is found: `line N: ...` (a JSON line in json mode). A group run
// counts members, and learns their total as it goes (`tally.total`).
import cliProgress from 'cli-progress';

export const MODES = ['bar', 'json', 'none'];

/**
 * A progress display for `tally` on `stderr`. `total`: rows expected (undefined for stdin); `unit`: what is counted
 * ('rows', or 'members', whose total `tally.total` gives once known).
 */
export function startProgress(mode, { stderr, tally, total, unit = 'rows' }) {
  if (mode === 'bar') return barProgress(stderr, tally, total, unit);
  if (mode === 'json') return jsonProgress(stderr, tally, total);
  return { badRow: ({ line, error }) => stderr.write(`line ${line}: ${error}\n`), stop() {} };
}

function barProgress(stderr, tally, total, unit) {
  const known = total !== undefined || unit === 'members';
  const bars = new cliProgress.MultiBar({
    stream: stderr,
    format: known
      ? `{bar} {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted} | failed {failed}${unit === 'rows' ? ' bad {bad}' : ''}`
      : '{value} rows | {rate}/s | failed {failed} bad {bad}',
    hideCursor: true,
    barsize: 24,
    etaBuffer: 50,
    // Before the rate is known the ETA is a word ('INF', 'NULL'), which the default formatter would cut up.
    formatTime: (t, options, round) => (typeof t === 'number' ? cliProgress.Format.TimeFormat(t, options, round) : '?'),
    clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  const bar = bars.create(total ?? 0, 0, fields(tally, 0));
  const rate = rateMeter(tally);
  const redraw = () => {
    if (tally.total !== undefined) bar.setTotal(tally.total);
    bar.update(tally.done, fields(tally, rate()));
  };
  const timer = setInterval(redraw, 250);
  return {
    // The bar prints a logged line above itself at its next redraw; stop() does not print what is still waiting,
    // so the last redraw is asked for first: every bad row's line reaches stderr.
    badRow: ({ line, error }) => bars.log(`line ${line}: ${error}\n`),
    stop() {
      clearInterval(timer);
      redraw();
      bars.update();
      bars.stop();
    },
  };
}

const fields = (tally, rate) => ({ rate: Math.round(rate), failed: tally.failed, bad: tally.badCount });

function jsonProgress(stderr, tally, total) {
  const rate = rateMeter(tally);
  const line = () => {
    const { done, succeeded, failed, skipped } = tally;
    const known = tally.total ?? total;
    const progress = { done, succeeded, failed, bad: tally.badCount, skipped, ...(known !== undefined ? { total: known } : {}), ratePerSecond: Math.round(rate()) };
    stderr.write(`${JSON.stringify(progress)}\n`);
  };
  const timer = setInterval(line, 1000);
  timer.unref();
  return {
    badRow: (row) => stderr.write(`${JSON.stringify({ badRow: row })}\n`),
    stop() {
      clearInterval(timer);
      line();
    },
  };
}

/** Rows done per second, measured over at least a second (the value is kept between measurements). */
function rateMeter(tally) {
  let last = { at: performance.now(), done: tally.done };
  let rate = 0;
  return () => {
    const now = { at: performance.now(), done: tally.done };
    const seconds = (now.at - last.at) / 1000;
    if (seconds >= 1) {
      rate = (now.done - last.done) / seconds;
      last = now;
    }
    return rate;
  };
}
