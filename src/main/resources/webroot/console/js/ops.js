// The ops page: corpus version and last golden evaluation, reload, and the questions the bot could not answer.
import { get, post, errorText, ApiError } from './api.js';
import { h, clear, dateTime, percent, toast } from './util.js';

export class OpsView {
  constructor(root) {
    this.root = root;
    this.intents = [];
    this.render();
    this.loadCorpus();
    this.loadIntents();
    this.loadUnanswered();
  }

  destroy() {
    clearTimeout(this.faqTimer);
  }

  render() {
    this.corpus = h('div', { class: 'card corpus', id: 'corpus' }, '加载中…');
    this.problems = h('div', { id: 'problems' });
    this.list = h('div', { class: 'unanswered', id: 'unanswered' }, '加载中…');
    this.intentList = h('datalist', { id: 'intent-names' });
    clear(this.root, h('div', { class: 'ops' },
      h('div', { class: 'page-head' }, h('h1', {}, '知识库运营')),
      this.corpus, this.problems,
      h('div', { class: 'card' },
        h('div', { class: 'card-head' }, h('h3', {}, '机器人未能回答的问题'),
          h('button', { class: 'btn btn-small', type: 'button', onclick: () => this.loadUnanswered() }, '刷新')),
        h('p', { class: 'muted small' }, '相似的问题已归为一组。可将问题加为某个意图的训练例句，或某条 FAQ 的相似问法；保存后知识库会自动重新加载。'),
        this.list, this.intentList)));
  }

  async loadCorpus() {
    try {
      this.renderCorpus(await get('/api/ops/corpus'));
    } catch (err) {
      clear(this.corpus, h('div', { class: 'form-error' }, `知识库状态加载失败：${errorText(err)}`));
    }
  }

  renderCorpus(c) {
    const g = c.golden;
    clear(this.corpus,
      h('div', { class: 'card-head' }, h('h3', {}, '当前知识库'),
        h('button', { class: 'btn btn-primary', id: 'reload', type: 'button', onclick: (e) => this.reload(e.target) }, '重新加载知识库')),
      h('div', { class: 'facts' },
        fact('版本', h('span', { class: 'mono', id: 'corpus-version' }, c.version || '—')),
        fact('构建时间', dateTime(c.builtAt)),
        fact('意图', String(c.intents)),
        fact('FAQ', String(c.faqs)),
        fact('黄金集评测', g ? h('span', { class: g.passed ? 'text-good' : 'text-bad', id: 'golden' },
          `${g.passed ? '通过' : '未通过'} · 准确率 ${percent(g.accuracy)}（门槛 ${percent(g.gate)}）`) : '尚未评测')));
  }

  async reload(button) {
    button.disabled = true;
    button.textContent = '重新加载中…';
    clear(this.problems);
    try {
      const reply = await post('/api/ops/corpus/reload');
      toast(`知识库已重新加载，版本 ${reply.version}`, 'info');
      this.loadCorpus();
    } catch (err) {
      this.showProblems(err, '知识库有错误，未加载（仍使用原版本）');
    } finally {
      button.disabled = false;
      button.textContent = '重新加载知识库';
    }
  }

  showProblems(err, title) {
    const problems = err instanceof ApiError && Array.isArray(err.body.problems) ? err.body.problems : [];
    clear(this.problems, h('div', { class: 'card card-error', id: 'corpus-problems', role: 'alert' },
      h('h3', {}, title), h('p', {}, errorText(err)),
      problems.length ? h('ul', { class: 'problems mono' }, problems.map((p) => h('li', {}, p))) : null));
  }

  async loadIntents() {
    try {
      const { intents } = await get('/api/ops/intents');
      this.intents = intents;
      clear(this.intentList, intents.map((i) => h('option', { value: i.name }, i.description || i.domain || '')));
    } catch (err) {
      // the field still accepts a typed name
    }
  }

  async loadUnanswered() {
    try {
      const { groups } = await get('/api/ops/unanswered?limit=50');
      clear(this.list, groups.length === 0 ? h('p', { class: 'muted' }, '没有待处理的问题，机器人都能回答。')
        : groups.map((g) => this.group(g)));
    } catch (err) {
      clear(this.list, h('div', { class: 'form-error' }, `加载失败：${errorText(err)}`));
    }
  }

  group(g) {
    const intent = h('input', { name: 'intent', list: 'intent-names', placeholder: '意图名称', value: g.suggestedIntent || '' });
    const faqQuery = h('input', { placeholder: '搜索 FAQ…', class: 'faq-search' });
    const faqSelect = h('select', { class: 'faq-select' }, h('option', { value: '' }, '先搜索 FAQ'));
    const text = h('input', { class: 'example-text', value: g.text, title: '要添加的句子（可修改）' });
    // the FAQ list is fetched when first needed, with the question itself as the search
    faqSelect.addEventListener('focus', () => {
      if (!faqSelect.dataset.loaded) this.searchFaqs(faqQuery.value || g.text, faqSelect);
    }, { once: true });
    faqQuery.addEventListener('input', () => {
      clearTimeout(this.faqTimer);
      this.faqTimer = setTimeout(() => this.searchFaqs(faqQuery.value, faqSelect), 200);
    });
    const item = h('div', { class: 'u-group', dataset: { id: g.id } },
      h('div', { class: 'u-head' }, h('span', { class: 'u-text' }, g.text),
        h('span', { class: 'badge' }, `${g.count} 次`),
        h('span', { class: 'muted small' }, `最近 ${dateTime(g.lastSeen)}`),
        g.suggestedIntent ? h('span', { class: 'muted small' }, `建议意图：${g.suggestedIntent}`) : null),
      g.samples && g.samples.length ? h('details', {}, h('summary', { class: 'small' }, `${g.samples.length} 条原话`),
        h('ul', { class: 'samples' }, g.samples.map((s) => h('li', {}, s.text, h('span', { class: 'muted small' }, ` ${dateTime(s.at)}`))))) : null,
      h('div', { class: 'u-actions' },
        h('label', { class: 'small' }, '句子', text),
        h('div', { class: 'u-action' }, intent, h('button', { class: 'btn btn-small btn-primary', type: 'button',
          onclick: () => this.act(g, item, { action: 'example', intent: intent.value.trim(), text: text.value.trim() }) }, '加为意图例句')),
        h('div', { class: 'u-action' }, faqQuery, faqSelect, h('button', { class: 'btn btn-small', type: 'button',
          onclick: () => this.act(g, item, { action: 'paraphrase', faqId: faqSelect.value, text: text.value.trim() }) }, '加为 FAQ 相似问法')),
        h('button', { class: 'btn btn-small btn-ghost', type: 'button', onclick: () => this.act(g, item, { action: 'dismiss' }) }, '忽略')));
    return item;
  }

  async searchFaqs(query, select) {
    try {
      const { faqs } = await get(`/api/ops/faqs?q=${encodeURIComponent(query)}`);
      select.dataset.loaded = 'true';
      clear(select, faqs.length === 0 ? h('option', { value: '' }, '没有匹配的 FAQ')
        : faqs.map((f) => h('option', { value: f.id }, `${f.question}（${f.id}）`)));
    } catch (err) {
      toast(`FAQ 搜索失败：${errorText(err)}`, 'error');
    }
  }

  async act(g, item, body) {
    if (body.action === 'example' && !body.intent) {
      toast('请填写意图名称', 'error');
      return;
    }
    if (body.action === 'paraphrase' && !body.faqId) {
      toast('请先搜索并选择一条 FAQ', 'error');
      return;
    }
    const buttons = item.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    const status = h('div', { class: 'u-status muted small', role: 'status' },
      body.action === 'dismiss' ? '正在处理…' : '正在保存并重新加载知识库，可能需要一分钟…');
    item.append(status);
    try {
      const reply = await post(`/api/ops/unanswered/${encodeURIComponent(g.id)}`, body);
      toast(body.action === 'dismiss' ? '已忽略' : `已保存并重新加载，版本 ${reply.version}`, 'info');
      item.remove();
      if (!this.list.querySelector('.u-group')) clear(this.list, h('p', { class: 'muted' }, '没有待处理的问题，机器人都能回答。'));
      if (body.action !== 'dismiss') this.loadCorpus();
    } catch (err) {
      this.showProblems(err, '保存失败');
      status.remove();
      buttons.forEach((b) => { b.disabled = false; });
    }
  }
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('div', { class: 'fact-label' }, label), h('div', { class: 'fact-value' }, value));
}
