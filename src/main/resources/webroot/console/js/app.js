// The console shell: hash routes (#/login, #/agent, #/dashboard, #/ops), the top bar and role checks.
import { session, onUnauthorized } from './api.js';
import { h, clear } from './util.js';
import { showLogin } from './login.js';
import { AgentView } from './agent.js';
import { DashboardView } from './dashboard.js';
import { OpsView } from './ops.js';

const PAGES = {
  agent: { title: '工作台', role: 'agent', view: AgentView },
  dashboard: { title: '实时监控', role: 'supervisor', alt: 'ops', view: DashboardView },
  ops: { title: '知识库运营', role: 'ops', view: OpsView },
};

let current = null;

function allowed(page) {
  return session.has(page.role) || (page.alt && session.has(page.alt));
}

function firstPage() {
  return Object.keys(PAGES).find((name) => allowed(PAGES[name])) || 'agent';
}

function route() {
  const [name, query] = location.hash.replace(/^#\/?/, '').split('?');
  if (current) {
    current.destroy();
    current = null;
  }
  const view = document.getElementById('view');
  const topbar = document.getElementById('topbar');
  if (!session.token) {
    topbar.hidden = true;
    const next = name && name !== 'login' ? name : new URLSearchParams(query || '').get('next');
    if (name !== 'login') {
      history.replaceState(null, '', `#/login${next ? `?next=${next}` : ''}`);
    }
    showLogin(view, () => {
      location.hash = `#/${next && PAGES[next] ? next : firstPage()}`;
    });
    return;
  }
  const page = PAGES[name];
  if (!page) {
    location.replace(`#/${firstPage()}`);
    return;
  }
  topbar.hidden = false;
  renderNav(name);
  if (!allowed(page)) {
    clear(view, h('div', { class: 'empty-page' }, h('h2', {}, '没有权限'),
      h('p', {}, `「${page.title}」需要 ${page.role} 角色，请联系管理员。`)));
    return;
  }
  document.title = `${page.title} · Kefu`;
  current = new page.view(view);
  window.kefuConsole = current; // a handle for diagnostics and the browser tests
}

function renderNav(active) {
  const nav = document.getElementById('nav');
  clear(nav, Object.entries(PAGES).filter(([, p]) => allowed(p)).map(([name, p]) =>
    h('a', { href: `#/${name}`, class: name === active ? 'active' : null, id: `nav-${name}` }, p.title)));
  const agent = session.agent || {};
  clear(document.getElementById('whoami'), `${agent.name || agent.id}（${agent.id}）`);
}

function logout() {
  if (current) current.destroy();
  current = null;
  session.clear();
  location.hash = '#/login';
}

onUnauthorized(() => {
  if (session.token) {
    session.clear();
    location.hash = '#/login?expired=1';
    route();
  }
});

document.getElementById('logout').addEventListener('click', logout);
window.addEventListener('hashchange', route);
route();
