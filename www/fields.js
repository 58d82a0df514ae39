// Shows the package's own `invalid-request` errors next to the input they name (err.field), and clears them.

const $ = (id) => document.getElementById(id);

/** Option and argument names of the package → the input that holds them. */
const FIXED = {
  sdkAppId: 'conn-sdkappid',
  identifier: 'conn-identifier',
  secretKey: 'conn-secretkey',
  userSig: 'conn-usersig',
  endpoint: 'conn-endpoint',
  region: 'conn-region',
  useBackupDomain: 'conn-backup',
  timeoutMs: 'conn-timeout',
  retry: 'conn-retries',
  'retry.retries': 'conn-retries',
  fromAccount: 'pin-from',
  conversations: 'conv-list',
};

/** The UserSig tool's own names (genUserSig / verifyUserSig options), where they differ from the connection's. */
const TOOL = {
  identifier: 'us-identifier', expire: 'us-expire', userSig: 'us-usersig', userbuf: 'us-identifier', roomId: 'us-room', privileges: 'us-privileges',
};

/** { input, error } elements for a field path such as 'conversations[1].toAccount'. */
export function locate(field, scope = 'call') {
  const row = /^conversations\[(\d+)\](?:\.(\w+))?$/.exec(field ?? '');
  if (row) {
    const item = $('conv-list').children[Number(row[1])];
    if (item) {
      const input = item.querySelector(row[2] === 'type' ? '[data-role=type]' : '[data-role=id]');
      return { input, error: item.querySelector('[data-role=error]') };
    }
  }
  const id = (scope === 'tool' && (TOOL[field] || TOOL[field?.replace(/\[\d+\]$/, '')])) || FIXED[field] || FIXED[field?.split('.')[0]];
  if (!id) return null;
  if (id === 'conv-list') return { input: $('add-conv'), error: $('err-conversations') };
  return { input: $(id), error: $(`err-${id}`) };
}

/** The message without its leading field name: "conversations[1].toAccount must not be empty" → "Must not be empty". */
export function fieldMessage(error) {
  const { message, field } = error;
  if (field && message.startsWith(`${field} `)) {
    const rest = message.slice(field.length + 1);
    if (!/^(or|and|excludes|goes)\b/.test(rest)) return rest.charAt(0).toUpperCase() + rest.slice(1) + '.';
  }
  return message;
}

/**
 * The message for a number field that holds something other than digits ("1e3", "10 000"): what to type, where the
 * package can only say it got a string.
 */
function numberMessage(input) {
  const text = input?.getAttribute('inputmode') === 'numeric' ? input.value.trim() : '';
  if (text === '' || /^\d+$/.test(text)) return null;
  return `Type a whole number in digits only, such as 1000: “${text.slice(0, 20)}” is not read as a number here.`;
}

/** Marks the input that `error.field` names; returns that input (null when the field has no input here). */
export function showFieldError(error, scope) {
  const place = locate(error.field, scope);
  if (!place?.error) return null;
  place.error.textContent = numberMessage(place.input) ?? fieldMessage(error);
  place.error.hidden = false;
  if (place.input) {
    place.input.setAttribute('aria-invalid', 'true');
    // A hidden input (the other credential or destination, a closed <details>) is made visible first.
    place.input.closest('details')?.setAttribute('open', '');
  }
  return place.input ?? null;
}

/** Clears every field error inside `root`. */
export function clearFieldErrors(root = document) {
  for (const el of root.querySelectorAll('.field-error')) {
    el.textContent = '';
    el.hidden = true;
  }
  for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** Clears the error of one input when it changes. */
export function clearOnEdit(input) {
  const item = input.closest('.conv-row');
  const error = item ? item.querySelector('[data-role=error]') : $(`err-${input.id}`);
  input.removeAttribute('aria-invalid');
  if (error && !error.hidden) {
    error.hidden = true;
    error.textContent = '';
  }
}
