// The meetings page: a MAPPA coordinator preparing a meeting picks one of the meetings to come,
// sees its agenda (each case's name, level, open alerts, overdue actions and any decision) and the
// open actions on its cases by owner agency; any officer sees what their own agency owes. A
// client of the public GraphQL API (/graphql) and nothing else, like the link explorer, so every
// need-to-know rule and the audit apply. The token and purpose of use live in this page's memory
// only and travel with every request (web/common/session.js, which signs in and out).

import { MEETINGS as Q } from '/common/assets/documents.js';
import { $, el, gql, guarded, session, startSession, status } from '/common/assets/session.js';

const PAGES_OF_ACTIONS = 5; // up to 500 open actions are gathered for one meeting

// ---- GraphQL -------------------------------------------------------------------------------

// Every action that matches, a page of 100 at a time (at most PAGES_OF_ACTIONS pages).
async function actionsWhere(filter) {
  const found = [];
  let after = null;
  for (let page = 0; page < PAGES_OF_ACTIONS; page += 1) {
    const { actions } = await gql(Q.actions, { filter, after });
    found.push(...actions.edges.map((edge) => edge.node));
    if (!actions.pageInfo.hasNextPage) break;
    after = actions.pageInfo.endCursor;
  }
  return found;
}

// ---- Small helpers -------------------------------------------------------------------------

function today() {
  return new Date().toISOString().slice(0, 10);
}

const levelName = (level) => (level ? level.replace('LEVEL_', 'Level ') : null);

function withheld(offender, field) {
  const redaction = offender.redactions?.find((r) => r.field === field);
  return redaction
    ? el('span', { class: 'withheld', title: redaction.reason }, `withheld · ${redaction.fieldClass}`)
    : '—';
}

// ---- Rendering -----------------------------------------------------------------------------

function actionLine(action, withCase = true) {
  return el('li', { 'data-action': action.id, 'data-offender': action.offender.id },
    action.overdue ? el('span', { class: 'overdue' }, 'Overdue · ') : null,
    action.text,
    el('span', { class: 'meta' }, ` — due ${action.dueOn}`,
      action.ownerOfficer ? ` · ${action.ownerOfficer.name}` : '',
      withCase ? ` · case ${action.offender.name ?? ''} ${action.offender.id}` : ''));
}

function renderMeetings(meetings) {
  const list = $('meetings');
  if (!meetings.length) {
    list.replaceChildren(el('li', { class: 'hint' }, 'No meetings to come that you may see.'));
    return;
  }
  list.replaceChildren(...meetings.map((m) => el('li', {},
    el('button', {
      type: 'button', 'data-meeting': m.id, 'aria-pressed': 'false',
      onclick: () => guarded(() => openMeeting(m.id)),
    }, `${m.date} · ${levelName(m.level)} · ${m.area}`,
    el('span', { class: 'meta' }, m.chair ? ` · chair ${m.chair.name}` : '')))));
}

function renderOwed(actions) {
  $('owed').replaceChildren(...(actions.length
    ? actions.map((action) => actionLine(action))
    : [el('li', { class: 'hint' }, 'Your agency owes no open action.')]));
}

function agendaRow(item) {
  const { offender, overdueActions: overdue } = item;
  const alerts = item.openAlerts.edges.map((edge) => edge.node);
  const decision = item.decision;
  return el('tr', { 'data-offender': offender.id },
    el('td', {}, item.position),
    el('td', { class: 'case' }, offender.name ?? withheld(offender, 'name'),
      el('div', { class: 'meta' }, offender.id)),
    el('td', { class: 'level' }, levelName(offender.level) ?? withheld(offender, 'level')),
    el('td', { class: 'alerts' }, alerts.length
      ? alerts.map((a) => el('div', {}, el('span', { class: `sev sev-${a.severity}` }, a.severity), a.rule))
      : 'None open'),
    el('td', { class: 'overdue-actions' }, overdue.length
      ? el('ul', {}, overdue.map((action) => actionLine(action, false)))
      : 'None'),
    el('td', { class: 'decision' }, decision
      ? [`${levelName(decision.level)}`, decision.levelBefore && decision.levelBefore !== decision.level
        ? ` (was ${levelName(decision.levelBefore)})` : ' confirmed',
      el('div', { class: 'meta' }, `next review ${decision.nextReviewDate}`),
      item.minutes ? el('div', { class: 'meta' }, item.minutes) : null]
      : 'To decide'));
}

function byOwner(actions) {
  const owners = new Map();
  for (const action of actions) {
    const key = action.ownerAgency.id;
    if (!owners.has(key)) owners.set(key, { agency: action.ownerAgency, actions: [] });
    owners.get(key).actions.push(action);
  }
  return [...owners.values()].sort((a, b) => a.agency.name.localeCompare(b.agency.name));
}

function renderMeeting(meeting, actions) {
  const cases = new Set(meeting.agenda.map((item) => item.offender.id));
  const onAgenda = actions.filter((action) => cases.has(action.offender.id))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const attended = meeting.invited.map((i) => `${i.agency.name}${i.attended === true ? ' (attended)' : ''}`);
  const owners = byOwner(onAgenda);
  $('meeting').replaceChildren(
    el('h2', { id: 'meeting-title' }, `${levelName(meeting.level)} meeting · ${meeting.area} · ${meeting.date}`),
    el('p', { class: 'meta' }, `Status ${meeting.status}`,
      meeting.chair ? ` · chaired by ${meeting.chair.name}` : '',
      ` · invited: ${attended.join(', ') || 'none'}`),
    el('h3', {}, `Agenda (${meeting.agenda.length})`),
    meeting.agenda.length
      ? el('table', { id: 'agenda' },
        el('thead', {}, el('tr', {}, ['#', 'Case', 'Level', 'Open alerts', 'Overdue actions',
          'Decision'].map((h) => el('th', {}, h)))),
        el('tbody', {}, meeting.agenda.map(agendaRow)))
      : el('p', { class: 'hint' }, 'No case on its agenda that you may see.'),
    el('h3', {}, 'Open actions on these cases, by owner agency'),
    el('div', { id: 'by-agency' }, owners.length
      ? owners.map(({ agency, actions: owned }) => el('section', { class: 'owner', 'data-agency': agency.id },
        el('h4', {}, agency.name, el('span', { class: 'meta' },
          ` · ${owned.length} open, ${owned.filter((a) => a.overdue).length} overdue`)),
        el('ul', {}, owned.map((action) => actionLine(action)))))
      : el('p', { class: 'hint' }, 'No open action on these cases that you may see.')),
  );
}

async function openMeeting(id) {
  for (const button of document.querySelectorAll('#meetings button')) {
    button.setAttribute('aria-pressed', String(button.dataset.meeting === id));
  }
  status('Loading the agenda…');
  const [{ meeting }, actions] = await Promise.all([
    gql(Q.meeting, { id }), actionsWhere({ status: 'OPEN' }),
  ]);
  if (!meeting) {
    $('meeting').replaceChildren(el('p', {}, 'This meeting is not available to you.'));
    status('');
    return;
  }
  renderMeeting(meeting, actions);
  status(`Agenda of ${meeting.agenda.length} cases loaded.`);
}

async function loadWorkspace() {
  const [{ meetings }, owed] = await Promise.all([
    gql(Q.meetings, { from: today() }),
    actionsWhere({ ownerAgencyId: session.me.agency.id, status: 'OPEN' }),
  ]);
  renderMeetings(meetings.edges.map((edge) => edge.node));
  renderOwed(owed);
}

// ---- Wiring --------------------------------------------------------------------------------

startSession({
  signedIn: () => guarded(loadWorkspace),
  signedOut: () => {
    $('meetings').replaceChildren();
    $('owed').replaceChildren();
    $('meeting').replaceChildren(el('p', { class: 'hint' },
      'Choose a meeting to see its agenda and the actions by agency.'));
  },
});
