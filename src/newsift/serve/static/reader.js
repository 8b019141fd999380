/* newsift reader: marks up an article from its report (schema.Report JSON).
   The same script runs in the web reader (report fetched from POST v1/analyze) and in the
   self-contained HTML report (report embedded in <script id="newsift-report">).
   Plain JS, no framework, no network besides the reader's own API. */
(function () {
  'use strict';

  // Light tints (background) with a dark border/ink of the same hue; text #1a1a1a on every
  // tint has contrast > 12:1, each border on white > 4.5:1.
  var PALETTE = [
    ['#dbeafe', '#1d4ed8'], ['#ffedd5', '#c2410c'], ['#d1fae5', '#047857'], ['#ede9fe', '#6d28d9'],
    ['#fce7f3', '#be185d'], ['#ccfbf1', '#0f766e'], ['#fef9c3', '#a16207'], ['#fee2e2', '#b91c1c'],
    ['#e0e7ff', '#4338ca'], ['#ecfccb', '#4d7c0f'], ['#f3e8ff', '#7e22ce'], ['#e2e8f0', '#334155']
  ];
  var KIND_LABEL = {
    direct: 'direct quote', indirect: 'indirect speech', mixed: 'mixed quote',
    according_to: '“according to”', headline: 'headline', other: 'attribution'
  };
  var VERB_NOTE = {
    neutral: 'neutral verb', distancing: 'distancing verb (the writer keeps a distance)',
    factive: 'factive verb (the writer presents it as true)', perception: 'perception verb',
    cognition: 'cognition verb', other: 'other verb'
  };
  var HIGH_CW = 0.6;

  var $ = function (id) { return document.getElementById(id); };
  var state = { report: null, items: [], byId: {}, speakers: {}, pinned: null, active: null };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') node.textContent = v;
        else if (k === 'class') node.className = v;
        else if (k === 'style') node.setAttribute('style', v);
        else node.setAttribute(k, v === true ? '' : v);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function pct(x) { return (Math.round(x * 1000) / 10) + '%'; }
  function short(s, n) { s = (s || '').replace(/\s+/g, ' ').trim(); return s.length > n ? s.slice(0, n - 1) + '…' : s; }
  function quote(s, n) { return '“' + short(s, n || 90) + '”'; }
  function techLabel(s) { return String(s).replace(/_/g, ' ').replace(/,(?=\S)/g, ', '); }
  function empty(list, msg) { list.appendChild(el('li', { class: 'empty', text: msg })); }

  // ---- speakers and colours -------------------------------------------------------------
  function speakerKey(att) { return att.speaker || (att.speaker_name ? 'name:' + att.speaker_name : 'unresolved'); }
  function actorName(id) {
    var acts = (state.report && state.report.actors) || [];
    for (var i = 0; i < acts.length; i++) if (acts[i].id === id) return acts[i].name;
    return null;
  }
  function speakerName(att) {
    return att.speaker_name || (att.speaker && actorName(att.speaker)) || '(speaker not resolved)';
  }
  function buildSpeakers(report) {
    var text = report.article.text, speakers = {}, order = [];
    (report.attributions || []).forEach(function (a) {
      var key = speakerKey(a);
      if (!speakers[key]) { speakers[key] = { key: key, name: speakerName(a), atts: [], chars: 0 }; order.push(speakers[key]); }
      speakers[key].atts.push(a);
    });
    // share of the text: union of each speaker's content spans (nested content counts once)
    order.forEach(function (s) {
      var iv = [];
      s.atts.forEach(function (a) { (a.content || []).forEach(function (c) { iv.push([c.start, c.end]); }); });
      s.chars = unionLength(iv);
      s.share = s.chars / Math.max(1, text.length);
    });
    order.sort(function (a, b) { return b.chars - a.chars; });
    order.forEach(function (s, i) { s.color = PALETTE[i % PALETTE.length]; s.index = i; });
    return { map: speakers, order: order };
  }
  function unionLength(iv) {
    iv = iv.filter(function (x) { return x[1] > x[0]; }).sort(function (a, b) { return a[0] - b[0]; });
    var total = 0, cs = -1, ce = -1;
    iv.forEach(function (x) {
      if (x[0] > ce) { if (ce > cs) total += ce - cs; cs = x[0]; ce = x[1]; } else if (x[1] > ce) ce = x[1];
    });
    if (ce > cs) total += ce - cs;
    return total;
  }
  function colorStyle(sp) { return '--sp-bg:' + sp.color[0] + ';--sp-border:' + sp.color[1]; }
  function depth(att) {
    var d = 0, p = att.parent, seen = {};
    while (p && state.byId[p] && !seen[p] && d < 20) { seen[p] = 1; d++; p = state.byId[p].parent; }
    return d;
  }
  function chain(att) {
    var out = [att], p = att.parent, seen = {};
    while (p && state.byId[p] && !seen[p] && out.length < 20) { seen[p] = 1; out.unshift(state.byId[p]); p = state.byId[p].parent; }
    return out;
  }

  // ---- findings → items with spans ---------------------------------------------------------
  function buildItems(report) {
    var items = [];
    function add(type, obj, span, extra) {
      if (!span || span.end <= span.start) return;
      var it = { n: items.length, type: type, obj: obj, start: span.start, end: span.end };
      if (extra) Object.keys(extra).forEach(function (k) { it[k] = extra[k]; });
      items.push(it);
    }
    (report.attributions || []).forEach(function (a) {
      (a.content || []).forEach(function (c) { add('content', a, c, { depth: depth(a) }); });
      add('cue', a, a.cue);
      add('source', a, a.source);
    });
    (report.claims || []).forEach(function (c) { add('claim', c, c.span); });
    (report.evidence || []).forEach(function (e) { add('evidence', e, e.span); });
    (report.techniques || []).forEach(function (t) { add('technique', t, t.span); });
    if (report.article.title_span) add('title', report.article, report.article.title_span);
    return items;
  }

  // Split the text at every span boundary; each segment carries all the items covering it.
  function renderText(report) {
    var text = report.article.text, items = state.items, container = clear($('art-text'));
    var cuts = { 0: 1 }; cuts[text.length] = 1;
    items.forEach(function (it) { cuts[Math.min(it.start, text.length)] = 1; cuts[Math.min(it.end, text.length)] = 1; });
    var bounds = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var starts = {}, ends = {};
    items.forEach(function (it) {
      (starts[it.start] = starts[it.start] || []).push(it);
      (ends[it.end] = ends[it.end] || []).push(it);
    });
    var open = [];
    var frag = document.createDocumentFragment();
    for (var i = 0; i < bounds.length; i++) {
      var pos = bounds[i];
      // labels of techniques that end here, then markers of claims/evidence that start here
      (ends[pos] || []).forEach(function (it) {
        open = open.filter(function (o) { return o !== it; });
        if (it.type === 'technique') frag.appendChild(el('span', { class: 'mark tech-mark', 'data-item': it.n, text: techLabel(it.obj.label) }));
      });
      (starts[pos] || []).forEach(function (it) {
        open.push(it);
        if (it.type === 'claim') {
          var hi = it.obj.checkworthiness >= HIGH_CW;
          frag.appendChild(el('span', { class: 'mark claim-mark' + (hi ? ' cw-high' : ''), 'data-item': it.n, title: 'claim, check-worthiness ' + it.obj.checkworthiness.toFixed(2), text: 'claim ' + it.obj.checkworthiness.toFixed(2) }));
        } else if (it.type === 'evidence') {
          frag.appendChild(el('span', { class: 'mark ev-mark', 'data-item': it.n, text: it.obj.kind + ' · ' + it.obj.status }));
        }
      });
      if (i === bounds.length - 1) break;
      var end = bounds[i + 1], piece = text.slice(pos, end);
      if (!open.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      frag.appendChild(segment(piece, pos, open.slice()));
    }
    container.appendChild(frag);
  }

  function segment(piece, pos, covering) {
    var classes = ['seg'], style = null, focusable = false, speakerKeyTop = null, nested = null;
    var contents = covering.filter(function (it) { return it.type === 'content'; });
    if (contents.length) {
      // the innermost (deepest nested, then shortest) content decides the colour
      contents.sort(function (a, b) { return (b.depth - a.depth) || ((a.end - a.start) - (b.end - b.start)); });
      var sp = state.speakers.map[speakerKey(contents[0].obj)];
      classes.push('sp', 'sp-' + sp.index); style = colorStyle(sp); speakerKeyTop = sp.name; nested = String(contents[0].depth);
    }
    covering.forEach(function (it) {
      if (it.type === 'title') { classes.push('title'); return; }
      if (it.start === pos) focusable = true;
      if (it.type === 'cue' || it.type === 'source') {
        classes.push(it.type === 'cue' ? 'cue' : 'src');
        if (!style) { var s2 = state.speakers.map[speakerKey(it.obj)]; style = colorStyle(s2); }
      } else if (it.type === 'claim') {
        classes.push('claim'); if (it.obj.checkworthiness >= HIGH_CW) classes.push('cw-high');
      } else if (it.type === 'evidence') { classes.push('ev', 'ev-' + it.obj.status); }
      else if (it.type === 'technique') classes.push('tech');
    });
    var attrs = {
      class: classes.filter(function (c, i, a) { return a.indexOf(c) === i; }).join(' '),
      style: style,
      'data-items': covering.map(function (it) { return it.n; }).join(' '),
      'data-speaker': speakerKeyTop,
      'data-depth': nested
    };
    if (focusable) { attrs.tabindex = '0'; attrs['aria-describedby'] = 'tooltip'; }
    return el('span', attrs, [piece]);
  }

  // ---- details (tooltip and the "selected passage" panel) ----------------------------------
  function detailNodes(itemIds) {
    var its = itemIds.map(function (n) { return state.items[n]; }).filter(function (it) { return it && it.type !== 'title'; });
    // one entry per finding: content/cue/source of the same attribution are merged
    var seen = {}, out = [];
    its.sort(function (a, b) { return order(a) - order(b) || ((b.depth || 0) - (a.depth || 0)); });
    its.forEach(function (it) {
      var key = (it.type === 'content' || it.type === 'cue' || it.type === 'source') ? 'att:' + it.obj.id : it.type + ':' + it.n;
      if (seen[key]) return; seen[key] = 1;
      out.push(describe(it));
    });
    return out;
  }
  function order(it) { return { content: 0, cue: 0, source: 0, claim: 1, evidence: 2, technique: 3 }[it.type]; }
  function row(label, value) { return el('div', null, [el('span', { class: 'k', text: label + ': ' }), value]); }
  function describe(it) {
    var o = it.obj, box = el('div', { class: 'tt-item' });
    if (it.type === 'content' || it.type === 'cue' || it.type === 'source') {
      var sp = state.speakers.map[speakerKey(o)];
      box.appendChild(el('div', { class: 'who' }, [el('span', { class: 'swatch', style: colorStyle(sp) }), ' ', speakerName(o)]));
      var what = (it.type === 'content' ? 'content' : it.type === 'cue' ? 'cue' : 'source');
      var kind = KIND_LABEL[o.kind] || o.kind;
      box.appendChild(row('this is the', what + (/^[aeiou]/i.test(kind) ? ' of an ' : ' of a ') + kind));
      box.appendChild(row('cue', quote(o.cue.text, 40) + ' — ' + (VERB_NOTE[o.verb_class] || o.verb_class)));
      if (o.source) box.appendChild(row('source in text', quote(o.source.text, 60)));
      var ch = chain(o);
      if (ch.length > 1) {
        box.appendChild(row('nesting', el('span', { class: 'chain', text: ch.map(function (a) { return speakerName(a) + ' (“' + short(a.cue.text, 20) + '”)'; }).join(' → ') })));
      } else {
        box.appendChild(row('nesting', 'top level (not inside another statement)'));
      }
      if (o.confidence !== null && o.confidence !== undefined) box.appendChild(row('confidence', o.confidence.toFixed(2)));
      if (o.explanation) box.appendChild(el('div', { class: 'expl', text: o.explanation }));
    } else if (it.type === 'claim') {
      box.appendChild(el('div', { class: 'who', text: 'Claim · check-worthiness ' + o.checkworthiness.toFixed(2) }));
      box.appendChild(row('type', o.type));
      box.appendChild(row('asserted by', assertedBy(o.asserted_by)));
      if (o.hedges && o.hedges.length) box.appendChild(row('hedged', o.hedges.map(function (h) { return quote(h.span.text, 30) + ' (' + h.kind + ')'; }).join(', ')));
      if (o.evidence && o.evidence.length) box.appendChild(row('evidence offered', String(o.evidence.length)));
      if (o.targets && o.targets.length) box.appendChild(row('accuses', o.targets.map(function (t) { return t.name; }).join(', ')));
      if (o.reasons && o.reasons.length) box.appendChild(el('div', { class: 'expl', text: o.reasons.join('; ') }));
      else if (o.explanation) box.appendChild(el('div', { class: 'expl', text: o.explanation }));
    } else if (it.type === 'evidence') {
      box.appendChild(el('div', { class: 'who', text: 'Evidence · ' + o.kind + ' · ' + o.status }));
      if (o.offered_by) box.appendChild(row('offered by', assertedBy(o.offered_by)));
      if (o.explanation) box.appendChild(el('div', { class: 'expl', text: o.explanation }));
    } else if (it.type === 'technique') {
      box.appendChild(el('div', { class: 'who', text: 'Technique · ' + techLabel(o.label) }));
      box.appendChild(row('confidence', o.confidence.toFixed(2)));
      if (o.explanation) box.appendChild(el('div', { class: 'expl', text: o.explanation }));
    }
    return box;
  }
  function assertedBy(id) {
    if (!id || id === 'outlet') return 'the outlet (its own voice)';
    var a = state.byId[id];
    return a ? speakerName(a) + ' (' + (KIND_LABEL[a.kind] || a.kind) + ')' : id;
  }

  function segItems(seg) { return (seg.getAttribute('data-items') || '').split(' ').filter(Boolean).map(Number); }
  function showTooltip(seg, pinned) {
    var tip = $('tooltip'), nodes = detailNodes(segItems(seg));
    if (!nodes.length) return;
    clear(tip);
    if (pinned) tip.appendChild(el('span', { class: 'pin', text: 'pinned · Esc closes' }));
    nodes.forEach(function (n) { tip.appendChild(n); });
    tip.hidden = false;
    var r = seg.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.top = top + 'px'; tip.style.left = left + 'px';
    if (state.active && state.active !== seg) state.active.classList.remove('active');
    state.active = seg; seg.classList.add('active');
  }
  function hideTooltip(force) {
    if (state.pinned && !force) return;
    $('tooltip').hidden = true;
    if (state.active) state.active.classList.remove('active');
    state.active = null; state.pinned = null;
  }
  function pin(seg) {
    if (!detailNodes(segItems(seg)).length) return;
    state.pinned = seg;
    showTooltip(seg, true);
    var body = clear($('details-body'));
    detailNodes(segItems(seg)).forEach(function (n) { body.appendChild(n); });
    body.appendChild(el('p', { class: 'expl', text: quote(seg.textContent, 160) }));
    $('panel-details').hidden = false;
  }
  function wireText() {
    var box = $('art-text');
    box.addEventListener('mouseover', function (e) {
      var seg = e.target.closest && e.target.closest('.seg');
      if (seg && !state.pinned) showTooltip(seg, false);
    });
    box.addEventListener('mouseout', function (e) {
      var seg = e.target.closest && e.target.closest('.seg');
      if (seg && (!e.relatedTarget || !seg.contains(e.relatedTarget))) hideTooltip(false);
    });
    box.addEventListener('focusin', function (e) {
      var seg = e.target.closest && e.target.closest('.seg');
      if (seg) { if (state.pinned && state.pinned !== seg) hideTooltip(true); showTooltip(seg, state.pinned === seg); }
    });
    box.addEventListener('focusout', function () { hideTooltip(false); });
    box.addEventListener('click', function (e) {
      var seg = e.target.closest && e.target.closest('.seg');
      if (seg) pin(seg);
    });
    box.addEventListener('keydown', function (e) {
      var seg = e.target.closest && e.target.closest('.seg');
      if (!seg) return;
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pin(seg); }
    });
    document.addEventListener('keydown', function (e) { if (e.key === 'Escape') hideTooltip(true); });
    document.addEventListener('click', function (e) {  // a click elsewhere unpins
      if (state.pinned && !(e.target.closest && e.target.closest('#art-text, #tooltip, .linkish'))) hideTooltip(true);
    });
    window.addEventListener('resize', function () { hideTooltip(true); });
  }

  function focusItem(type, obj) {
    for (var i = 0; i < state.items.length; i++) {
      var it = state.items[i];
      if (it.obj === obj && it.type === type) {
        var segs = document.querySelectorAll('#art-text .seg[tabindex]');
        for (var j = 0; j < segs.length; j++) {
          if (segItems(segs[j]).indexOf(it.n) >= 0) { segs[j].scrollIntoView({ block: 'center' }); segs[j].focus(); pin(segs[j]); return; }
        }
      }
    }
  }
  function jumpButton(type, obj, label) {
    var b = el('button', { type: 'button', class: 'linkish', text: label });
    b.addEventListener('click', function () { focusItem(type, obj); });
    return b;
  }

  // ---- side panels -------------------------------------------------------------------------
  function renderHeader(report) {
    var art = report.article;
    $('art-title').textContent = art.title || 'Untitled article';
    document.title = (art.title ? art.title + ' — ' : '') + 'newsift';
    var meta = [];
    if (art.dateline && (art.dateline.place || art.dateline.agency)) meta.push('dateline: ' + [art.dateline.place, art.dateline.agency].filter(Boolean).join(', '));
    if (art.outlet) meta.push('outlet: ' + art.outlet);
    if (art.published) meta.push('published ' + art.published);
    meta.push('language: ' + art.language);
    meta.push(art.text.split(/\s+/).filter(Boolean).length + ' words');
    var m = clear($('art-meta'));
    meta.forEach(function (s, i) { if (i) m.appendChild(document.createTextNode(' · ')); m.appendChild(document.createTextNode(s)); });
    if (art.url) { m.appendChild(document.createTextNode(' · ')); m.appendChild(el('a', { href: art.url, rel: 'noopener noreferrer', text: short(art.url, 60) })); }
    var w = clear($('art-warnings'));
    (art.warnings || []).forEach(function (s) { w.appendChild(el('li', { text: s })); });
    var lg = clear($('speaker-legend'));
    state.speakers.order.forEach(function (s) {
      lg.appendChild(el('span', { class: 'chip', style: colorStyle(s), title: s.atts.length + ' statement(s)' }, [s.name]));
    });
    if (state.speakers.order.length) lg.appendChild(el('span', { class: 'chip voice', text: 'unmarked: the outlet’s own voice' }));
    $('version').textContent = report.newsift_version || '';
  }

  function renderSummary(report) {
    var ul = clear($('summary-list'));
    (report.summary || []).forEach(function (l) { ul.appendChild(el('li', { text: l.text })); });
    if (!ul.firstChild) {
      empty(ul, (report.attributions || []).length + ' attributions, ' + (report.claims || []).length + ' claims, ' +
        (report.evidence || []).length + ' evidence mentions, ' + (report.techniques || []).length + ' technique spans.');
    }
  }

  function renderSourcing(report) {
    var chart = clear($('sourcing-chart')), notes = clear($('sourcing-notes'));
    var src = report.sourcing, rows = [];
    var spByActor = {};
    state.speakers.order.forEach(function (s) { spByActor[s.key] = s; });
    if (src && src.speakers && src.speakers.length) {
      var spName = {};
      src.speakers.forEach(function (s) { spName[s.actor] = s.name; });
      src.speakers.forEach(function (s) {
        var sp = spByActor[s.actor] || spByActor['name:' + s.name];
        var inside = (s.relayed_by && s.relayed_by.length && !s.top_level) ? ' (only inside ' + s.relayed_by.map(function (r) { return spName[r] || r; }).join(', ') + '’s statements)' : '';
        rows.push({ name: s.name + inside + (s.independent ? ' (independent)' : ''), share: s.share_of_text, n: s.attributions, sp: sp });
      });
    } else {
      state.speakers.order.forEach(function (s) { rows.push({ name: s.name, share: s.share, n: s.atts.length, sp: s }); });
    }
    var voice = src ? src.outlet_voice_share : null;
    var max = Math.max.apply(null, rows.map(function (r) { return r.share; }).concat([voice || 0, 0.01]));
    var bars = el('div', { class: 'bars', role: 'list', 'aria-label': 'share of the article text per speaker' });
    function bar(r, cls) {
      var fillStyle = 'width:' + Math.max(0.5, 100 * r.share / max) + '%' + (r.sp ? ';' + colorStyle(r.sp) : ';--sp-bg:#e5e7eb;--sp-border:#6b7280');
      var label = r.name + ': ' + pct(r.share) + ' of the text' + (r.n !== null ? ', ' + r.n + ' statement(s)' : '');
      bars.appendChild(el('div', { class: 'bar-row ' + (cls || ''), role: 'listitem', 'aria-label': label, title: label }, [
        el('span', { class: 'bar-name', text: r.name }),
        el('span', { class: 'bar-track', 'aria-hidden': 'true' }, [el('span', { class: 'bar-fill', style: fillStyle + ';display:block' })]),
        el('span', { class: 'bar-val', text: pct(r.share) })
      ]));
    }
    rows.forEach(function (r) { bar(r); });
    if (voice !== null) bar({ name: 'outlet’s own voice', share: voice, n: null }, 'voice');
    if (rows.length || voice !== null) chart.appendChild(bars);
    else chart.appendChild(el('p', { class: 'empty', text: 'No attributed speech found.' }));
    if (src) {
      var indep = (src.speakers || []).filter(function (s) { return s.independent; }).map(function (s) { return s.name; });
      notes.appendChild(el('p', null, ['Independent sources: ', el('strong', { text: String(src.independent_sources) }), indep.length ? ' (' + indep.join(', ') + ')' : '']));
      (src.accused_parties_heard || []).forEach(function (p) {
        notes.appendChild(el('p', null, ['Accused: ', el('strong', { text: p.name }), ' — ',
          el('span', { class: p.heard ? 'heard-yes' : 'heard-no', text: p.heard ? 'heard in its own words' : 'not heard in its own words' })]));
        if (p.explanation) notes.appendChild(el('p', { class: 'muted', text: p.explanation }));
      });
      if (src.explanation) notes.appendChild(el('p', { class: 'muted', text: src.explanation }));
    }
  }

  function renderOutlet(report) {
    var box = clear($('outlet-card')), o = report.outlet;
    if (!o || !(o.name || o.domain)) {
      box.appendChild(el('p', { class: 'empty', text: 'Outlet not identified' + (report.article.outlet ? ' (given: ' + report.article.outlet + ')' : '') + '.' }));
      return;
    }
    box.appendChild(el('div', { class: 'outlet-name', text: o.name || o.domain }));
    var facts = [o.domain && o.name ? o.domain : null, o.kind, o.country].filter(Boolean);
    if (facts.length) box.appendChild(el('div', { text: facts.join(' · ') }));
    if (o.identified_by) box.appendChild(el('div', { class: 'muted', text: 'identified by ' + o.identified_by }));
    if (o.ratings && o.ratings.length) {
      var tb = el('tbody');
      o.ratings.forEach(function (r) {
        var val = (r.value === null || r.value === undefined) ? el('span', { class: 'not-rated', text: 'not rated' }) : el('strong', { text: String(r.value) });
        var src = r.url ? el('a', { href: r.url, rel: 'noopener noreferrer', text: r.source }) : document.createTextNode(r.source);
        tb.appendChild(el('tr', null, [el('td', null, [src]), el('td', null, [val, el('div', { class: 'muted', text: r.scale })]),
          el('td', { text: r.summary ? short(r.summary, 160) : '' })]));
      });
      box.appendChild(el('table', { class: 'ratings' }, [el('thead', null, [el('tr', null, [el('th', { text: 'rated by' }), el('th', { text: 'rating' }), el('th', { text: 'note' })])]), tb]));
    } else {
      box.appendChild(el('p', { class: 'not-rated', text: 'not rated by any source newsift ships' }));
    }
    (o.facts || []).forEach(function (f) { box.appendChild(el('div', { class: 'muted', text: f.field + ': ' + f.value + ' (' + f.source + ')' })); });
    if (o.explanation) box.appendChild(el('p', { class: 'muted', text: o.explanation }));
  }

  function renderHeadline(report) {
    var h = report.headline, panel = $('panel-headline'), body = clear($('headline-body'));
    if (!h || (!h.span && !h.asserts)) { panel.hidden = true; return; }
    panel.hidden = false;
    body.appendChild(el('p', null, ['Asserts: ', el('strong', { text: h.asserts || (h.span ? h.span.text : '') })]));
    var said = { fact: 'as fact', attributed: 'as someone’s statement', absent: 'not at all', unknown: 'unclear' }[h.body_support] || h.body_support;
    body.appendChild(el('p', { text: 'The body carries it ' + said + (h.body_claims && h.body_claims.length ? ' (' + h.body_claims.join(', ') + ')' : '') + '.' }));
    if (h.explanation) body.appendChild(el('p', { class: 'muted', text: h.explanation }));
  }

  function renderClaims(report) {
    var ol = clear($('claims-list'));
    var claims = (report.claims || []).slice().sort(function (a, b) { return b.checkworthiness - a.checkworthiness; });
    claims.slice(0, 12).forEach(function (c) {
      ol.appendChild(el('li', null, [
        el('span', { class: 'cw-bar', style: 'width:' + Math.round(c.checkworthiness * 40) + 'px', 'aria-hidden': 'true' }),
        el('span', { class: 'score', text: c.checkworthiness.toFixed(2) }), ' ',
        jumpButton('claim', c, short(c.span.text, 140)),
        el('div', { class: 'muted', text: c.type + ' · by ' + assertedBy(c.asserted_by) + (c.hedges && c.hedges.length ? ' · hedged' : '') +
          (c.targets && c.targets.length ? ' · accuses ' + c.targets.map(function (t) { return t.name; }).join(', ') : '') +
          (c.evidence && c.evidence.length ? ' · evidence ' + c.evidence.join(', ') : '') })
      ]));
    });
    if (!claims.length) empty(ol, 'No claims found (or the claims analyzer did not run).');
    else if (claims.length > 12) ol.appendChild(el('li', { class: 'empty', text: '… and ' + (claims.length - 12) + ' more' }));
  }

  function renderEvidence(report) {
    var ul = clear($('evidence-list'));
    (report.evidence || []).forEach(function (e) {
      ul.appendChild(el('li', null, [el('strong', { text: e.kind + ', ' + e.status }), ': ', jumpButton('evidence', e, short(e.span.text, 100)),
        el('div', { class: 'muted', text: (e.claims && e.claims.length ? 'offered for ' + e.claims.join(', ') + ' · ' : '') + (e.explanation || '') })]));
    });
    if (!ul.firstChild) empty(ul, 'No evidence mentioned (or the evidence analyzer did not run).');
  }

  function renderTechniques(report) {
    var ul = clear($('techniques-list')), by = {};
    (report.techniques || []).forEach(function (t) { (by[t.label] = by[t.label] || []).push(t); });
    Object.keys(by).sort(function (a, b) { return by[b].length - by[a].length; }).forEach(function (label) {
      var ts = by[label];
      ul.appendChild(el('li', null, [el('strong', { text: techLabel(label) }), ' ×' + ts.length + ': ', jumpButton('technique', ts[0], short(ts[0].span.text, 80))]));
    });
    if (!ul.firstChild) empty(ul, 'No persuasion techniques flagged (or the techniques analyzer did not run).');
  }

  function renderFactchecks(report) {
    var ul = clear($('factcheck-list'));
    var claimsById = {};
    (report.claims || []).forEach(function (c) { claimsById[c.id] = c; });
    (report.factcheck_matches || []).forEach(function (m) {
      var r = m.record, claim = claimsById[m.claim];
      var title = r.url ? el('a', { href: r.url, rel: 'noopener noreferrer', text: r.title }) : el('span', { text: r.title });
      ul.appendChild(el('li', null, [title,
        el('div', null, [el('strong', { text: r.verdict }), ' · ' + r.publisher + (r.date ? ' · ' + r.date : '') + ' · ' + m.timing]),
        el('div', { class: 'muted', text: 'score ' + m.score.toFixed(2) + ' (' + m.method + ')' }),
        claim || m.claim_span ? el('div', { class: 'muted' }, ['for: ', claim ? jumpButton('claim', claim, short(claim.span.text, 90)) : quote(m.claim_span.text, 90)]) : null]));
    });
    if (!ul.firstChild) empty(ul, 'No matching fact-check records.');
  }

  function renderRemoved(report) {
    var ul = clear($('removed-list'));
    (report.article.removed || []).forEach(function (r) {
      ul.appendChild(el('li', null, [el('span', { class: 'muted', text: r.reason + ': ' }), quote(r.span_text, 140)]));
    });
    if (!ul.firstChild) empty(ul, 'Nothing was removed.');
  }

  function render(report) {
    state.report = report;
    state.byId = {};
    (report.attributions || []).forEach(function (a) { state.byId[a.id] = a; });
    state.speakers = buildSpeakers(report);
    state.items = buildItems(report);
    hideTooltip(true);
    $('panel-details').hidden = true;
    renderHeader(report);
    renderText(report);
    renderSummary(report);
    renderSourcing(report);
    renderOutlet(report);
    renderHeadline(report);
    renderClaims(report);
    renderEvidence(report);
    renderTechniques(report);
    renderFactchecks(report);
    renderRemoved(report);
    $('result').hidden = false;
    document.body.setAttribute('data-rendered', 'true');
  }

  // ---- the form (web reader only) -----------------------------------------------------------
  function setBusy(busy, msg) {
    $('analyze-btn').disabled = busy;
    $('status').textContent = msg || '';
  }
  function showError(msg) { var e = $('error'); e.textContent = msg; e.hidden = !msg; }

  function readFile(file) {
    return new Promise(function (resolve, reject) {
      var r = new FileReader();
      r.onload = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
      r.readAsText(file);
    });
  }

  function submit(e) {
    e.preventDefault();
    showError('');
    var body = {}, text = $('in-text').value, url = $('in-url').value.trim(), file = $('in-file').files[0];
    ['title', 'outlet', 'date'].forEach(function (k) { var v = $('in-' + k).value.trim(); if (v) body[k] = v; });
    var ready;
    if (file) {
      ready = readFile(file).then(function (content) {
        body[/\.x?html?$/i.test(file.name) ? 'html' : 'text'] = content;
        return body;
      });
    } else if (url && !text.trim()) {
      body.url = url; ready = Promise.resolve(body);
    } else if (text.trim()) {
      body.text = text; ready = Promise.resolve(body);
    } else {
      showError('Paste an article, give a URL or choose a file first.');
      $('in-text').focus();
      return;
    }
    var t0 = Date.now();
    setBusy(true, 'Analyzing…');
    ready.then(function (b) {
      return fetch('v1/analyze', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
    }).then(function (resp) {
      return resp.json().then(function (data) { return { ok: resp.ok, status: resp.status, data: data }; });
    }).then(function (res) {
      if (!res.ok) {
        var err = res.data && res.data.error;
        throw new Error(err ? err.code + ': ' + err.message : 'HTTP ' + res.status);
      }
      render(res.data);
      setBusy(false, 'Analyzed in ' + ((Date.now() - t0) / 1000).toFixed(1) + ' s.');
      $('result').focus();
    }).catch(function (err) {
      setBusy(false, '');
      showError('Could not analyze: ' + err.message);
    });
  }

  function wireForm() {
    $('analyze-form').addEventListener('submit', submit);
    $('clear-btn').addEventListener('click', function () {
      $('in-text').value = ''; $('in-url').value = ''; $('in-file').value = ''; showError(''); $('status').textContent = '';
    });
  }

  function wireLayers() {
    var boxes = document.querySelectorAll('#layers input[data-layer]');
    Array.prototype.forEach.call(boxes, function (cb) {
      cb.addEventListener('change', function () {
        $('art-text').classList.toggle('hide-' + cb.getAttribute('data-layer'), !cb.checked);
        hideTooltip(true);
      });
    });
  }

  function init() {
    wireText();
    wireLayers();
    var embedded = null;
    try { embedded = JSON.parse($('newsift-report').textContent); } catch (err) { embedded = null; }
    if (embedded) {
      document.body.classList.add('report-mode');
      render(embedded);
    } else {
      wireForm();
    }
  }

  window.newsiftReader = { render: render };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
