// Small DOM and formatting helpers shared by the console pages. Text always goes in as text nodes, never as HTML.

/** h('div', {class: 'x', onclick: fn}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const pad = (n) => String(n).padStart(2, '0');

/** 83 000 ms → "1:23"; an hour or more → "1:02:03". */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  const negative = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  s -= minutes * 60;
  const text = hours > 0 ? `${hours}:${pad(minutes)}:${pad(s)}` : `${minutes}:${pad(s)}`;
  return negative ? '-' + text : text;
}

/** A wait or response time for people: "45 秒", "4 分 10 秒", "2 小时 5 分". */
export function humanDuration(ms) {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${s % 60} 秒`;
  return `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`;
}

export function clock(ms) {
  if (!ms) return '';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function dateTime(ms) {
  if (!ms) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function percent(x) {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
}

/**
 * How far a waiting chat is into its SLA: the share of (escalation → deadline) used and the level the console
 * colours it with (the server warns at 50 / 80 / 95 % and breaches at 100 %).
 */
export function slaLevel(escalatedAt, deadline, now) {
  const total = deadline - escalatedAt;
  const used = total > 0 ? (now - escalatedAt) / total : 1;
  let level = 'ok';
  if (used >= 1) level = 'breach';
  else if (used >= 0.95) level = 'critical';
  else if (used >= 0.8) level = 'danger';
  else if (used >= 0.5) level = 'warn';
  return { used, level, remainingMs: deadline - now };
}

let audio;
/** A short two-tone beep made with WebAudio (no sound file needed). */
export function beep() {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    const start = audio.currentTime;
    [880, 1320].forEach((freq, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.25, start + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.18);
      osc.stop(start + i * 0.18 + 0.17);
    });
  } catch (e) {
    // no audio device (headless): the visual notice is enough
  }
}

/** A transient message at the bottom of the screen. */
export function toast(text, kind = 'info') {
  let box = document.getElementById('toasts');
  if (!box) {
    box = h('div', { id: 'toasts' });
    document.body.append(box);
  }
  const item = h('div', { class: `toast toast-${kind}`, role: 'status' }, text);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

/** A modal dialog with a form; resolves with the FormData on submit, null on cancel. */
export function dialog(title, fields, submitLabel = '确定') {
  return new Promise((resolve) => {
    const form = h('form', { class: 'dialog-body' }, fields,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => done(null) }, '取消'),
        h('button', { type: 'submit', class: 'btn btn-primary' }, submitLabel)));
    const overlay = h('div', { class: 'overlay' }, h('div', { class: 'dialog', role: 'dialog' },
      h('h3', {}, title), form));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      done(new FormData(form));
    });
    overlay.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') done(null);
    });
    function done(value) {
      overlay.remove();
      resolve(value);
    }
    document.body.append(overlay);
    const first = form.querySelector('input, select, textarea, button[type=submit]');
    if (first) first.focus();
  });
}

const PRESENCE = { online: '在线', away: '离开', offline: '离线' };
export const presenceText = (p) => PRESENCE[p] || p;

const STATES = { BOT: '机器人', QUEUED: '排队中', ASSIGNED: '人工服务中', CLOSED: '已结束' };
export const stateText = (s) => STATES[s] || s;
