// The Results panel: one entry per call, newest first. Entries hold what the package returned (code, info, request
// id, ChatError kind); the package's messages never carry a secret key or a UserSig.
import { explain } from './explain.js';

const list = () => document.getElementById('results');
/** Entries kept: the list scrolls within its panel and the oldest go. */
const MAX_ENTRIES = 20;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function pair(term, value, className) {
  if (value === undefined || value === null || value === '') return null;
  return [el('dt', {}, term), el('dd', className ? { class: className } : {}, String(value))];
}

/**
 * Adds an entry. `outcome`: { ok, operation, summary, at (Date), ms, attempts, code, info, requestId, kind, status,
 * message, retryable, note }. A service error's message is left out: its Code and Info facts say the same.
 */
export function addResult(outcome) {
  const ok = outcome.ok;
  const time = outcome.at.toLocaleTimeString([], { hour12: false });
  const label = ok ? 'OK' : outcome.kind;
  const head = el(
    'div',
    { class: 'result-head' },
    el('span', { class: `pill ${ok ? 'pill-ok' : outcome.kind === 'invalid-request' ? 'pill-warn' : 'pill-err'}` }, ok ? '✓ OK' : `✕ ${label}`),
    el('strong', { class: 'result-op' }, outcome.operation),
    el('span', { class: 'result-summary' }, outcome.summary),
    el('time', { class: 'result-time', datetime: outcome.at.toISOString() }, time),
  );

  const facts = el('dl', { class: 'facts' });
  const rows = [
    pair('Code', outcome.code ?? (ok ? 0 : undefined)),
    pair('Info', outcome.info || (ok ? '' : undefined)),
    pair('Request ID', outcome.requestId, 'mono'),
    pair('Kind', ok ? undefined : outcome.kind),
    pair('HTTP', outcome.status || undefined),
    pair('Attempts', outcome.attempts),
    pair('Time', outcome.ms === undefined ? undefined : `${Math.round(outcome.ms)} ms`),
  ];
  for (const row of rows) if (row) facts.append(...row);

  const item = el('li', { class: `result ${ok ? 'ok' : 'fail'}`, 'data-kind': ok ? 'ok' : outcome.kind, 'data-code': String(outcome.code ?? 0) }, head);
  if (!ok && outcome.message && outcome.kind !== 'service') item.append(el('p', { class: 'result-message' }, outcome.message));
  item.append(facts);
  if (outcome.note) item.append(el('p', { class: 'result-note muted' }, outcome.note));

  const advice = explain(outcome);
  if (advice) {
    item.append(
      el(
        'div',
        { class: 'advice' },
        el('p', { class: 'what' }, el('strong', {}, 'What it means: '), advice.what),
        el('p', { class: 'hint-line' }, el('strong', {}, 'What to do: '), advice.hint),
      ),
    );
  }
  list().prepend(item);
  while (list().children.length > MAX_ENTRIES) list().lastElementChild.remove();
  document.getElementById('results-empty').hidden = true;
  return item;
}

export function clearResults() {
  list().replaceChildren();
  document.getElementById('results-empty').hidden = false;
}

/** An outcome from a ChatError (or any other thrown value). */
export function outcomeOfError(error, base) {
  if (error && typeof error === 'object' && error.name === 'ChatError') {
    return {
      ...base,
      ok: false,
      kind: error.kind,
      code: error.code || undefined,
      status: error.status,
      info: error.info,
      requestId: error.requestId,
      attempts: error.attempts,
      message: error.message,
    };
  }
  return { ...base, ok: false, kind: 'page', message: `Unexpected error: ${error?.message ?? String(error)}` };
}
