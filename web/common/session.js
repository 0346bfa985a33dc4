// What the link explorer (web/explorer/) and the meetings page (web/meetings/) share: the call to
// the public GraphQL API (/graphql) with the session's token and purpose of use, the small DOM
// helpers, and sign-in and sign-out. Served at /common/assets/session.js
// (app/api/http/explorer.py) and imported by both pages as an ES module. The token and purpose of
// use live in the page's memory only and travel with every request.
//
// Each page has the same sign-in form and header (#sign-in, #persona, #token, #purpose,
// #justification, #sign-in-error, #session, #who, #purpose-shown, #sign-out), a #workspace and a
// #status line, and calls startSession() once with what it does on signing in and out.

import { ME } from './documents.js';

export const $ = (id) => document.getElementById(id);
export const session = { token: null, purpose: null, justification: null, me: null };

const page = { signedIn: async () => {}, signedOut: () => {} };

// ---- GraphQL -------------------------------------------------------------------------------

export class ApiError extends Error {
  constructor(message, code) { super(message); this.code = code; }
}

export async function gql(query, variables = {}) {
  const headers = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${session.token}`,
    'X-Purpose-Of-Use': session.purpose,
  };
  if (session.justification) headers['X-Justification'] = session.justification;
  const response = await fetch('/graphql', {
    method: 'POST', headers, body: JSON.stringify({ query, variables }),
  });
  let body;
  try { body = await response.json(); } catch {
    throw new ApiError(`The API answered ${response.status} ${response.statusText}`, 'HTTP');
  }
  if (body.errors?.length) {
    const [first] = body.errors;
    const code = first.extensions?.code ?? 'ERROR';
    if (code === 'UNAUTHENTICATED' && session.me) signOut('Your sign-in has ended; sign in again.');
    throw new ApiError(`${code}: ${first.message}`, code);
  }
  return body.data;
}

// ---- Small DOM helpers ---------------------------------------------------------------------

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

export function status(message, isError = false) {
  $('status').textContent = message;
  $('status').classList.toggle('error', isError);
}

export async function guarded(work) {
  try { await work(); } catch (error) { status(error.message, true); }
}

// ---- Sign-in -------------------------------------------------------------------------------

async function loadPersonas() {
  const response = await fetch('/explore/personas');
  if (!response.ok) return; // production: tokens come from the identity provider
  const personas = await response.json();
  $('persona').append(...personas.map((p) => el('option', { value: p.userId },
    `${p.name} — ${p.role} (${p.agencyKind.toLowerCase()})`)));
  $('persona-row').hidden = false;
}

async function signIn(event) {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  const purpose = $('purpose').value;
  const persona = $('persona').value;
  let token = $('token').value.trim();
  if (!purpose) { $('sign-in-error').textContent = 'Choose a purpose of use.'; return; }
  try {
    if (persona) {
      const response = await fetch('/explore/dev-token', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: persona }),
      });
      if (!response.ok) throw new Error(`No development token for ${persona} (${response.status}).`);
      token = (await response.json()).token;
    }
    if (!token) throw new Error('Paste a bearer token, or choose a demo persona.');
    Object.assign(session, { token, purpose, justification: $('justification').value.trim() || null });
    const { me } = await gql(ME);
    session.me = me;
  } catch (error) {
    Object.assign(session, { token: null, me: null });
    $('sign-in-error').textContent = error.message;
    return;
  }
  $('who').textContent = `${session.me.userId} · ${session.me.agency.name} · ${session.me.roles.join(', ')}`;
  $('purpose-shown').textContent = session.purpose;
  $('token').value = '';
  $('sign-in').hidden = true;
  $('session').hidden = false;
  $('workspace').hidden = false;
  status(`Signed in. Every request is sent with purpose ${session.purpose} and audited.`);
  await page.signedIn();
}

export function signOut(message = '') {
  Object.assign(session, { token: null, purpose: null, justification: null, me: null });
  page.signedOut();
  $('workspace').hidden = true;
  $('session').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
}

// Wire the sign-in form and the sign-out button, and offer the demo personas where the server
// has them. signedIn runs once the workspace shows (and session.me is known); signedOut empties
// the page's workspace of what the session saw.
export function startSession({ signedIn, signedOut }) {
  Object.assign(page, { signedIn, signedOut });
  $('sign-in').addEventListener('submit', signIn);
  $('persona').addEventListener('change', () => { $('token-row').hidden = Boolean($('persona').value); });
  $('sign-out').addEventListener('click', () => signOut());
  loadPersonas().catch(() => {});
}
