// The login screen: id + password → token kept in sessionStorage (gone when the tab closes).
import { api, session, errorText } from './api.js';
import { h, clear } from './util.js';

export function showLogin(view, onDone) {
  const expired = location.hash.includes('expired=1');
  const error = h('div', { class: 'form-error', id: 'login-error', role: 'alert' },
    expired ? '登录已失效，请重新登录。' : '');
  const id = h('input', { id: 'login-id', name: 'id', autocomplete: 'username', required: true, placeholder: '例如 li.na' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const submit = h('button', { id: 'login-submit', class: 'btn btn-primary btn-block', type: 'submit' }, '登录');
  const form = h('form', { class: 'login-card', id: 'login-form' },
    h('div', { class: 'login-brand' }, 'Kefu', h('span', {}, '客服工作台')),
    h('p', { class: 'muted' }, '请使用管理员为您创建的客服账号登录。'),
    h('label', {}, '账号', id),
    h('label', {}, '密码', password),
    error, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      const reply = await api('POST', '/api/login', { id: id.value.trim(), password: password.value });
      session.save(reply.token, reply.agent);
      if ('Notification' in window && Notification.permission === 'default') {
        Notification.requestPermission().catch(() => {});
      }
      onDone();
    } catch (err) {
      error.textContent = errorText(err);
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  clear(view, h('div', { class: 'login-page' }, form));
  id.focus();
}
