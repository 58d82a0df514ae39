// The UserSig tool: generate (genUserSig, or genPrivateMapKey for rights in a TRTC room) and inspect
// (verifyUserSig, or decodeUserSig when no key is given). The UserSig only ever lives in the textarea's value; the
// output shows its claims, never the UserSig itself.
import { decodeUserSig, genPrivateMapKey, genUserSig, limits, verifyUserSig } from '/pkg/index.js';
import { userSigCodeText } from './explain.js';
import { clearFieldErrors, showFieldError } from './fields.js';

const $ = (id) => document.getElementById(id);

const toolFields = () => [$('us-identifier'), $('us-expire'), $('us-usersig'), $('us-room'), $('conn-sdkappid'), $('conn-secretkey')];

function clearErrors() {
  clearFieldErrors($('usersig-panel'));
  for (const input of [$('conn-sdkappid'), $('conn-secretkey')]) {
    input.removeAttribute('aria-invalid');
    const error = $(`err-${input.id}`);
    error.hidden = true;
    error.textContent = '';
  }
}

/** A number when the text is digits, else the text (so the package names the bad field). */
export function numberOrText(text) {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** A length of time for people: "1 s", "5 min", "23 h", "1 d 2 h", "180 days". */
export function span(seconds) {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  return hours && days < 10 ? `${days} d ${hours} h` : `${days} day${days === 1 ? '' : 's'}`;
}

/** A Unix time as the reader's local date and time, with its UTC offset: "2026-11-29 18:04:05 (UTC+08:00)". */
export function localTime(unixSeconds) {
  const d = new Date(unixSeconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const zone = `UTC${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (${zone})`;
}

function show(status, tone, claims) {
  const out = $('us-output');
  out.replaceChildren();
  out.className = `us-output ${tone}`;
  const line = document.createElement('p');
  line.className = 'us-status';
  line.textContent = status;
  out.append(line);
  if (!claims) return;
  const dl = document.createElement('dl');
  dl.className = 'facts';
  const expiresAt = claims.time + claims.expire;
  const left = Math.floor(expiresAt - Date.now() / 1000);
  const rows = [
    ['Identifier', claims.identifier],
    ['SDKAppID', claims.sdkAppId],
    ['Made at', localTime(claims.time)],
    ['Valid for', claims.expire < 60 ? `${claims.expire} s` : `${claims.expire} s (${span(claims.expire)})`],
    ['Expires', `${localTime(expiresAt)}, ${left >= 0 ? `in ${span(left)}` : `expired ${span(left)} ago`}`],
  ];
  if (claims.userbuf?.length) rows.push(['userbuf', `${claims.userbuf.length} bytes`]);
  if (claims.privateMapKey) rows.push(...roomRows(claims, claims.privateMapKey));
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    dl.append(dt, dd);
  }
  out.append(dl);
}

/** The facts of a PrivateMapKey's userbuf: the room, the privileges, when the rights end (and whom they are for, when
 * that differs from the UserSig's claims). */
function roomRows(claims, key) {
  const left = Math.floor(key.expiresAt - Date.now() / 1000);
  const rows = [
    ['Room', typeof key.roomId === 'number' ? `${key.roomId} (numeric room)` : `“${key.roomId}” (string room)`],
    ['Privileges', `${key.privilegeNames.join(', ') || 'none'} (${key.privileges})`],
    ['Room rights until', `${localTime(key.expiresAt)}, ${left >= 0 ? `in ${span(left)}` : `ended ${span(left)} ago`}`],
  ];
  if (key.identifier !== claims.identifier || key.sdkAppId !== claims.sdkAppId) rows.push(['Rights for', `${key.identifier} in ${key.sdkAppId}`]);
  return rows;
}

/** The room as the field holds it: digits a numeric room (unless ticked as a string one), anything else a string room. */
export function roomOf(text, asString) {
  const room = text.trim();
  return asString || !/^\d+$/.test(room) ? room : Number(room);
}

/** Digits with a leading 0: neither reading is safe to guess (0123 is the numeric room 123, or the string "0123"). */
const leadingZero = (text, asString) => !asString && /^0\d+$/.test(text.trim());

/** A label for a privilege name: "enterRoom" → "Enter room". */
const privilegeLabel = (name) => name.charAt(0).toUpperCase() + name.slice(1).replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

/** The privilege checkboxes, one for each name the package knows (limits), "Enter room" ticked. */
function addPrivilegeBoxes() {
  for (const name of limits.privateMapKey.privileges) {
    const label = document.createElement('label');
    label.className = 'check';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `us-priv-${name}`;
    box.dataset.privilege = name;
    box.checked = name === 'enterRoom';
    label.append(box, ` ${privilegeLabel(name)}`);
    $('us-privilege-list').append(label);
  }
}

const checkedPrivileges = () => [...document.querySelectorAll('#us-privilege-list input:checked')].map((box) => box.dataset.privilege);

function fail(error) {
  if (error?.name === 'ChatError' && error.kind === 'invalid-request') {
    const input = showFieldError(error, 'tool');
    show(`Not done: ${error.message}`, 'bad');
    input?.focus();
    return;
  }
  if (error?.name === 'ChatError' && error.kind === 'usersig') {
    show(`✕ ${error.code}: ${userSigCodeText(error.code)}`, 'bad');
    return;
  }
  show(`✕ ${error?.message ?? String(error)}`, 'bad');
}

export function setUpUserSigTool({ adminIdentifier, useInConnection }) {
  addPrivilegeBoxes();
  $('us-generate').addEventListener('click', () => {
    clearErrors();
    try {
      const userSig = genUserSig({
        sdkAppId: numberOrText($('conn-sdkappid').value),
        secretKey: $('conn-secretkey').value,
        identifier: $('us-identifier').value.trim(),
        expire: numberOrText($('us-expire').value),
      });
      $('us-usersig').value = userSig;
      const claims = verifyUserSig({ userSig, sdkAppId: numberOrText($('conn-sdkappid').value), secretKey: $('conn-secretkey').value });
      show(`✓ Generated a UserSig of ${userSig.length} characters.`, 'good', claims);
    } catch (error) {
      fail(error);
    }
  });

  $('us-generate-pmk').addEventListener('click', () => {
    clearErrors();
    const [roomText, asString] = [$('us-room').value, $('us-room-string').checked];
    if (leadingZero(roomText, asString)) {
      const numeric = roomText.trim().replace(/^0+(?=\d)/, '');
      showFieldError({ field: 'roomId', message: `Starts with 0: type ${numeric} for the numeric room, or tick “Digits are a string room”.` }, 'tool');
      show('Not done: the room ID starts with 0.', 'bad');
      $('us-room').focus();
      return;
    }
    try {
      const sdkAppId = numberOrText($('conn-sdkappid').value);
      const secretKey = $('conn-secretkey').value;
      const key = genPrivateMapKey({
        sdkAppId,
        secretKey,
        identifier: $('us-identifier').value.trim(),
        roomId: roomOf(roomText, asString),
        privileges: checkedPrivileges(),
        expire: numberOrText($('us-expire').value),
      });
      $('us-usersig').value = key;
      show(`✓ Generated a PrivateMapKey of ${key.length} characters.`, 'good', verifyUserSig({ userSig: key, sdkAppId, secretKey }));
    } catch (error) {
      fail(error);
    }
  });

  $('us-verify').addEventListener('click', () => {
    clearErrors();
    const userSig = $('us-usersig').value.trim();
    const secretKey = $('conn-secretkey').value;
    if (!userSig) {
      showFieldError({ field: 'userSig', message: 'Paste or generate a UserSig first' }, 'tool');
      show('Nothing to inspect yet.', 'bad');
      $('us-usersig').focus();
      return;
    }
    if (!secretKey) {
      try {
        show('Decoded only: the signature was not checked (no secret key in Connection).', 'warn', decodeUserSig(userSig));
      } catch {
        show('✕ 70003: this is not a UserSig (it could not be decoded); it is often cut short when copied.', 'bad');
      }
      return;
    }
    try {
      const identifier = $('us-identifier').value.trim();
      const claims = verifyUserSig({
        userSig,
        sdkAppId: numberOrText($('conn-sdkappid').value),
        secretKey,
        ...(identifier ? { identifier } : {}),
      });
      show('✓ Valid: the signature matches this SDKAppID and secret key.', 'good', claims);
    } catch (error) {
      fail(error);
    }
  });

  $('us-use').addEventListener('click', () => {
    clearErrors();
    const userSig = $('us-usersig').value.trim();
    if (!userSig) {
      showFieldError({ field: 'userSig', message: 'Generate or paste a UserSig first' }, 'tool');
      $('us-usersig').focus();
      return;
    }
    let claims = null;
    try {
      claims = decodeUserSig(userSig);
    } catch {
      // Not readable: the service will judge it.
    }
    const admin = adminIdentifier();
    if (claims && admin && claims.identifier !== admin) {
      show(
        `Not used: this UserSig is for “${claims.identifier}”, but the admin identifier in Connection is “${admin}”, ` +
          'and every call would fail (70013). Generate one for the admin identifier, or change the admin identifier yourself.',
        'bad',
      );
      return;
    }
    useInConnection(userSig);
    show('The Connection now uses this UserSig as its credential (the admin identifier is unchanged).', 'good');
  });

  for (const input of toolFields()) input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
}
