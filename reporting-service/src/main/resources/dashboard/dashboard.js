// The public dashboard: reads the public APIs through the gateway and draws with Apache ECharts (SVG renderer).
// Everything members or partners wrote is put in the page as text (textContent), never as HTML.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const charts = {};
  const palette = ['#0b5cad', '#d35400', '#1e8449', '#8e44ad', '#b7950b', '#2c3e50', '#c0392b'];

  function get(path) {
    return fetch(path, { headers: { Accept: 'application/json' } }).then((r) => r.ok ? r.json()
      : r.json().catch(() => ({})).then((p) => Promise.reject(new Error(p.detail || (r.status + ' ' + r.statusText)))));
  }

  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    return e;
  }

  function table(caption, head, rows, numeric) {
    const t = el('table');
    t.appendChild(el('caption', caption));
    const tr = el('tr');
    head.forEach((h) => tr.appendChild(el('th', h, { scope: 'col' })));
    t.appendChild(el('thead')).appendChild(tr);
    const body = t.appendChild(el('tbody'));
    rows.forEach((r) => {
      const row = el('tr');
      r.forEach((cell, i) => row.appendChild(i === 0 ? el('th', cell, { scope: 'row' }) : el('td', cell, numeric ? { class: 'num' } : {})));
      body.appendChild(row);
    });
    return t;
  }

  function chart(id, option, description) {
    const node = $(id);
    node.setAttribute('aria-label', description);
    if (!charts[id]) { charts[id] = echarts.init(node, null, { renderer: 'svg' }); }
    charts[id].setOption(Object.assign({ aria: { enabled: true }, color: palette, animation: false,
      tooltip: { renderMode: 'richText' }, textStyle: { fontFamily: 'system-ui, sans-serif' } }, option), true);
  }

  const number = (v) => (v === null || v === undefined || isNaN(Number(v))) ? null : Number(v);

  function periods() {
    const now = new Date();
    const y = now.getUTCFullYear();
    const m = now.getUTCMonth() + 1;
    const q = Math.floor((m - 1) / 3) + 1;
    const list = [];
    for (let i = 0; i < 4; i++) {
      let qq = q - i; let yy = y;
      while (qq < 1) { qq += 4; yy -= 1; }
      list.push(yy + '-Q' + qq);
    }
    list.push(String(y), String(y - 1), y + '-' + String(m).padStart(2, '0'));
    return list;
  }

  function figure(card, key) {
    for (const s of card.sections) { for (const f of s.figures) { if (f.key === key) { return f; } } }
    return null;
  }

  function renderScorecard(card) {
    $('freshness').textContent = card.partnership + ' with ' + card.partner + ', ' + card.period + ' (' + card.from + ' to ' + card.to
      + '). Data as of ' + (card.asOf ? new Date(card.asOf).toLocaleString() : 'no events yet') + '. Change is against ' + card.previousPeriod + '.';
    const box = $('scorecard');
    box.replaceChildren();
    card.sections.forEach((s) => {
      const t = el('table');
      t.appendChild(el('caption', s.title));
      const head = el('tr');
      ['Measure', card.period, 'Change'].forEach((h) => head.appendChild(el('th', h, { scope: 'col' })));
      t.appendChild(el('thead')).appendChild(head);
      const body = t.appendChild(el('tbody'));
      s.figures.forEach((f) => {
        const row = el('tr');
        const th = el('th', f.label, { scope: 'row' });
        th.appendChild(el('span', f.definition, { class: 'definition' }));
        row.appendChild(th);
        row.appendChild(el('td', f.value === undefined || f.value === null ? 'n/a' : f.value, { class: 'num' }));
        row.appendChild(el('td', f.change || '', { class: 'num' }));
        body.appendChild(row);
      });
      const part = el('div');
      part.appendChild(t);
      box.appendChild(part);
    });
  }

  function renderFormats(card) {
    const formats = [['Stipend', 'benefitsSTIPEND'], ['Professional development', 'benefitsPROFESSIONAL_DEVELOPMENT'], ['Exposure', 'benefitsEXPOSURE']];
    const rows = formats.map(([name, key]) => [name, (figure(card, key) || {}).value || '0']);
    const data = rows.map(([name, v]) => ({ name, value: number(v) })).filter((d) => d.value !== null && d.value > 0);
    const shown = data.length ? data : [{ name: 'Nothing to show for this period', value: 1, itemStyle: { color: '#d0d5dc' } }];
    chart('chart-formats', { legend: { bottom: 0 }, series: [{ type: 'pie', radius: ['35%', '65%'], data: shown, label: { formatter: '{b}' } }] },
      'Benefits by format: ' + rows.map((r) => r[0] + ' ' + r[1]).join(', '));
    $('table-formats').replaceChildren(table('Benefits by format (' + card.period + ')', ['Format', 'Amount'], rows, true));
  }

  function renderPipeline(card) {
    const stages = ['PROPOSED', 'CO_DESIGN', 'PILOT', 'EVALUATION', 'SCALED', 'PAUSED', 'RETIRED'];
    const names = ['Proposed', 'Co-design', 'Pilot', 'Evaluation', 'Scaled', 'Paused', 'Retired'];
    const values = stages.map((s) => number((figure(card, 'initiatives' + s) || {}).value) || 0);
    chart('chart-pipeline', { grid: { left: 90, right: 20, top: 10, bottom: 30 }, xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names, inverse: true }, series: [{ type: 'bar', data: values, label: { show: true, position: 'right' } }] },
      'Initiatives by stage: ' + names.map((n, i) => n + ' ' + values[i]).join(', '));
    $('table-pipeline').replaceChildren(table('Initiatives by stage', ['Stage', 'Initiatives'], names.map((n, i) => [n, values[i]]), true));
  }

  function renderSeries(series) {
    const months = series.months.map((m) => m.month);
    const contributions = series.months.map((m) => m.contributions);
    const benefits = series.months.map((m) => number(m.benefits));
    const currency = (series.months.find((m) => m.currency) || {}).currency || '';
    chart('chart-over-time', {
      legend: { bottom: 0 }, grid: { left: 50, right: 60, top: 20, bottom: 60 },
      xAxis: { type: 'category', data: months },
      yAxis: [{ type: 'value', name: 'contributions', minInterval: 1 }, { type: 'value', name: currency }],
      series: [{ name: 'Verified contributions', type: 'bar', data: contributions },
        { name: 'Benefits published' + (currency ? ' (' + currency + ')' : ''), type: 'line', yAxisIndex: 1, data: benefits, connectNulls: false }]
    }, 'Per month from ' + months[0] + ' to ' + months[months.length - 1] + ': ' + series.months.map((m) => m.month + ' '
      + m.contributions + ' contributions, benefits ' + (m.benefits === null ? 'not shown (few recipients)' : m.benefits)).join('; '));
    $('table-over-time').replaceChildren(table('Per month', ['Month', 'Contributions', 'Hours', 'Benefits', 'Recipients'],
      series.months.map((m) => [m.month, m.contributions, m.hours, m.benefits === null ? 'not shown' : m.benefits + ' ' + (m.currency || ''), m.recipients]), true));
  }

  function renderParticipation(participation, groups) {
    const name = (id) => groups[id] || 'A members-only group';
    const rows = participation.groups.map((g) => [name(g.groupId), g.members, g.participants, g.rate === null ? 'not shown' : Math.round(Number(g.rate) * 100) + '%']);
    const shown = participation.groups.filter((g) => g.rate !== null);
    chart('chart-participation', { grid: { left: 170, right: 60, top: 10, bottom: 30 }, xAxis: { type: 'value', max: 100, name: '%' },
      yAxis: { type: 'category', data: shown.length ? shown.map((g) => name(g.groupId)) : ['No group large enough to show'], inverse: true },
      series: [{ type: 'bar', data: shown.length ? shown.map((g) => Math.round(Number(g.rate) * 100)) : [0], label: { show: true, position: 'right', formatter: '{c}%' } }] },
      'Participation by group: ' + (rows.length ? rows.map((r) => r[0] + ' ' + r[3]).join(', ') : 'no groups'));
    const box = $('table-participation');
    box.replaceChildren(table('Participation by affinity group (' + participation.period + ')', ['Group', 'Members', 'Took part', 'Rate'], rows, true));
    box.appendChild(table('Participants per initiative', ['Initiative', 'Participants'], participation.initiatives.map((i) => [i.title, i.participants]), true));
  }

  function renderWall(report) {
    const wall = $('wall');
    wall.replaceChildren();
    if (!report.recognition.length) { wall.appendChild(el('li', 'No one has chosen public recognition for this period yet.')); }
    report.recognition.forEach((m) => wall.appendChild(el('li', m.displayName + ': ' + m.contributions + ' contributions, ' + m.hours + ' h')));
  }

  function excerpt(text, length) {
    return text.length > length ? text.slice(0, length - 1).trimEnd() + '…' : text;
  }

  function renderShowcases(page) {
    const list = $('showcases');
    list.replaceChildren();
    if (!page.items.length) { list.appendChild(el('li', 'No showcase is public yet.')); }
    page.items.forEach((s) => {
      const li = el('li');
      li.appendChild(el('strong', s.title));
      li.appendChild(el('p', 'by ' + s.authors.join(', ') + ' · ' + s.initiativeTitle + ' · ' + s.contributions.length
        + ' verified contribution' + (s.contributions.length === 1 ? '' : 's'), { class: 'note' }));
      li.appendChild(el('p', excerpt(s.story, 280)));
      list.appendChild(li);
    });
  }

  function renderLessons(page) {
    const list = $('lessons');
    list.replaceChildren();
    if (!page.items.length) { list.appendChild(el('li', 'No lessons recorded yet.')); }
    page.items.forEach((l) => {
      const li = el('li');
      li.appendChild(el('p', (l.kind === 'COMMITTEE' ? 'The committee' : 'A member') + ', in ' + l.stage.toLowerCase().replace('_', '-')
        + ' · for ' + l.forWhom, { class: 'note' }));
      li.appendChild(el('p', 'Worked: ' + excerpt(l.whatWorked, 200)));
      li.appendChild(el('p', 'Did not: ' + excerpt(l.whatDidNot, 200)));
      li.appendChild(el('p', 'Next time: ' + excerpt(l.doDifferently, 200)));
      list.appendChild(li);
    });
  }

  function renderMentoring(summary) {
    const box = $('mentoring');
    box.replaceChildren();
    if (!summary) { box.appendChild(el('p', 'The exchange could not be read just now.')); return; }
    box.appendChild(table('The exchange now', ['Measure', 'Count'], [
      ['Offers to teach, open', summary.openOffers], ['Requests to learn, open', summary.openRequests],
      ['Mentorships running', summary.mentorshipsRunning], ['Sessions held, last 90 days', summary.sessionsLast90Days],
      ['Hours of mentoring, last 90 days', summary.hoursLast90Days]], true));
    box.appendChild(table('Skills most wanted', ['Skill', 'Requests'], summary.mostWanted.map((s) => [s.label, s.count]), true));
    box.appendChild(table('Skills most offered', ['Skill', 'Offers'], summary.mostOffered.map((s) => [s.label, s.count]), true));
  }

  function status(text, error) {
    $('status').textContent = text;
    if (error) { $('status').setAttribute('data-error', ''); } else { $('status').removeAttribute('data-error'); }
  }

  function show() {
    const p = $('partnership').value;
    const period = $('period').value;
    if (!p) { status('No partnership yet.'); return Promise.resolve(); }
    const q = '?partnershipId=' + encodeURIComponent(p) + '&period=' + encodeURIComponent(period);
    history.replaceState(null, '', '?partnership=' + encodeURIComponent(p) + '&period=' + encodeURIComponent(period));
    status('Loading…');
    return Promise.all([get('/api/public/scorecard' + q), get('/api/public/dashboard/series?partnershipId=' + encodeURIComponent(p)),
      get('/api/public/participation' + q), get('/api/public/reports/transparency' + q),
      get('/api/public/groups?limit=100').catch(() => ({ items: [] })),
      // showcases and lessons straight from where they live: a withdrawn showcase is gone from here at once
      get('/api/public/showcases?limit=6&partnershipId=' + encodeURIComponent(p)).catch(() => ({ items: [] })),
      get('/api/public/partnerships/' + encodeURIComponent(p) + '/lessons?limit=5').catch(() => ({ items: [] })),
      get('/api/public/mentorship').catch(() => null)])
      .then(([card, series, participation, report, groups, showcases, lessons, mentoring]) => {
        const names = {};
        (groups.items || []).forEach((g) => { names[g.id] = g.name; });
        renderScorecard(card);
        renderSeries(series);
        renderFormats(card);
        renderPipeline(card);
        renderParticipation(participation, names);
        renderWall(report);
        renderShowcases(showcases);
        renderLessons(lessons);
        renderMentoring(mentoring);
        status('Showing ' + card.partnership + ', ' + card.period + '.');
        document.body.setAttribute('data-rendered', 'true');
      })
      .catch((e) => status('Could not load the dashboard: ' + e.message, true));
  }

  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  $('choose').addEventListener('submit', (e) => { e.preventDefault(); show(); });
  const params = new URLSearchParams(location.search);
  periods().forEach((p) => $('period').appendChild(el('option', p, { value: p })));
  if (params.get('period')) {
    if (![...$('period').options].some((o) => o.value === params.get('period'))) { $('period').appendChild(el('option', params.get('period'), { value: params.get('period') })); }
    $('period').value = params.get('period');
  }
  get('/api/public/partnerships?limit=100').then((page) => {
    page.items.forEach((p) => $('partnership').appendChild(el('option', p.name, { value: p.id })));
    if (params.get('partnership')) { $('partnership').value = params.get('partnership'); }
    return show();
  }).catch((e) => status('Could not load the partnerships: ' + e.message, true));
})();
