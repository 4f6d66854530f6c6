/* pulsebook: sortable tables. A table marked `data-sortable` gets a button in each
 * column header; pressing it sorts the rows by that column (numbers high to low
 * first, text A to Z), pressing again reverses. Rows without a value stay last. The
 * sort is kept in the page's address (`?sort=people.3.desc`), so a sorted view can be
 * shared, and works from file:// too. Without scripts the table is as built.
 *
 * A cell's sort value is its `data-sort` attribute when it has one (the exact number
 * behind a formatted value); else its text, read as a number in the page's language
 * when it is one ("1 234,5 zł", "12.5%", "−3", "4:35"), else compared as text.
 * A table with several <tbody> (the overview's teams) sorts within each; a row of
 * class `group` stays at the top of its body. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var decimalComma = /^(pl|nb|no|nn|de|fr|es|it|sv|da|fi|cs|sk)/i.test(lang);
  var collator = window.Intl ? new Intl.Collator(lang, { numeric: true, sensitivity: "base" }) : null;

  function number(text) {
    var t = text.replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
    var time = /^(-?)(\d+):(\d{2})(?::(\d{2}))?$/.exec(t);
    if (time) {
      var secs = time[4] !== undefined
        ? (+time[2]) * 3600 + (+time[3]) * 60 + (+time[4])
        : (+time[2]) * 60 + (+time[3]);
      return time[1] ? -secs : secs;
    }
    var m = /^[^\d+\-.,]*([+-]?[\d.,]*\d)[^\d]*$/.exec(t);
    if (!m) {
      return null;
    }
    var n = m[1];
    if (decimalComma) {
      n = n.replace(/\./g, "").replace(",", ".");
    } else {
      n = n.replace(/,/g, "");
    }
    var v = parseFloat(n);
    return isNaN(v) ? null : v;
  }

  function cellText(cell) {
    var copy = cell.cloneNode(true);
    var hidden = copy.querySelectorAll(".sr, .sub, .role, [aria-hidden='true']");
    for (var i = 0; i < hidden.length; i++) {
      hidden[i].parentNode.removeChild(hidden[i]);
    }
    return copy.textContent.trim();
  }

  /* {num, text} or null for an empty cell ("—"). */
  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) {
      return null;
    }
    var given = cell.getAttribute("data-sort");
    if (given !== null) {
      if (given === "") {
        return null;
      }
      var g = given.trim() === "" ? NaN : Number(given);
      return isNaN(g) ? { num: null, text: given } : { num: g, text: given };
    }
    var text = cellText(cell);
    if (text === "" || text === "—" || text === "-") {
      return null;
    }
    return { num: number(text), text: text };
  }

  function compare(a, b, desc) {
    if (a === null || b === null) {
      return a === b ? 0 : a === null ? 1 : -1;
    }
    var r;
    if (a.num !== null && b.num !== null) {
      r = a.num - b.num;
    } else {
      r = collator ? collator.compare(a.text, b.text) : a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
    }
    return desc ? -r : r;
  }

  function sortBody(body, column, desc) {
    var rows = Array.prototype.slice.call(body.rows);
    var fixed = rows.filter(function (r) { return r.classList.contains("group"); });
    var moving = rows.filter(function (r) { return !r.classList.contains("group"); });
    var keyed = moving.map(function (r, i) { return { row: r, key: key(r, column), at: i }; });
    keyed.sort(function (x, y) { return compare(x.key, y.key, desc) || x.at - y.at; });
    fixed.concat(keyed.map(function (k) { return k.row; })).forEach(function (r) {
      body.appendChild(r);
    });
  }

  function numeric(table, column) {
    for (var b = 0; b < table.tBodies.length; b++) {
      var rows = table.tBodies[b].rows;
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].classList.contains("group")) {
          continue;
        }
        var k = key(rows[i], column);
        if (k !== null) {
          return k.num !== null;
        }
      }
    }
    return false;
  }

  var tables = [];

  function apply(entry, column, desc) {
    var table = entry.table;
    for (var b = 0; b < table.tBodies.length; b++) {
      sortBody(table.tBodies[b], column, desc);
    }
    entry.headers.forEach(function (th, i) {
      if (i === column) {
        th.setAttribute("aria-sort", desc ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    entry.column = column;
    entry.desc = desc;
  }

  function saveState() {
    var parts = [];
    tables.forEach(function (e) {
      if (e.column >= 0) {
        parts.push(e.name + "." + e.column + "." + (e.desc ? "desc" : "asc"));
      }
    });
    var params = new URLSearchParams(window.location.search);
    if (parts.length) {
      params.set("sort", parts.join(","));
    } else {
      params.delete("sort");
    }
    var query = params.toString();
    try {
      window.history.replaceState(null, "", (query ? "?" + query : window.location.pathname) + window.location.hash);
    } catch (e) {
      /* Some viewers refuse to change the address: the sort still applies. */
    }
  }

  function setUp(table, index) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!head) {
      return;
    }
    var entry = {
      table: table,
      name: table.id || "t" + index,
      headers: Array.prototype.slice.call(head.cells),
      column: -1,
      desc: false
    };
    entry.headers.forEach(function (th, column) {
      if (th.hasAttribute("data-nosort") || th.colSpan > 1 || th.textContent.trim() === "") {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) {
        button.appendChild(th.firstChild);
      }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var desc = entry.column === column ? !entry.desc : numeric(table, column);
        apply(entry, column, desc);
        saveState();
      });
    });
    tables.push(entry);
  }

  function start() {
    var found = document.querySelectorAll("table[data-sortable]");
    for (var i = 0; i < found.length; i++) {
      setUp(found[i], i);
    }
    var wanted = new URLSearchParams(window.location.search).get("sort");
    if (!wanted) {
      return;
    }
    wanted.split(",").forEach(function (part) {
      var bits = part.split(".");
      var desc = bits.pop() === "desc";
      var column = parseInt(bits.pop(), 10);
      var name = bits.join(".");
      tables.forEach(function (e) {
        if (e.name === name && column >= 0 && column < e.headers.length) {
          apply(e, column, desc);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
