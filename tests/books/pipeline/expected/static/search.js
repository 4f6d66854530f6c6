/*
 * pulsebook: handbook search.
 *
 * Plain ES2017, no build step, no network requests: works from file://.
 * Needs two scripts loaded before this one (all three with `defer`, in order):
 *   minisearch.min.js  -> window.MiniSearch
 *   search-index.js    -> window.pulsebookSearch = {docs: [...], labels: {...}}
 * and a form on the page:
 *   <form class="search" role="search" hidden data-root="handbook/">
 *     <input type="search" name="q" ...>
 *     <div class="search-results" hidden></div>
 *   </form>
 * `data-root` is the path from this page to the handbook/ folder ("" on
 * handbook pages, "handbook/" on root pages); result URLs are relative to it.
 *
 * Without JavaScript, or without the library or index, the form stays hidden.
 * The MiniSearch index is built on first use (focus or a key press), not on
 * page load. A `?q=words` URL parameter fills in and runs a search on load.
 */
(function () {
  'use strict';

  const MAX_RESULTS = 10;
  // Snippet: up to this many characters, starting a little before the match.
  const SNIPPET_LENGTH = 160;
  const SNIPPET_LEAD = 50;

  const DEFAULT_LABELS = {
    label: 'Search the handbook',
    placeholder: 'Search the handbook',
    no_results: 'No results for “{query}”',
    results_one: '{count} result',
    results_other: '{count} results',
  };

  // Letters that Unicode decomposition (NFD) leaves alone but readers
  // expect to match their plain form: Polish ł, Norwegian/Danish ø and æ, …
  // (å, ą, ó, ś, ü … decompose under NFD and lose their marks below).
  const FOLD = {
    'ł': 'l', 'ø': 'o', 'æ': 'ae', 'œ': 'oe', 'ß': 'ss',
    'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i',
  };
  const FOLD_RE = /[łøæœßđðþı]/g;
  // Combining marks (the blocks used by Latin, Greek and Cyrillic scripts).
  const MARKS_RE = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

  /** Lowercases and strips diacritics: "Współpraca" -> "wspolpraca". */
  function normalize(term) {
    return term
      .toLowerCase()
      .normalize('NFD')
      .replace(MARKS_RE, '')
      .replace(FOLD_RE, (c) => FOLD[c]);
  }

  /** MiniSearch `processTerm`, for documents and queries alike. */
  function processTerm(term) {
    const t = normalize(term);
    return t.length > 0 ? t : null;
  }

  // Word separators: whitespace and punctuation, exactly as MiniSearch's
  // default tokenizer. Built at run time so that this file parses as ES2017;
  // MiniSearch itself already requires Unicode property escapes.
  let splitWords = null; // (text) => [word, separator, word, …]

  function makeSplitter() {
    const re = new RegExp('([\\n\\r\\p{Z}\\p{P}]+)', 'u');
    return (text) => text.split(re);
  }

  /** MiniSearch `tokenize`: the words of a text. */
  function tokenize(text) {
    return splitWords(text).filter((part, i) => i % 2 === 0 && part.length > 0);
  }

  /** Fills `{name}` placeholders in a label. */
  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (m, key) =>
      Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : m);
  }

  /**
   * `text` as a fragment of text nodes and <mark> elements around the words
   * whose normalized form is in `terms`. Never parses `text` as HTML.
   */
  function highlight(text, terms) {
    const fragment = document.createDocumentFragment();
    let plain = '';
    splitWords(text).forEach((part, i) => {
      if (i % 2 === 0 && part && terms.has(normalize(part))) {
        if (plain) fragment.appendChild(document.createTextNode(plain));
        plain = '';
        const mark = document.createElement('mark');
        mark.textContent = part;
        fragment.appendChild(mark);
      } else {
        plain += part;
      }
    });
    if (plain) fragment.appendChild(document.createTextNode(plain));
    return fragment;
  }

  /** Offset of the first word of `text` that is in `terms`, or -1. */
  function firstMatch(text, terms) {
    let offset = 0;
    const parts = splitWords(text);
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0 && parts[i] && terms.has(normalize(parts[i]))) return offset;
      offset += parts[i].length;
    }
    return -1;
  }

  /** Moves `i` off the second half of a surrogate pair. */
  function charBoundary(text, i) {
    const code = text.charCodeAt(i);
    return code >= 0xdc00 && code <= 0xdfff ? i - 1 : i;
  }

  /** A short piece of `text` around its first matching word, highlighted. */
  function snippet(text, terms) {
    const at = Math.max(0, firstMatch(text, terms));
    let start = Math.max(0, at - SNIPPET_LEAD);
    let end = Math.min(text.length, start + SNIPPET_LENGTH);
    if (end === text.length) start = Math.max(0, end - SNIPPET_LENGTH);
    // Cut at spaces so words stay whole.
    if (start > 0) {
      const space = text.indexOf(' ', start);
      start = space >= 0 && space < at ? space + 1 : charBoundary(text, start);
    }
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      end = space > Math.max(start, at) ? space : charBoundary(text, end);
    }
    const fragment = document.createDocumentFragment();
    if (start > 0) fragment.appendChild(document.createTextNode('… '));
    fragment.appendChild(highlight(text.slice(start, end), terms));
    if (end < text.length) fragment.appendChild(document.createTextNode(' …'));
    return fragment;
  }

  let instances = 0;

  /** Wires one search form. */
  function setUp(form, data) {
    const input = form.querySelector('input[type="search"]');
    if (!input) return;
    const labels = Object.assign({}, DEFAULT_LABELS, data.labels || {});
    const docs = new Map();
    data.docs.forEach((doc) => docs.set(doc.id, doc));

    let root = form.getAttribute('data-root') || '';
    if (root && !root.endsWith('/')) root += '/';

    const uid = 'pulsebook-search-' + (++instances);
    let results = form.querySelector('.search-results');
    if (!results) {
      results = document.createElement('div');
      results.className = 'search-results';
      form.appendChild(results);
    }
    results.hidden = true;
    results.textContent = '';
    const list = document.createElement('ul');
    list.id = uid + '-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', labels.label);
    const empty = document.createElement('p');
    empty.className = 'search-empty';
    results.appendChild(list);
    results.appendChild(empty);
    // Screen readers hear the number of results; kept outside the hidden box.
    const status = document.createElement('p');
    status.className = 'search-status';
    status.setAttribute('role', 'status');
    form.appendChild(status);

    if (!input.getAttribute('placeholder')) input.setAttribute('placeholder', labels.placeholder);
    if (!input.hasAttribute('aria-label') && !input.labels.length) {
      input.setAttribute('aria-label', labels.label);
    }
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('autocomplete', 'off');

    let plural = null;
    try {
      plural = new Intl.PluralRules(document.documentElement.lang || undefined);
    } catch (e) {
      plural = null;
    }

    let index = null;
    /** Builds the MiniSearch index the first time it is needed. */
    function ensureIndex() {
      if (index) return index;
      index = new window.MiniSearch({
        fields: ['title', 'heading', 'text'],
        idField: 'id',
        tokenize: tokenize,
        processTerm: processTerm,
        searchOptions: {
          boost: { title: 3, heading: 2 },
          prefix: true,
          fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
          combineWith: 'AND',
        },
      });
      index.addAll(data.docs);
      return index;
    }

    let active = -1;

    function options() {
      return list.querySelectorAll('[role="option"]');
    }

    function setActive(i) {
      const all = options();
      if (active >= 0 && all[active]) all[active].setAttribute('aria-selected', 'false');
      active = all.length ? (i + all.length) % all.length : -1;
      if (active < 0) {
        input.removeAttribute('aria-activedescendant');
        return;
      }
      const option = all[active];
      option.setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }

    function open() {
      results.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function close() {
      results.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function countLabel(count) {
      const category = plural ? plural.select(count) : 'other';
      const template = labels['results_' + category] || labels.results_other;
      return format(template, { count: count });
    }

    /** Runs the query in the input and shows the results. */
    function run() {
      const query = input.value.trim().slice(0, 200);
      active = -1;
      input.removeAttribute('aria-activedescendant');
      list.textContent = '';
      empty.textContent = '';
      if (!query) {
        status.textContent = '';
        close();
        return;
      }
      const mini = ensureIndex();
      let hits = mini.search(query);
      // Several words that never occur together: show partial matches.
      if (hits.length === 0 && tokenize(query).length > 1) {
        hits = mini.search(query, { combineWith: 'OR' });
      }
      hits.slice(0, MAX_RESULTS).forEach((hit, i) => {
        const doc = docs.get(hit.id);
        if (doc) list.appendChild(renderHit(doc, new Set(hit.terms), i));
      });
      if (hits.length === 0) empty.textContent = format(labels.no_results, { query: query });
      status.textContent = hits.length ? countLabel(hits.length) : empty.textContent;
      open();
    }

    function renderHit(doc, terms, i) {
      const item = document.createElement('li');
      item.id = uid + '-option-' + i;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', 'false');
      const link = document.createElement('a');
      link.href = root + doc.url;
      link.tabIndex = -1; // focus stays in the input; arrows move the selection
      const title = document.createElement('span');
      title.className = 'search-result-title';
      title.appendChild(highlight(doc.title, terms));
      if (doc.heading) {
        const separator = document.createElement('span');
        separator.className = 'search-result-separator';
        separator.textContent = ' › ';
        title.appendChild(separator);
        title.appendChild(highlight(doc.heading, terms));
      }
      link.appendChild(title);
      if (doc.text) {
        const text = document.createElement('span');
        text.className = 'search-result-snippet';
        text.appendChild(snippet(doc.text, terms));
        link.appendChild(text);
      }
      item.appendChild(link);
      return item;
    }

    /** Follows the selected result (or the first one). */
    function follow() {
      const all = options();
      const option = all[active >= 0 ? active : 0];
      const link = option && option.querySelector('a');
      if (!link) return;
      close();
      window.location.href = link.href;
    }

    input.addEventListener('focus', () => {
      ensureIndex();
      if (input.value.trim()) run();
    });
    input.addEventListener('input', run);
    input.addEventListener('keydown', (event) => {
      if (event.isComposing) return;
      switch (event.key) {
        case 'ArrowDown':
        case 'ArrowUp':
          event.preventDefault();
          if (results.hidden) run();
          if (event.key === 'ArrowDown') setActive(active + 1);
          else setActive(active < 0 ? -1 : active - 1);
          break;
        case 'Enter':
          event.preventDefault();
          follow();
          break;
        case 'Escape':
          if (!results.hidden) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = '';
            run();
          } else {
            input.blur();
          }
          break;
        default:
          break;
      }
    });
    // Enter on a form submits it; a search never leaves the page that way.
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      follow();
    });
    // Keep the focus in the input while clicking a result, so the list
    // doesn't close before the click lands; close once a link is followed
    // (it may point into the current page).
    results.addEventListener('mousedown', (event) => event.preventDefault());
    results.addEventListener('click', (event) => {
      if (event.target.closest && event.target.closest('a')) close();
    });
    // Close when the focus or a click goes elsewhere.
    form.addEventListener('focusout', (event) => {
      if (!event.relatedTarget || !form.contains(event.relatedTarget)) close();
    });
    document.addEventListener('click', (event) => {
      if (!form.contains(event.target)) close();
    });

    form.hidden = false;

    // `?q=words` in the page URL: run that search straight away.
    let preset = null;
    try {
      preset = new URLSearchParams(window.location.search).get('q');
    } catch (e) {
      preset = null;
    }
    if (preset && preset.trim()) {
      input.value = preset;
      run();
    }
  }

  /** `/` focuses the (first) search box unless the user is typing somewhere. */
  function onSlash(event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.defaultPrevented || event.isComposing) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    const input = document.querySelector('form.search:not([hidden]) input[type="search"]');
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.select();
  }

  function init() {
    const data = window.pulsebookSearch;
    if (typeof window.MiniSearch !== 'function' || !data || !Array.isArray(data.docs)) return;
    try {
      splitWords = makeSplitter();
    } catch (e) {
      return; // no Unicode property escapes: MiniSearch couldn't work either
    }
    const forms = document.querySelectorAll('form.search[role="search"]');
    if (!forms.length) return;
    forms.forEach((form) => setUp(form, data));
    document.addEventListener('keydown', onSlash);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
