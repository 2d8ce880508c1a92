// The BareMetal dashboard: one live feed (/dashboard/api/stream) for the overview, the native API for node pages
// and actions. Plain script, no dependencies, works offline.
'use strict';
(function () {
  const $ = (selector) => document.querySelector(selector);
  const keyName = 'baremetal.apiKey';
  let canOperate = false;
  let lastCounts = '';
  let history = [];
  let currentNode = null;

  function headers(extra) {
    const h = Object.assign({ 'Accept': 'application/json' }, extra || {});
    const key = sessionStorage.getItem(keyName);
    if (key) { h['Authorization'] = 'Bearer ' + key; }
    return h;
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({}, options, { headers: headers(options && options.headers) }));
    if (response.status === 401) { showLogin('This page needs an API key.'); throw new Error('unauthorized'); }
    if (!response.ok) {
      let detail = response.statusText;
      try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch (e) { /* not JSON */ }
      throw new Error(response.status + ': ' + detail);
    }
    return response.status === 204 ? null : response.json();
  }

  function showLogin(message) { $('#login').hidden = false; $('#login-error').textContent = message || ''; }

  function text(value) { return value === null || value === undefined ? '' : String(value); }
  function cell(value, className) { const td = document.createElement('td'); td.textContent = text(value); if (className) { td.className = className; } return td; }
  function row(cells, attrs) {
    const tr = document.createElement('tr');
    cells.forEach((c) => tr.appendChild(c));
    Object.entries(attrs || {}).forEach(([k, v]) => tr.setAttribute(k, v));
    return tr;
  }
  function fill(selector, rows) { const body = $(selector + ' tbody'); body.replaceChildren(...rows); }
  function duration(seconds) {
    if (seconds < 60) { return seconds.toFixed(1) + ' s'; }
    if (seconds < 3600) { return Math.floor(seconds / 60) + ' min ' + Math.floor(seconds % 60) + ' s'; }
    return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  }
  function bytes(n) { return n >= 1 << 30 ? (n / (1 << 30)).toFixed(1) + ' GiB' : (n / (1 << 20)).toFixed(0) + ' MiB'; }
  function percent(x) { return (100 * x).toFixed(1) + ' %'; }
  function nodeLink(tr, id) { tr.classList.add('link'); tr.addEventListener('click', () => { location.hash = '#node/' + encodeURIComponent(id); }); return tr; }

  function renderCluster(cluster, error) {
    $('#cluster-error').hidden = !error;
    $('#cluster-error').textContent = error ? 'Cluster figures unavailable: ' + error : '';
    if (!cluster) { return; }
    fill('#silos', cluster.silos.map((s) => row([
      cell(s.name + ' (' + s.silo + ')'),
      cell(s.status + (s.reporting || s.status === 'dead' ? '' : ' (not reporting)'), 'status status-' + s.status),
      cell(duration(s.uptimeSeconds)),
      cell(s.activations),
      cell(s.callsPerSecond.toFixed(1)),
      cell(s.cpuPercent.toFixed(1) + ' %'),
      cell(bytes(s.workingSetBytes)),
      cell(s.queuedRequests),
    ], { 'data-silo': s.silo, 'data-status': s.status })));
    $('#events').replaceChildren(...cluster.events.map((e) => {
      const li = document.createElement('li');
      li.textContent = new Date(e.at).toLocaleTimeString() + '  ' + e.silo + ': ' + e.previous + ' \u2192 ' + e.current;
      li.dataset.silo = e.silo; li.dataset.status = e.current;
      return li;
    }));
  }

  function renderFleet(fleet, attention) {
    if (fleet) {
      $('#fleet-total').textContent = fleet.total;
      $('#fleet-maintenance').textContent = fleet.inMaintenance;
      $('#fleet-error').textContent = fleet.withError;
      $('#fleet-pending').textContent = fleet.pendingOperations;
      fill('#by-provision', Object.entries(fleet.byProvisionState).map(([k, v]) => row([cell(k), cell(v, 'count')], { 'data-provision-state': k })));
      fill('#by-power', Object.entries(fleet.byPowerState).map(([k, v]) => row([cell(k), cell(v, 'count')], { 'data-power-state': k })));
      const signature = JSON.stringify(fleet);
      if (signature !== lastCounts) { lastCounts = signature; loadNodes(); }
    }
    fill('#attention', attention.map((n) => nodeLink(row([
      cell(n.name), cell(n.provisionState), cell(n.powerState),
      cell(n.maintenance ? (n.maintenanceReason || 'yes') : ''), cell(n.lastError, 'error'),
    ], { 'data-node': n.id }), n.id)));
  }

  function operationRow(o, last) {
    return row([cell(o.id), cell(o.nodeId), cell(o.action), cell(o.status, 'status-' + o.status), cell(duration(o.durationSeconds)),
      cell(last), cell(o.traceId)], { 'data-operation': o.id });
  }

  function renderOperations(ops, http) {
    $('#ops-failure').textContent = percent(ops.failureRate);
    $('#ops-timeout').textContent = percent(ops.timeoutRate);
    $('#ops-queued').textContent = ops.queuedOperations;
    $('#ops-mailbox').textContent = ops.queuedRequests;
    $('#http-429').textContent = http.tooManyRequests;
    $('#http-503').textContent = http.unavailable;
    fill('#ops-inflight', ops.inFlight.map((o) => operationRow(o, o.step)));
    fill('#ops-recent', ops.recent.map((o) => operationRow(o, o.error)));
  }

  function chart(selector, series) {
    const svg = $(selector);
    const points = history.slice(-300);
    const max = Math.max(1, ...points.flatMap((p) => series.map((s) => p[s])));
    svg.replaceChildren(...series.map((s, i) => {
      const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
      line.setAttribute('class', 's' + i);
      // One point per second, newest at the right edge: the chart scrolls left as time passes.
      line.setAttribute('points', points.map((p, x) => (300 - (points.length - 1 - x)).toFixed(1) + ',' + (78 - 76 * p[s] / max).toFixed(1)).join(' '));
      return line;
    }));
    svg.setAttribute('data-max', max.toFixed(1));
  }

  function renderCharts() {
    chart('#chart-calls', ['callsPerSecond', 'requestsPerSecond']);
    chart('#chart-latency', ['p50Milliseconds', 'p95Milliseconds', 'p99Milliseconds']);
    chart('#chart-ops', ['operationsPerSecond']);
  }

  function onSnapshot(s) {
    history.push(s.point);
    if (history.length > 300) { history = history.slice(-300); }
    renderCluster(s.cluster, s.clusterError);
    renderFleet(s.fleet, s.attention);
    renderOperations(s.operations, s.http);
    renderCharts();
    document.body.dataset.snapshotAt = s.at;
    if (currentNode) { loadNode(currentNode); }
  }

  async function stream() {
    for (;;) {
      try {
        const response = await fetch('api/stream', { headers: headers({ 'Accept': 'text/event-stream' }) });
        if (response.status === 401) { showLogin('This page needs an API key with the reader role.'); return; }
        if (!response.ok) { throw new Error('stream ' + response.status); }
        $('#live').textContent = 'live'; $('#live').className = 'badge on';
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) { break; }
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end); buffer = buffer.slice(end + 2);
            let event = 'message'; let data = '';
            frame.split('\n').forEach((line) => {
              if (line.startsWith('event: ')) { event = line.slice(7); } else if (line.startsWith('data: ')) { data += line.slice(6); }
            });
            if (!data) { continue; }
            const payload = JSON.parse(data);
            if (event === 'history') { history = payload; } else if (event === 'snapshot') { onSnapshot(payload); }
          }
        }
      } catch (e) { /* reconnect below */ }
      $('#live').textContent = 'reconnecting'; $('#live').className = 'badge off';
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  let searchTimer = null;
  async function loadNodes() {
    const search = $('#node-search').value.trim();
    const query = new URLSearchParams({ limit: '100' });
    if (search) { query.set('search', search); }
    try {
      const page = await api('../api/nodes?' + query.toString());
      fill('#nodes', page.items.map((n) => nodeLink(row([cell(n.name), cell(n.id), cell(n.provisionState), cell(n.powerState),
        cell(n.maintenance ? 'yes' : ''), cell(n.pendingOperations.length)], { 'data-node': n.id }), n.id)));
    } catch (e) { /* shown by the next refresh */ }
  }

  async function loadNode(id) {
    try {
      const [node, historyEntries] = await Promise.all([
        api('../api/nodes/' + encodeURIComponent(id)),
        api('../api/nodes/' + encodeURIComponent(id) + '/history'),
      ]);
      if (currentNode !== id) { return; }
      $('#node-title').textContent = node.name + ' (' + node.id + ')';
      const state = $('#node-state');
      state.replaceChildren();
      [['Provision state', node.provisionState + (node.targetProvisionState ? ' \u2192 ' + node.targetProvisionState : '')],
        ['Power state', node.powerState], ['Maintenance', node.maintenance ? (node.maintenanceReason || 'yes') : 'no'],
        ['Last error', node.lastError || ''], ['Driver', node.driver], ['Updated', node.updatedAt]].forEach(([k, v]) => {
        const dt = document.createElement('dt'); dt.textContent = k;
        const dd = document.createElement('dd'); dd.textContent = text(v); dd.dataset.field = k;
        state.append(dt, dd);
      });
      fill('#node-ops', node.pendingOperations.map((o) => row([cell(o.id), cell(o.action), cell(o.status, 'status-' + o.status),
        cell(o.progress ? o.progress.message : ''), cell(o.traceId)], { 'data-operation': o.id })));
      $('#node-history').replaceChildren(...historyEntries.slice().reverse().map((h) => {
        const li = document.createElement('li');
        const time = document.createElement('time'); time.textContent = new Date(h.at).toLocaleString();
        li.append(time, document.createTextNode(h.event + ': ' + h.message));
        return li;
      }));
    } catch (e) {
      $('#node-title').textContent = 'Node ' + id + ': ' + e.message;
    }
  }

  async function act(verb) {
    if (!currentNode) { return; }
    let body;
    if (verb === 'maintenance-on') {
      const reason = prompt('Reason for maintenance on ' + currentNode + ':', 'set from the dashboard');
      if (reason === null) { return; }
      body = { parameters: { reason: reason } };
    } else if (verb === 'deploy') {
      const image = prompt('Image source to deploy on ' + currentNode + ':', '');
      if (image === null) { return; }
      body = image ? { parameters: { image_source: image } } : undefined;
    } else if (!confirm('Run "' + verb + '" on node ' + currentNode + '?')) {
      return;
    }
    try {
      const accepted = await api('../api/nodes/' + encodeURIComponent(currentNode) + '/actions/' + verb, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      $('#action-result').textContent = verb + ' accepted: ' + (accepted && accepted.operation ? accepted.operation.id : '');
      loadNode(currentNode);
    } catch (e) {
      $('#action-result').textContent = verb + ' refused: ' + e.message;
    }
  }

  function route() {
    const match = /^#node\/(.+)$/.exec(location.hash);
    currentNode = match ? decodeURIComponent(match[1]) : null;
    $('#overview').hidden = !!currentNode;
    $('#node-page').hidden = !currentNode;
    if (currentNode) { loadNode(currentNode); }
  }

  async function whoAmI() {
    try {
      const me = await api('api/me');
      canOperate = me.canOperate;
      $('#who').textContent = me.client + (canOperate ? ' (operator)' : ' (read-only)');
      $('#node-actions').hidden = !canOperate;
      return true;
    } catch (e) { return false; }
  }

  $('#login').addEventListener('submit', async (event) => {
    event.preventDefault();
    sessionStorage.setItem(keyName, $('#api-key').value);
    if (await whoAmI()) { $('#login').hidden = true; loadNodes(); stream(); }
  });
  $('#node-search').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(loadNodes, 250); });
  document.querySelectorAll('#node-actions button').forEach((b) => b.addEventListener('click', () => act(b.dataset.verb)));
  window.addEventListener('hashchange', route);

  (async function start() {
    route();
    if (await whoAmI()) { loadNodes(); stream(); }
  })();
})();
