// The supervisor's live dashboard: is the 5-minute SLA holding right now, queues per group, staffing, agents, charts.
import { get, errorText, LiveSocket } from './api.js';
import { h, clear, duration, humanDuration, percent, presenceText } from './util.js';

const SLA_MS = 5 * 60 * 1000;
const REFRESH_MS = 5000;
const CHARTS_REFRESH_MS = 60000;
const LEVELS = { green: '充足', yellow: '偏紧', orange: '紧张', red: '严重不足' };
const FRT_LABELS = ['≤30秒', '30秒–1分', '1–2分', '2–3分', '3–4分', '4–5分', '5–10分', '>10分'];
const COLORS = { green: '#16a34a', red: '#dc2626', amber: '#d97706', blue: '#2563eb', grey: '#94a3b8', violet: '#7c3aed' };

/** Where the SLA stands now, from the dashboard snapshot: 'ok', 'risk' or 'breach', with the reasons. */
export function slaStatus(d) {
  const waiting = d.groups.filter((g) => g.queued > 0);
  const oldest = Math.max(0, ...waiting.map((g) => g.oldestWaitMs || 0));
  const hour = d.sla.lastHour.attainment;
  const reasons = [];
  let status = 'ok';
  if (oldest >= SLA_MS) {
    status = 'breach';
    reasons.push(`有客户已等待 ${humanDuration(oldest)}，超过 5 分钟`);
  }
  if (hour !== null && hour < d.slaTarget) {
    status = 'breach';
    reasons.push(`最近一小时达标率 ${percent(hour)}，低于目标 ${percent(d.slaTarget)}`);
  }
  if (status === 'ok') {
    if (oldest >= SLA_MS * 0.8) reasons.push(`最长等待 ${humanDuration(oldest)}，接近 5 分钟`);
    const slow = d.groups.filter((g) => g.expectedWaitMs !== null && g.expectedWaitMs > SLA_MS);
    if (slow.length) reasons.push(`预计等待超过 5 分钟：${slow.map((g) => g.skill).join('、')}`);
    const short = d.groups.filter((g) => g.level === 'orange' || g.level === 'red');
    if (short.length) reasons.push(`人手不足：${short.map((g) => g.skill).join('、')}`);
    if (d.overload) reasons.push('机器人已进入过载模式');
    if (reasons.length) status = 'risk';
  }
  return { status, oldest, reasons };
}

export class DashboardView {
  constructor(root) {
    this.root = root;
    this.charts = {};
    this.render();
    this.refresh();
    this.refreshCharts();
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    this.chartTimer = setInterval(() => this.refreshCharts(), CHARTS_REFRESH_MS);
    this.socket = new LiveSocket((e) => this.onEvent(e), (s) => this.onConnection(s));
  }

  destroy() {
    clearInterval(this.timer);
    clearInterval(this.chartTimer);
    clearTimeout(this.soon);
    this.socket.close();
    Object.values(this.charts).forEach((c) => c.destroy());
    const connection = document.getElementById('connection');
    if (connection) connection.textContent = '';
  }

  onConnection(state) {
    const el = document.getElementById('connection');
    if (!el) return;
    el.textContent = state === 'open' ? '● 实时' : '● 重连中…（每 5 秒自动刷新）';
    el.className = `connection connection-${state}`;
  }

  /** Any hand-off event means the numbers moved: refresh soon, at most every second. */
  onEvent(event) {
    if (event.type === 'sync' || event.type === 'error') return;
    clearTimeout(this.soon);
    this.soon = setTimeout(() => this.refresh(), 1000);
    if (event.type === 'chat.first_response' || event.type === 'chat.closed' || event.type === 'survey.answered') {
      clearTimeout(this.chartsSoon);
      this.chartsSoon = setTimeout(() => this.refreshCharts(), 2000);
    }
  }

  render() {
    this.status = h('section', { class: 'sla-status', id: 'sla-status' }, h('div', { class: 'sla-status-main' }, '加载中…'));
    this.tiles = h('section', { class: 'tiles', id: 'tiles' });
    this.groups = h('tbody', { id: 'groups' });
    this.agents = h('tbody', { id: 'agents' });
    this.error = h('div', { class: 'form-error', id: 'dashboard-error', role: 'alert' });
    this.updated = h('span', { class: 'muted small', id: 'updated' });
    const chart = (id, title) => h('div', { class: 'card chart-card' }, h('h3', { id: `${id}-title` }, title),
      h('div', { class: 'chart-box' }, h('canvas', { id })));
    clear(this.root, h('div', { class: 'dashboard' },
      h('div', { class: 'page-head' }, h('h1', {}, '实时监控'), this.updated),
      this.error, this.status, this.tiles,
      h('div', { class: 'grid-2' },
        h('div', { class: 'card' }, h('h3', {}, '技能组排队与人力'),
          h('table', { class: 'table' }, h('thead', {}, h('tr', {}, ['技能组', '排队', '最长等待', '预计等待', '在线 / 需要', '人力'].map((t) => h('th', {}, t)))), this.groups)),
        h('div', { class: 'card' }, h('h3', {}, '客服在线与负载'),
          h('table', { class: 'table' }, h('thead', {}, h('tr', {}, ['客服', '状态', '负载', '技能组'].map((t) => h('th', {}, t)))), this.agents))),
      h('div', { class: 'grid-2 charts' },
        chart('chart-frt', '首次响应时间分布（24 小时）'), chart('chart-hourly', '每小时消息量'),
        chart('chart-containment', '机器人独立解决率'), chart('chart-satisfaction', '满意度评价'))));
  }

  async refresh() {
    try {
      const d = await get('/api/dashboard');
      this.error.textContent = '';
      this.renderStatus(d);
      this.renderTiles(d);
      this.renderGroups(d);
      this.renderAgents(d);
      this.updated.textContent = `更新于 ${new Date(d.at).toLocaleTimeString('zh-CN', { hour12: false })} · 每 5 秒自动刷新`;
    } catch (err) {
      this.error.textContent = `监控数据加载失败：${errorText(err)}`;
    }
  }

  renderStatus(d) {
    const s = slaStatus(d);
    const title = { ok: '5 分钟 SLA 达标', risk: '5 分钟 SLA 有风险', breach: '5 分钟 SLA 未达标' }[s.status];
    const icon = { ok: '✔', risk: '!', breach: '✖' }[s.status];
    this.status.className = `sla-status sla-status-${s.status}`;
    this.status.dataset.status = s.status;
    clear(this.status,
      h('div', { class: 'sla-status-icon' }, icon),
      h('div', { class: 'sla-status-main' },
        h('div', { class: 'sla-status-title', id: 'sla-status-title' }, title),
        h('div', { class: 'sla-status-reasons' }, s.reasons.length ? s.reasons.join('；')
          : `没有客户等待超过 5 分钟，最近一小时达标率 ${percent(d.sla.lastHour.attainment)}（目标 ${percent(d.slaTarget)}）`)),
      h('div', { class: 'sla-status-side' },
        h('div', { class: 'big' }, duration(s.oldest)), h('div', { class: 'small' }, '当前最长等待')));
  }

  renderTiles(d) {
    const totalQueued = d.groups.reduce((n, g) => n + g.queued, 0);
    const online = d.agents.filter((a) => a.presence === 'online');
    const load = online.reduce((n, a) => n + a.chats, 0);
    const capacity = online.reduce((n, a) => n + a.maxChats, 0);
    const sla = (label, s, id) => tile(label, percent(s.attainment), `${s.met} / ${s.total} 个会话按时响应`,
      s.attainment === null ? '' : (s.attainment >= d.slaTarget ? 'good' : 'bad'), id);
    const f = d.frt;
    clear(this.tiles,
      tile('排队中', String(totalQueued), `${d.groups.filter((g) => g.queued > 0).length} 个技能组有客户等待`, totalQueued > 0 ? 'warn' : '', 'tile-queued'),
      sla('SLA 达标率 · 最近一小时', d.sla.lastHour, 'tile-sla-hour'),
      sla('SLA 达标率 · 今天', d.sla.today, 'tile-sla-today'),
      tile('首次响应 · 最近一小时', f.count ? humanDuration(f.p50Ms) : '—',
        f.count ? `中位数 · P90 ${humanDuration(f.p90Ms)} · P99 ${humanDuration(f.p99Ms)} · 最长 ${humanDuration(f.maxMs)} · 共 ${f.count} 个`
          : '最近一小时没有首次响应', f.count && f.p90Ms > SLA_MS ? 'bad' : '', 'tile-frt'),
      tile('在线客服', `${online.length} / ${d.agents.length}`, `正在服务 ${load} 个会话，容量 ${capacity}`,
        online.length === 0 && totalQueued > 0 ? 'bad' : '', 'tile-agents'));
  }

  renderGroups(d) {
    clear(this.groups, d.groups.length === 0 ? h('tr', {}, h('td', { colspan: 6, class: 'muted' }, '暂无技能组'))
      : d.groups.map((g) => h('tr', { dataset: { skill: g.skill } },
        h('td', {}, g.skill),
        h('td', { class: 'num' }, String(g.queued)),
        h('td', { class: `num ${g.oldestWaitMs >= SLA_MS ? 'text-bad' : (g.oldestWaitMs >= SLA_MS * 0.8 ? 'text-warn' : '')}` },
          g.queued ? duration(g.oldestWaitMs) : '—'),
        h('td', { class: 'num' }, g.expectedWaitMs === null ? '—' : humanDuration(g.expectedWaitMs)),
        h('td', { class: 'num' }, `${g.agentsOnline} / ${g.agentsRequired}`),
        h('td', {}, h('span', { class: `level level-${g.level}` }, LEVELS[g.level] || g.level)))));
  }

  renderAgents(d) {
    const order = { online: 0, away: 1, offline: 2 };
    const agents = [...d.agents].sort((a, b) => order[a.presence] - order[b.presence] || b.chats - a.chats);
    clear(this.agents, agents.length === 0 ? h('tr', {}, h('td', { colspan: 4, class: 'muted' }, '暂无客服'))
      : agents.map((a) => h('tr', { dataset: { agent: a.id } },
        h('td', {}, a.name || a.id, h('span', { class: 'muted small' }, ` ${a.id}`)),
        h('td', {}, h('span', { class: `dot dot-${a.presence}` }), presenceText(a.presence)),
        h('td', {}, h('div', { class: 'load' }, h('div', { class: 'load-bar' },
          h('div', { class: `load-fill${a.chats >= a.maxChats ? ' full' : ''}`, style: `width:${a.maxChats ? Math.min(100, (100 * a.chats) / a.maxChats) : 0}%` })),
        h('span', { class: 'load-text' }, `${a.chats} / ${a.maxChats}`))),
        h('td', { class: 'small' }, (a.groups || []).join('、')))));
  }

  async refreshCharts() {
    if (typeof window.Chart === 'undefined') {
      this.error.textContent = '图表库未加载（/console/webjars/chart.js）';
      return;
    }
    try {
      const c = await get('/api/dashboard/charts?hours=24');
      this.drawFrt(c.frt);
      this.drawHourly(c.hourly);
      this.drawContainment(c.containment);
      this.drawSatisfaction(c.satisfaction);
    } catch (err) {
      this.error.textContent = `图表数据加载失败：${errorText(err)}`;
    }
  }

  chart(id, config) {
    if (this.charts[id]) {
      this.charts[id].data = config.data;
      if (config.options && config.options.plugins) this.charts[id].options.plugins = config.options.plugins;
      this.charts[id].update();
      return;
    }
    config.options = { responsive: true, maintainAspectRatio: false, animation: false, ...config.options };
    this.charts[id] = new window.Chart(document.getElementById(id), config);
  }

  drawFrt(frt) {
    const total = frt.counts.reduce((a, b) => a + b, 0);
    const within = frt.counts.slice(0, 6).reduce((a, b) => a + b, 0);
    document.getElementById('chart-frt-title').textContent =
      `首次响应时间分布（24 小时）· 5 分钟内 ${total ? percent(within / total) : '—'}（${within} / ${total}）`;
    this.chart('chart-frt', {
      type: 'bar',
      data: { labels: FRT_LABELS, datasets: [{ label: '会话数', data: frt.counts,
        backgroundColor: frt.counts.map((_, i) => (i < 6 ? COLORS.green : COLORS.red)) }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      plugins: [slaLine],
    });
  }

  drawHourly(hourly) {
    const labels = hourly.map((x) => `${String(new Date(x.hour).getHours()).padStart(2, '0')}:00`);
    this.chart('chart-hourly', {
      type: 'bar',
      data: { labels, datasets: [
        { label: '客户消息', data: hourly.map((x) => x.messages), backgroundColor: COLORS.blue, order: 2 },
        { label: '机器人解答', data: hourly.map((x) => x.botAnswered), type: 'line', borderColor: COLORS.green, backgroundColor: COLORS.green, tension: 0.3, order: 1 },
        { label: '转人工', data: hourly.map((x) => x.escalations), type: 'line', borderColor: COLORS.amber, backgroundColor: COLORS.amber, tension: 0.3, order: 0 },
      ] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
    });
  }

  drawContainment(c) {
    document.getElementById('chart-containment-title').textContent =
      `机器人独立解决率 · ${percent(c.rate)}（${c.contained} / ${c.conversations} 个会话）`;
    this.chart('chart-containment', {
      type: 'doughnut',
      data: { labels: ['机器人解决', '转人工'], datasets: [{ data: [c.contained, Math.max(0, c.conversations - c.contained)],
        backgroundColor: [COLORS.green, COLORS.amber] }] },
      options: { cutout: '60%', plugins: { legend: { position: 'bottom' } } },
    });
  }

  drawSatisfaction(s) {
    document.getElementById('chart-satisfaction-title').textContent =
      `满意度评价 · 平均 ${s.average === null ? '—' : s.average.toFixed(2)} 分（${s.answered} 份）`;
    const scores = ['1', '2', '3', '4', '5'];
    this.chart('chart-satisfaction', {
      type: 'bar',
      data: { labels: scores.map((x) => `${x} 分`), datasets: [{ label: '评价数', data: scores.map((x) => s.distribution[x] || 0),
        backgroundColor: [COLORS.red, COLORS.amber, COLORS.grey, COLORS.blue, COLORS.green] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
}

function tile(label, value, detail, tone, id) {
  return h('div', { class: `tile${tone ? ` tile-${tone}` : ''}`, id },
    h('div', { class: 'tile-label' }, label), h('div', { class: 'tile-value' }, value), h('div', { class: 'tile-detail' }, detail));
}

/** Draws the 5-minute SLA line between the "4–5 min" and "5–10 min" bars of the FRT chart. */
const slaLine = {
  id: 'slaLine',
  afterDatasetsDraw(chart) {
    const x = chart.scales.x;
    const { top, bottom } = chart.chartArea;
    const at = (x.getPixelForValue(5) + x.getPixelForValue(6)) / 2;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = COLORS.red;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(at, top);
    ctx.lineTo(at, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = COLORS.red;
    ctx.font = '12px sans-serif';
    ctx.textAlign = 'right';
    ctx.fillText('5 分钟 SLA', at - 4, top + 12);
    ctx.restore();
  },
};
