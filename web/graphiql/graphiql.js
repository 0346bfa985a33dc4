// GraphiQL in development, opened as a demo persona: the server gives this page (in the JSON
// element #mappa-graphiql) the persona's headers, a development token and a purpose of use, and a
// tab per example operation of its role (app/api/http/graphiql.py). A picker above GraphiQL opens
// the page as another persona. Nothing is kept in the browser's storage: the tabs and the token
// live as long as the page.
'use strict';

(function () {
  const session = JSON.parse(document.getElementById('mappa-graphiql').textContent);
  const url = window.location.origin + window.location.pathname;
  const subscriptionUrl = url.replace(/^http/, 'ws');

  // A WebSocket carries no headers: graphql-transport-ws takes the token and purpose in its
  // connection_init payload, under these names (README, "For partner systems").
  function connectionInit(headers) {
    const named = {};
    for (const [name, value] of Object.entries(headers || {})) {
      named[name.toLowerCase()] = value;
    }
    return {
      authorization: named['authorization'],
      purpose: named['x-purpose-of-use'],
      justification: named['x-justification'],
    };
  }

  // The headers editor's headers go with every request over HTTP, and into connection_init for a
  // subscription.
  function fetcher(params, options) {
    const send = GraphiQL.createFetcher({
      url,
      subscriptionUrl,
      wsConnectionParams: connectionInit(options && options.headers),
    });
    return send(params, options);
  }

  const kept = new Map();
  const pageMemory = {
    getItem: (key) => (kept.has(key) ? kept.get(key) : null),
    setItem: (key, value) => kept.set(key, String(value)),
    removeItem: (key) => kept.delete(key),
    clear: () => kept.clear(),
    get length() { return kept.size; },
  };

  function personaPicker() {
    const bar = document.createElement('header');
    bar.id = 'persona-bar';
    bar.style.cssText = 'height: 2.5rem; display: flex; align-items: center; gap: 0.5rem; ' +
      'padding: 0 1rem; font: 14px sans-serif; border-bottom: 1px solid #ccc';
    const label = document.createElement('label');
    label.textContent = 'Demo persona (development only): ';
    const picker = document.createElement('select');
    picker.id = 'persona';
    for (const persona of session.personas) {
      const option = new Option(
        `${persona.name}, ${persona.role} (${persona.agencyId}): ${persona.description}`,
        persona.userId, false, persona.userId === session.persona);
      picker.add(option);
    }
    picker.addEventListener('change', () => {
      window.location.search = '?persona=' + encodeURIComponent(picker.value);
    });
    label.append(picker);
    bar.append(label);
    return bar;
  }

  const container = document.getElementById('graphiql');
  document.body.prepend(personaPicker());
  container.style.height = 'calc(100vh - 2.5rem)';

  ReactDOM.createRoot(container).render(React.createElement(GraphiQL, {
    fetcher,
    storage: pageMemory,
    defaultTabs: session.tabs,
    defaultHeaders: session.headers,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    inputValueDeprecation: true,
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
  }));
})();
