// The link explorer: a client of the public GraphQL API (/graphql) and nothing else, so every
// need-to-know rule and the audit apply. The token and purpose of use live in this page's memory
// only and travel with every request (web/common/session.js, which signs in and out).

/* global cytoscape, cytoscapeFcose */
import { EXPLORER as Q, MARKS_BATCH, marks } from '/common/assets/documents.js';
import { $, el, gql, guarded, startSession, status } from '/common/assets/session.js';

cytoscape.use(cytoscapeFcose);

const offenderDetails = new Map(); // offender id -> the last answer of OFFENDER (this session)

const SEVERITY_RANK = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
const PERSON_KINDS = new Set(['OFFENDER', 'VICTIM', 'NAMED_CONTACT']);
const KIND_NAMES = {
  OFFENDER: 'Offender', VICTIM: 'Victim', NAMED_CONTACT: 'Named contact', ADDRESS: 'Address',
  PREMISES: 'Premises', ZONE: 'Zone', WITHHELD: 'Withheld',
};
const MAX_PATH_DEPTH = 6;

// ---- GraphQL -------------------------------------------------------------------------------

// Up to MARKS_BATCH offenders' alerts in one request (web/common/documents.js).
async function alertsOf(ids) {
  const found = new Map();
  for (let start = 0; start < ids.length; start += MARKS_BATCH) {
    const batch = ids.slice(start, start + MARKS_BATCH);
    const variables = Object.fromEntries(batch.map((id, i) => [`o${i}`, id]));
    const data = await gql(marks(batch.length), variables);
    batch.forEach((id, i) => found.set(id, data[`o${i}`].edges.map((e) => e.node)));
  }
  return found;
}

// ---- Small DOM helpers ---------------------------------------------------------------------

function withheldMark(redaction) {
  return el('span', {
    class: 'withheld', title: redaction.reason, 'data-withheld': redaction.field,
  }, `withheld · ${redaction.fieldClass}`);
}

// ---- The chart -----------------------------------------------------------------------------

const COLOURS = {
  OFFENDER: '#37474f', VICTIM: '#6a1b9a', NAMED_CONTACT: '#00796b', ADDRESS: '#8d6e63',
  PREMISES: '#2e7d32', ZONE: '#ef6c00', WITHHELD: '#eeeeee',
};
const SHAPES = {
  OFFENDER: 'ellipse', VICTIM: 'diamond', NAMED_CONTACT: 'triangle', ADDRESS: 'round-rectangle',
  PREMISES: 'hexagon', ZONE: 'octagon', WITHHELD: 'rectangle',
};
const SEVERITY_COLOURS = { CRITICAL: '#b71c1c', HIGH: '#e65100', MEDIUM: '#f9a825', LOW: '#1565c0' };

const cy = cytoscape({
  container: $('chart'),
  selectionType: 'additive',
  minZoom: 0.1,
  maxZoom: 3,
  style: [
    { selector: 'node', style: {
      label: 'data(display)', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4,
      'text-wrap': 'wrap', 'text-max-width': 150, 'text-background-color': '#fff',
      'text-background-opacity': 0.85, 'text-background-padding': 1, width: 34, height: 34,
      'background-color': (n) => COLOURS[n.data('kind')], shape: (n) => SHAPES[n.data('kind')],
      'border-width': 1, 'border-color': '#fff', 'min-zoomed-font-size': 6,
    } },
    { selector: 'node[kind = "OFFENDER"]', style: { width: 44, height: 44 } },
    { selector: 'node[kind = "ZONE"]', style: { 'background-opacity': 0.6 } },
    { selector: 'node[kind = "WITHHELD"], node.has-withheld', style: {
      'border-style': 'dashed', 'border-width': 3, 'border-color': '#616161' } },
    { selector: 'node[severity]', style: {
      'border-width': 7, 'border-style': 'solid',
      'border-color': (n) => SEVERITY_COLOURS[n.data('severity')] } },
    { selector: 'node.pinned', style: {
      'underlay-color': '#1e88e5', 'underlay-opacity': 0.25, 'underlay-padding': 8 } },
    { selector: 'node:selected', style: {
      'overlay-color': '#1e88e5', 'overlay-opacity': 0.3, 'overlay-padding': 6 } },
    { selector: 'edge', style: {
      width: 1.6, 'line-color': '#90a4ae', 'target-arrow-color': '#90a4ae',
      'target-arrow-shape': 'triangle', 'arrow-scale': 0.8, 'curve-style': 'bezier',
      label: 'data(label)', 'font-size': 9, color: '#455a64', 'text-rotation': 'autorotate',
      'text-background-color': '#fff', 'text-background-opacity': 0.85,
      'min-zoomed-font-size': 7, // edge labels appear as you zoom in on a large chart
    } },
    { selector: 'edge[type = "ASSOCIATES_WITH"]', style: {
      'line-style': 'dashed', 'line-color': '#5d4037', 'target-arrow-color': '#5d4037',
      color: '#5d4037', 'font-weight': 'bold' } },
    { selector: 'edge[type = "OFFENDED_AGAINST"]', style: {
      'line-color': '#6a1b9a', 'target-arrow-color': '#6a1b9a' } },
    { selector: 'edge[type = "ALERT"]', style: {
      'line-style': 'dotted', width: 2.5, 'line-color': '#c62828', 'target-arrow-color': '#c62828',
      color: '#c62828' } },
    { selector: 'edge.on-path', style: {
      width: 5, 'line-color': '#1e88e5', 'target-arrow-color': '#1e88e5' } },
    { selector: 'node.on-path', style: {
      'overlay-color': '#1e88e5', 'overlay-opacity': 0.2, 'overlay-padding': 8 } },
    { selector: '.off-date', style: { display: 'none' } },
    { selector: 'node.faded', style: { opacity: 0.3 } },
  ],
});


function display(data) {
  if (data.kind === 'WITHHELD') return `Withheld\n(${data.redactions[0].fieldClass})`;
  const name = data.name ?? 'Withheld';
  const lines = [data.severity ? `⚠ ${data.severity}  ${name}` : name];
  if (data.withheld) lines.push(`⊘ ${data.withheld} withheld`);
  return lines.join('\n');
}

function refresh(node) {
  node.data('display', display(node.data()));
  node.toggleClass('has-withheld', Boolean(node.data('withheld')));
}

function gradingText(grading) {
  return grading ? `${grading.source ?? '?'}/${grading.information ?? '?'}/${grading.handling ?? '?'}` : '';
}

function edgeLabel(edge) {
  switch (edge.type) {
    case 'RESIDES_AT': return edge.detail && edge.detail !== 'HOME' ? `lives at (${edge.detail})` : 'lives at';
    case 'LOCATED_AT': return 'protected address';
    case 'OFFENDED_AGAINST': return 'offended against';
    case 'HAS_CONTACT': return `contact${edge.detail ? `: ${edge.detail.toLowerCase()}` : ''}`;
    case 'HOUSEHOLD_MEMBER_OF': return 'household member';
    case 'ASSOCIATES_WITH': return `associates · ${gradingText(edge.grading)}`;
    default: return edge.detail ?? edge.type;
  }
}

// Add nodes ({id, kind, name, ...}) and edges ({source, target, type, ...}) not yet on the chart;
// new nodes start beside a neighbour already placed, so the layout moves little.
function addToChart(nodes, edges) {
  const added = [];
  for (const node of nodes) {
    const existing = cy.getElementById(node.id);
    if (existing.nonempty()) {
      if (node.name && !existing.data('name')) { existing.data('name', node.name); refresh(existing); }
      continue;
    }
    added.push(cy.add({ group: 'nodes', data: { ...node, display: '' } }));
  }
  for (const edge of edges) {
    const id = edge.id ?? `${edge.type}:${edge.source}->${edge.target}`;
    if (cy.getElementById(id).empty() && cy.getElementById(edge.source).nonempty()
        && cy.getElementById(edge.target).nonempty()) {
      cy.add({ group: 'edges', data: { ...edge, id, label: edge.label ?? edgeLabel(edge) } });
    }
  }
  for (const node of added) {
    refresh(node);
    const placed = node.neighborhood('node').filter((n) => !added.includes(n));
    const origin = placed.nonempty() ? placed.first().position() : { x: 0, y: 0 };
    node.position({ x: origin.x + (Math.random() - 0.5) * 120, y: origin.y + (Math.random() - 0.5) * 120 });
  }
  return added;
}

function fromNetwork(answer) {
  return {
    nodes: answer.nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.label })),
    edges: answer.edges,
  };
}

function layout(randomize = false) {
  if (cy.nodes().empty()) return;
  const pinned = cy.nodes('.pinned');
  cy.layout({
    name: 'fcose', quality: 'default', randomize, animate: false, fit: true, padding: 40,
    nodeDimensionsIncludeLabels: true, idealEdgeLength: 120, nodeRepulsion: 12000,
    packComponents: true, numIter: 2500,
    fixedNodeConstraint: pinned.nonempty()
      ? pinned.map((n) => ({ nodeId: n.id(), position: { ...n.position() } })) : undefined,
  }).run();
  if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); } // a handful of nodes stays life-size
}

window.explorer = { cy, layout }; // for the console, and the end-to-end tests' checks

async function place(nodes, edges) {
  const added = addToChart(nodes, edges);
  await markAlerts(added.filter((n) => n.data('kind') === 'OFFENDER').map((n) => n.id()));
  applyAsAt();
  layout(cy.nodes().length === added.length);
  renderChartList();
  return added;
}

// The highest severity among each offender's unresolved alerts, on its node.
async function markAlerts(ids) {
  if (!ids.length) return;
  const alerts = await alertsOf(ids);
  for (const [id, list] of alerts) {
    const open = list.filter((a) => a.status !== 'RESOLVED');
    const top = open.reduce((best, a) => (
      !best || SEVERITY_RANK[a.severity] > SEVERITY_RANK[best] ? a.severity : best), null);
    const node = cy.getElementById(id);
    if (top) node.data({ severity: top, openAlerts: open.length });
    else node.removeData('severity openAlerts');
    refresh(node);
  }
}

function personNodes(selection) {
  return selection.filter((n) => PERSON_KINDS.has(n.data('kind')));
}

// ---- Actions -------------------------------------------------------------------------------

async function addPerson(hit) {
  const { person, kind } = hit;
  const withheld = person.redactions.length;
  await place([{ id: person.id, kind, name: person.name, dateOfBirth: person.dateOfBirth,
    withheld: withheld || undefined, redactions: person.redactions }], []);
  cy.nodes().unselect();
  cy.getElementById(person.id).select();
  status(`${person.name ?? 'A person (name withheld)'} placed on the chart.`);
}

async function expand() {
  const chosen = cy.nodes(':selected').filter((n) => PERSON_KINDS.has(n.data('kind')) || n.data('kind') === 'ADDRESS');
  if (chosen.empty()) { status('Select a person or an address to expand (zones and premises have no links to follow here).', true); return; }
  let truncated = false;
  const before = cy.nodes().length;
  for (const node of chosen) {
    if (node.data('kind') === 'ADDRESS') { truncated ||= await expandAddress(node); continue; }
    const data = await gql(Q.network, { id: node.id(), depth: 1, limit: 200, asAt: asAt() });
    expanded.add(node.id());
    truncated ||= data.network.truncated;
    const { nodes, edges } = fromNetwork(data.network);
    await place(nodes, edges);
    if (node.data('kind') === 'OFFENDER') await placeCaseDetails(node.id());
  }
  const added = cy.nodes().length - before;
  status(`Expanded ${chosen.length}: ${added} added.${truncated ? ' More links lie beyond the limit; the nearest are shown.' : ''}`);
}

// Who else lives at an address: the network only starts from a person, so walk two links from
// someone on the chart who lives there and keep the address's own links.
async function expandAddress(address) {
  const resident = address.connectedEdges().connectedNodes().filter((n) => PERSON_KINDS.has(n.data('kind'))).first();
  if (resident.empty()) throw new Error('Expand someone who lives at this address first.');
  const answer = (await gql(Q.network, { id: resident.id(), depth: 2, limit: 1000, asAt: asAt() })).network;
  const links = answer.edges.filter((e) => e.source === address.id() || e.target === address.id());
  const linked = new Set(links.flatMap((e) => [e.source, e.target]));
  await place(answer.nodes.filter((n) => linked.has(n.id)).map((n) => ({ id: n.id, kind: n.kind, name: n.label })), links);
  return answer.truncated;
}

async function loadOffender(id) {
  const data = await gql(Q.offender, { id });
  if (data.offender) offenderDetails.set(id, data.offender);
  return data.offender;
}

// Zones of the offender's conditions, and the counterparts of unresolved alerts: a zone or
// premises as a node; a counterpart withheld from the caller as a node marked withheld.
async function placeCaseDetails(id) {
  const offender = await loadOffender(id);
  if (!offender) return;
  const node = cy.getElementById(id);
  node.data({ withheld: offender.redactions.length || undefined, redactions: offender.redactions });
  refresh(node);
  const nodes = [];
  const edges = [];
  for (const condition of offender.conditions ?? []) {
    for (const zone of condition.zones) {
      nodes.push({ id: zone.id, kind: 'ZONE', name: `${zone.kind.toLowerCase()} zone (${zone.shape.toLowerCase()})`, zone });
      edges.push({ id: `CONDITION:${id}->${zone.id}`, source: id, target: zone.id, type: 'CONDITION',
        label: condition.kind.toLowerCase().replaceAll('_', ' '), since: zone.validFrom ?? condition.validFrom,
        until: zone.validTo ?? condition.validTo });
    }
  }
  for (const { node: alert } of offender.alerts.edges) {
    if (alert.status === 'RESOLVED') continue;
    const counterpart = alert.counterpart;
    const withheld = alert.redactions.find((r) => r.field === 'counterpart');
    let target = null;
    if (counterpart?.__typename === 'Zone') {
      nodes.push({ id: counterpart.id, kind: 'ZONE', name: `${counterpart.kind.toLowerCase()} zone (${counterpart.shape.toLowerCase()})` });
      target = counterpart.id;
    } else if (counterpart?.__typename === 'Premises') {
      nodes.push({ id: counterpart.id, kind: 'PREMISES', name: `${counterpart.premisesName} (${counterpart.premisesKind.toLowerCase()})` });
      target = counterpart.id;
    } else if (counterpart?.__typename === 'PersonSummary') {
      target = cy.getElementById(counterpart.id).nonempty() ? counterpart.id : null;
    } else if (withheld) {
      target = `withheld:${alert.id}`;
      nodes.push({ id: target, kind: 'WITHHELD', name: null, redactions: [withheld], withheld: 1,
        alertRule: alert.rule });
    }
    if (target) {
      // Both offenders of an association carry the alert: one link for the pair.
      const pair = [id, target].sort().join('|');
      edges.push({ id: `ALERT:${alert.rule}:${pair}`, source: id, target, type: 'ALERT', label: `⚠ ${alert.rule}`,
        detail: alert.summary, severity: alert.severity });
    }
  }
  await place(nodes, edges);
}

async function shortestPath() {
  const chosen = personNodes(cy.nodes(':selected'));
  if (chosen.length !== 2) { status('Select exactly two people to find the shortest path between them.', true); return; }
  const [from, to] = chosen.map((n) => n.id());
  const data = await gql(Q.path, { from, to, maxDepth: MAX_PATH_DEPTH, asAt: asAt() });
  cy.elements().removeClass('on-path');
  if (!data.shortestPath) {
    status(`No chain of links you may see joins them within ${MAX_PATH_DEPTH} steps.`);
    return;
  }
  const { nodes, edges } = fromNetwork(data.shortestPath);
  await place(nodes, edges);
  for (const node of nodes) cy.getElementById(node.id).addClass('on-path');
  for (const edge of edges) cy.getElementById(`${edge.type}:${edge.source}->${edge.target}`).addClass('on-path');
  status(`Shortest path: ${data.shortestPath.length} link${data.shortestPath.length === 1 ? '' : 's'} (highlighted).`);
}

async function commonAssociates() {
  const chosen = personNodes(cy.nodes(':selected'));
  if (chosen.length < 2 || chosen.length > 10) { status('Select between two and ten people to find their common associates.', true); return; }
  const ids = chosen.map((n) => n.id());
  const data = await gql(Q.common, { ids, asAt: asAt() });
  const common = new Set(data.commonAssociates.map((p) => p.id));
  if (!common.size) { status('They have no associate in common that you may see.'); return; }
  // Each chosen person's direct links name the associates' kinds and the links to draw.
  const keep = new Set([...ids, ...common]);
  for (const id of ids) {
    const answer = (await gql(Q.network, { id, depth: 1, limit: 1000, asAt: asAt() })).network;
    await place(answer.nodes.filter((n) => keep.has(n.id)).map((n) => ({ id: n.id, kind: n.kind, name: n.label })),
      answer.edges.filter((e) => keep.has(e.source) && keep.has(e.target)));
  }
  cy.elements().removeClass('on-path');
  for (const id of common) cy.getElementById(id).addClass('on-path');
  const names = data.commonAssociates.map((p) => p.name ?? 'withheld name').join(', ');
  status(`Common associates (highlighted): ${names}.`);
}

function togglePin() {
  const chosen = cy.nodes(':selected');
  if (chosen.empty()) { status('Select the nodes to pin or unpin.', true); return; }
  for (const node of chosen) {
    if (node.hasClass('pinned')) { node.removeClass('pinned'); node.unlock(); }
    else { node.addClass('pinned'); node.lock(); }
  }
  status(`${chosen.filter('.pinned').length} pinned, ${chosen.filter(':unlocked').length} free.`);
  renderChartList();
}

function removeSelected() {
  const chosen = cy.elements(':selected');
  if (chosen.empty()) { status('Select what to remove.', true); return; }
  chosen.remove();
  renderChartList();
  renderPanel(null);
  status(`Removed ${chosen.length}.`);
}

function exportPng() {
  if (cy.nodes().empty()) { status('The chart is empty.', true); return; }
  const link = el('a', {
    href: cy.png({ full: true, scale: 2, bg: '#ffffff' }),
    download: `mappa-link-chart-${new Date().toISOString().slice(0, 10)}.png`,
  });
  document.body.append(link);
  link.click();
  link.remove();
  status('Chart exported as PNG.');
}

// "As at": the API follows the links that stood on the date (asAt, default today), so the
// people expanded so far are fetched again for it; links on the chart from another date (not yet
// begun then, or ended by then) are hidden, and nodes left without a link shown are faded.
const expanded = new Set(); // people whose neighbourhood was fetched

function asAt() { return $('as-at').value || null; }

function applyAsAt() {
  const day = asAt() ?? new Date().toISOString().slice(0, 10); // today, as the API's UTC clock
  cy.batch(() => {
    cy.edges().forEach((edge) => {
      const { since, until } = edge.data();
      edge.toggleClass('off-date', (since && since > day) || (until && until <= day));
    });
    cy.nodes().forEach((node) => {
      const links = node.connectedEdges();
      node.toggleClass('faded', links.nonempty() && links.not('.off-date').empty());
    });
  });
}

async function changeAsAt() {
  for (const id of expanded) if (cy.getElementById(id).empty()) expanded.delete(id);
  // Every neighbourhood at once, then placed together: one alert lookup and one layout.
  const found = (await Promise.all([...expanded].map((id) => gql(Q.network, { id, depth: 1, limit: 200, asAt: asAt() }))))
    .map((data) => fromNetwork(data.network));
  if (found.length) await place(found.flatMap((f) => f.nodes), found.flatMap((f) => f.edges));
  else applyAsAt();
  status(asAt() ? `Showing links as at ${asAt()}.` : 'Showing links as at today.');
}

// ---- Lists and the side panel --------------------------------------------------------------

function renderResults(hits) {
  const list = $('results');
  list.replaceChildren(...hits.map((hit) => el('li', { 'data-id': hit.person.id },
    el('button', { type: 'button', onclick: () => guarded(() => addPerson(hit)) }, 'Add'),
    el('span', {}, hit.person.name ?? withheldMark(hit.person.redactions.find((r) => r.field === 'name') ?? { field: 'name', fieldClass: 'IDENTITY', reason: '' })),
    el('span', { class: 'kind' }, KIND_NAMES[hit.kind]),
    hit.person.dateOfBirth ? el('span', { class: 'kind' }, hit.person.dateOfBirth) : null,
  )));
  if (!hits.length) list.replaceChildren(el('li', { class: 'hint' }, 'Nobody you may see matches.'));
}

function renderChartList() {
  $('count').textContent = cy.nodes().length;
  const items = cy.nodes().sort((a, b) => (a.data('name') ?? '').localeCompare(b.data('name') ?? ''));
  $('chart-list').replaceChildren(...items.map((node) => {
    const box = el('input', { type: 'checkbox', 'aria-label': `select ${node.data('name') ?? 'withheld'}` });
    box.checked = node.selected();
    box.addEventListener('change', () => (box.checked ? node.select() : node.unselect()));
    const d = node.data();
    return el('li', { 'data-id': node.id(), 'data-kind': d.kind, 'data-severity': d.severity ?? '' },
      box,
      el('span', {}, d.name ?? el('span', { class: 'withheld' }, d.kind === 'WITHHELD' ? `withheld · ${d.redactions[0].fieldClass}` : 'withheld')),
      el('span', { class: 'kind' }, KIND_NAMES[d.kind]),
      d.severity ? el('span', { class: `sev sev-${d.severity}`, title: `${d.openAlerts} open alert(s)` }, d.severity) : null,
      d.withheld && d.kind !== 'WITHHELD' ? el('span', { class: 'withheld', title: 'fields withheld from you' }, `${d.withheld} withheld`) : null,
      node.hasClass('pinned') ? el('span', { class: 'kind' }, 'pinned') : null);
  }));
}

function field(label, value, redactions, name) {
  const redaction = redactions.find((r) => r.field === name);
  let shown = value;
  if (redaction) shown = withheldMark(redaction);
  else if (value === null || value === undefined || value === '') shown = '—';
  return [el('dt', {}, label), el('dd', {}, shown)];
}

function list(title, items, redactions, name, render) {
  const redaction = redactions.find((r) => r.field === name);
  const body = redaction ? el('p', {}, withheldMark(redaction))
    : items?.length ? el('ul', {}, items.map((item) => el('li', {}, render(item))))
      : el('p', { class: 'hint' }, 'None recorded.');
  return [el('h3', {}, title), body];
}

function alertItem(alert) {
  const counterpart = alert.counterpart;
  const withheld = alert.redactions.find((r) => r.field === 'counterpart');
  const about = counterpart ? (counterpart.name ?? counterpart.premisesName ?? `${counterpart.kind.toLowerCase()} zone`)
    : withheld ? withheldMark(withheld) : null;
  return el('div', { class: 'alert', style: `border-left-color: ${SEVERITY_COLOURS[alert.severity]}` },
    el('div', {}, el('span', { class: `sev sev-${alert.severity}` }, alert.severity), ' ', alert.rule, ' · ', alert.status),
    el('div', {}, alert.summary),
    about ? el('div', { class: 'kind' }, 'about: ', about) : null,
    alert.distanceMetres !== null && alert.distanceMetres !== undefined ? el('div', { class: 'kind' }, `${Math.round(alert.distanceMetres)} m`) : null,
    el('div', { class: 'kind' }, `raised ${alert.raisedAt.slice(0, 10)}`));
}

function renderOffender(o) {
  const r = o.redactions;
  const open = o.alerts.edges.map((e) => e.node);
  return [
    el('h2', {}, o.name ?? withheldMark(r.find((x) => x.field === 'name'))),
    el('p', { class: 'kind' }, `Offender · ${o.id}`),
    el('dl', {},
      field('Date of birth', o.dateOfBirth, r, 'dateOfBirth'),
      field('Aliases', o.aliases?.join(', '), r, 'aliases'),
      field('PNC', o.pnc, r, 'pnc'),
      field('Category', o.category, r, 'category'),
      field('Level', o.level, r, 'level'),
      field('Lead agency', o.leadAgency?.name, r, 'leadAgency'),
      field('Registered sex offender', o.registeredSexOffender === null ? null : (o.registeredSexOffender ? 'yes' : 'no'), r, 'registeredSexOffender'),
      field('Review date', o.reviewDate, r, 'reviewDate'),
      field('Index offence', o.indexOffence, r, 'indexOffence'),
      field('Current address', o.currentAddress && `${o.currentAddress.line1}, ${o.currentAddress.town} ${o.currentAddress.postcode}`, r, 'currentAddress'),
      field('Risk of serious harm', o.riskOfSeriousHarm && `${o.riskOfSeriousHarm.overall} (assessed ${o.riskOfSeriousHarm.assessedOn})`, r, 'riskOfSeriousHarm')),
    el('h3', {}, `Alerts (${open.length})`),
    ...(open.length ? open.map(alertItem) : [el('p', { class: 'hint' }, 'No alerts you may see.')]),
    ...list('Licence conditions', o.conditions, r, 'conditions', (c) => `${c.kind}: ${c.text}${c.validTo ? ` (to ${c.validTo})` : ''}`),
    ...list('Victims', o.victims, r, 'victims', (v) => v.name ?? 'name withheld'),
    ...list('Contacts', o.contacts, r, 'contacts', (c) => `${c.person.name ?? 'name withheld'} (${c.relationship.toLowerCase()}${c.householdMember ? ', household' : ''})`),
    ...list('Associations', o.associations, r, 'associations', (a) => `${a.person.name ?? 'name withheld'} · graded ${gradingText(a)}`),
    el('h3', {}, `Withheld from you (${r.length})`),
    r.length ? el('ul', {}, r.map((x) => el('li', {}, withheldMark(x), ` ${x.field}: ${x.reason}`)))
      : el('p', { class: 'hint' }, 'Nothing on this record is withheld from you.'),
  ];
}

function renderOther(node) {
  const d = node.data();
  const r = d.redactions ?? [];
  const parts = [
    el('h2', {}, d.name ?? el('span', { class: 'withheld' }, 'Withheld')),
    el('p', { class: 'kind' }, `${KIND_NAMES[d.kind]}${d.kind === 'WITHHELD' ? '' : ` · ${d.id}`}`),
  ];
  if (d.kind === 'WITHHELD') {
    parts.push(el('p', {}, `The counterpart of a ${d.alertRule} alert on this case is withheld from you.`));
  }
  if (d.dateOfBirth) parts.push(el('dl', {}, field('Date of birth', d.dateOfBirth, r, 'dateOfBirth')));
  if (r.length) parts.push(el('h3', {}, 'Withheld from you'), el('ul', {}, r.map((x) => el('li', {}, withheldMark(x), ` ${x.field}: ${x.reason}`))));
  const links = node.connectedEdges();
  parts.push(el('h3', {}, `Links on the chart (${links.length})`), el('ul', {}, links.map((e) => {
    const other = e.source().id() === node.id() ? e.target() : e.source();
    return el('li', {}, `${e.data('label')} — ${other.data('name') ?? 'withheld'}`);
  })));
  return parts;
}

function renderEdge(edge) {
  const d = edge.data();
  return [
    el('h2', {}, d.label),
    el('p', { class: 'kind' }, `${edge.source().data('name') ?? 'withheld'} → ${edge.target().data('name') ?? 'withheld'}`),
    el('dl', {},
      [el('dt', {}, 'Type'), el('dd', {}, d.type)],
      d.grading ? [el('dt', {}, 'Grading'), el('dd', {}, `source ${d.grading.source}, information ${d.grading.information}, handling ${d.grading.handling}`)] : [],
      [el('dt', {}, 'Since'), el('dd', {}, d.since ?? '—')],
      [el('dt', {}, 'Until'), el('dd', {}, d.until ?? 'current')],
      d.type === 'ALERT' ? [el('dt', {}, 'Summary'), el('dd', {}, d.detail)] : []),
  ];
}

let panelFor = null; // the element the panel shows (or is loading)

async function renderPanel(element) {
  const panel = $('panel');
  panelFor = element?.id() ?? null;
  if (!element) { panel.replaceChildren(el('p', { class: 'hint' }, 'Select a node or link to see its details.')); return; }
  if (element.isEdge()) { panel.replaceChildren(...renderEdge(element)); return; }
  if (element.data('kind') !== 'OFFENDER') { panel.replaceChildren(...renderOther(element)); return; }
  panel.replaceChildren(el('p', { class: 'hint' }, 'Loading…'));
  const offender = offenderDetails.get(element.id()) ?? await loadOffender(element.id());
  if (panelFor !== element.id()) return; // another selection since
  panel.replaceChildren(...(offender ? renderOffender(offender) : [el('p', {}, 'This record is not available to you.')]));
}

cy.on('select unselect', 'node', () => renderChartList());
cy.on('select', (event) => guarded(() => renderPanel(event.target)));
cy.on('unselect', () => { if (cy.$(':selected').empty()) renderPanel(null); });

// ---- Wiring --------------------------------------------------------------------------------

startSession({
  signedIn: () => { cy.resize(); $('search').focus(); },
  signedOut: () => {
    offenderDetails.clear();
    cy.elements().remove();
    $('results').replaceChildren();
    renderChartList();
    renderPanel(null);
  },
});
$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('search').value.trim();
  if (!text) { status('Type part of a name to search.', true); return; }
  guarded(async () => {
    const data = await gql(Q.search, { text });
    renderResults(data.searchPeople);
    status(`${data.searchPeople.length} found for “${text}”.`);
  });
});
$('expand').addEventListener('click', () => guarded(expand));
$('path').addEventListener('click', () => guarded(shortestPath));
$('common').addEventListener('click', () => guarded(commonAssociates));
$('pin').addEventListener('click', togglePin);
$('remove').addEventListener('click', removeSelected);
$('layout').addEventListener('click', () => layout(true));
$('export').addEventListener('click', exportPng);
$('clear').addEventListener('click', () => { cy.elements().remove(); expanded.clear(); renderChartList(); renderPanel(null); status('Chart cleared.'); });
$('as-at').addEventListener('change', () => guarded(changeAsAt));

