// The agent API as the console uses it: the session (token in sessionStorage), JSON calls and the live WebSocket.

const TOKEN = 'kefu.token';
const AGENT = 'kefu.agent';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN);
  },
  get agent() {
    try {
      return JSON.parse(sessionStorage.getItem(AGENT) || 'null');
    } catch (e) {
      return null;
    }
  },
  save(token, agent) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(AGENT, JSON.stringify(agent));
  },
  clear() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(AGENT);
  },
  has(role) {
    const roles = (this.agent && this.agent.roles) || [];
    if (roles.includes('admin')) return true;
    if (role === 'agent') return roles.includes('agent') || roles.includes('supervisor');
    return roles.includes(role);
  },
};

/** An API failure: HTTP status plus the server's {error, message}. */
export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.body = body || {};
  }
}

const listeners = { unauthorized: [] };
export function onUnauthorized(fn) {
  listeners.unauthorized.push(fn);
}

const MESSAGES = {
  unauthorized: '登录已失效，请重新登录',
  forbidden: '没有权限执行此操作',
  not_found: '找不到该对象',
  conflict: '状态已变化，请刷新后再试',
  invalid_credentials: '账号或密码错误',
  locked: '失败次数过多，账号已暂时锁定',
  account_disabled: '账号已停用',
  corpus_invalid: '知识库校验未通过',
  not_delivered: '消息未送达',
};

/** A message for people: the server's text when it is Chinese, else a translation of the code. */
export function errorText(err) {
  if (!(err instanceof ApiError)) return `网络错误：${err.message || err}`;
  if (err.message && /[\u4e00-\u9fff]/.test(err.message)) return err.message;
  return MESSAGES[err.code] ? `${MESSAGES[err.code]}（${err.message}）` : `${err.code || err.status}：${err.message}`;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch (e) {
    json = { error: 'bad_response', message: text.slice(0, 200) };
  }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/login') listeners.unauthorized.forEach((fn) => fn());
    throw new ApiError(response.status, json.error, json.message, json);
  }
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/**
 * The live channel: connects to /api/ws with the token, reconnects with back-off after a drop and asks for a
 * resync when it is back (the server also sends a sync on connect), pings every 25 s.
 */
export class LiveSocket {
  constructor(onEvent, onState) {
    this.onEvent = onEvent;
    this.onState = onState || (() => {});
    this.attempt = 0;
    this.stopped = false;
    this.open();
  }

  open() {
    if (this.stopped || !session.token) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/api/ws?token=${encodeURIComponent(session.token)}`);
    this.ws = ws;
    this.onState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    ws.onopen = () => {
      this.attempt = 0;
      this.onState('open');
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.send({ type: 'ping' }), 25000);
    };
    ws.onmessage = (e) => {
      let event;
      try {
        event = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      if (event.type !== 'pong') this.onEvent(event);
    };
    ws.onclose = (e) => {
      clearInterval(this.pinger);
      if (this.ws !== ws || this.stopped) return;
      if (e.code === 4401) {
        this.onState('closed');
        listeners.unauthorized.forEach((fn) => fn());
        return;
      }
      this.attempt += 1;
      const wait = Math.min(15000, 500 * 2 ** Math.min(this.attempt, 5));
      this.onState('reconnecting');
      this.timer = setTimeout(() => this.open(), wait);
    };
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  resync() {
    return this.send({ type: 'resync' });
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    if (this.ws) this.ws.close();
  }
}
