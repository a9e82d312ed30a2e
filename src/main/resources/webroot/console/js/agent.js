// The agent's workspace: presence, queue, my chats, the open chat (transcript, composer, actions) and the customer panel.
import { get, post, put, session, errorText, LiveSocket, ApiError } from './api.js';
import { h, clear, duration, humanDuration, clock, dateTime, slaLevel, beep, toast, dialog, presenceText, stateText } from './util.js';

const SLA_TEXT = { ok: '正常', warn: '已过半', danger: '即将超时', critical: '马上超时', breach: '已超时' };
const FAILED_PREFIX = '客服消息未送达：';
const TYPING_EVERY_MS = 5000;
const REFRESHING_EVENTS = new Set(['chat.queued', 'chat.assigned', 'chat.accepted', 'chat.requeued',
  'chat.transferred', 'chat.ticket', 'chat.closed', 'chat.first_response', 'survey.answered']);

export class AgentView {
  constructor(root) {
    this.root = root;
    this.me = session.agent || {};
    this.presence = 'offline';
    this.chats = [];
    this.queue = [];
    this.unread = new Map();
    this.preview = new Map();
    this.names = new Map();
    this.pending = new Map(); // conversationId → [{localId, text, mode, status, reason}]
    this.currentId = null;
    this.detail = null;
    this.mode = 'reply';
    this.lastTyping = 0;
    this.render();
    this.socket = new LiveSocket((e) => this.onEvent(e), (s) => this.onConnection(s));
    this.ticker = setInterval(() => this.tick(), 1000);
    this.keys = (e) => this.onKey(e);
    document.addEventListener('keydown', this.keys);
  }

  destroy() {
    this.socket.close();
    clearInterval(this.ticker);
    clearTimeout(this.resyncTimer);
    document.removeEventListener('keydown', this.keys);
    const connection = document.getElementById('connection');
    if (connection) connection.textContent = '';
  }

  // ------------------------------------------------------------------ layout

  render() {
    this.presenceSelect = h('select', { id: 'presence', onchange: () => this.setPresence(this.presenceSelect.value) },
      ['online', 'away', 'offline'].map((p) => h('option', { value: p }, presenceText(p))));
    this.presenceHint = h('div', { class: 'presence-hint', id: 'presence-hint' });
    this.queueList = h('ul', { class: 'list', id: 'queue-list' });
    this.queueCount = h('span', { class: 'count', id: 'queue-count' }, '0');
    this.chatList = h('ul', { class: 'list', id: 'chat-list' });
    this.chatCount = h('span', { class: 'count', id: 'chat-count' }, '0');
    this.chatPane = h('section', { class: 'chat-pane', id: 'chat-pane' });
    this.customerPane = h('aside', { class: 'customer-pane', id: 'customer-pane' });
    clear(this.root, h('div', { class: 'agent-layout' },
      h('aside', { class: 'sidebar' },
        h('div', { class: 'presence-box' }, h('label', { for: 'presence' }, '我的状态'), this.presenceSelect,
          this.presenceHint),
        h('section', { class: 'side-section' }, h('h3', {}, '排队中', this.queueCount), this.queueList),
        h('section', { class: 'side-section' }, h('h3', {}, '我的会话', this.chatCount), this.chatList),
        h('div', { class: 'shortcuts', id: 'shortcuts' }, h('strong', {}, '快捷键'),
          h('div', {}, h('kbd', {}, 'Alt'), '+', h('kbd', {}, 'N'), ' 下一个会话'),
          h('div', {}, h('kbd', {}, 'Alt'), '+', h('kbd', {}, 'A'), ' 接入会话'),
          h('div', {}, h('kbd', {}, 'Alt'), '+', h('kbd', {}, 'C'), ' 结束会话'),
          h('div', {}, h('kbd', {}, '/'), ' 搜索快捷回复'),
          h('div', {}, h('kbd', {}, 'Enter'), ' 发送 · ', h('kbd', {}, 'Shift'), '+', h('kbd', {}, 'Enter'), ' 换行'))),
      this.chatPane, this.customerPane));
    this.renderPresence();
    this.renderEmptyChat();
  }

  renderPresence() {
    this.presenceSelect.value = this.presence;
    this.presenceSelect.className = `presence presence-${this.presence}`;
    this.presenceHint.textContent = this.presence === 'online' ? '系统会自动为您分配新会话'
      : '您当前不在线，不会被分配新会话；从排队中接入会话时会自动切换为在线';
  }

  renderEmptyChat() {
    clear(this.chatPane, h('div', { class: 'empty-chat' },
      emptyIcon(),
      h('h2', {}, '请选择一个会话'),
      h('p', {}, '左侧「排队中」是等待人工的客户，点击「接入」开始服务；「我的会话」是分配给您的客户。'),
      h('p', { class: 'muted' }, '状态设为「在线」后，系统会按 SLA 自动为您分配会话，并以声音和通知提醒。')));
    clear(this.customerPane);
  }

  onConnection(state) {
    // events missed while the socket was down are not replayed: the sync after a reconnect reloads the open chat
    if (state === 'reconnecting') this.missedEvents = true;
    const el = document.getElementById('connection');
    if (!el) return;
    const text = { open: '● 已连接', connecting: '● 连接中…', reconnecting: '● 连接断开，正在重连…', closed: '● 未连接' };
    el.textContent = text[state] || state;
    el.className = `connection connection-${state}`;
  }

  // ------------------------------------------------------------------ live events

  onEvent(event) {
    switch (event.type) {
      case 'sync':
        this.applySync(event);
        break;
      case 'chat.message':
      case 'chat.note':
        this.onEntry(event);
        break;
      case 'message.failed':
        if (event.conversationId === this.currentId) this.reloadChat();
        break;
      case 'sla.breach':
        if (event.agent === this.me.id) toast(`会话 ${this.nameOf(event.conversation)} 已超过首次响应时限`, 'error');
        break;
      case 'error':
        toast(`实时连接：${event.message}`, 'error');
        break;
      default:
        break;
    }
    if (event.type === 'chat.assigned' && event.agent === this.me.id && event.how !== 'pull') this.notifyAssigned(event);
    if (REFRESHING_EVENTS.has(event.type)) {
      this.scheduleResync();
      if (event.conversationId === this.currentId) this.reloadChat();
    }
  }

  scheduleResync() {
    clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => this.socket.resync(), 150);
  }

  applySync(sync) {
    this.me = { ...this.me, ...sync.me };
    this.presence = sync.me.presence;
    this.chats = sync.chats || [];
    this.queue = sync.queue || [];
    this.renderPresence();
    this.renderLists();
    [...this.chats, ...this.queue].forEach((c) => this.loadName(c));
    if (this.currentId && !this.detail) this.openChat(this.currentId);
    else if (this.currentId && this.missedEvents) this.reloadChat();
    this.missedEvents = false;
  }

  onEntry(event) {
    const id = event.conversationId;
    const entry = event.entry;
    if (entry.author === 'customer') this.preview.set(id, entry.kind === 'image' ? '[图片]' : entry.text);
    if (id === this.currentId && this.detail) {
      this.appendEntry(entry);
    } else if (entry.author === 'customer' && this.chats.some((c) => c.id === id)) {
      this.unread.set(id, (this.unread.get(id) || 0) + 1);
    }
    this.renderLists();
  }

  notifyAssigned(event) {
    const name = this.nameOf(event.conversation);
    beep();
    toast(`新会话：${name}`, 'info');
    if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
      const n = new Notification('新的客户会话', { body: `${name} 已分配给您，请尽快回复`, tag: event.conversationId });
      n.onclick = () => {
        window.focus();
        this.openChat(event.conversationId);
      };
    }
  }

  // ------------------------------------------------------------------ lists

  nameOf(c) {
    if (!c) return '';
    return this.names.get(c.customerId) || `用户 ${(c.customer || '').slice(-6)}`;
  }

  async loadName(c) {
    if (!c.customerId || this.names.has(c.customerId)) return;
    this.names.set(c.customerId, null);
    try {
      const profile = await get(`/api/customers/${encodeURIComponent(c.customerId)}`);
      if (profile.nickname) {
        this.names.set(c.customerId, profile.nickname);
        this.renderLists();
      }
    } catch (e) {
      // the openid fallback stays
    }
  }

  renderLists() {
    this.queueCount.textContent = String(this.queue.length);
    this.chatCount.textContent = String(this.chats.length);
    clear(this.queueList, this.queue.length === 0 ? h('li', { class: 'list-empty' }, '暂无排队的客户')
      : this.queue.map((c) => this.queueItem(c)));
    clear(this.chatList, this.chats.length === 0 ? h('li', { class: 'list-empty' }, '暂无会话')
      : this.chats.map((c) => this.chatItem(c)));
    this.tick();
  }

  badges(c) {
    return [c.vip ? h('span', { class: 'badge badge-vip', title: 'VIP 客户' }, 'VIP') : null,
      c.tier && c.tier !== 'normal' ? h('span', { class: 'badge badge-tier' }, tierText(c.tier)) : null,
      c.ticket ? h('span', { class: 'badge badge-ticket', title: '客户已留言' }, '留言') : null];
  }

  slaMeter(c) {
    return h('div', { class: 'sla', dataset: { escalated: c.escalatedAt, deadline: c.deadline } },
      h('div', { class: 'sla-bar' }, h('div', { class: 'sla-fill' })), h('span', { class: 'sla-text' }));
  }

  queueItem(c) {
    return h('li', { class: 'item queue-item', dataset: { id: c.id } },
      h('div', { class: 'item-top' }, h('span', { class: 'item-name' }, this.nameOf(c)), this.badges(c),
        h('span', { class: 'item-meta' }, `第 ${c.position} 位 · ${c.skill}`)),
      this.slaMeter(c),
      h('div', { class: 'item-actions' },
        h('button', { class: 'btn btn-small', type: 'button', onclick: () => this.openChat(c.id) }, '查看'),
        h('button', { class: 'btn btn-small btn-primary accept', type: 'button', dataset: { id: c.id },
          onclick: () => this.accept(c.id) }, '接入')));
  }

  chatItem(c) {
    const unread = this.unread.get(c.id) || 0;
    return h('li', { class: `item chat-item${c.id === this.currentId ? ' active' : ''}`, dataset: { id: c.id },
      onclick: () => this.openChat(c.id) },
    h('div', { class: 'item-top' }, h('span', { class: 'item-name' }, this.nameOf(c)), this.badges(c),
      !c.acceptedAt ? h('span', { class: 'badge badge-new' }, '待接入') : null,
      unread > 0 ? h('span', { class: 'unread', title: `${unread} 条未读` }, String(unread)) : null),
    h('div', { class: 'item-preview' }, this.preview.get(c.id) || reasonText(c.reason)),
    c.firstResponseAt ? null : this.slaMeter(c));
  }

  /** Once a second: SLA countdowns and the window's time left, without rebuilding the lists. */
  tick() {
    const now = Date.now();
    this.root.querySelectorAll('.sla[data-deadline]').forEach((el) => {
      const sla = slaLevel(Number(el.dataset.escalated), Number(el.dataset.deadline), now);
      el.className = `sla sla-${sla.level}`;
      el.querySelector('.sla-fill').style.width = `${Math.min(100, sla.used * 100).toFixed(1)}%`;
      el.querySelector('.sla-text').textContent = sla.remainingMs > 0
        ? `首次响应剩余 ${duration(sla.remainingMs)} · ${SLA_TEXT[sla.level]}`
        : `已超时 ${duration(-sla.remainingMs)}`;
    });
    const windowTime = this.root.querySelector('#window-time');
    if (windowTime && this.detail && this.detail.window.expiresAt) {
      windowTime.textContent = duration(Math.max(0, this.detail.window.expiresAt - now));
    }
  }

  // ------------------------------------------------------------------ actions

  async setPresence(presence) {
    try {
      const reply = await put('/api/me/presence', { presence });
      this.presence = reply.presence;
      if (reply.requeued && reply.requeued.length) toast(`${reply.requeued.length} 个会话已退回排队`, 'info');
      this.renderPresence();
      this.socket.resync();
    } catch (err) {
      toast(`切换状态失败：${errorText(err)}`, 'error');
      this.renderPresence();
    }
  }

  async accept(id) {
    try {
      if (this.presence !== 'online') {
        // the router only gives chats to online agents, and so does taking one from the queue
        await this.setPresence('online');
        if (this.presence !== 'online') return;
        toast('接入会话需要在线状态，已为您切换为「在线」', 'info');
      }
      try {
        await post(`/api/chats/${id}/accept`);
      } catch (err) {
        // going online lets the router assign the chat at the same moment; it is then ours to confirm
        if (!(err instanceof ApiError && err.status === 409)) throw err;
        await post(`/api/chats/${id}/accept`);
      }
      this.unread.delete(id);
      this.socket.resync();
      await this.openChat(id);
    } catch (err) {
      toast(`接入失败：${errorText(err)}`, 'error');
      this.socket.resync();
    }
  }

  async openChat(id) {
    this.currentId = id;
    this.unread.delete(id);
    this.renderLists();
    try {
      this.detail = await get(`/api/chats/${id}`);
    } catch (err) {
      this.detail = null;
      clear(this.chatPane, h('div', { class: 'empty-chat' }, h('h2', {}, '无法打开会话'), h('p', {}, errorText(err))));
      return;
    }
    if (this.currentId !== id) return;
    this.renderChat();
    this.renderCustomer(this.detail.conversation);
  }

  async reloadChat() {
    if (!this.currentId) return;
    try {
      const detail = await get(`/api/chats/${this.currentId}`);
      if (detail.conversation.id !== this.currentId) return;
      this.detail = detail;
      this.renderChat();
    } catch (err) {
      // the next event or sync retries
    }
  }

  mine() {
    const c = this.detail && this.detail.conversation;
    return c && c.state === 'ASSIGNED' && c.agent === this.me.id;
  }

  // ------------------------------------------------------------------ chat pane

  renderChat() {
    const { conversation: c, window: w } = this.detail;
    const mine = this.mine();
    this.transcript = h('div', { class: 'transcript', id: 'transcript' });
    this.seen = new Set();
    this.detail.transcript.forEach((e) => this.appendEntry(e, false));
    (this.pending.get(c.id) || []).forEach((p) => this.transcript.append(this.pendingBubble(c.id, p)));

    const actions = [];
    if (c.state === 'QUEUED' || (mine && !c.acceptedAt)) {
      actions.push(h('button', { class: 'btn btn-primary', id: 'chat-accept', type: 'button',
        onclick: () => this.accept(c.id) }, '接入 (Alt+A)'));
    }
    if (mine) {
      actions.push(h('button', { class: 'btn', id: 'chat-transfer', type: 'button', onclick: () => this.transfer() },
        '转接'));
      actions.push(h('button', { class: 'btn btn-danger', id: 'chat-close', type: 'button',
        onclick: () => this.closeChat() }, '结束会话 (Alt+C)'));
    }
    const header = h('div', { class: 'chat-header' },
      h('div', { class: 'chat-title' }, h('h2', {}, this.nameOf(c)), this.badges(c),
        h('span', { class: `state state-${c.state}` }, stateText(c.state)),
        h('span', { class: 'muted' }, `${c.skill} · ${reasonText(c.reason)}`)),
      h('div', { class: 'chat-actions' }, actions));
    const status = h('div', { class: 'chat-status' },
      c.firstResponseAt ? h('span', { class: 'frt-done' }, `首次响应用时 ${humanDuration(c.firstResponseAt - c.escalatedAt)}`)
        : (c.state === 'CLOSED' ? null : this.slaMeter(c)),
      this.windowInfo(w));
    // a reload of the same chat keeps the composer as it is (draft, caret, focus, open canned list)
    const keep = mine && this.composerEl && this.composerFor === `${c.id}|${this.mode}`;
    if (!keep) this.composerEl = mine ? this.composer(w) : null;
    this.composerFor = mine ? `${c.id}|${this.mode}` : null;
    if (keep) this.composerEl.querySelector('#composer-send').disabled = !w.open && this.mode === 'reply';
    clear(this.chatPane, header, status, this.transcript, mine ? this.composerEl : h('div', { class: 'composer-off' },
      c.state === 'QUEUED' ? '接入后即可回复客户' : (c.state === 'CLOSED' ? '会话已结束' : '该会话不属于您，仅可查看')));
    this.scrollDown();
    this.tick();
    if (mine && this.input && !keep) this.input.focus();
  }

  windowInfo(w) {
    if (!w.open) {
      return h('div', { class: 'window window-closed', id: 'window' },
        w.closedByWeChat ? '客服消息窗口已被微信关闭，客户再次发消息后才能回复' : '48 小时客服消息窗口已关闭，客户再次发消息后才能回复');
    }
    const low = w.remainingMessages <= 1;
    return h('div', { class: `window${low ? ' window-low' : ''}`, id: 'window', title: '微信只允许在客户最后一次发消息后 48 小时内、最多 5 条客服消息' },
      '消息窗口：剩余 ', h('strong', { id: 'window-messages' }, String(w.remainingMessages)), ` / ${w.quota} 条 · 剩余时间 `,
      h('strong', { id: 'window-time' }, duration(w.remainingMs)));
  }

  appendEntry(entry, scroll = true) {
    const key = `${entry.at}|${entry.author}|${entry.kind}|${entry.text}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.transcript.append(bubble(entry));
    if (scroll) this.scrollDown();
  }

  scrollDown() {
    requestAnimationFrame(() => {
      if (this.transcript) this.transcript.scrollTop = this.transcript.scrollHeight;
    });
  }

  pendingBubble(conversationId, p) {
    const failed = p.status === 'failed';
    return h('div', { class: `msg msg-agent${p.mode === 'note' ? ' msg-note' : ''} msg-${p.status}`, dataset: { local: p.localId } },
      h('div', { class: 'msg-meta' }, p.mode === 'note' ? '内部备注' : '我', ' · ', failed ? '发送失败' : '发送中…'),
      h('div', { class: 'msg-body' }, p.text),
      failed ? h('div', { class: 'msg-error' }, h('span', {}, p.reason),
        h('button', { class: 'btn btn-small retry', type: 'button', onclick: () => this.retry(conversationId, p) }, '重试'),
        h('button', { class: 'btn btn-small btn-ghost', type: 'button', onclick: () => this.dropPending(conversationId, p) }, '删除'))
        : null);
  }

  composer(w) {
    this.input = h('textarea', { id: 'composer-input', rows: 3, placeholder: '输入回复，Enter 发送；输入 / 搜索快捷回复' });
    this.canned = h('ul', { class: 'canned', id: 'canned', hidden: true });
    const tab = (mode, label) => h('button', { type: 'button', class: `tab${this.mode === mode ? ' active' : ''}`,
      id: `mode-${mode}`, onclick: () => {
        this.mode = mode;
        this.renderChat();
        this.input.focus();
      } }, label);
    const send = h('button', { class: 'btn btn-primary', id: 'composer-send', type: 'button', disabled: !w.open && this.mode === 'reply',
      onclick: () => this.submit() }, this.mode === 'note' ? '添加备注' : '发送');
    this.input.addEventListener('keydown', (e) => this.onComposerKey(e));
    this.input.addEventListener('input', () => this.onComposerInput());
    return h('div', { class: `composer composer-${this.mode}` },
      h('div', { class: 'composer-tabs' }, tab('reply', '回复客户'), tab('note', '内部备注'),
        h('span', { class: 'composer-hint', id: 'typing-hint' }, this.mode === 'note' ? '备注仅客服可见，不会发给客户' : '')),
      this.canned, this.input, h('div', { class: 'composer-actions' }, send));
  }

  onComposerInput() {
    const text = this.input.value;
    if (this.mode === 'reply' && text && Date.now() - this.lastTyping > TYPING_EVERY_MS) {
      this.lastTyping = Date.now();
      if (this.socket.send({ type: 'typing', conversationId: this.currentId, typing: true })) {
        const hint = this.chatPane.querySelector('#typing-hint');
        if (hint) hint.textContent = '客户看到「对方正在输入…」';
      }
    }
    if (text.startsWith('/')) this.searchCanned(text.slice(1));
    else this.canned.hidden = true;
  }

  async searchCanned(query) {
    clearTimeout(this.cannedTimer);
    this.cannedTimer = setTimeout(async () => {
      try {
        const { replies } = await get(`/api/canned?q=${encodeURIComponent(query)}&limit=8`);
        this.cannedItems = replies;
        this.cannedIndex = 0;
        clear(this.canned, replies.length === 0 ? h('li', { class: 'list-empty' }, '没有匹配的快捷回复')
          : replies.map((r, i) => h('li', { class: i === 0 ? 'active' : null, dataset: { index: i },
            onmousedown: (e) => {
              e.preventDefault();
              this.pickCanned(i);
            } }, h('strong', {}, r.title || r.id), h('span', {}, r.text))));
        this.canned.hidden = false;
      } catch (err) {
        toast(`快捷回复搜索失败：${errorText(err)}`, 'error');
      }
    }, 150);
  }

  pickCanned(i) {
    const reply = this.cannedItems && this.cannedItems[i];
    if (!reply) return;
    this.input.value = reply.text;
    this.canned.hidden = true;
    this.input.focus();
  }

  onComposerKey(e) {
    if (!this.canned.hidden && this.cannedItems && this.cannedItems.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = this.cannedItems.length;
        this.cannedIndex = (this.cannedIndex + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
        this.canned.querySelectorAll('li').forEach((li, i) => li.classList.toggle('active', i === this.cannedIndex));
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        this.pickCanned(this.cannedIndex);
        return;
      }
      if (e.key === 'Escape') {
        this.canned.hidden = true;
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    }
  }

  submit() {
    const text = this.input.value.trim();
    if (!text || !this.currentId) return;
    if (this.mode === 'reply' && this.detail && !this.detail.window.open) {
      toast('客服消息窗口已关闭，无法发送；可以添加内部备注', 'error');
      return;
    }
    this.input.value = '';
    this.canned.hidden = true;
    const p = { localId: `l${Date.now()}${Math.random().toString(16).slice(2, 6)}`, text, mode: this.mode, status: 'sending' };
    const list = this.pending.get(this.currentId) || [];
    list.push(p);
    this.pending.set(this.currentId, list);
    this.transcript.append(this.pendingBubble(this.currentId, p));
    this.scrollDown();
    this.deliver(this.currentId, p);
  }

  async deliver(conversationId, p) {
    try {
      const reply = p.mode === 'note'
        ? await post(`/api/chats/${conversationId}/notes`, { text: p.text })
        : await post(`/api/chats/${conversationId}/messages`, { type: 'text', text: p.text });
      this.dropPending(conversationId, p, false);
      if (conversationId === this.currentId && this.detail) {
        if (reply.entry) this.appendEntry(reply.entry);
        if (reply.window) this.updateWindow(reply.window);
      }
    } catch (err) {
      p.status = 'failed';
      p.reason = err instanceof ApiError && err.code === 'not_delivered' ? `未送达：${err.message}` : errorText(err);
      this.replacePending(conversationId, p);
    }
  }

  updateWindow(w) {
    this.detail.window = w;
    const el = this.chatPane.querySelector('#window');
    if (el) el.replaceWith(this.windowInfo(w));
  }

  retry(conversationId, p) {
    p.status = 'sending';
    p.reason = null;
    this.replacePending(conversationId, p);
    this.deliver(conversationId, p);
  }

  replacePending(conversationId, p) {
    if (conversationId !== this.currentId || !this.transcript) return;
    const el = this.transcript.querySelector(`[data-local="${p.localId}"]`);
    if (el) el.replaceWith(this.pendingBubble(conversationId, p));
  }

  dropPending(conversationId, p, render = true) {
    this.pending.set(conversationId, (this.pending.get(conversationId) || []).filter((x) => x !== p));
    if (conversationId === this.currentId && this.transcript) {
      const el = this.transcript.querySelector(`[data-local="${p.localId}"]`);
      if (el) el.remove();
    }
    if (render) this.scrollDown();
  }

  async transfer() {
    const c = this.detail.conversation;
    const groups = (this.me.groups || []).filter(Boolean);
    const data = await dialog('转接会话', [
      h('p', { class: 'muted' }, '转给一个技能组（由系统分配）或指定客服。客户的首次响应时限不变。'),
      h('label', {}, '技能组', h('input', { name: 'group', list: 'transfer-groups', placeholder: c.skill }),
        h('datalist', { id: 'transfer-groups' }, groups.map((g) => h('option', { value: g })))),
      h('label', {}, '或指定客服账号', h('input', { name: 'agent', placeholder: '例如 wang.fang' })),
    ], '转接');
    if (!data) return;
    const agent = String(data.get('agent') || '').trim();
    const group = String(data.get('group') || '').trim();
    if (!agent && !group) {
      toast('请填写技能组或客服账号', 'error');
      return;
    }
    try {
      await post(`/api/chats/${c.id}/transfer`, agent ? { agent } : { group });
      toast(`已转接给 ${agent || group}`, 'info');
      this.currentId = null;
      this.detail = null;
      this.renderEmptyChat();
      this.socket.resync();
    } catch (err) {
      toast(`转接失败：${errorText(err)}`, 'error');
    }
  }

  async closeChat() {
    if (!this.mine()) return;
    const c = this.detail.conversation;
    const data = await dialog('结束会话', [h('p', {}, `确定结束与「${this.nameOf(c)}」的会话吗？窗口允许时，系统会向客户发送满意度评价。`)],
      '结束会话');
    if (!data) return;
    try {
      await post(`/api/chats/${c.id}/close`);
      toast('会话已结束', 'info');
      this.socket.resync();
      this.reloadChat();
    } catch (err) {
      toast(`结束失败：${errorText(err)}`, 'error');
    }
  }

  onKey(e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.code === 'KeyN') {
      e.preventDefault();
      this.nextChat();
    } else if (e.code === 'KeyA') {
      e.preventDefault();
      const c = this.detail && this.detail.conversation;
      if (c && (c.state === 'QUEUED' || (this.mine() && !c.acceptedAt))) this.accept(c.id);
      else if (this.queue.length) this.accept(this.queue[0].id);
      else toast('没有可接入的会话', 'info');
    } else if (e.code === 'KeyC') {
      e.preventDefault();
      this.closeChat();
    }
  }

  /** The next of my chats: one with unread messages first, else the one after the open chat. */
  nextChat() {
    if (!this.chats.length) {
      toast('暂无会话', 'info');
      return;
    }
    const unread = this.chats.find((c) => c.id !== this.currentId && (this.unread.get(c.id) || 0) > 0);
    const index = this.chats.findIndex((c) => c.id === this.currentId);
    const next = unread || this.chats[(index + 1) % this.chats.length];
    this.openChat(next.id);
  }

  // ------------------------------------------------------------------ customer panel

  async renderCustomer(c) {
    if (!c.customerId) {
      clear(this.customerPane);
      return;
    }
    const cid = encodeURIComponent(c.customerId);
    let profile;
    try {
      profile = await get(`/api/customers/${cid}`);
    } catch (err) {
      clear(this.customerPane, h('p', { class: 'form-error' }, `客户资料加载失败：${errorText(err)}`));
      return;
    }
    if (profile.nickname) this.names.set(c.customerId, profile.nickname);
    const history = h('ul', { class: 'history', id: 'history' }, h('li', { class: 'list-empty' }, '加载中…'));
    const tags = Object.entries(profile.tags || {});
    const tagDim = h('input', { id: 'tag-dim', placeholder: '维度，如 偏好品类' });
    const tagValue = h('input', { id: 'tag-value', placeholder: '值，如 美妆' });
    const field = (label, name, value, options) => h('label', {}, label,
      h('input', { name, value: value || '', list: options ? `${name}-options` : null }),
      options ? h('datalist', { id: `${name}-options` }, Object.entries(options).map(([v, t]) => h('option', { value: v }, t))) : null);
    const form = h('form', { class: 'profile-form', id: 'profile-form' },
      field('昵称', 'nickname', profile.nickname), field('会员等级', 'tier', profile.tier, TIERS),
      field('生命周期', 'stage', profile.stage, STAGES),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'vip', checked: profile.vip }), 'VIP 客户'),
      h('label', {}, '备注', h('textarea', { name: 'note', rows: 2 }, profile.note || '')),
      h('button', { class: 'btn btn-small btn-primary', type: 'submit' }, '保存资料'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const data = new FormData(form);
      this.saveProfile(c, {
        nickname: data.get('nickname') || null, tier: data.get('tier') || null, stage: data.get('stage') || null,
        note: data.get('note') || null, vip: data.get('vip') === 'on',
      });
    });
    clear(this.customerPane,
      h('h3', {}, '客户资料'),
      h('div', { class: 'profile-head' }, h('div', { class: 'avatar' }, (profile.nickname || '客').slice(0, 1)),
        h('div', {}, h('div', { class: 'profile-name' }, profile.nickname || '未命名客户', profile.vip ? h('span', { class: 'badge badge-vip' }, 'VIP') : null),
          h('div', { class: 'muted small' }, `会员等级：${tierText(profile.tier)} · ${STAGES[profile.stage] || profile.stage || '—'}`),
          h('div', { class: 'muted small mono' }, profile.openId || ''))),
      h('h4', {}, '标签'),
      h('div', { class: 'tags', id: 'tags' }, tags.length === 0 ? h('span', { class: 'muted small' }, '暂无标签')
        : tags.map(([dim, value]) => h('span', { class: 'tag' }, `${dim}：${value}`,
          h('button', { type: 'button', class: 'tag-remove', title: '删除标签', onclick: () => this.saveProfile(c, { tags: { [dim]: null } }) }, '×')))),
      h('form', { class: 'tag-add', onsubmit: (e) => {
        e.preventDefault();
        if (tagDim.value.trim() && tagValue.value.trim()) this.saveProfile(c, { tags: { [tagDim.value.trim()]: tagValue.value.trim() } });
      } }, tagDim, tagValue, h('button', { class: 'btn btn-small', type: 'submit', id: 'tag-add' }, '添加')),
      h('details', {}, h('summary', {}, '编辑资料'), form),
      h('h4', {}, '历史会话'), history);
    try {
      const { conversations } = await get(`/api/customers/${cid}/history?limit=10`);
      clear(history, conversations.length === 0 ? h('li', { class: 'list-empty' }, '没有历史会话')
        : conversations.map((s) => h('li', { class: s.conversationId === c.id ? 'current' : null,
          onclick: () => s.conversationId !== c.id && this.openChat(s.conversationId) },
        h('div', { class: 'history-top' }, dateTime(s.createdAt), h('span', { class: `state state-${s.state}` }, stateText(s.state))),
        h('div', { class: 'muted small' }, `${s.messages} 条消息 · ${s.lastText || ''}`))));
    } catch (err) {
      clear(history, h('li', { class: 'form-error' }, `历史会话加载失败：${errorText(err)}`));
    }
  }

  async saveProfile(c, patch) {
    try {
      await put(`/api/customers/${encodeURIComponent(c.customerId)}`, patch);
      toast('客户资料已保存', 'info');
      this.renderCustomer(c);
      this.renderLists();
    } catch (err) {
      toast(`保存失败：${errorText(err)}`, 'error');
    }
  }
}

const REASONS = { 'human requested': '客户要求人工', complaint: '投诉', 'negative sentiment': '客户情绪不佳',
  missed: '机器人未能回答', intent: '业务需人工', keyword: '客户要求人工' };
function reasonText(reason) {
  if (!reason) return '转人工';
  const key = Object.keys(REASONS).find((k) => reason.startsWith(k));
  return key ? REASONS[key] : reason;
}

// the wire values of the shipped customer schema (CustomerSchema.DEFAULT); other values show as they are
const TIERS = { normal: '普通会员', silver: '白银会员', gold: '黄金会员', platinum: '铂金会员' };
const STAGES = { new: '新客', active: '活跃', loyal: '忠实', at_risk: '流失风险', churned: '已流失' };
const tierText = (tier) => TIERS[tier] || tier || '普通会员';

function emptyIcon() {
  const icon = h('div', { class: 'empty-icon', 'aria-hidden': 'true' });
  icon.innerHTML = '<svg viewBox="0 0 64 64" width="64" height="64"><path d="M10 14h44a4 4 0 0 1 4 4v24a4 4 0 0 1-4 4H28l-10 8v-8h-8a4 4 0 0 1-4-4V18a4 4 0 0 1 4-4z" fill="#dbeafe" stroke="#2563eb" stroke-width="2.5"/><circle cx="22" cy="30" r="3" fill="#2563eb"/><circle cx="32" cy="30" r="3" fill="#2563eb"/><circle cx="42" cy="30" r="3" fill="#2563eb"/></svg>';
  return icon;
}

const AUTHORS = { customer: '客户', bot: '机器人', agent: '客服', system: '系统' };

/** One transcript line: customer left, bot/agent right, system centred, notes highlighted, images shown. */
function bubble(entry) {
  const note = entry.kind === 'note' || (entry.extra && entry.extra.internal === 'true');
  const failed = entry.author === 'system' && entry.text.startsWith(FAILED_PREFIX);
  if (entry.author === 'system' && !note) {
    return h('div', { class: `msg msg-system${failed ? ' msg-system-failed' : ''}` },
      h('span', {}, entry.text), h('span', { class: 'msg-time' }, clock(entry.at)));
  }
  const who = note ? `内部备注 · ${entry.extra.agent || ''}` : (entry.author === 'agent' && entry.extra && entry.extra.agent
    ? `客服 ${entry.extra.agent}` : AUTHORS[entry.author] || entry.author);
  let body;
  if (entry.kind === 'image' && entry.extra && entry.extra.picUrl) {
    body = h('a', { href: entry.extra.picUrl, target: '_blank', rel: 'noopener noreferrer' },
      h('img', { class: 'msg-image', src: entry.extra.picUrl, alt: '客户发送的图片', loading: 'lazy' }));
  } else {
    body = entry.text;
  }
  return h('div', { class: `msg msg-${entry.author}${note ? ' msg-note' : ''}` },
    h('div', { class: 'msg-meta' }, who, ' · ', clock(entry.at)),
    h('div', { class: 'msg-body' }, body));
}
