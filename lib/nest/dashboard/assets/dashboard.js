'use strict';

// The ZooKeeper dashboard's page: plain browser JavaScript, no build step. Everything the server sends is user data
// (paths, identifiers, errors), so the DOM is built with createElement and textContent, never with HTML strings.
(() => {
  const POLL_MS = 5000;
  const STREAM_GRACE_MS = 10000;
  const STREAM_RETRY_MS = 30000;
  const STATUS_MS = 8000;
  const ERROR_STATUS_MS = 20000;

  const baseMeta = document.querySelector('meta[name="zookeeper-dashboard-base"]');
  const baseUrl = new URL(baseMeta ? baseMeta.content : './', location.href);
  const apiUrl = (path) => new URL(`api/${path}`, baseUrl);

  // ---------------------------------------------------------------------------------------------------------------
  // DOM helpers

  /** Appends children (nodes, or strings as text nodes), skipping undefined, null and false. */
  function append(parent, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      parent.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
    }
    return parent;
  }

  /** `el('li', { class, data, text, title, onclick, ... }, ...children)`: an element, its text set as text. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') {
        node.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      } else if (key === 'data') {
        for (const [name, item] of Object.entries(value)) if (item !== undefined) node.dataset[name] = String(item);
      } else if (key === 'text') {
        node.textContent = String(value);
      } else if (key === 'onclick') {
        node.addEventListener('click', value);
      } else {
        node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    return append(node, children);
  }

  /** Makes `parent`'s element children exactly `nodes`, moving only what moved (focus stays on kept nodes). */
  function syncChildren(parent, nodes) {
    nodes.forEach((node, index) => {
      const current = parent.children[index];
      if (current !== node) parent.insertBefore(node, current || null);
    });
    while (parent.children.length > nodes.length) parent.lastElementChild.remove();
  }

  /** `parent.replaceChildren`, skipping undefined, null and false (which it would write as text). */
  function replace(parent, ...children) {
    parent.replaceChildren();
    return append(parent, children);
  }

  function setText(id, text) {
    const node = document.getElementById(id);
    if (node) node.textContent = text;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Time

  const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  const clockFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

  function parseTime(iso) {
    const time = typeof iso === 'string' ? Date.parse(iso) : NaN;
    return Number.isNaN(time) ? undefined : time;
  }

  function formatDuration(ms) {
    const seconds = Math.floor(Math.abs(ms) / 1000);
    if (seconds < 60) return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
    const days = Math.floor(hours / 24);
    return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
  }

  /** "12 s ago"; with `future`, "in 12 s" for a time ahead. A past time a little ahead (clock skew) is "just now". */
  function relativeText(iso, mode) {
    const time = parseTime(iso);
    if (time === undefined) return String(iso ?? '');
    const diff = Date.now() - time;
    if (mode === 'future' && diff < 0) return `in ${formatDuration(diff)}`;
    if (diff < 1000) return 'just now';
    return `${formatDuration(diff)} ago`;
  }

  function absoluteText(iso) {
    const time = parseTime(iso);
    return time === undefined ? String(iso ?? '') : dateTimeFormat.format(time);
  }

  /** A `<time>` showing a relative age, refreshed every second, with the absolute time in its title. */
  function timeEl(iso, className, mode) {
    return el('time', {
      class: className,
      datetime: iso,
      title: absoluteText(iso),
      data: { relative: mode || 'past' },
      text: relativeText(iso, mode),
    });
  }

  function tickTimes() {
    for (const node of document.querySelectorAll('time[data-relative]')) {
      const text = relativeText(node.getAttribute('datetime'), node.dataset.relative);
      if (node.textContent !== text) node.textContent = text;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // HTTP

  async function readBody(response) {
    const text = await response.text();
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  /** The message of a Nest error (`{ statusCode, message: string | string[], error }`), or the HTTP status. */
  function errorMessage(response, body) {
    if (body && typeof body === 'object') {
      if (Array.isArray(body.message) && body.message.length) return body.message.join('; ');
      if (typeof body.message === 'string' && body.message) return body.message;
      if (typeof body.error === 'string' && body.error) return body.error;
    }
    return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
    const body = await readBody(response);
    if (!response.ok) throw new Error(errorMessage(response, body));
    if (!body || typeof body !== 'object') throw new Error('The server did not answer with JSON.');
    return body;
  }

  async function postAction(action, payload) {
    const response = await fetch(apiUrl(`actions/${action}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-zookeeper-dashboard': '1' },
      body: JSON.stringify(payload),
      cache: 'no-store',
      credentials: 'same-origin',
    });
    const body = await readBody(response);
    if (!response.ok) throw new Error(errorMessage(response, body));
    return body && typeof body.message === 'string' ? body.message : 'Done.';
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The status line (#action-status)

  let statusTimer;
  const statusBox = document.getElementById('action-status');
  statusBox.addEventListener('click', () => statusBox.classList.remove('visible'));

  function showStatus(kind, text) {
    clearTimeout(statusTimer);
    statusBox.dataset.kind = kind;
    statusBox.textContent = text;
    statusBox.classList.add('visible');
    if (kind !== 'pending') {
      statusTimer = setTimeout(
        () => statusBox.classList.remove('visible'),
        kind === 'error' ? ERROR_STATUS_MS : STATUS_MS,
      );
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Snapshots: the stream, the polling fallback

  let snapshot;
  let hasRendered = false;

  function acceptSnapshot(next) {
    if (!next || typeof next !== 'object' || !next.instance) return;
    const nextTime = parseTime(next.generatedAt);
    const currentTime = snapshot && parseTime(snapshot.generatedAt);
    if (nextTime !== undefined && currentTime !== undefined && nextTime < currentTime) return; // an older answer
    snapshot = next;
    document.getElementById('load-error').hidden = true;
    render(next);
  }

  async function refreshSnapshot() {
    try {
      acceptSnapshot(await getJson(apiUrl('snapshot')));
      return true;
    } catch (error) {
      if (!snapshot) {
        const banner = document.getElementById('load-error');
        banner.textContent = `Could not load the dashboard: ${error.message}`;
        banner.hidden = false;
      }
      return false;
    }
  }

  const liveNode = document.getElementById('live');
  const stream = { source: undefined, graceTimer: undefined, pollTimer: undefined, retryTimer: undefined };
  let polling = false;

  function setLive(state, text, title) {
    liveNode.dataset.state = state;
    liveNode.textContent = text;
    liveNode.title = title || '';
  }

  function armGrace() {
    if (stream.graceTimer === undefined) stream.graceTimer = setTimeout(fallBackToPolling, STREAM_GRACE_MS);
  }

  function disarmGrace() {
    clearTimeout(stream.graceTimer);
    stream.graceTimer = undefined;
  }

  function openStream() {
    const source = new EventSource(apiUrl('events'));
    stream.source = source;
    armGrace();
    source.addEventListener('open', () => {
      if (stream.source !== source) return;
      disarmGrace();
      stopPolling();
      setLive('live', 'live', 'Receiving changes as they happen');
    });
    source.addEventListener('message', (event) => {
      if (stream.source !== source) return;
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      acceptSnapshot(data);
    });
    source.addEventListener('error', () => {
      if (stream.source !== source) return;
      if (polling) {
        // A try to get back to the stream while polling: drop it quietly, the next try comes later.
        source.close();
        stream.source = undefined;
        disarmGrace();
        return;
      }
      setLive('reconnecting', 'reconnecting…', 'The event stream broke; the browser reconnects by itself');
      if (source.readyState === EventSource.CLOSED) fallBackToPolling();
      else armGrace();
    });
  }

  function fallBackToPolling() {
    disarmGrace();
    if (stream.source) {
      stream.source.close();
      stream.source = undefined;
    }
    if (polling) return;
    polling = true;
    setLive('polling', 'polling', `No event stream: asking every ${POLL_MS / 1000} s`);
    poll();
    if (typeof EventSource === 'function') {
      stream.retryTimer = setInterval(() => {
        if (!stream.source) openStream();
      }, STREAM_RETRY_MS);
    }
  }

  function stopPolling() {
    polling = false;
    clearTimeout(stream.pollTimer);
    clearInterval(stream.retryTimer);
    stream.retryTimer = undefined;
  }

  async function poll() {
    clearTimeout(stream.pollTimer);
    const ok = await refreshSnapshot();
    if (!polling) return;
    if (ok) setLive('polling', 'polling', `No event stream: asking every ${POLL_MS / 1000} s`);
    else setLive('offline', 'offline', 'The dashboard does not answer; trying again');
    stream.pollTimer = setTimeout(poll, POLL_MS);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Rendering a snapshot

  const SOURCE_LABELS = { decorator: 'from a decorator', options: 'from options', held: 'held by this app' };

  const SECTIONS = [
    { key: 'elections', kind: 'election', body: renderElection },
    { key: 'locks', kind: 'lock', body: renderLock },
    { key: 'semaphores', kind: 'semaphore', body: renderSemaphore },
    { key: 'leases', kind: 'lease', body: renderLease },
    { key: 'parties', kind: 'party', body: renderParty },
    { key: 'partitioners', kind: 'partitioner', body: renderPartitioner },
  ];

  /** Per article (`kind|path`): the keys of the items it showed, so that newcomers can be highlighted. */
  const shownItems = new Map();
  /** Per article element: the JSON of what it shows, to keep it (focus, selection) when nothing changed. */
  const signatures = new WeakMap();
  /** Actions under way, as `action|path|node`. */
  const pendingActions = new Set();

  function isOurs(snap, session) {
    const ours = snap.instance && snap.instance.sessionId;
    return Boolean(ours) && typeof session === 'string' && session.toLowerCase() === ours.toLowerCase();
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many || `${one}s`}`;
  }

  function render(snap) {
    renderHeader(snap);
    for (const section of SECTIONS) renderSection(section, snap);
    renderInstance(snap);
    renderTreeSwitch(snap);
    hasRendered = true;
  }

  // The tree starts with the first snapshot that allows it; the `tree: false` option hides it.
  let treeStarted = false;
  function renderTreeSwitch(snap) {
    const enabled = snap.tree !== false;
    document.getElementById('tree').hidden = !enabled;
    document.querySelector('nav.jump a[href="#tree"]').hidden = !enabled;
    if (enabled && !treeStarted) {
      treeStarted = true;
      treeRoot.append(createTreeItem('/', '/'));
      selectPath('/');
    }
  }

  function renderHeader(snap) {
    const instance = snap.instance;
    const state = String(instance.state ?? 'UNKNOWN');
    setText('client', instance.client ?? '');
    const pill = document.getElementById('state');
    pill.textContent = state.replaceAll('_', ' ').toLowerCase();
    pill.dataset.state = state;
    pill.title = `Session state: ${state}`;

    const server = document.getElementById('server');
    replace(
      server,
      el('span', { class: 'mono', text: instance.server || 'not connected' }),
      instance.member &&
        el('span', {
          class: 'server-member',
          text: ` · member ${instance.member.id} (${instance.member.role})`,
        }),
    );
    setText('session', instance.sessionId || 'none');
    setText('timeout', formatTimeout(instance.negotiatedTimeoutMs));
    setText('inflight', `${instance.inFlight ?? 0} / ${instance.queued ?? 0}`);

    const updated = document.getElementById('updated');
    const time = parseTime(snap.generatedAt);
    replace(
      updated,
      'updated ',
      el('time', {
        datetime: snap.generatedAt,
        title: absoluteText(snap.generatedAt),
        text: time === undefined ? '—' : clockFormat.format(time),
      }),
    );
    document.title = `ZooKeeper · ${instance.client ?? ''} · ${state.toLowerCase()}`;
  }

  function formatTimeout(ms) {
    if (typeof ms !== 'number' || ms <= 0) return '—';
    return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
  }

  function renderSection(section, snap) {
    const root = document.getElementById(section.key);
    const entries = list(snap[section.key]);
    root.classList.remove('pending');
    root.classList.toggle('empty', entries.length === 0);
    root.querySelector('.count').textContent = entries.length ? String(entries.length) : '';
    for (const badge of document.querySelectorAll(`[data-count-for="${section.key}"]`)) {
      badge.textContent = entries.length ? String(entries.length) : '';
    }

    const cards = root.querySelector('.cards');
    const existing = new Map();
    for (const card of cards.children) existing.set(card.dataset.key, card);
    const seenKeys = new Set();
    const articles = entries.map((entry, index) => {
      let key = String(entry.path);
      if (seenKeys.has(key)) key = `${key}#${index}`;
      seenKeys.add(key);
      const pending = [...pendingActions].filter((action) => action.split('|')[1] === entry.path);
      const signature = JSON.stringify([entry, Boolean(snap.actions), snap.instance.sessionId ?? null, pending]);
      const old = existing.get(key);
      if (old && signatures.get(old) === signature) return old;
      const article = buildArticle(section, entry, snap, key);
      signatures.set(article, signature);
      return article;
    });
    syncChildren(cards, articles);
  }

  function buildArticle(section, entry, snap, key) {
    const memoryKey = `${section.kind}|${key}`;
    const ctx = {
      snap,
      kind: section.kind,
      path: entry.path,
      previous: hasRendered ? shownItems.get(memoryKey) : undefined,
      items: new Set(),
    };
    const article = el(
      'article',
      { class: 'coordination card', data: { kind: section.kind, path: entry.path, key } },
      el(
        'header',
        { class: 'card-head' },
        el('h3', { class: 'path', title: entry.path }, el('span', { text: entry.path })),
        el(
          'button',
          {
            type: 'button',
            class: 'link browse',
            title: 'Show this path in the tree below',
            onclick: () => revealPath(entry.path),
          },
          'browse',
        ),
      ),
      sourceTags(entry.sources),
    );
    if (entry.error) article.append(el('p', { class: 'error', text: entry.error }));
    if (entry.exists === false) {
      article.dataset.exists = 'false';
      article.append(el('p', { class: 'absent', text: 'no node yet (nobody has taken it)' }));
    } else {
      section.body(article, entry, ctx);
    }
    shownItems.set(memoryKey, ctx.items);
    return article;
  }

  function sourceTags(sources) {
    const tags = list(sources);
    if (!tags.length) return undefined;
    return el(
      'ul',
      { class: 'sources' },
      tags.map((source) => el('li', { class: ['source', `source-${source}`], text: SOURCE_LABELS[source] || source })),
    );
  }

  function statusChip(article, kind, text, title) {
    const head = article.querySelector('.card-head');
    head.insertBefore(el('span', { class: ['chip', `chip-${kind}`], text, title }), head.querySelector('.browse'));
  }

  /** Marks an item as shown, and whether it is new since the last render of its article. */
  function trackItem(ctx, key) {
    ctx.items.add(key);
    return ctx.previous !== undefined && !ctx.previous.has(key);
  }

  function group(title, count, content, emptyText) {
    return el(
      'div',
      { class: 'group' },
      el(
        'h4',
        { class: 'group-title' },
        title,
        count !== undefined && el('span', { class: 'group-count', text: String(count) }),
      ),
      content,
      emptyText && el('p', { class: 'none', text: emptyText }),
    );
  }

  /**
   * One node of a lock's, election's or semaphore's line: identifier, badges, age, session, and the actions that
   * apply to it.
   */
  function contenderItem(node, ctx, options) {
    const ours = isOurs(ctx.snap, node.session);
    const changed = trackItem(ctx, `${options.list}:${node.name}`);
    const badges = [];
    if (options.role) badges.push(el('span', { class: 'badge role', text: options.role }));
    if (node.flavor) {
      badges.push(
        el('span', {
          class: ['badge', 'flavor', `flavor-${node.flavor}`],
          text: node.flavor,
          title: node.flavor === 'curator' ? 'Curator naming (_c_…-lock-…)' : 'kazoo naming (…__lock__…)',
        }),
      );
    }
    if (options.modeLabel)
      badges.push(el('span', { class: ['badge', 'mode', `mode-${node.mode}`], text: options.modeLabel }));
    if (ours) badges.push(el('span', { class: 'badge ours', text: 'this instance' }));

    const identifier = String(node.identifier ?? '');
    const main = el(
      'div',
      { class: 'contender-main' },
      el('div', { class: 'who' }, identifierLabel(identifier, node.name), badges),
      el(
        'div',
        { class: 'meta' },
        options.token &&
          el('span', {
            class: 'token',
            title: 'The czxid of the node: a fencing token that grows with every new holder',
            text: `token ${node.czxid}`,
          }),
        node.createdAt && timeEl(node.createdAt, 'since'),
        el('span', { class: 'session', title: `session ${node.session}`, text: node.session }),
      ),
      options.waitsFor &&
        el('div', { class: 'waits' }, 'waits for ', el('span', { class: 'waits-for', text: options.waitsFor })),
    );

    const actions = el('div', { class: 'actions' }, options.actions || []);
    return el(
      'li',
      { class: ['contender', ours && 'ours', changed && 'changed'], data: { node: node.name } },
      options.position !== undefined &&
        el('span', { class: 'position', 'aria-hidden': 'true', text: String(options.position) }),
      options.crown && el('span', { class: 'crown', 'aria-hidden': 'true', text: '★' }),
      main,
      actions.childElementCount ? actions : undefined,
    );
  }

  function waitsForLabel(waiter, everyone) {
    if (!waiter.waitingFor) return undefined;
    const ahead = everyone.find((node) => node.name === waiter.waitingFor);
    return ahead && ahead.identifier ? ahead.identifier : waiter.waitingFor;
  }

  // --- Actions

  function actionButton(ctx, action, label, payload, extraClass, confirmText) {
    const key = `${action}|${ctx.path}|${payload.node ?? ''}`;
    const busy = pendingActions.has(key);
    return el(
      'button',
      {
        type: 'button',
        class: ['button', 'action', action, extraClass],
        data: { action },
        disabled: busy,
        onclick: () => {
          if (confirmText && !confirm(confirmText)) return;
          runAction(key, action, payload, label);
        },
      },
      busy ? `${label.replace(/…$/, '')}…` : label,
    );
  }

  async function runAction(key, action, payload, label) {
    if (pendingActions.has(key)) return;
    pendingActions.add(key);
    if (snapshot) render(snapshot);
    showStatus('pending', `${label.replace(/…$/, '')}: ${payload.node ? `${payload.node} in ` : ''}${payload.path}…`);
    try {
      showStatus('ok', await postAction(action, payload));
      refreshSnapshot();
    } catch (error) {
      showStatus('error', error.message);
    } finally {
      pendingActions.delete(key);
      if (snapshot) render(snapshot);
    }
  }

  function deleteWarning(kind, path, node, isHolder) {
    const who = node.identifier ? ` (${node.identifier}, session ${node.session})` : ` (session ${node.session})`;
    const lines = [`Delete ${node.name}${who} under ${path}?`, ''];
    if (isHolder) {
      const what = kind === 'election' ? 'leadership' : 'lock';
      lines.push(
        `This node holds the ${what}. Its process may not learn at once that it lost it (a kazoo holder does not ` +
          `watch its own node), and may go on working while the next in line takes over: two at once.`,
      );
    } else {
      lines.push("This removes another process's place in line; that process may wait for good.");
    }
    lines.push('', 'Only do this for a process that is dead or stuck. Continue?');
    return lines.join('\n');
  }

  function contenderActions(ctx, node, isHolder) {
    if (!ctx.snap.actions) return [];
    if (isOurs(ctx.snap, node.session)) {
      // This instance's own nodes: it gives them up itself (the server refuses to delete them for it).
      if (isHolder && ctx.kind === 'election') {
        return [actionButton(ctx, 'step-down', 'Step down', { path: ctx.path }, 'primary')];
      }
      if (isHolder && ctx.kind === 'lock') {
        return [actionButton(ctx, 'release', 'Release', { path: ctx.path, node: node.name }, 'primary')];
      }
      return [];
    }
    return [
      actionButton(
        ctx,
        'delete',
        'Delete node…',
        { path: ctx.path, node: node.name, confirm: node.name },
        'danger',
        deleteWarning(ctx.kind, ctx.path, node, isHolder),
      ),
    ];
  }

  /** What a node's owner wrote, with the node's name on hover; `(no data)` when it wrote nothing. */
  function identifierLabel(identifier, name) {
    return el('span', {
      class: ['identifier', !identifier && 'blank'],
      title: `${identifier || '(no data)'}\nnode ${name}`,
      text: identifier || '(no data)',
    });
  }

  // --- Each kind

  /** Those who hold (or lead), each drawn by `contenderItem`; `extra` adds a kind's own details. */
  function holdingLine(title, count, holders, ctx, emptyText, extra) {
    const items = holders.map((node) => contenderItem(node, ctx, { list: 'holders', ...extra(node) }));
    return group(title, count, el('ol', { class: 'holders' }, items), holders.length ? undefined : emptyText);
  }

  /**
   * The numbered line of those who wait, each saying whom it waits for; `extra` adds a kind's own details, and `more`
   * counts those behind the listed ones that the server did not read (its `maxWaiters` option).
   */
  function waitingLine(title, waiters, everyone, ctx, emptyText, extra, more) {
    const items = waiters.map((node, index) =>
      contenderItem(node, ctx, {
        list: 'waiters',
        position: index + 1,
        waitsFor: waitsForLabel(node, everyone),
        ...extra(node),
      }),
    );
    const hidden = Number(more) > 0 ? Number(more) : 0;
    if (hidden) items.push(el('li', { class: 'more-waiters', text: `… and ${hidden} more waiting` }));
    const count = waiters.length + hidden;
    return group(title, count, el('ol', { class: 'waiters' }, items), count ? undefined : emptyText);
  }

  function renderElection(article, entry, ctx) {
    const holders = list(entry.holders);
    const waiters = list(entry.waiters);
    const everyone = [...holders, ...waiters];
    if (holders.length) statusChip(article, 'ok', 'leader elected');
    else statusChip(article, 'warn', 'no leader');
    const modeLabel = (node) => (node.mode === 'latch' ? 'latch' : undefined);
    article.append(
      holdingLine('Leader', undefined, holders, ctx, 'Nobody leads right now.', (node) => ({
        crown: true,
        role: 'Leader',
        modeLabel: modeLabel(node),
        actions: contenderActions(ctx, node, true),
      })),
      waitingLine(
        'Candidates',
        waiters,
        everyone,
        ctx,
        'No other candidates.',
        (node) => ({ modeLabel: modeLabel(node), actions: contenderActions(ctx, node, false) }),
        entry.moreWaiters,
      ),
    );
  }

  function renderLock(article, entry, ctx) {
    const holders = list(entry.holders);
    const waiters = list(entry.waiters);
    const everyone = [...holders, ...waiters];
    const hasReaders = everyone.some((node) => node.mode === 'read');
    const modeLabel = (node) => {
      if (node.mode === 'read') return 'read';
      if (node.mode === 'exclusive') return hasReaders ? 'write' : undefined;
      return node.mode;
    };
    if (!holders.length) statusChip(article, 'ok', 'free');
    else if (holders.length > 1) statusChip(article, 'held', `${holders.length} readers`);
    else statusChip(article, 'held', 'held');
    article.append(
      holdingLine(
        holders.length > 1 ? 'Holders' : 'Holder',
        holders.length > 1 ? holders.length : undefined,
        holders,
        ctx,
        'Free: nobody holds it.',
        (node) => ({ token: true, modeLabel: modeLabel(node), actions: contenderActions(ctx, node, true) }),
      ),
      waitingLine(
        'Waiting',
        waiters,
        everyone,
        ctx,
        'Nobody waits.',
        (node) => ({ token: true, modeLabel: modeLabel(node), actions: contenderActions(ctx, node, false) }),
        entry.moreWaiters,
      ),
    );
  }

  function renderSemaphore(article, entry, ctx) {
    const holders = list(entry.holders);
    const waiters = list(entry.waiters);
    const max = typeof entry.maxLeases === 'number' ? entry.maxLeases : undefined;
    if (max !== undefined) statusChip(article, holders.length >= max ? 'held' : 'ok', `${holders.length} / ${max}`);
    else statusChip(article, 'neutral', `${holders.length} held`);

    const summary = el(
      'div',
      { class: 'lease-summary' },
      el(
        'p',
        { class: 'lease-count' },
        el('strong', { text: String(holders.length) }),
        max !== undefined ? ` / ${max} leases` : ` ${holders.length === 1 ? 'lease' : 'leases'} (limit unknown)`,
      ),
    );
    if (max !== undefined && max > 0 && max <= 32) {
      summary.append(
        el(
          'div',
          { class: 'slots', 'aria-hidden': 'true' },
          Array.from({ length: Math.max(max, holders.length) }, (_, index) =>
            el('span', { class: ['slot', index < holders.length && 'used', index >= max && 'over'] }),
          ),
        ),
      );
    }
    const everyone = [...holders, ...waiters];
    article.append(
      summary,
      holdingLine('Holders', holders.length, holders, ctx, 'No lease taken.', () => ({})),
      waitingLine('Waiting', waiters, everyone, ctx, 'Nobody waits.', () => ({}), entry.moreWaiters),
    );
  }

  function renderLease(article, entry) {
    const hasEnd = parseTime(entry.endsAt) !== undefined;
    if (entry.active) statusChip(article, 'held', 'active');
    else if (entry.holder) statusChip(article, 'warn', 'expired');
    else statusChip(article, 'ok', 'free');
    article.append(
      el(
        'dl',
        { class: 'lease-facts' },
        el('dt', { text: 'Holder' }),
        el('dd', {}, entry.holder ? el('span', { class: 'identifier holder', text: entry.holder }) : 'nobody'),
        el('dt', { text: 'Ends' }),
        el(
          'dd',
          {},
          hasEnd
            ? [
                timeEl(entry.endsAt, 'ends', 'future'),
                el('span', { class: 'muted', text: ` · ${absoluteText(entry.endsAt)}` }),
              ]
            : '—',
        ),
        el('dt', { text: 'Status' }),
        el(
          'dd',
          {},
          el('span', {
            class: ['pill', entry.active ? 'pill-active' : 'pill-expired'],
            text: entry.active ? 'active' : entry.holder ? 'expired' : 'not taken',
          }),
        ),
      ),
    );
  }

  /** A hue class for a holder or member, the same for the same identifier everywhere on the page. */
  function hueClass(text) {
    let hash = 0;
    for (const char of String(text)) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
    return `hue-${hash % 8}`;
  }

  function memberList(members, ctx, withHue) {
    return el(
      'ul',
      { class: 'members' },
      members.map((member) => {
        const ours = isOurs(ctx.snap, member.session);
        const changed = trackItem(ctx, `member:${member.name}`);
        const identifier = String(member.identifier ?? '');
        return el(
          'li',
          { class: ['member', ours && 'ours', changed && 'changed'], data: { node: member.name } },
          withHue && el('span', { class: ['dot', hueClass(identifier || member.name)], 'aria-hidden': 'true' }),
          el(
            'div',
            { class: 'contender-main' },
            el(
              'div',
              { class: 'who' },
              identifierLabel(identifier, member.name),
              ours && el('span', { class: 'badge ours', text: 'this instance' }),
            ),
            el(
              'div',
              { class: 'meta' },
              member.createdAt && timeEl(member.createdAt, 'since'),
              el('span', { class: 'session', text: member.session }),
            ),
          ),
        );
      }),
    );
  }

  function renderParty(article, entry, ctx) {
    const members = list(entry.members);
    statusChip(article, 'neutral', plural(members.length, 'member'));
    article.append(
      group('Members', members.length, memberList(members, ctx, false), members.length ? undefined : 'Nobody joined.'),
    );
  }

  function renderPartitioner(article, entry, ctx) {
    const members = list(entry.members);
    const items = list(entry.items);
    statusChip(article, 'neutral', `${plural(members.length, 'member')} · ${plural(items.length, 'item')}`);
    const rows = items.map((item) => {
      const ours = isOurs(ctx.snap, item.session);
      const changed = trackItem(ctx, `item:${item.item}=${item.holder ?? ''}`);
      return el(
        'tr',
        { class: [ours && 'ours', changed && 'changed'], data: { item: item.item } },
        el('td', { class: 'item', text: item.item }),
        el(
          'td',
          { class: 'holder' },
          item.holder
            ? [
                el('span', { class: ['dot', hueClass(item.holder)], 'aria-hidden': 'true' }),
                el('span', { class: 'identifier', text: item.holder }),
                ours && el('span', { class: 'badge ours', text: 'this instance' }),
              ]
            : el('span', { class: 'muted', text: 'unassigned' }),
        ),
      );
    });
    article.append(
      group('Members', members.length, memberList(members, ctx, true), members.length ? undefined : 'Nobody joined.'),
      group(
        'Assignments',
        items.length,
        items.length
          ? el(
              'div',
              { class: 'table-wrap' },
              el(
                'table',
                { class: 'assignments' },
                el('thead', {}, el('tr', {}, el('th', { text: 'Item' }), el('th', { text: 'Holder' }))),
                el('tbody', {}, rows),
              ),
            )
          : undefined,
        items.length ? undefined : 'No items.',
      ),
    );
  }

  // --- This instance

  const instanceSignatures = {};

  function renderInstance(snap) {
    const instance = snap.instance;
    const methods = list(instance.methods);
    const methodsSignature = JSON.stringify(methods);
    if (instanceSignatures.methods !== methodsSignature) {
      instanceSignatures.methods = methodsSignature;
      replace(document.getElementById('methods'), methodsTable(methods));
    }
    const holdings = [list(instance.leaderships), list(instance.locks), instance.sessionId ?? null];
    const holdingsSignature = JSON.stringify(holdings);
    if (instanceSignatures.holdings !== holdingsSignature) {
      instanceSignatures.holdings = holdingsSignature;
      replace(document.getElementById('holdings'), ...holdingsView(instance));
    }
    const watches = instance.watches || {};
    const facts = [
      ['Session id', instance.sessionId || 'none', 'mono'],
      ['Negotiated timeout', formatTimeout(instance.negotiatedTimeoutMs)],
      ['Last zxid', String(instance.lastZxid ?? '—'), 'mono'],
      ['Requests in flight', String(instance.inFlight ?? 0)],
      ['Requests queued', String(instance.queued ?? 0)],
      [
        'Watches',
        `data ${watches.data ?? 0} · exist ${watches.exist ?? 0} · child ${watches.child ?? 0} · persistent ${
          watches.persistent ?? 0
        } · recursive ${watches.persistentRecursive ?? 0}`,
      ],
    ];
    replace(
      document.getElementById('connection-facts'),
      ...facts.flatMap(([label, value, className]) => [
        el('dt', { text: label }),
        el('dd', { class: className, text: value }),
      ]),
    );
  }

  function methodsTable(methods) {
    if (!methods.length) {
      return el(
        'p',
        { class: 'none' },
        'No decorated methods: put ',
        el('code', { text: '@ZkLock' }),
        ', ',
        el('code', { text: '@OnLeader' }),
        ', ',
        el('code', { text: '@LeaderOnly' }),
        ', ',
        el('code', { text: '@WatchNode' }),
        ' or ',
        el('code', { text: '@WatchChildren' }),
        ' on a provider’s method.',
      );
    }
    return el(
      'div',
      { class: 'table-wrap' },
      el(
        'table',
        { class: 'methods' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['Decorator', 'Method', 'Path', 'Runs', 'Running', 'Last run', 'Outcome'].map((title) =>
              el('th', { text: title }),
            ),
          ),
        ),
        el(
          'tbody',
          {},
          methods.map((method) =>
            el(
              'tr',
              { data: { decorator: method.decorator } },
              el('td', {}, el('span', { class: 'badge decorator', text: `@${method.decorator}` })),
              el('td', { class: 'mono method-name', text: `${method.className}.${method.methodName}` }),
              el('td', { class: 'mono method-path', text: method.path }),
              el('td', { class: 'num', text: String(method.runs ?? 0) }),
              el('td', { class: ['num', method.running > 0 && 'running'], text: String(method.running ?? 0) }),
              el(
                'td',
                {},
                method.lastRunAt ? timeEl(method.lastRunAt, 'since') : el('span', { class: 'muted', text: 'never' }),
              ),
              el(
                'td',
                { class: 'outcome-cell' },
                method.lastOutcome
                  ? el('span', { class: ['pill', `outcome-${method.lastOutcome}`], text: method.lastOutcome })
                  : el('span', { class: 'muted', text: '—' }),
                method.lastError && el('div', { class: 'error', text: method.lastError }),
              ),
            ),
          ),
        ),
      ),
    );
  }

  function holdingsView(instance) {
    const leaderships = list(instance.leaderships);
    const locks = list(instance.locks);
    return [
      el(
        'h4',
        { class: 'group-title' },
        'Leaderships',
        el('span', { class: 'group-count', text: String(leaderships.length) }),
      ),
      leaderships.length
        ? el(
            'ul',
            { class: 'holdings leaderships' },
            leaderships.map((item) =>
              el(
                'li',
                { data: { path: item.path } },
                el('span', { class: 'crown', 'aria-hidden': 'true', text: '★' }),
                el('span', { class: 'mono path', text: item.path }),
                el('span', { class: 'muted' }, ' leader since ', timeEl(item.since, 'since')),
              ),
            ),
          )
        : el('p', { class: 'none', text: 'Leads nothing.' }),
      el('h4', { class: 'group-title' }, 'Locks', el('span', { class: 'group-count', text: String(locks.length) })),
      locks.length
        ? el(
            'ul',
            { class: 'holdings locks' },
            locks.map((item) =>
              el(
                'li',
                { data: { path: item.path, node: item.node } },
                el('span', { class: 'lock-icon', 'aria-hidden': 'true' }),
                el('span', { class: 'mono path', text: item.path }),
                el('span', { class: 'badge', text: item.kind }),
                el('span', { class: 'muted' }, ' held since ', timeEl(item.since, 'since')),
                el('div', { class: 'mono muted node-name', text: item.node }),
              ),
            ),
          )
        : el('p', { class: 'none', text: 'Holds no lock.' }),
    ];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The tree browser: lazily loaded, never re-rendered by snapshots

  const treeRoot = document.getElementById('tree-root');
  const details = document.getElementById('node-details');
  /** path → its `<li>` */
  const treeItems = new Map();
  let selectedPath;
  let selectSequence = 0;

  function childPath(parent, name) {
    return parent === '/' ? `/${name}` : `${parent}/${name}`;
  }

  async function fetchTree(path) {
    const url = apiUrl('tree');
    url.searchParams.set('path', path);
    return getJson(url);
  }

  function createTreeItem(path, name) {
    const item = el('li', { class: 'tree-node', role: 'treeitem', 'aria-expanded': 'false', data: { path } });
    const toggle = el('button', {
      type: 'button',
      class: 'tree-toggle',
      title: 'Expand or collapse',
      'aria-label': `Expand or collapse ${name}`,
      onclick: () => toggleItem(item),
    });
    const label = el('button', {
      type: 'button',
      class: 'tree-name',
      title: path,
      text: name,
      onclick: () => selectPath(path),
    });
    item.append(el('div', { class: 'tree-row' }, toggle, label), el('ul', { class: 'tree-children', role: 'group' }));
    treeItems.set(path, item);
    return item;
  }

  function forgetSubtree(item) {
    treeItems.delete(item.dataset.path);
    for (const child of item.querySelectorAll('li.tree-node')) treeItems.delete(child.dataset.path);
  }

  function applyChildren(item, node) {
    const group = item.querySelector(':scope > .tree-children');
    const existing = new Map();
    for (const child of group.children)
      if (child.classList.contains('tree-node')) existing.set(child.dataset.path, child);
    const names = [...list(node.children)].sort();
    const items = names.map((name) => {
      const path = childPath(node.path, name);
      const kept = existing.get(path);
      existing.delete(path);
      return kept || createTreeItem(path, name);
    });
    for (const gone of existing.values()) forgetSubtree(gone);
    if (node.childrenTruncated) {
      const total = node.stat && typeof node.stat.numChildren === 'number' ? ` of ${node.stat.numChildren}` : '';
      items.push(
        el('li', { class: 'tree-more', text: `… showing ${names.length}${total} children (the list is capped)` }),
      );
    }
    syncChildren(group, items);
    item.dataset.loaded = 'true';
    item.classList.toggle('leaf', node.exists !== false && names.length === 0 && !node.childrenTruncated);
    item.classList.toggle('missing', node.exists === false);
  }

  function setExpanded(item, expanded) {
    item.setAttribute('aria-expanded', expanded ? 'true' : 'false');
  }

  async function loadItem(item) {
    item.classList.add('loading');
    try {
      const node = await fetchTree(item.dataset.path);
      applyChildren(item, node);
      item.classList.remove('failed');
      return node;
    } catch (error) {
      item.classList.add('failed');
      item.title = error.message;
      throw error;
    } finally {
      item.classList.remove('loading');
    }
  }

  async function toggleItem(item) {
    if (item.getAttribute('aria-expanded') === 'true') {
      setExpanded(item, false);
      return;
    }
    if (item.dataset.loaded !== 'true') {
      try {
        await loadItem(item);
      } catch (error) {
        showStatus('error', `Could not list ${item.dataset.path}: ${error.message}`);
        return;
      }
    }
    setExpanded(item, true);
  }

  /** Selects `path`: shows its stat and data, and lists and expands its children. */
  async function selectPath(path) {
    const sequence = ++selectSequence;
    selectedPath = path;
    for (const row of treeRoot.querySelectorAll('.tree-node.selected')) {
      row.classList.remove('selected');
      row.setAttribute('aria-selected', 'false');
    }
    const item = treeItems.get(path);
    if (item) {
      item.classList.add('selected');
      item.setAttribute('aria-selected', 'true');
      item.classList.add('loading');
    }
    details.classList.add('loading');
    try {
      const node = await fetchTree(path);
      if (item && treeItems.get(path) === item) {
        applyChildren(item, node);
        setExpanded(item, true);
      }
      if (sequence === selectSequence) renderDetails(node);
      return node;
    } catch (error) {
      if (sequence === selectSequence) {
        replace(
          details,
          el('h3', { class: 'node-path mono', text: path }),
          el('p', { class: 'error', text: `Could not read ${path}: ${error.message}` }),
        );
      }
      return undefined;
    } finally {
      if (item) item.classList.remove('loading');
      if (sequence === selectSequence) details.classList.remove('loading');
    }
  }

  function renderDetails(node) {
    const stat = node.stat;
    const snap = snapshot;
    const owner = stat && stat.ephemeralOwner;
    const ephemeral = owner && !/^0x0+$/i.test(owner);
    const head = el(
      'div',
      { class: 'details-head' },
      el('h3', { class: 'node-path mono', text: node.path }),
      ephemeral && el('span', { class: 'badge ephemeral', text: 'ephemeral' }),
      ephemeral && snap && isOurs(snap, owner) && el('span', { class: 'badge ours', text: 'this instance' }),
    );
    if (node.exists === false || !stat) {
      replace(details, head, el('p', { class: 'absent', text: 'This node does not exist (any more).' }));
      return;
    }
    const date = (iso) => [
      el('time', { datetime: iso, text: absoluteText(iso) }),
      el('span', { class: 'muted' }, ' (', timeEl(iso, 'since'), ')'),
    ];
    const rows = [
      ['Created (ctime)', date(stat.ctime)],
      ['Modified (mtime)', date(stat.mtime)],
      ['Version', String(stat.version)],
      ['Child version', String(stat.cversion)],
      ['ACL version', String(stat.aversion)],
      ['czxid', el('span', { class: 'mono', text: stat.czxid })],
      ['mzxid', el('span', { class: 'mono', text: stat.mzxid })],
      ['pzxid', el('span', { class: 'mono', text: stat.pzxid })],
      [
        'Ephemeral owner',
        ephemeral
          ? el('span', { class: 'mono', text: owner })
          : [
              el('span', { class: 'mono', text: owner || '0x0' }),
              el('span', { class: 'muted', text: ' (persistent)' }),
            ],
      ],
      ['Data length', plural(stat.dataLength, 'byte')],
      ['Children', String(stat.numChildren)],
    ];
    const statList = el(
      'dl',
      { class: 'stat' },
      rows.map(([label, value]) => [el('dt', { text: label }), el('dd', {}, value)]),
    );

    const data = node.data;
    const dataBlock = el('div', { class: 'data-block' });
    const dataHead = el('h4', { class: 'group-title' }, 'Data');
    dataBlock.append(dataHead);
    if (!data || stat.dataLength === 0) {
      dataBlock.append(el('p', { class: 'none', text: 'No data (0 bytes).' }));
    } else {
      dataHead.append(el('span', { class: ['badge', 'encoding', `encoding-${data.encoding}`], text: data.encoding }));
      dataBlock.append(el('pre', { class: ['node-data', `encoding-${data.encoding}`], text: data.text }));
      if (data.truncated) {
        // `bytes` is what the node holds; what `text` shows is counted from the text itself.
        const total = typeof data.bytes === 'number' ? data.bytes : stat.dataLength;
        const shown = shownBytes(data);
        dataBlock.append(
          el('p', {
            class: 'truncated',
            text:
              shown !== undefined && shown < total
                ? `showing first ${shown} of ${total} bytes`
                : `showing the start of ${plural(total, 'byte')}`,
          }),
        );
      }
    }
    const childrenNote =
      node.childrenTruncated &&
      el('p', {
        class: 'truncated',
        text: `Only the first ${list(node.children).length} of ${stat.numChildren} children are listed in the tree.`,
      });
    replace(details, head, statList, dataBlock, childrenNote);
  }

  /** How many bytes a data preview shows: two hex digits a byte, or the UTF-8 length of the text. */
  function shownBytes(data) {
    const text = String(data.text ?? '');
    if (data.encoding === 'hex') return Math.floor(text.replace(/^0x/i, '').replace(/\s+/g, '').length / 2);
    return typeof TextEncoder === 'function' ? new TextEncoder().encode(text).length : undefined;
  }

  /** Reloads every expanded node and the selected one, keeping what is expanded. */
  async function refreshTree() {
    const button = document.getElementById('tree-refresh');
    button.disabled = true;
    try {
      const expanded = [...treeItems.values()]
        .filter((item) => item.getAttribute('aria-expanded') === 'true' && item.dataset.path !== selectedPath)
        .sort((a, b) => a.dataset.path.split('/').length - b.dataset.path.split('/').length);
      for (const item of expanded) {
        if (treeItems.get(item.dataset.path) !== item) continue; // its parent lost it meanwhile
        try {
          await loadItem(item);
        } catch {
          // marked as failed on the item
        }
      }
      if (selectedPath !== undefined) await selectPath(selectedPath);
    } finally {
      button.disabled = false;
    }
  }

  /** Opens the tree down to `path` and selects it; scrolls the tree into view. */
  async function revealPath(path) {
    document.getElementById('tree').scrollIntoView({ behavior: 'smooth', block: 'start' });
    const parts = String(path).split('/').filter(Boolean);
    let current = '/';
    for (const part of parts.slice(0, -1)) {
      const item = treeItems.get(current);
      if (item && item.getAttribute('aria-expanded') !== 'true') {
        try {
          await toggleItem(item);
        } catch {
          break;
        }
      }
      current = childPath(current, part);
    }
    const parent = treeItems.get(current);
    if (parent && parent.getAttribute('aria-expanded') !== 'true' && path !== '/') await toggleItem(parent);
    await selectPath(path);
    const item = treeItems.get(path);
    if (item) item.querySelector('.tree-name').focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Start

  document.getElementById('tree-refresh').addEventListener('click', () => refreshTree());

  setInterval(tickTimes, 1000);
  if (typeof EventSource === 'function') {
    refreshSnapshot(); // the stream sends one too, but this one is quicker to paint
    openStream();
  } else {
    fallBackToPolling();
  }
})();
